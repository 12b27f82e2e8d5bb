import { ADMIN, expect, expectAccessible, signIn, test } from './helpers';
import { newTeacher } from './world';

test('an admin manages a person: roles, deactivation and a reset link', async ({ page, request, browser }, info) => {
  const teacher = await newTeacher(request, 'managed teacher');
  await signIn(page, ADMIN.email, ADMIN.password);
  await page.goto('/people');
  await page.getByLabel('Search').fill(teacher.email);
  // The list narrows once the search has settled: exactly one row, this teacher.
  await expect(page.getByRole('row')).toHaveCount(2);
  await page.getByRole('link', { name: teacher.name }).click();
  await expect(page.getByRole('heading', { level: 1, name: teacher.name })).toBeVisible();
  await expectAccessible(page, info, 'person-page');

  // Grant a mentor role in the teacher's own hub, then revoke it.
  const addRole = page.getByRole('form', { name: 'Add role' });
  await addRole.getByLabel('Role').selectOption('mentor');
  await addRole.getByLabel('Hub').selectOption({ index: 1 });
  const hubName = await addRole.getByLabel('Hub').locator('option:checked').textContent();
  await addRole.getByRole('button', { name: 'Add role' }).click();
  await expect(page.getByRole('listitem').filter({ hasText: `Mentor · ${hubName}` })).toBeVisible();
  await page.getByRole('button', { name: 'Revoke: Mentor' }).click();
  await expect(page.getByRole('listitem').filter({ hasText: 'Mentor ·' })).toHaveCount(0);

  // Deactivation ends the teacher's session at once.
  const teacherContext = await browser.newContext();
  const teacherPage = await teacherContext.newPage();
  await signIn(teacherPage, teacher.email, teacher.password);
  page.once('dialog', (d) => void d.accept());
  await page.getByRole('button', { name: 'Deactivate' }).click();
  await expect(page.getByText('Deactivated')).toBeVisible();
  await teacherPage.goto('/schools');
  await expect(teacherPage.getByRole('heading', { name: 'Sign in' })).toBeVisible();
  await page.getByRole('button', { name: 'Reactivate' }).click();
  await expect(page.getByText('Active', { exact: true })).toBeVisible();

  // A reset link works once, in a fresh browser.
  await page.getByRole('button', { name: 'Password reset link' }).click();
  const link = (await page.locator('.copy-box').textContent())!.trim();
  await teacherPage.goto(link);
  await teacherPage.getByLabel('New password').fill('a-brand-new-password');
  await teacherPage.getByLabel('Repeat the password').fill('a-brand-new-password');
  await teacherPage.getByRole('button', { name: 'Save the new password' }).click();
  await expect(teacherPage.getByRole('status')).toContainText('Your password is changed');
  await signIn(teacherPage, teacher.email, 'a-brand-new-password');
  await teacherContext.close();
});
