import { type Page } from '@playwright/test';
import { expect, expectAccessible, expectNoHorizontalScroll, signIn, test } from './helpers';
import { newTeacher } from './world';

/** Answer every question of the open area with the option at `pick(index)`. */
async function answerArea(page: Page, pick: (i: number) => number) {
  const questions = page.locator('fieldset.question');
  const n = await questions.count();
  for (let i = 0; i < n; i++) {
    await questions.nth(i).getByRole('radio').nth(pick(i)).check();
  }
}

test('a teacher completes a self-reflection and sees the report with next steps', async ({ page, request }, info) => {
  const teacher = await newTeacher(request, 'reflecting');
  await page.setViewportSize({ width: 360, height: 800 });
  await signIn(page, teacher.email, teacher.password);
  await page.getByRole('link', { name: 'Self-reflection' }).first().click();
  await expect(page.getByRole('heading', { level: 1, name: 'My self-reflection' })).toBeVisible();
  await page.getByRole('button', { name: 'Start a reflection' }).click();
  await expect(page.getByRole('heading', { level: 2, name: '1 Professional engagement' })).toBeVisible();
  await expectNoHorizontalScroll(page);
  await expectAccessible(page, info, 'reflection-questionnaire-360');

  // Six areas: answer each, moving on with "Next area".
  let answered = 0;
  for (let area = 0; area < 6; area++) {
    answered += await page.locator('fieldset.question').count();
    await answerArea(page, (i) => (area + i) % 6);
    // Counted first, then saved: "All answers saved" alone may still be the text from
    // before this area's answers were queued.
    await expect(page.locator('.progress-line')).toContainText(`${answered} of 22 answered`);
    await expect(page.getByText('All answers saved')).toBeVisible();
    await page.locator('.q-nav').getByRole('button', { name: area < 5 ? 'Next area' : 'Review and submit' }).click();
  }
  // Leaving and coming back resumes where the teacher stopped: everything is answered,
  // so "Continue" opens the review (on a phone the areas are one picker, not a list).
  await page.goto('/reflections');
  await expect(page.getByText('22 of 22 answered')).toBeVisible();
  await page.getByRole('link', { name: 'Continue' }).click();
  await expect(page.getByText('Everything is answered.')).toBeVisible();
  await expect(page.getByRole('combobox', { name: 'Areas' })).toHaveValue('6');
  await page.getByRole('button', { name: 'Submit', exact: true }).click();

  await expect(page.getByRole('heading', { level: 2, name: 'Overall' })).toBeVisible();
  await expect(page.getByRole('table', { name: 'Results per area' })).toBeVisible();
  // Competences fold: the three to grow next are open with their next step, the others
  // open on a tap; jump links lead through the report.
  await expect(page.locator('details.competence')).toHaveCount(22);
  await expect(page.locator('details.competence[open]')).toHaveCount(3);
  await expect(page.locator('details.competence[open] .next-step').first()).toContainText('Next step');
  await expect(page.getByRole('heading', { name: 'Where to grow next' })).toBeVisible();
  const closedId = await page.locator('details.competence:not([open])').filter({ has: page.locator('.next-step') }).first().getAttribute('id');
  const closed = page.locator(`[id="${closedId}"]`);
  await expect(closed.locator('.next-step')).toBeHidden();
  await closed.locator('summary').click();
  await expect(closed.locator('.next-step')).toBeVisible();
  await expect(page.getByRole('navigation', { name: 'On this page' }).getByRole('link', { name: 'Over time' })).toBeVisible();
  const height = await page.evaluate(() => document.documentElement.scrollHeight);
  expect(height, 'the report on a phone is no longer ~10,000 px').toBeLessThan(6500);
  await expectNoHorizontalScroll(page);
  await expectAccessible(page, info, 'reflection-report-360');
  await page.setViewportSize({ width: 1280, height: 900 });
  await page.screenshot({ path: info.outputPath('reflection-report-1280.png'), fullPage: true });

  // The submitted reflection is listed, and a second one can start.
  await page.goto('/reflections');
  await expect(page.getByRole('link', { name: 'View report' })).toHaveCount(1);
  await expect(page.getByRole('button', { name: 'Start a reflection' })).toBeVisible();
});

test('answers survive a flaky connection and a reload', async ({ page, request, guard }) => {
  // The dropped saves are this test's doing; nothing else may fail.
  guard.allow(/ERR_INTERNET_DISCONNECTED.*\/answers\/|\/answers\/.*ERR_INTERNET_DISCONNECTED/);
  const teacher = await newTeacher(request, 'flaky');
  await signIn(page, teacher.email, teacher.password);
  await page.goto('/reflections');
  await page.getByRole('button', { name: 'Start a reflection' }).click();
  await expect(page.getByRole('heading', { level: 2, name: '1 Professional engagement' })).toBeVisible();
  const id = page.url().split('/reflections/')[1]!.split('?')[0]!;

  // Every second save fails as if the network dropped.
  let n = 0;
  await page.route('**/api/v1/reflections/*/answers/*', (route) => (n++ % 2 === 0 ? route.abort('internetdisconnected') : route.continue()));
  await answerArea(page, () => 3);
  // Reload before the retries are done: unsent answers are kept on the device, and the
  // page continues where the teacher stopped (the first area is complete: the second).
  await page.reload();
  await expect(page.getByRole('heading', { level: 2, name: '2 Digital resources' })).toBeVisible();
  await page.goto(`/reflections/${id}?area=0`);
  await expect(page.getByRole('radio', { checked: true })).toHaveCount(4);
  await page.unroute('**/api/v1/reflections/*/answers/*');
  await expect(page.getByText('All answers saved')).toBeVisible({ timeout: 40_000 });

  // The server has every answer of the area.
  const token = await page.evaluate(async () => {
    const r = await fetch('/api/v1/auth/refresh', { method: 'POST' });
    return (await r.json()).access_token as string;
  });
  const form = await (await request.get(`/api/v1/reflections/${id}`, { headers: { Authorization: `Bearer ${token}` } })).json();
  for (const k of ['1.1', '1.2', '1.3', '1.4']) expect(form.reflection.answers[k]).toBe('b2');
});
