// Takes the README's screenshots from a server running the demo data (`make run`).
// Usage: node scripts/readme-screenshots.mjs [base-url]   (needs tests/e2e's node_modules)
import { chromium } from '../tests/e2e/node_modules/playwright-core/index.mjs';

const base = process.argv[2] ?? 'http://127.0.0.1:8080';
const out = new URL('../docs/screenshots/', import.meta.url).pathname;
const browser = await chromium.launch({
  executablePath: '/usr/bin/chromium',
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
});

async function session(email, width = 1280, height = 760) {
  const page = await browser.newPage({ viewport: { width, height } });
  await page.goto(`${base}/login`);
  await page.getByLabel('E-mail').fill(email);
  await page.getByLabel('Password', { exact: true }).fill('ihub-demo-2026');
  await page.getByRole('button', { name: /Sign in|Sisene|Kirjaudu|Logga in|Prisijungti|შესვლა|Logg inn/ }).click();
  await page.waitForURL(`${base}/`);
  return page;
}
const shot = async (page, path, name) => {
  await page.goto(`${base}${path}`);
  await page.waitForTimeout(700);
  await page.screenshot({ path: `${out}${name}.png` });
};

const anon = await browser.newPage({ viewport: { width: 1280, height: 640 } });
await anon.goto(`${base}/login`);
await anon.screenshot({ path: `${out}login.png` });

const admin = await session('admin@ihub.example');
await shot(admin, '/hubs', 'hubs');
await admin.getByRole('link', { name: 'Estonian Digital Accelerator' }).click();
await admin.waitForTimeout(700);
await admin.screenshot({ path: `${out}hub-detail.png`, fullPage: true });
await shot(admin, '/people', 'people');
await admin.getByRole('button', { name: 'Invite someone' }).click();
await admin.getByLabel('E-mail').fill('new.teacher@example.org');
await admin.getByLabel('Role').first().selectOption('teacher');
await admin.getByLabel('School').selectOption({ label: 'Maardu High School' });
await admin.screenshot({ path: `${out}invite.png` });
await shot(admin, '/audit', 'audit');

const teacher = await session('teacher.kevatkumpu@ihub.example', 390, 780);
await shot(teacher, '/', 'teacher-mobile-finnish');
await browser.close();
console.log(`screenshots written to ${out}`);
