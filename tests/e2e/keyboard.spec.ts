import { expect, test } from '@playwright/test';
import { ADMIN, newTeacher, signIn, tabTo, unique } from './helpers';

test('an admin creates a hub and finds it again with the keyboard alone', async ({ page }) => {
  const name = unique('Keyboard Hub');
  await signIn(page, ADMIN.email, ADMIN.password);
  await tabTo(page, 'Hubs');
  await page.keyboard.press('Enter');
  await expect(page.getByRole('heading', { level: 1, name: 'Hubs' })).toBeVisible();
  await tabTo(page, 'New hub');
  await page.keyboard.press('Enter');
  await tabTo(page, 'Name');
  await page.keyboard.type(name);
  await tabTo(page, 'Country');
  await page.keyboard.type('FI');
  await tabTo(page, 'Languages');
  await page.keyboard.type('fi, sv');
  await tabTo(page, 'Time zone');
  await page.keyboard.press('ControlOrMeta+a');
  await page.keyboard.type('Europe/Helsinki');
  await tabTo(page, 'Create');
  await page.keyboard.press('Enter');
  await expect(page.getByRole('heading', { level: 1, name })).toBeVisible();

  // Back to the list, search for it, open it.
  await tabTo(page, /Hubs$/);
  await page.keyboard.press('Enter');
  await tabTo(page, 'Search');
  await page.keyboard.type(name);
  await expect(page.getByRole('link', { name })).toBeVisible();
  await tabTo(page, name);
  await page.keyboard.press('Enter');
  await expect(page.getByRole('heading', { level: 1, name })).toBeVisible();
  await expect(page.getByText('Europe/Helsinki')).toBeVisible();
});

test('a teacher switches the language and ends the session with the keyboard', async ({ page, request }) => {
  // An account of its own: the language choice is saved to the profile.
  const teacher = await newTeacher(request, 'keyboard teacher');
  await signIn(page, teacher.email, teacher.password);
  await tabTo(page, 'Language');
  await page.keyboard.press('ArrowDown');
  await expect(page.locator('html')).toHaveAttribute('lang', 'et');
  await page.keyboard.press('ArrowUp');
  await expect(page.locator('html')).toHaveAttribute('lang', 'en');
  await tabTo(page, 'Sign out');
  await page.keyboard.press('Enter');
  await expect(page.getByRole('heading', { name: 'Sign in' })).toBeVisible();
});
