import { act, cleanup, render, screen } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import i18n from '../i18n';
import { ApiError } from './api/client';
import { ErrorNotice, Field, QueryState, Table } from './ui';

beforeEach(async () => {
  await i18n.changeLanguage('en');
});
afterEach(cleanup);

describe('ErrorNotice', () => {
  it('translates a problem by its code, in the chosen language', async () => {
    const e = new ApiError(409, { code: 'in_use', detail: 'The hub still has 2 school(s).' });
    render(<ErrorNotice error={e} />);
    expect(screen.getByRole('alert').textContent).toBe('This is still in use and cannot be removed.');
    await act(() => i18n.changeLanguage('fi'));
    expect(screen.getByRole('alert').textContent).toBe('Tämä on vielä käytössä, eikä sitä voi poistaa.');
  });

  it('says the network is down for errors that are not API answers', () => {
    render(<ErrorNotice error={new TypeError('Failed to fetch')} />);
    expect(screen.getByRole('alert').textContent).toContain('No connection');
  });

  it('renders nothing without an error', () => {
    const { container } = render(<ErrorNotice error={null} />);
    expect(container.innerHTML).toBe('');
  });
});

describe('QueryState', () => {
  it('shows loading, then error, then empty, then the content', () => {
    const { rerender } = render(
      <QueryState isLoading error={null}>
        content
      </QueryState>,
    );
    expect(screen.getByRole('status').textContent).toBe('Loading…');
    rerender(
      <QueryState isLoading={false} error={new ApiError(404, { code: 'not_found' })}>
        content
      </QueryState>,
    );
    expect(screen.getByRole('alert').textContent).toBe('This was not found, or you cannot see it.');
    rerender(
      <QueryState isLoading={false} error={null} isEmpty emptyText="No hubs to show.">
        content
      </QueryState>,
    );
    expect(screen.getByText('No hubs to show.')).toBeTruthy();
    rerender(
      <QueryState isLoading={false} error={null}>
        content
      </QueryState>,
    );
    expect(screen.getByText('content')).toBeTruthy();
  });
});

describe('Field', () => {
  it('labels its input and ties the error to it for screen readers', () => {
    render(<Field label="Name" error="This is required.">{(p) => <input {...p} />}</Field>);
    const input = screen.getByLabelText('Name');
    expect(input.getAttribute('aria-invalid')).toBe('true');
    const described = input.getAttribute('aria-describedby') ?? '';
    expect(document.getElementById(described)?.textContent).toBe('This is required.');
  });
});

describe('Table', () => {
  const rows = (
    <tbody>
      <tr>
        <td>Audru school</td>
      </tr>
    </tbody>
  );

  it('sits in a named scroll region the keyboard can reach, and is named by its caption', () => {
    render(<Table caption="Schools">{rows}</Table>);
    const region = screen.getByRole('region', { name: 'Schools' });
    expect(region.getAttribute('tabindex')).toBe('0');
    expect(screen.getByRole('table', { name: 'Schools' })).toBeTruthy();
    expect(region.querySelector('caption')?.className).toBe('visually-hidden');
  });

  it('can be named by a heading on the page instead', () => {
    render(
      <>
        <h2 id="board-title">Schools and phases</h2>
        <Table caption="Board" labelledBy="board-title">
          {rows}
        </Table>
      </>,
    );
    expect(screen.getByRole('table', { name: 'Schools and phases' })).toBeTruthy();
    expect(screen.getByRole('region', { name: 'Board' })).toBeTruthy();
  });

  it('says so instead of showing an empty table', () => {
    render(
      <Table caption="Schools" isEmpty emptyText="No schools yet.">
        {rows}
      </Table>,
    );
    expect(screen.queryByRole('table')).toBeNull();
    expect(screen.getByText('No schools yet.')).toBeTruthy();
  });
});
