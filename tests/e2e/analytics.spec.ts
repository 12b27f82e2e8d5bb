import { expect, expectAccessible, expectNoHorizontalScroll, signIn, test } from './helpers';
import { AppShell } from './pageObjects';
import { isoDay, submitReflection, World } from './world';
import type { APIRequestContext } from '@playwright/test';

/** A readiness check of a school for teachers: five teachers answer every statement with
 * `value`, the leader shares it with the hub and closes it. */
async function readinessCheck(request: APIRequestContext, leader: World, schoolId: string, value: string) {
  const c = await leader.post(`/api/v1/schools/${schoolId}/campaigns`, { name: `Check ${value}`, groups: ['teacher'], opens_on: isoDay(-1), closes_on: isoDay(7), expected: { teacher: 10 } }, [201]);
  const code = c.codes[0].code;
  const form = await (await request.get(`/api/v1/respond/${code}`)).json();
  const answers: Record<string, string> = {};
  for (const area of form.areas) for (const item of area.items) answers[item.key] = value;
  for (let i = 0; i < 5; i++) {
    const r = await request.post(`/api/v1/respond/${code}/submissions`, { data: { answers } });
    expect(r.status(), await r.text()).toBeLessThan(300);
  }
  const shared = await request.patch(`/api/v1/campaigns/${c.id}`, { headers: leader.authHeaders(), data: { shared_with_coordinator: true } });
  expect(shared.status(), await shared.text()).toBe(200);
  await leader.post(`/api/v1/campaigns/${c.id}/close`, {}, [200]);
}

/** A hub with two schools, a running programme with one of them enrolled, 90 minutes of a
 * final workshop yesterday, a coordinator and the enrolled school's leader. */
async function hubWithIndicators(request: Parameters<typeof World.asAdmin>[0]) {
  const w = await World.asAdmin(request);
  const hub = await w.hub('Indicators hub');
  const enrolled = await w.school(hub, 'Enrolled school');
  const other = await w.school(hub, 'Other school');
  const programme = await w.programme(hub);
  await w.enrol(programme, enrolled, 'mentee_school');
  await w.post(
    '/api/v1/activities',
    { programme_id: programme.id, date: isoDay(-1), duration_minutes: 90, mode: 'on_site', kind: 'workshop', state: 'final' },
    [201],
  );
  return {
    hub,
    enrolled,
    other,
    coordinator: await w.person('Kadri coordinator', { role: 'hub_coordinator', hub_id: hub.id }, 'indicators-password-2026'),
    leader: await w.person('Liis leader', { role: 'school_leader', school_id: enrolled.id }, 'indicators-password-2026'),
  };
}

test('a coordinator reads the hub’s indicators, switches to quarters and sets a target', async ({ page, request }, info) => {
  test.setTimeout(90_000);
  const w = await hubWithIndicators(request);
  // The analytics requests the page makes: the dashboard comes in one.
  const asked: string[] = [];
  page.on('request', (r) => {
    const path = new URL(r.url()).pathname;
    if (path.startsWith('/api/v1/analytics/')) asked.push(path);
  });
  await signIn(page, w.coordinator.email, w.coordinator.password);
  await new AppShell(page).open('Indicators');
  await page.getByRole('link', { name: `Hub: ${w.hub.name}` }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Indicators · Hub' })).toBeVisible();
  const schools = page.getByRole('article', { name: 'Schools taking part' });
  await expect(schools.locator('.kpi')).toHaveText('1 schools');
  const hours = page.getByRole('article', { name: 'Mentoring hours', exact: true });
  const hoursTable = hours.getByRole('table', { name: 'Mentoring hours by period' });
  await expect(hoursTable.getByRole('row', { name: /Whole period/ })).toContainText('1.5');
  // Nobody has submitted a self-reflection: zero, shown as such.
  await expect(page.getByRole('article', { name: 'Self-reflections submitted' }).locator('.kpi')).toContainText('0');
  await expect(page.getByText('Loading…')).toHaveCount(0);
  // The enrolled school has had no mentoring of its own yet: below its programme's range.
  const perSchool = page.getByRole('article', { name: 'Mentoring hours per mentee school' });
  const perSchoolRow = perSchool.getByRole('table', { name: 'Mentoring hours per mentee school' }).getByRole('row', { name: new RegExp(w.enrolled.name) });
  await expect(perSchoolRow).toContainText('below target');
  await expect(perSchool).toContainText('Below the range: 1');
  // The schools side by side: each school's figure, no spread from two schools.
  const compare = page.getByRole('article', { name: 'Schools side by side' });
  const compareTable = compare.getByRole('table', { name: 'Teachers active side by side' });
  await expect(compareTable.getByRole('row', { name: new RegExp(w.enrolled.name) })).toContainText('0');
  await expect(compareTable.getByRole('row', { name: new RegExp(w.other.name) })).toBeVisible();
  await expect(compare).toContainText('Fewer than five units have a figure');
  // Yesterday's workshop by kind and mode (a part of the dashboard's payload).
  const activities = page.getByRole('article', { name: 'Mentoring activities by kind and mode' });
  await expect(activities.getByRole('table', { name: 'Activities by kind and mode in the period' }).getByRole('row', { name: /Workshop/ })).toContainText('1 (1.5 h)');
  await expect(page.getByRole('article', { name: 'Mentoring relationships by structure and status' })).toContainText(
    'No mentoring relationships in this scope yet.',
  );
  // The dashboard in one request, and the comparison panel's own.
  expect(asked.filter((p) => p !== '/api/v1/analytics/indicators').sort()).toEqual([
    '/api/v1/analytics/dashboard',
    '/api/v1/analytics/indicators/teachers_active/comparison',
  ]);
  await expectAccessible(page, info, 'analytics-01-hub');

  // Only primary schools: both of the hub's schools are basic schools. Hours belong to the
  // hub and its programmes, so they say they are not filtered.
  await page.getByLabel('School kind').selectOption('primary');
  await expect(schools.locator('.kpi')).toHaveText('0 schools');
  await expect(hours).toContainText('the school filters do not apply here');
  await page.getByLabel('School kind').selectOption('');
  await expect(schools.locator('.kpi')).toHaveText('1 schools');

  await page.getByLabel('Buckets').selectOption('quarter');
  await expect(hoursTable.getByRole('row', { name: /Q\d/ }).first()).toBeVisible();
  await expect(hoursTable.getByRole('row', { name: /Whole period/ })).toContainText('1.5');

  // The hub's target for schools: 2, so 1 is below it.
  await schools.getByLabel('Target').fill('2');
  await schools.getByRole('button', { name: 'Save' }).click();
  await expect(schools).toContainText('Target: 2');
  await expect(schools).toContainText('Below target');
  await expectAccessible(page, info, 'analytics-02-hub-quarters-target');
});

test('a school leader reads the school’s indicators on a phone', async ({ page, request }, info) => {
  test.setTimeout(90_000);
  const w = await hubWithIndicators(request);
  await page.setViewportSize({ width: 360, height: 740 });
  await signIn(page, w.leader.email, w.leader.password);
  await page.goto('/analytics');
  await page.getByRole('link', { name: `School: ${w.enrolled.name}` }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Indicators · School' })).toBeVisible();
  await expect(page.getByRole('article', { name: 'Teachers active' })).toBeVisible();
  await expect(page.getByRole('article', { name: 'Schools taking part' })).toHaveCount(0);
  // Their school against the hub's: no other school is named.
  const mine = page.getByRole('article', { name: 'Your school against the hub' });
  await expect(mine.getByRole('table', { name: 'Teachers active side by side' }).getByRole('row', { name: new RegExp(w.enrolled.name) })).toBeVisible();
  await expect(mine.getByRole('row', { name: /Hub total/ })).toBeVisible();
  await expect(mine).not.toContainText(w.other.name);
  await expect(page.getByText('Loading…')).toHaveCount(0);
  await expectNoHorizontalScroll(page);
  await expectAccessible(page, info, 'analytics-03-school-360');
});

test('a coordinator reads the hub’s growth and compares mentored teachers with the others', async ({ page, request }, info) => {
  test.setTimeout(180_000);
  const w = await hubWithIndicators(request);
  // Five teachers of the mentee school reflect twice: first at A2, then at B1 everywhere.
  const admin = await World.asAdmin(request);
  for (let i = 0; i < 5; i++) {
    const teacher = await admin.person(`Growth teacher ${i}`, { role: 'teacher', school_id: w.enrolled.id });
    await submitReflection(request, teacher, 'a2');
    await submitReflection(request, teacher, 'b1');
  }
  await signIn(page, w.coordinator.email, w.coordinator.password);
  await page.goto(`/analytics/hub/${w.hub.id}`);
  const growth = page.getByRole('article', { name: 'Competence growth' });
  const table = growth.getByRole('table', { name: 'Growth by area' });
  // Five teachers moved up one level in every area (means carry the anonymity noise).
  await expect(table.getByRole('row')).toHaveCount(7);
  await expect(table.getByRole('row').nth(1)).toContainText(/\d\.\d\d/);
  await expect(table.getByRole('row').nth(1).getByRole('cell').last()).toHaveText('0');

  // The programme started 30 days ago: with eight weeks nobody counts as mentored yet.
  const cohorts = page.getByRole('article', { name: 'Is mentoring making a difference?' });
  await expect(cohorts.getByRole('note')).toContainText('observational evidence, not proof');
  const cohortTable = cohorts.getByRole('table', { name: 'Cohorts by area' });
  await expect(cohortTable.getByRole('row').nth(1)).toContainText('0 teachers');
  await expect(cohorts).toContainText('Left out (mentored for a shorter time):');
  // Four weeks: the mentee school's teachers are the mentored cohort.
  await cohorts.getByLabel('Mentored for at least (weeks)').fill('4');
  await expect(cohortTable.getByRole('row').nth(1).getByRole('cell').first()).toContainText(/\d\.\d\d \(/);
  await expect(page.getByText('Loading…')).toHaveCount(0);
  await expectAccessible(page, info, 'analytics-04-growth-cohorts');
});

test('a coordinator compares the readiness change of the mentee school with the other school', async ({ page, request }, info) => {
  test.setTimeout(120_000);
  const w = await hubWithIndicators(request);
  const admin = await World.asAdmin(request);
  const otherLeader = await admin.person('Olev leader', { role: 'school_leader', school_id: w.other.id });
  // Two checks each: the mentee school from 2 to 4 everywhere, the other school from 2 to 3.
  for (const [who, school, later] of [
    [w.leader, w.enrolled, 'a4'],
    [otherLeader, w.other, 'a3'],
  ] as const) {
    const leader = await World.as(request, who);
    await readinessCheck(request, leader, school.id, 'a2');
    await readinessCheck(request, leader, school.id, later);
  }
  // The mentee school's plan aims its infrastructure from 2 to 3.5: its latest check (4) has
  // reached that.
  const leader = await World.as(request, w.leader);
  const plan = await leader.post(`/api/v1/schools/${w.enrolled.id}/plans`, { title: 'Our plan' }, [201]);
  await leader.post(
    `/api/v1/plans/${plan.id}/goals`,
    { title: 'Devices in every class', area: 'school-readiness:infrastructure', current_value: 2, target_value: 3.5, indicator: 'The next check' },
    [200],
  );
  await signIn(page, w.coordinator.email, w.coordinator.password);
  await page.goto(`/analytics/hub/${w.hub.id}`);
  const panel = page.getByRole('article', { name: 'Is school readiness changing?' });
  const table = panel.getByRole('table', { name: 'Readiness change by area' });
  // The programme started 30 days ago: with eight weeks the mentee school is left out.
  await expect(panel).toContainText('Left out (mentee schools for a shorter time): 1');
  await expect(table.getByRole('row').nth(1).getByRole('cell').first()).toContainText('+1.50');
  await panel.getByLabel('Mentee school for at least (weeks)').fill('4');
  await expect(panel).toContainText('Left out (mentee schools for a shorter time): 0');
  const first = table.getByRole('row').nth(1).getByRole('cell');
  await expect(first.nth(1)).toContainText('+2.00');
  await expect(first.nth(2)).toContainText('+1.00');
  // The four checks' response rate: 5 of the 10 teachers expected, each time.
  const rates = page.getByRole('article', { name: 'Response rates of readiness campaigns' });
  const teachersRow = rates.getByRole('table', { name: 'Response rates by group' }).getByRole('row', { name: /Teachers/ });
  await expect(teachersRow).toContainText('20 of 40');
  await expect(teachersRow).toContainText('50%');
  await expect(panel.getByRole('note')).toContainText('observational evidence, not proof');
  const goals = page.getByRole('article', { name: 'Development-plan goals' });
  await expect(goals).toContainText('1 of 1 goals reached (1 measured so far).');
  // The latest month: one goal, measured, reached.
  await expect(goals.getByRole('table', { name: 'Development-plan goals at the end of each period' }).getByRole('row').last().getByRole('cell')).toHaveText(['1', '1', '1']);
  // Nobody asked the students: nothing to compare.
  await panel.getByLabel('Whose answers').selectOption('student');
  await expect(panel).toContainText('No school has two shared campaigns with results for this group yet.');
  await expect(page.getByText('Loading…')).toHaveCount(0);
  await expectAccessible(page, info, 'analytics-05-readiness-change');
});
