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

await shot(admin, '/instruments', 'instruments');

const teacher = await session('teacher.kevatkumpu@ihub.example', 390, 780);
await shot(teacher, '/', 'teacher-mobile-finnish');
await teacher.getByRole('button', { name: 'Valikko' }).click();
await teacher.waitForTimeout(300);
await teacher.screenshot({ path: `${out}phone-menu.png` });

// Self-reflection: the questionnaire on a phone, the report with growth on a laptop.
const maardu = await session('teacher.maardu@ihub.example', 1280, 900);
await maardu.goto(`${base}/reflections`);
await maardu.waitForTimeout(700);
await maardu.screenshot({ path: `${out}reflections.png` });
await maardu.locator('a[href$="/report"]').first().click();
await maardu.locator('.overall').waitFor();
await maardu.waitForTimeout(800);
await maardu.screenshot({ path: `${out}reflection-report.png`, fullPage: false });
await maardu.evaluate(() => window.scrollTo(0, 900));
await maardu.waitForTimeout(300);
await maardu.screenshot({ path: `${out}reflection-next-steps.png` });
const phone = await session('teacher.maardu@ihub.example', 390, 800);
await phone.goto(`${base}/reflections`);
await phone.locator('.card').first().locator('a.button, button').first().click();
await phone.waitForTimeout(900);
await phone.locator('fieldset.question').first().getByRole('radio').nth(2).check();
await phone.waitForTimeout(500);
await phone.screenshot({ path: `${out}reflection-phone.png` });

// A school readiness campaign: the leader's report of the demo campaign, and a new
// campaign's codes; a student answering on a phone.
const leader = await session('leader.maardu@ihub.example', 1280, 900);
const me = await (await leader.request.get(`${base}/api/v1/me`, { headers: { authorization: `Bearer ${await leader.evaluate(async () => (await (await fetch('/api/v1/auth/refresh', { method: 'POST' })).json()).access_token)}` } })).json();
const school = me.grants[0].school_id;
await leader.goto(`${base}/schools/${school}`);
await leader.getByRole('link', { name: 'Autumn 2026 readiness check' }).click();
await leader.locator('a[href$="/report"]').first().click();
await leader.locator('table.heatmap').first().waitFor();
await leader.waitForTimeout(800);
await leader.screenshot({ path: `${out}campaign-report.png` });
await leader.evaluate(() => window.scrollTo(0, 1300));
await leader.waitForTimeout(300);
await leader.screenshot({ path: `${out}campaign-heatmap.png` });
await leader.goto(`${base}/schools/${school}`);
await leader.locator('.card .page-header button').click();
await leader.locator('form.card input').first().fill('Spring 2027 readiness check');
await leader.locator('form.card button[type=submit]').click();
await leader.locator('.code-card img').first().waitFor();
await leader.waitForTimeout(500);
await leader.screenshot({ path: `${out}campaign-codes.png`, fullPage: true });
const studentCode = (await leader.locator('.code-card').last().locator('.code').innerText()).trim();
const student = await browser.newPage({ viewport: { width: 390, height: 800 } });
await student.goto(`${base}/respond/${studentCode}`);
await student.locator('.card button').first().click();
await student.locator('fieldset.question').first().getByRole('radio').nth(3).check();
await student.waitForTimeout(600);
await student.screenshot({ path: `${out}respond-phone.png` });

// Mentoring: the programme board and its training, a relationship, the quick activity form
// on a phone, a course's attendance sheet, a school's development plan, needs mapping on a phone.
const english = async (page) => {
  // On a phone the language switcher is in the folded menu.
  if ((page.viewportSize()?.width ?? 1280) < 640) await page.locator('.menu-button').click();
  await page.locator('.language select').selectOption('en');
  await page.waitForTimeout(300);
};
const coordinator = await session('coordinator.ee@ihub.example', 1280, 900);
await english(coordinator);
await coordinator.goto(`${base}/mentoring`);
await coordinator.getByRole('link', { name: 'Digital Accelerator 2026/27' }).click();
await coordinator.locator('table.board').waitFor();
await coordinator.waitForTimeout(600);
await coordinator.getByRole('heading', { name: 'Schools and phases' }).scrollIntoViewIfNeeded();
await coordinator.screenshot({ path: `${out}programme-board.png` });
await coordinator.getByRole('heading', { name: 'Training' }).scrollIntoViewIfNeeded();
await coordinator.screenshot({ path: `${out}programme-training.png` });
await coordinator.getByRole('link', { name: 'Basic digital course' }).click();
await coordinator.getByRole('form', { name: 'Attendance sheet' }).waitFor();
await coordinator.waitForTimeout(400);
await coordinator.screenshot({ path: `${out}course-attendance.png` });
// Indicators of the coordinator's hub (the Learning Analytics Toolbox).
await coordinator.goto(`${base}/analytics`);
await coordinator.getByRole('link', { name: /^Hub: / }).first().click();
await coordinator.locator('article.indicator .kpi').first().waitFor();
await coordinator.waitForTimeout(800);
await coordinator.screenshot({ path: `${out}indicators-hub.png` });
// Growth and the cohort comparison below the indicators.
await coordinator.getByRole('heading', { name: 'Competence growth' }).scrollIntoViewIfNeeded();
await coordinator.getByRole('table', { name: 'Growth by area' }).waitFor();
await coordinator.waitForTimeout(500);
await coordinator.screenshot({ path: `${out}growth-hub.png` });
await coordinator.getByRole('heading', { name: 'Is mentoring making a difference?' }).scrollIntoViewIfNeeded();
await coordinator.getByRole('table', { name: 'Cohorts by area' }).waitFor();
await coordinator.waitForTimeout(500);
await coordinator.screenshot({ path: `${out}cohorts-hub.png` });
// Hours per mentee school against the range, and the schools' readiness change.
await coordinator.getByRole('heading', { name: 'Mentoring hours per mentee school' }).evaluate((e) => e.scrollIntoView({ block: 'start' }));
await coordinator.getByRole('table', { name: 'Mentoring hours per mentee school' }).waitFor();
await coordinator.waitForTimeout(500);
await coordinator.screenshot({ path: `${out}school-hours-hub.png` });
await coordinator.getByRole('heading', { name: 'Is school readiness changing?' }).evaluate((e) => e.scrollIntoView({ block: 'start' }));
await coordinator.getByRole('table', { name: 'Readiness change by area' }).waitFor();
await coordinator.waitForTimeout(500);
await coordinator.screenshot({ path: `${out}readiness-hub.png` });
// Schools side by side, and the activities by kind and mode.
await coordinator.getByRole('heading', { name: 'Schools side by side' }).evaluate((e) => e.scrollIntoView({ block: 'start' }));
await coordinator.getByRole('table', { name: 'Teachers active side by side' }).waitFor();
await coordinator.waitForTimeout(500);
await coordinator.screenshot({ path: `${out}comparison-hub.png` });
await coordinator.getByRole('heading', { name: 'Mentoring activities by kind and mode' }).evaluate((e) => e.scrollIntoView({ block: 'start' }));
await coordinator.waitForTimeout(500);
await coordinator.screenshot({ path: `${out}activities-hub.png` });
await coordinator.getByRole('heading', { name: 'Development-plan goals' }).evaluate((e) => e.scrollIntoView({ block: 'start' }));
await coordinator.waitForTimeout(500);
await coordinator.screenshot({ path: `${out}plan-goals-hub.png` });
const mentor = await session('mentor.ee@ihub.example', 390, 844);
await english(mentor);
await mentor.goto(`${base}/mentoring`);
await mentor.getByRole('link', { name: 'Educational technologist with Audru Primary School' }).first().click();
await mentor.getByRole('form', { name: 'Log an activity' }).waitFor();
await mentor.getByRole('form', { name: 'Log an activity' }).getByRole('button', { name: '90 min' }).click();
await mentor.getByRole('form', { name: 'Log an activity' }).scrollIntoViewIfNeeded();
await mentor.waitForTimeout(300);
await mentor.screenshot({ path: `${out}activity-phone.png` });
const relPage = await session('mentor.ee@ihub.example', 1280, 900);
await english(relPage);
await relPage.goto(`${base}/mentoring`);
await relPage.getByRole('link', { name: 'Educational technologist with Audru Primary School' }).first().click();
await relPage.locator('.timeline').waitFor();
await relPage.waitForTimeout(400);
await relPage.screenshot({ path: `${out}relationship.png` });
await relPage.goto(`${base}/schools`);
await relPage.getByRole('link', { name: 'Audru Primary School' }).click();
await relPage.getByRole('link', { name: /Digital development plan/ }).click();
await relPage.locator('article.goal').first().waitFor();
await relPage.waitForTimeout(600);
await relPage.screenshot({ path: `${out}development-plan.png` });
const leaderPhone = await session('leader.audru@ihub.example', 390, 844);
await english(leaderPhone);
await leaderPhone.goto(`${base}/mentoring`);
await leaderPhone.getByRole('link', { name: 'Digital Accelerator 2026/27' }).click();
await leaderPhone.getByTestId('needs-link').first().click();
await leaderPhone.locator('fieldset.needs-topic').first().waitFor();
await leaderPhone.waitForTimeout(400);
await leaderPhone.locator('fieldset.needs-topic').first().evaluate((e) => e.scrollIntoView());
await leaderPhone.waitForTimeout(300);
await leaderPhone.screenshot({ path: `${out}needs-mapping.png` });

// Home pages show one's work: a leader's school, a mentor's coming activities.
const leaderHome = await session('leader.audru@ihub.example', 1280, 900);
await english(leaderHome);
await leaderHome.goto(`${base}/`);
await leaderHome.waitForTimeout(800);
await leaderHome.screenshot({ path: `${out}home-leader.png` });
const mentorHome = await session('mentor.ee@ihub.example', 1280, 900);
await english(mentorHome);
await mentorHome.goto(`${base}/`);
await mentorHome.waitForTimeout(800);
await mentorHome.screenshot({ path: `${out}home-mentor.png` });

// Research data: the researcher generates the Estonian hub's self-reflection answers.
const researcher = await session('researcher.ee@ihub.example');
await english(researcher);
await researcher.goto(`${base}/research`);
const generate = researcher.getByRole('form', { name: 'Generate a dataset' });
await generate.getByLabel('Receiving organisation').selectOption({ label: 'University of Bergen' });
await generate.getByLabel('Hub', { exact: true }).selectOption({ label: 'Estonian Digital Accelerator' });
await generate.getByLabel('First month').fill('2026-01');
await generate.getByRole('button', { name: 'Generate' }).click();
await researcher.getByRole('table', { name: 'Datasets' }).getByText('Ready').first().waitFor({ timeout: 60_000 });
await researcher.waitForTimeout(500);
await researcher.screenshot({ path: `${out}research.png`, fullPage: true });

await browser.close();
console.log(`screenshots written to ${out}`);
