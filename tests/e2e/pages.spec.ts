import { ADMIN, expect, expectAccessible, expectNoHorizontalScroll, signIn, test } from './helpers';

test('public pages are accessible and explain bad input', async ({ page }, info) => {
  await page.goto('/login');
  await expectAccessible(page, info, 'login');
  await page.getByLabel('E-mail').fill('nobody@e2e.example');
  await page.getByLabel('Password', { exact: true }).fill('wrong-password-1');
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByRole('alert')).toHaveText('The e-mail or password is wrong.');
  await page.getByRole('link', { name: 'Forgot your password?' }).click();
  await expectAccessible(page, info, 'forgot-password');
  await page.goto('/invitation#token=not-a-real-token');
  await expect(page.getByRole('alert')).toContainText('invitation link is not valid');
  await page.goto('/reset-password#token=x');
  await expectAccessible(page, info, 'reset-password');
});

test('sign-in works with the keyboard alone', async ({ page }) => {
  await page.goto('/login');
  await page.keyboard.press('Tab');
  await expect(page.getByLabel('E-mail')).toBeFocused();
  await page.keyboard.type(ADMIN.email);
  await page.keyboard.press('Tab');
  await page.keyboard.type(ADMIN.password);
  await page.keyboard.press('Enter');
  await expect(page.getByRole('heading', { level: 1 })).toContainText('Welcome');
  // The skip link is the first stop and moves focus to the content.
  await page.keyboard.press('Tab');
  await expect(page.getByRole('link', { name: 'Skip to content' })).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(page.locator('main')).toBeFocused();
});

const pages = ['/', '/hubs', '/schools', '/people', '/audit', '/profile', '/reflections', '/groups', '/instruments', '/instruments/digcompedu-teacher/1', '/mentoring', '/notifications', '/no/such/page'];

for (const width of [360, 1280]) {
  test(`every signed-in page is accessible and fits ${width} px`, async ({ page }, info) => {
    await page.setViewportSize({ width, height: 800 });
    await signIn(page, ADMIN.email, ADMIN.password);
    for (const path of pages) {
      await page.goto(path);
      await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
      await expect(page.getByText('Loading…')).toHaveCount(0);
      await expectNoHorizontalScroll(page);
      await expectAccessible(page, info, `${width}${path.replace(/\//g, '_') || '_home'}`);
    }
  });
}

test('a wrong current password is reported on the field', async ({ page }) => {
  await signIn(page, ADMIN.email, ADMIN.password);
  await page.goto('/profile');
  await page.getByLabel('Current password').fill('not-my-password');
  await page.getByLabel('New password').fill('another-long-password');
  await page.getByLabel('Repeat the password').fill('another-long-password');
  await page.getByRole('button', { name: 'Change password' }).click();
  await expect(page.getByText('The current password is wrong.')).toBeVisible();
});

test('the API documentation works offline and within the security policy', async ({ page }) => {
  const problems: string[] = [];
  page.on('console', (m) => {
    if (m.type() === 'error') problems.push(m.text());
  });
  page.on('request', (r) => {
    if (!r.url().startsWith('http://127.0.0.1')) problems.push(`external request: ${r.url()}`);
  });
  await page.goto('/api/docs/');
  await expect(page.getByRole('heading', { name: /iHub API/ })).toBeVisible();
  await expect(page.getByText('/api/v1/hubs', { exact: true }).first()).toBeVisible();
  expect(problems).toEqual([]);
});
