import { type APIRequestContext, type Page } from '@playwright/test';
import { expect, expectAccessible, expectNoHorizontalScroll, signIn, test } from './helpers';
import { newTeacher } from './world';

/** One anonymous student answering everything through the API. */
async function studentByApi(request: APIRequestContext, code: string) {
  const form = await (await request.get(`/api/v1/respond/${code}`)).json();
  const started = await (await request.post(`/api/v1/respond/${code}/responses`)).json();
  const headers = { 'X-Response-Token': started.token as string };
  for (const area of form.areas) {
    for (const item of area.items) {
      const r = await request.put(`/api/v1/respond/${code}/responses/${started.id}/answers/${item.key}`, { headers, data: { value: 'a4' } });
      expect(r.status()).toBe(204);
    }
  }
  expect((await request.post(`/api/v1/respond/${code}/responses/${started.id}/submit`, { headers })).status()).toBe(200);
}

async function answerOpenArea(page: Page) {
  const questions = page.locator('fieldset.question');
  const n = await questions.count();
  for (let i = 0; i < n; i++) await questions.nth(i).getByRole('radio').nth(3).check();
}

test('a leader runs a campaign; students answer on phones through a flaky network; results appear when it closes', async ({ page, browser, request, guard }, info) => {
  // The dropped saves are this test's doing; nothing else may fail.
  guard.allow(/ERR_INTERNET_DISCONNECTED.*\/answers\/|\/answers\/.*ERR_INTERNET_DISCONNECTED/);
  test.setTimeout(180_000);
  const leader = await newTeacher(request, 'leading', 'school_leader');
  await signIn(page, leader.email, leader.password);
  await page.goto(`/schools/${leader.schoolId}`);
  await page.getByRole('button', { name: 'New campaign' }).click();
  await page.getByLabel('Name', { exact: true }).fill('Spring readiness');
  await page.getByRole('button', { name: 'Create the campaign' }).click();
  await expect(page.getByRole('heading', { level: 2, name: 'Access codes' })).toBeVisible();
  await expect(page.locator('.code-card img').first()).toBeVisible();
  await expectAccessible(page, info, 'campaign-page');
  const studentCard = page.locator('.code-card').filter({ hasText: 'Students' });
  const code = (await studentCard.locator('.code').innerText()).trim();
  expect(code).toMatch(/^[A-Z0-9]{4}-[A-Z0-9]{4}-[A-Z0-9]{4}$/);
  const campaignUrl = page.url();

  // Four students answer: while the campaign is open the report shows only how many.
  for (let i = 0; i < 4; i++) await studentByApi(request, code);
  await page.goto(`${campaignUrl}/report`);
  await expect(page.locator('li').filter({ hasText: 'Students' })).toContainText('responses: 4');
  await expect(page.getByText('Results appear when the campaign closes')).toBeVisible();
  await expect(page.getByRole('columnheader', { name: 'Students' })).toHaveCount(0);

  // The fifth student, on a phone, with every second save failing and a reload halfway.
  const phone = await browser.newContext({ viewport: { width: 360, height: 740 } });
  const student = await phone.newPage();
  let n = 0;
  await student.route('**/api/v1/respond/*/responses/*/answers/*', (route) =>
    n++ % 2 === 0 ? route.abort('internetdisconnected') : route.continue(),
  );
  await student.goto('/respond');
  await student.getByLabel('Access code').fill(code.toLowerCase().replace(/-/g, ' '));
  await student.getByRole('button', { name: 'Open the questionnaire' }).click();
  await expect(student.getByText('Your answers are anonymous')).toBeVisible();
  await expectAccessible(student, info, 'respond-start-360');
  await student.getByRole('button', { name: 'Begin' }).click();
  await expect(student.locator('fieldset.question').first()).toBeVisible();
  await expectNoHorizontalScroll(student);
  await expectAccessible(student, info, 'respond-questionnaire-360');
  await answerOpenArea(student);
  await student.locator('.q-nav').getByRole('button', { name: 'Next area' }).click();
  await answerOpenArea(student);
  await student.reload();
  await expect(student.locator('fieldset.question').first()).toBeVisible();
  for (;;) {
    const next = student.locator('.q-nav').getByRole('button', { name: /Next area|Review and submit/ });
    await answerOpenArea(student);
    const label = await next.innerText();
    await next.click();
    if (label.includes('Review')) break;
  }
  await student.unroute('**/api/v1/respond/*/responses/*/answers/*');
  await expect(student.getByText('All answers saved')).toBeVisible({ timeout: 60_000 });
  await student.getByRole('button', { name: 'Submit', exact: true }).click();
  await expect(student.getByRole('heading', { name: 'Thank you!' })).toBeVisible();
  await student.screenshot({ path: info.outputPath('respond-thanks-360.png') });
  await phone.close();

  // Now five, and the leader closes the campaign: the students' group appears, every
  // answer of the fifth counted.
  await page.reload();
  await expect(page.getByText('responses: 5')).toBeVisible();
  await expect(page.getByText('Results appear when the campaign closes')).toBeVisible();
  await page.getByRole('link', { name: 'Close it now to see the results' }).click();
  page.once('dialog', (d) => void d.accept());
  await page.getByRole('button', { name: 'Close now' }).click();
  await expect(page.getByRole('button', { name: 'Close now' })).toHaveCount(0);
  await page.goto(`${campaignUrl}/report`);
  await expect(page.getByRole('columnheader', { name: 'Students' }).first()).toBeVisible();
  await expect(page.getByText('responses: 5')).toBeVisible();
  await expectAccessible(page, info, 'campaign-report');
  const csv = await request.get(`${campaignUrl.replace('/campaigns/', '/api/v1/campaigns/')}/report.csv`);
  expect(csv.status()).toBe(401);
});
