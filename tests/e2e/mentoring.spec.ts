import { type APIRequestContext } from '@playwright/test';
import { expect, expectAccessible, expectNoHorizontalScroll, signIn, test, unique } from './helpers';
import { AppShell } from './pageObjects';
import { FINLAND, isoDay, World } from './world';

/** A hub with two schools, a coordinator and a mentor, made through the API. */
async function hubWithPeople(request: APIRequestContext) {
  const w = await World.asAdmin(request);
  const hub = await w.hub('Accelerator hub');
  const mentorSchool = (await w.school(hub, 'Maardu school')).name;
  const menteeSchool = (await w.school(hub, 'Audru school')).name;
  return {
    mentorSchool,
    menteeSchool,
    coordinator: await w.person('Kadri coordinator', { role: 'hub_coordinator', hub_id: hub.id }, 'mentoring-password-2026'),
    mentor: await w.person('Priit mentor', { role: 'mentor', hub_id: hub.id }, 'mentoring-password-2026'),
  };
}


test('a coordinator sets up a programme and a school-to-school relationship; the mentor logs 90 minutes on a phone and the board shows 1.5 h', async ({
  page,
  browser,
  request,
}, info) => {
  test.setTimeout(120_000);
  const w = await hubWithPeople(request);
  const programmeName = unique('Digital Accelerator');

  // The coordinator creates the programme.
  await signIn(page, w.coordinator.email, w.coordinator.password);
  await new AppShell(page).open('Mentoring');
  await page.getByRole('button', { name: 'New programme' }).click();
  const form = page.getByRole('form', { name: 'New programme' });
  await form.getByLabel('Name').fill(programmeName);
  await form.getByLabel('Method').selectOption('digital_accelerator');
  await form.getByLabel('Starts on').fill(isoDay(-30));
  await form.getByLabel('Ends on').fill(isoDay(150));
  await form.getByLabel('Mentoring hours per school, from').fill('35');
  await form.getByLabel('Mentoring hours per school, to').fill('80');
  await expectAccessible(page, info, 'mentoring-01-new-programme');
  await form.getByRole('button', { name: 'Create programme' }).click();
  await expect(page.getByRole('heading', { level: 1, name: programmeName })).toBeVisible();

  // Enrols a mentor school and a mentee school.
  const enrol = page.getByRole('form', { name: 'Enrol a school' });
  await enrol.getByLabel('School').selectOption({ label: w.mentorSchool });
  await enrol.getByLabel('Role in the programme').selectOption('mentor_school');
  await enrol.getByRole('button', { name: 'Enrol' }).click();
  const board = page.getByRole('table', { name: 'Schools and phases' });
  await expect(board.getByRole('row', { name: new RegExp(w.mentorSchool) })).toBeVisible();
  await enrol.getByLabel('School').selectOption({ label: w.menteeSchool });
  await enrol.getByLabel('Role in the programme').selectOption('mentee_school');
  await enrol.getByRole('button', { name: 'Enrol' }).click();
  const menteeRow = board.getByRole('row', { name: new RegExp(w.menteeSchool) });
  await expect(menteeRow).toContainText('0 h of 35–80 h');

  // A phase of the mentee school: mapping needs is under way (phases go in any order).
  await menteeRow.getByRole('button', { name: /^Mapping needs at/ }).click();
  const phase = page.getByRole('form', { name: /^Mapping needs at/ });
  await phase.getByLabel('Status').selectOption('in_progress');
  await phase.getByRole('button', { name: 'Save' }).click();
  await expect(menteeRow.getByRole('button', { name: /^Mapping needs at .*: In progress/ })).toBeVisible();
  await expectAccessible(page, info, 'mentoring-02-board');

  // A school-to-school relationship, with the hub's mentor taking part as a mentor.
  await page.getByRole('button', { name: 'New relationship' }).click();
  const rel = page.getByRole('form', { name: 'New relationship' });
  await rel.getByLabel('Structure', { exact: true }).selectOption('school_to_school');
  await rel.getByLabel('Title', { exact: true }).fill('Co-teaching with tablets');
  await rel.getByLabel('School', { exact: true }).nth(0).selectOption({ label: w.mentorSchool });
  await rel.getByLabel('School', { exact: true }).nth(1).selectOption({ label: w.menteeSchool });
  await rel.getByRole('button', { name: 'Add participant' }).click();
  await rel.getByLabel('E-mail address', { exact: true }).fill(w.mentor.email);
  await rel.getByLabel('Role', { exact: true }).nth(2).selectOption('mentor');
  await rel.getByLabel('Goal', { exact: true }).fill('Every class uses tablets in one lesson a week');
  await rel.getByLabel('Success indicator', { exact: true }).fill('Lesson plans of six co-taught lessons');
  await expectAccessible(page, info, 'mentoring-03-new-relationship');
  await rel.getByRole('button', { name: 'Create relationship' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Co-teaching with tablets' })).toBeVisible();
  await page.getByLabel('Why (optional)').fill('Agreement signed');
  await page.getByRole('button', { name: 'Start' }).click();
  await expect(page.getByTestId('relationship-status')).toHaveText('Active');
  await expect(page.getByText('Proposed → Active')).toBeVisible();

  // The mentor, on a phone, logs a 90-minute activity.
  const phone = await browser.newContext({ viewport: { width: 360, height: 740 } });
  const mentor = await phone.newPage();
  await signIn(mentor, w.mentor.email, w.mentor.password);
  await mentor.goto('/mentoring');
  await mentor.getByRole('link', { name: 'Co-teaching with tablets' }).click();
  await expect(mentor.getByRole('heading', { level: 1, name: 'Co-teaching with tablets' })).toBeVisible();
  const log = mentor.getByRole('form', { name: 'Log an activity' });
  await log.getByRole('button', { name: '90 min' }).click();
  await expect(log.getByLabel('Duration in minutes')).toHaveValue('90');
  await log.getByLabel('Kind of activity').selectOption('co_teaching');
  // The one logging it starts ticked as attending (hours per mentor count attendees).
  await expect(log.getByRole('checkbox', { name: new RegExp(w.mentor.name) })).toBeChecked();
  await log.getByLabel('Notes').fill('Taught fractions with tablets together; next time the class leads.');
  await expectNoHorizontalScroll(mentor);
  await expectAccessible(mentor, info, 'mentoring-04-log-activity-360');
  await log.getByRole('button', { name: 'Log activity' }).click();
  await expect(log.getByRole('status')).toHaveText('Activity logged.');
  await expect(mentor.locator('.timeline li')).toHaveCount(1);
  await expect(mentor.getByTestId('relationship-hours')).toContainText('1.5 h');
  await expectNoHorizontalScroll(mentor);
  await phone.close();

  // The board shows the 1.5 hours against the mentee school's target.
  await page.getByRole('link', { name: `Back to ${programmeName}` }).click();
  await expect(menteeRow).toContainText('1.5 h of 35–80 h');
  await expect(menteeRow).toContainText('below target');
  await expect(page.getByTestId('programme-total')).toHaveText('1.5 h');
  await expect(board.getByRole('row', { name: new RegExp(w.mentorSchool) })).toContainText('0 h');
  await expectAccessible(page, info, 'mentoring-05-board-with-hours');

  // A programme event for all schools counts toward the programme's total only.
  await page.getByText('Log a programme event').click();
  const event = page.getByRole('form', { name: 'Log an activity' });
  await event.getByRole('button', { name: '60 min' }).click();
  await event.getByLabel('Kind of activity').selectOption('webinar');
  await event.getByRole('button', { name: 'Log activity' }).click();
  await expect(event.getByRole('status')).toHaveText('Activity logged.');
  await expect(page.getByTestId('programme-total')).toHaveText('2.5 h');
  await expect(menteeRow).toContainText('1.5 h of 35–80 h');

  // The coordinator marks the relationship's goal reached.
  await page.getByRole('link', { name: 'Co-teaching with tablets' }).click();
  await page.getByText('Edit title, focus, goals and agreement').click();
  const edit = page.getByRole('form', { name: 'Edit title, focus, goals and agreement' });
  await edit.getByLabel('Goal status').selectOption('achieved');
  await edit.getByRole('button', { name: 'Save' }).click();
  await expect(edit.getByRole('status')).toBeVisible();
  await expect(page.getByRole('listitem').filter({ hasText: 'Every class uses tablets in one lesson a week' })).toContainText('achieved');
  await expectAccessible(page, info, 'mentoring-06-relationship-edit');
});

test('notifications: a participant sees what happened and opens it', async ({ page, request }, info) => {
  const w = await hubWithPeople(request);
  const coordinator = await World.as(request, w.coordinator);
  const me = await coordinator.get('/api/v1/me');
  const hubId = me.grants[0].hub_id as string;
  const schools = await coordinator.get(`/api/v1/schools?hub_id=${hubId}`);
  await coordinator.activeRelationship(hubId, 'Platform support', w.mentor, schools.items[0], 'Kick-off done');

  await signIn(page, w.mentor.email, w.mentor.password);
  const bell = page.getByRole('link', { name: 'Notifications, unread: 2' });
  await expect(bell).toBeVisible();
  await bell.click();
  await expect(page.getByRole('heading', { level: 1, name: 'Notifications' })).toBeVisible();
  await expect(page.getByRole('link', { name: 'You were added to “Platform support”' })).toBeVisible();
  await expectAccessible(page, info, 'notifications');
  await page.getByRole('link', { name: 'The status of “Platform support” changed' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Platform support' })).toBeVisible();
  await expect(page.getByRole('link', { name: 'Notifications, unread: 1' })).toBeVisible();
});

test('a trainer takes attendance on a phone and a leader starts a development plan', async ({ page, browser, request }, info) => {
  test.setTimeout(120_000);
  const w = await World.asAdmin(request);
  const hub = await w.hub('Training hub');
  const school = await w.school(hub, 'Emili school');
  const trainer = await w.person('Trainer', { role: 'mentor', hub_id: hub.id });
  const teacher = await w.person('Teacher', { role: 'teacher', school_id: school.id });
  const leader = await w.person('Leader', { role: 'school_leader', school_id: school.id });
  const programme = await w.programme(hub, { starts_on: isoDay(-60), ends_on: isoDay(120), training_targets: { teachers: 2 } });
  await w.enrol(programme, school, 'mentee_school');
  const course = await w.post(`/api/v1/programmes/${programme.id}/courses`, { title: 'Basic course', audience: 'teachers', planned_hours: 2 });
  await w.post(`/api/v1/courses/${course.id}/sessions`, { date: isoDay(-7), duration_minutes: 120 });
  await w.post(`/api/v1/courses/${course.id}/participants`, { email: teacher.email });
  await w.post(`/api/v1/courses/${course.id}/participants`, { email: leader.email });

  // The trainer marks who was there, on a phone.
  const phone = await browser.newContext({ viewport: { width: 360, height: 740 } });
  const t = await phone.newPage();
  await signIn(t, trainer.email, trainer.password);
  await t.goto(`/mentoring/courses/${course.id}`);
  const sheet = t.getByRole('form', { name: 'Attendance sheet' });
  await sheet.getByRole('checkbox', { name: teacher.name }).check();
  await sheet.getByRole('button', { name: 'Save attendance' }).click();
  await expect(sheet.getByRole('status')).toHaveText('Attendance saved: present 1.');
  await expect(t.getByTestId('course-completed')).toHaveText('1 of 2');
  await expect(t.getByRole('row', { name: new RegExp(teacher.name) })).toContainText('completed');
  await expectNoHorizontalScroll(t);
  await expectAccessible(t, info, 'course-attendance-360');
  await phone.close();

  // The school's leader starts a plan by hand and adds a goal with an action.
  await signIn(page, leader.email, leader.password);
  await page.goto(`/schools/${school.id}`);
  const start = page.getByRole('form', { name: 'New development plan' });
  await start.getByLabel('Title of the plan').fill('Digital plan 2027');
  await start.getByRole('button', { name: 'Start the plan' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Digital plan 2027' })).toBeVisible();
  await page.getByRole('button', { name: 'Add goal' }).click();
  const goal = page.getByRole('form', { name: 'Add goal' });
  await goal.getByLabel('Goal').fill('Every teacher gives feedback with a digital tool');
  await goal.getByLabel('Area').selectOption({ index: 3 });
  await goal.getByLabel('Value at the start').fill('1.5');
  await goal.getByLabel('Target value').fill('3');
  await goal.getByLabel('Success indicator').fill('Half of the staff at B1 or above in assessment');
  await goal.getByRole('button', { name: 'Add goal' }).click();
  const card = page.getByRole('article', { name: 'Every teacher gives feedback with a digital tool' });
  await expect(card).toContainText('target 3.00');
  await card.getByRole('textbox', { name: 'Action' }).fill('Two workshops on quiz tools');
  await card.getByRole('button', { name: 'Add action' }).click();
  await expect(card).toContainText('Actions: 0 of 1 done');
  await card.getByLabel(/^Status of/).selectOption('done');
  await expect(card).toContainText('Actions: 1 of 1 done');
  await expectAccessible(page, info, 'plan');
});

test('a school leader maps needs on a phone; the coordinator sees the counts and adds a checklist item', async ({ page, browser, request }, info) => {
  test.setTimeout(120_000);
  const w = await World.asAdmin(request);
  const hub = await w.hub('Needs hub', FINLAND);
  const school = await w.school(hub, 'Porvoo school', FINLAND);
  const coordinator = await w.person('Coordinator', { role: 'hub_coordinator', hub_id: hub.id });
  const leader = await w.person('Leader', { role: 'school_leader', school_id: school.id });
  const programme = await w.programme(hub);
  await w.enrol(programme, school, 'mentee_school');

  // The leader, on a phone, records two findings from the checklist.
  const phone = await browser.newContext({ viewport: { width: 360, height: 740 } });
  const l = await phone.newPage();
  await signIn(l, leader.email, leader.password);
  await l.goto(`/mentoring/programmes/${programme.id}`);
  await l.getByTestId('needs-link').click();
  await expect(l.getByRole('heading', { level: 1, name: `Needs mapping: ${school.name}` })).toBeVisible();
  await expect(l.getByTestId('needs-summary')).toHaveText('Nothing recorded yet in this cycle.');
  await l.getByLabel('Wi-Fi reaches every classroom: State').selectOption('missing');
  await l.getByLabel('Wi-Fi reaches every classroom: Priority').selectOption('high');
  await l.getByLabel('Wi-Fi reaches every classroom: Note').fill('No signal in the gym.');
  await l.getByLabel('Important data is backed up, and restoring it has been tried: State').selectOption('partial');
  await expectNoHorizontalScroll(l);
  await l.getByRole('button', { name: 'Save' }).click();
  await expect(l.getByTestId('needs-summary')).toHaveText(
    'Recorded: 2 · missing: 1 · partly in place: 1 · high priority, not in place: 1',
  );
  await expectAccessible(l, info, 'needs-mapping-360');
  await phone.close();

  // The coordinator sees the counts on the board and adds the hub's own item.
  await signIn(page, coordinator.email, coordinator.password);
  await page.goto(`/mentoring/programmes/${programme.id}`);
  await expect(page.getByTestId('needs-link')).toHaveText('Needs: recorded 2, high open 1');
  await page.getByTestId('needs-link').click();
  await expect(page.getByLabel('Wi-Fi reaches every classroom: Note')).toHaveValue('No signal in the gym.');
  const add = page.getByRole('form', { name: "Add an item to the hub's checklist" });
  await add.getByLabel('Topic').selectOption('infrastructure');
  await add.getByLabel('Item').fill('A laptop trolley on every floor');
  await add.getByRole('button', { name: 'Add item' }).click();
  await expect(page.getByLabel('A laptop trolley on every floor: State')).toBeVisible();
  await page.getByLabel('A laptop trolley on every floor: State').selectOption('unknown');
  await page.getByRole('button', { name: 'Save' }).click();
  await expect(page.getByTestId('needs-summary')).toHaveText(
    'Recorded: 3 · missing: 1 · partly in place: 1 · high priority, not in place: 1',
  );
  await expectAccessible(page, info, 'needs-mapping');

  // The item can be removed again on the hub's page; the school's finding stays.
  await page.goto(`/hubs/${hub.id}`);
  await page.getByRole('button', { name: 'Remove: A laptop trolley on every floor' }).click();
  await expect(page.getByRole('button', { name: 'Remove: A laptop trolley on every floor' })).toHaveCount(0);
  await expectAccessible(page, info, 'hub-mentoring-lists');
  await page.goto(`/mentoring/programmes/${programme.id}`);
  await expect(page.getByTestId('needs-link')).toHaveText('Needs: recorded 3, high open 1');
});
