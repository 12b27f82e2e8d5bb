import AxeBuilder from '@axe-core/playwright';
import { expect, type APIRequestContext, type Page, type TestInfo } from '@playwright/test';

export const ADMIN = { email: 'admin@e2e.example', password: 'e2e-admin-password-1' };

/** A string unique to this run and test, for names that must not clash. */
export const unique = (label: string) => `${label} ${Date.now().toString(36)}${Math.floor(Math.random() * 1e4)}`;

export async function signIn(page: Page, email: string, password: string) {
  await page.goto('/login');
  await page.getByLabel('E-mail').fill(email);
  await page.getByLabel('Password', { exact: true }).fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toContainText('Welcome');
}

/** axe finds no serious or critical violation on the page as it is now. */
export async function expectAccessible(page: Page, info: TestInfo, name: string) {
  const result = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
  const bad = result.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  await page.screenshot({ path: info.outputPath(`${name}.png`), fullPage: true });
  expect(bad.map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).join(', ')})`), name).toEqual([]);
}

/** Nothing is wider than the viewport (no horizontal scrolling). */
export async function expectNoHorizontalScroll(page: Page) {
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  expect(overflow).toBeLessThanOrEqual(0);
}

/** Press Tab until the focused element has this accessible name (or fail after `max` presses). */
export async function tabTo(page: Page, name: string | RegExp, max = 60) {
  for (let i = 0; i < max; i++) {
    await page.keyboard.press('Tab');
    const label = await page.evaluate(() => {
      const el = document.activeElement as HTMLElement | null;
      if (!el) return '';
      const id = el.getAttribute('id');
      const byFor = id ? document.querySelector(`label[for="${id}"]`)?.textContent : null;
      return (el.getAttribute('aria-label') ?? byFor ?? el.textContent ?? '').trim();
    });
    if (typeof name === 'string' ? label === name : name.test(label)) return;
  }
  throw new Error(`no focusable element named ${String(name)} within ${max} Tab presses`);
}

/** A new teacher in a new hub and school, made through the API; returns the sign-in. */
export async function newTeacher(request: APIRequestContext, label: string, role: 'teacher' | 'school_leader' = 'teacher') {
  const login = await request.post('/api/v1/auth/login', { data: ADMIN });
  const token = (await login.json()).access_token as string;
  const headers = { Authorization: `Bearer ${token}` };
  const hub = await (
    await request.post('/api/v1/hubs', { headers, data: { name: unique(`${label} hub`), country: 'EE', languages: ['et'], time_zone: 'Europe/Tallinn' } })
  ).json();
  const school = await (
    await request.post('/api/v1/schools', {
      headers,
      data: { hub_id: hub.id, name: unique(`${label} school`), country: 'EE', kind: 'basic', languages: ['et'], time_zone: 'Europe/Tallinn' },
    })
  ).json();
  const email = `${unique(label).replace(/\s/g, '.').toLowerCase()}@e2e.example`;
  const invitation = await (await request.post('/api/v1/invitations', { headers, data: { email, role, school_id: school.id } })).json();
  const invitationToken = String(invitation.url).split('#token=')[1];
  const password = 'teacher-password-2026';
  const name = unique('Kaia Kask');
  const accepted = await request.post('/api/v1/invitations/accept', { data: { token: invitationToken, name, password } });
  expect(accepted.status()).toBe(200);
  return { email, password, name, schoolId: school.id as string };
}
