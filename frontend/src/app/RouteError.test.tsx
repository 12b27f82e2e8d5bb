import { cleanup, render, screen } from '@testing-library/react';
import { lazy, Suspense } from 'react';
import { createMemoryRouter, RouterProvider } from 'react-router';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import i18n from '../i18n';
import { RouteError } from './RouteError';

beforeEach(async () => {
  await i18n.changeLanguage('en');
});
afterEach(cleanup);

function renderAt(element: React.ReactNode) {
  const router = createMemoryRouter([{ path: '/', element, errorElement: <RouteError /> }]);
  render(<RouterProvider router={router} />);
}

describe('RouteError', () => {
  it('says the connection failed when a page’s code cannot be fetched, and offers to retry', async () => {
    const Page = lazy(() => Promise.reject(new TypeError('Failed to fetch dynamically imported module: /assets/HubsPage.js')));
    renderAt(
      <Suspense fallback={null}>
        <Page />
      </Suspense>,
    );
    expect((await screen.findByRole('alert')).textContent).toBe('No connection to the server. Check your network and try again.');
    expect(screen.getByRole('button', { name: 'Try again' })).toBeTruthy();
  });

  it('says something went wrong on our side when a page fails to render', async () => {
    function Broken(): never {
      throw new Error('bug');
    }
    renderAt(<Broken />);
    expect((await screen.findByRole('alert')).textContent).toBe('Something went wrong on our side. Try again later.');
  });
});
