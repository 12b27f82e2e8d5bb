import { ADMIN, expect, expectAccessible, expectNoHorizontalScroll, signIn, test } from './helpers';
import { LoginPage } from './pageObjects';
import { World } from './world';

test('public pages are accessible and explain bad input', async ({ page }, info) => {
  const login = new LoginPage(page);
  await login.goto();
  await expectAccessible(page, info, 'login');
  await login.attempt('nobody@e2e.example', 'wrong-password-1');
  await expect(page.getByRole('alert')).toHaveText('The e-mail or password is wrong.');
  await page.getByRole('link', { name: 'Forgot your password?' }).click();
  await expectAccessible(page, info, 'forgot-password');
  await page.goto('/invitation#token=not-a-real-token');
  await expect(page.getByRole('alert')).toContainText('invitation link is not valid');
  await page.goto('/reset-password#token=x');
  await expectAccessible(page, info, 'reset-password');
  // A mistyped access code is not a dead end: the code box is offered again, filled in.
  await page.goto('/respond/ABCD-EFGH-JKMN');
  await expect(page.getByRole('alert')).toBeVisible();
  await expect(page.getByLabel('Access code')).toHaveValue('ABCD-EFGH-JKMN');
  await page.getByLabel('Access code').fill('K7QX M2PD R8TW');
  await page.getByRole('button', { name: 'Open the questionnaire' }).click();
  await expect(page).toHaveURL(/\/respond\/K7QX-M2PD-R8TW$/);
  await expectAccessible(page, info, 'respond-wrong-code');
});

test('on a phone the header is one line and the navigation folds into a menu', async ({ page, request }, info) => {
  // Something the admin did, for the audit log's filter below (whatever ran before).
  await (await World.asAdmin(request)).hub('Audited hub');
  await page.setViewportSize({ width: 360, height: 740 });
  await signIn(page, ADMIN.email, ADMIN.password);
  const header = await page.locator('header.topbar').boundingBox();
  expect(header?.height ?? 999, 'the header takes less than a tenth of the screen').toBeLessThan(74);
  await expect(page.getByRole('navigation', { name: 'Main' })).toBeHidden();
  await page.getByRole('button', { name: 'Menu' }).click();
  await expect(page.getByRole('button', { name: 'Menu' })).toHaveAttribute('aria-expanded', 'true');
  await expectAccessible(page, info, 'menu-open-360');
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Audit log' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Audit log' })).toBeVisible();
  await expect(page.getByRole('navigation', { name: 'Main' })).toBeHidden();
  // The audit log names who did what, never an id prefix, and filters by person.
  await page.getByRole('combobox', { name: 'By' }).selectOption({ label: 'Erika Admin' });
  await page.getByRole('button', { name: 'Show', exact: true }).click();
  const rows = page.locator('table tbody tr');
  await expect(rows.first()).toContainText('Erika Admin');
  for (const text of await rows.allInnerTexts()) expect(text).toContain('Erika Admin');
  await expectNoHorizontalScroll(page);
});

test('sign-in works with the keyboard alone', async ({ page }) => {
  const login = new LoginPage(page);
  await login.goto();
  await page.keyboard.press('Tab');
  await expect(login.email).toBeFocused();
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

const pages = ['/', '/hubs', '/schools', '/people', '/audit', '/profile', '/reflections', '/groups', '/instruments', '/instruments/digcompedu-teacher/1', '/mentoring', '/notifications', '/analytics', '/analytics/platform', '/no/such/page'];

for (const width of [360, 1280]) {
  test(`every signed-in page is accessible and fits ${width} px`, async ({ page }, info) => {
    // Fifteen pages with an accessibility scan each; the dashboards now hold 16 panels.
    test.setTimeout(180_000);
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
