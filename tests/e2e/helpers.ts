import AxeBuilder from '@axe-core/playwright';
import { expect, test as base, type BrowserContext, type Page, type TestInfo } from '@playwright/test';
import { LoginPage } from './pageObjects';

export { expect };

/** What a test may declare as expected trouble (a route it breaks on purpose). */
export type Guard = { allow: (pattern: RegExp) => void };

/**
 * Every test fails on what a user would see as broken, even when its own assertions pass:
 * a console error, an uncaught page error, a Content-Security-Policy violation, a request
 * that failed on the network, a server error (5xx), a missing static file, or an image
 * that did not load. API answers of 4xx are the app's business (a wrong password, a stale
 * ETag) and are checked by the tests themselves.
 */
export const test = base.extend<{ guard: Guard }>({
  guard: [
    async ({ context, browser }, use) => {
      const problems: string[] = [];
      const allowed: RegExp[] = [];
      const watch = async (ctx: BrowserContext) => {
        await ctx.addInitScript(() => {
          document.addEventListener('securitypolicyviolation', (e) =>
            console.error(`CSP violation: ${e.violatedDirective} blocked ${e.blockedURI}`),
          );
        });
        ctx.on('console', (m) => {
          if (m.type() !== 'error') return;
          const where = m.location().url;
          // The browser logs every non-2xx fetch; API 4xx answers are expected app flow.
          if (/status of 4\d\d/.test(m.text()) && where.includes('/api/')) return;
          problems.push(`console error: ${m.text()} (${where})`);
        });
        ctx.on('weberror', (e) => problems.push(`page error: ${e.error().message}`));
        ctx.on('requestfailed', (r) => {
          // Leaving a page cancels its pending requests: not a failure.
          if (r.failure()?.errorText === 'net::ERR_ABORTED') return;
          problems.push(`request failed: ${r.method()} ${r.url()} ${r.failure()?.errorText ?? ''}`);
        });
        ctx.on('response', (r) => {
          const url = r.url();
          if (r.status() >= 500) problems.push(`server error ${r.status()}: ${r.request().method()} ${url}`);
          else if (r.status() >= 400 && !url.includes('/api/')) problems.push(`missing file ${r.status()}: ${url}`);
        });
      };
      await watch(context);
      const newContext = browser.newContext.bind(browser);
      browser.newContext = async (options) => {
        const ctx = await newContext(options);
        await watch(ctx);
        return ctx;
      };
      await use({ allow: (pattern) => allowed.push(pattern) });
      browser.newContext = newContext;
      for (const page of context.pages()) if (!page.isClosed()) problems.push(...(await brokenImages(page)));
      const real = problems.filter((p) => !allowed.some((a) => a.test(p)));
      expect(real, 'console errors, CSP violations, failed requests, broken images').toEqual([]);
    },
    { auto: true },
  ],
});

/** Images on the page that did not load (a broken image icon for the user). */
export async function brokenImages(page: Page): Promise<string[]> {
  // An image still on its way (a test may end right after inserting it) is judged once it
  // has loaded or failed; one that never settles within 5 s is reported as well.
  const settled = await page
    .waitForFunction(() => Array.from(document.images).every((img) => img.complete), null, { timeout: 5000 })
    .then(() => true)
    .catch(() => false);
  const pending = settled
    ? []
    : await page.evaluate(() =>
        Array.from(document.images)
          .filter((img) => !img.complete)
          .map((img) => img.currentSrc || img.src || img.alt),
      );
  const broken = await page.evaluate(() =>
    Array.from(document.images)
      .filter((img) => img.complete && img.naturalWidth === 0)
      .map((img) => img.currentSrc || img.src || img.alt),
  );
  return [
    ...broken.map((src) => `broken image on ${page.url()}: ${src}`),
    ...pending.map((src) => `image still loading after 5 s on ${page.url()}: ${src}`),
  ];
}

export const ADMIN = { email: 'admin@e2e.example', password: 'e2e-admin-password-1' };

/** A string unique to this run and test, for names that must not clash. */
export const unique = (label: string) => `${label} ${Date.now().toString(36)}${Math.floor(Math.random() * 1e4)}`;

/** Sign in through the sign-in page (`LoginPage`) and land on the start page. */
export async function signIn(page: Page, email: string, password: string) {
  await new LoginPage(page).signIn(email, password);
}

/** axe finds no serious or critical violation on the page as it is now. */
export async function expectAccessible(page: Page, info: TestInfo, name: string) {
  const result = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
  const bad = result.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  await page.screenshot({ path: info.outputPath(`${name}.png`), fullPage: true });
  expect(await brokenImages(page), `${name}: images that did not load`).toEqual([]);
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
