import { ADMIN, expect, signIn, tabTo, test, unique } from './helpers';
import { newTeacher, NORWAY, World } from './world';

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

test('a mentor logs an activity with the keyboard alone', async ({ page, request }) => {
  const w = await World.asAdmin(request);
  const hub = await w.hub('Keyboard mentoring hub', NORWAY);
  const school = await w.school(hub, 'Bergen school', NORWAY);
  const mentor = await w.person('kb mentor', { role: 'mentor', hub_id: hub.id });
  await w.activeRelationship(hub.id, 'Keyboard mentoring', mentor, school);

  await signIn(page, mentor.email, mentor.password);
  await tabTo(page, 'Mentoring');
  await page.keyboard.press('Enter');
  await tabTo(page, 'Keyboard mentoring');
  await page.keyboard.press('Enter');
  await expect(page.getByRole('heading', { level: 1, name: 'Keyboard mentoring' })).toBeVisible();
  await tabTo(page, '45 min');
  await page.keyboard.press('Enter');
  await expect(page.getByLabel('Duration in minutes')).toHaveValue('45');
  await tabTo(page, 'Notes');
  await page.keyboard.type('Planned the first lessons with the team.');
  await tabTo(page, 'Log activity');
  await page.keyboard.press('Enter');
  await expect(page.getByRole('form', { name: 'Log an activity' }).getByRole('status')).toHaveText('Activity logged.');
  await expect(page.getByTestId('relationship-hours')).toContainText('0.8 h');
});
