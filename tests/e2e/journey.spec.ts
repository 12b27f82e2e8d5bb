import { ADMIN, expect, expectAccessible, signIn, test, unique } from './helpers';
import { AppShell, LoginPage } from './pageObjects';

test('admin creates a hub and a school, invites a teacher who joins and switches to Estonian', async ({ page, browser }, info) => {
  const hubName = unique('Tartu Hub');
  const schoolName = unique('Emajõe School');
  const teacherEmail = `${unique('teacher').replace(/\s/g, '.').toLowerCase()}@e2e.example`;

  await signIn(page, ADMIN.email, ADMIN.password);
  await expectAccessible(page, info, '01-home-admin');

  // A new hub.
  await new AppShell(page).open('Hubs');
  await page.getByRole('button', { name: 'New hub' }).click();
  const hubForm = page.getByRole('form', { name: 'New hub' });
  await hubForm.getByLabel('Name').fill(hubName);
  await hubForm.getByLabel('Country').fill('ee');
  await hubForm.getByLabel('Region').fill('Tartumaa');
  await hubForm.getByLabel('Languages').fill('et, en');
  await hubForm.getByLabel('Time zone').fill('Europe/Tallinn');
  await expectAccessible(page, info, '02-new-hub-form');
  await hubForm.getByRole('button', { name: 'Create' }).click();
  await expect(page.getByRole('heading', { level: 1, name: hubName })).toBeVisible();

  // A school in it.
  await page.getByRole('button', { name: 'New school' }).click();
  const schoolForm = page.getByRole('form', { name: 'New school' });
  await schoolForm.getByLabel('Name').fill(schoolName);
  await schoolForm.getByLabel('Country').fill('EE');
  await schoolForm.getByLabel('Kind of school').selectOption('basic');
  await schoolForm.getByLabel('Languages of instruction').fill('et');
  await schoolForm.getByLabel('Teachers').fill('35');
  await schoolForm.getByRole('button', { name: 'Create' }).click();
  await expect(page.getByRole('heading', { level: 1, name: schoolName })).toBeVisible();
  await expectAccessible(page, info, '03-school-detail');

  // Invite a teacher into it.
  await new AppShell(page).open('People');
  await page.getByRole('button', { name: 'Invite someone' }).click();
  await page.getByLabel('E-mail').fill(teacherEmail);
  await page.getByLabel('Name', { exact: true }).fill('Tiina Tamm');
  await page.getByLabel('Role').first().selectOption('teacher');
  await page.getByLabel('School').selectOption({ label: schoolName });
  await page.getByRole('button', { name: 'Create invitation' }).click();
  const link = await page.getByTestId('invitation-url').textContent();
  expect(link).toContain('/invitation#token=');
  await expectAccessible(page, info, '04-invitation-created');

  // The teacher, in a browser of their own, accepts it.
  const teacherContext = await browser.newContext();
  const teacher = await teacherContext.newPage();
  await teacher.goto(link!.trim());
  await expect(teacher.getByText(schoolName)).toBeVisible();
  await expectAccessible(teacher, info, '05-accept-invitation');
  await teacher.getByLabel('Password', { exact: true }).fill('kevadine-tund-2026');
  await teacher.getByLabel('Repeat the password').fill('kevadine-tund-2026');
  await teacher.getByRole('button', { name: 'Accept the invitation' }).click();
  await expect(teacher.getByRole('heading', { level: 1 })).toContainText('Tiina Tamm');
  await expect(teacher.getByRole('main').getByRole('link', { name: schoolName })).toBeVisible();

  // Sign out and back in as the teacher, then switch to Estonian.
  await new AppShell(teacher).signOut();
  await new LoginPage(teacher).attempt(teacherEmail, 'kevadine-tund-2026');
  await expect(teacher.getByRole('heading', { level: 1 })).toContainText('Welcome, Tiina Tamm');
  await teacher.getByLabel('Language').selectOption('et');
  await expect(teacher.getByRole('heading', { level: 1 })).toContainText('Tere tulemast, Tiina Tamm');
  await expect(teacher.locator('html')).toHaveAttribute('lang', 'et');
  await expect(teacher.getByRole('navigation').getByRole('link', { name: 'Koolid' })).toBeVisible();
  // A teacher has no people or audit pages.
  await expect(teacher.getByRole('navigation').getByRole('link', { name: 'Inimesed' })).toHaveCount(0);
  await expectAccessible(teacher, info, '06-teacher-home-estonian');

  // The choice is remembered in the profile: a new sign-in comes back in Estonian.
  await teacher.reload();
  await expect(teacher.getByRole('heading', { level: 1 })).toContainText('Tere tulemast');
  await teacherContext.close();
});

test('admin registers an organisation and links it to a hub as research partner', async ({ page }, info) => {
  const hubName = unique('Batumi Hub');
  const orgName = unique('Coastal University');
  await signIn(page, ADMIN.email, ADMIN.password);
  await page.goto('/hubs');
  await page.getByRole('button', { name: 'New hub' }).click();
  const hubForm = page.getByRole('form', { name: 'New hub' });
  await hubForm.getByLabel('Name').fill(hubName);
  await hubForm.getByLabel('Country').fill('GE');
  await hubForm.getByLabel('Languages').fill('ka');
  await hubForm.getByLabel('Time zone').fill('Asia/Tbilisi');
  await hubForm.getByRole('button', { name: 'Create' }).click();
  await expect(page.getByRole('heading', { level: 1, name: hubName })).toBeVisible();
  await expect(page.getByText('No organisations are linked to this hub yet.')).toBeVisible();

  await page.getByRole('button', { name: 'New organisation' }).click();
  const orgForm = page.getByRole('form', { name: 'New organisation' });
  await orgForm.getByLabel('Name of the organisation').fill(orgName);
  await orgForm.getByLabel('Kind').selectOption('university');
  await orgForm.getByLabel('Country').fill('GE');
  await orgForm.getByRole('button', { name: 'Create' }).click();
  const linkForm = page.getByRole('form', { name: 'Link organisation' });
  await expect(linkForm.getByLabel('Organisation')).toHaveValue(/.+/);
  await linkForm.getByLabel('Part in the hub').selectOption('research_partner');
  await linkForm.getByRole('button', { name: 'Link organisation' }).click();
  await expect(page.getByRole('listitem').filter({ hasText: orgName })).toContainText('Research partner');
  await expectAccessible(page, info, 'hub-with-organisation');

  // The same link twice is refused with a clear message.
  await linkForm.getByLabel('Organisation').selectOption({ label: orgName });
  await linkForm.getByLabel('Part in the hub').selectOption('research_partner');
  await linkForm.getByRole('button', { name: 'Link organisation' }).click();
  await expect(page.getByRole('alert')).toHaveText('This organisation already has this role in the hub.');
});
