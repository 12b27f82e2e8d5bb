import { ADMIN, expect, newTeacher, signIn, tabTo, test, unique } from './helpers';

test('an admin creates a hub and finds it again with the keyboard alone', async ({ page }) => {
  const name = unique('Keyboard Hub');
  await signIn(page, ADMIN.email, ADMIN.password);
  await tabTo(page, 'Hubs');
  await page.keyboard.press('Enter');
  await expect(page.getByRole('heading', { level: 1, name: 'Hubs' })).toBeVisible();
  await tabTo(page, 'New hub');
  await page.keyboard.press('Enter');
  await tabTo(page, 'Name');
  await page.keyboard.type(name);
  await tabTo(page, 'Country');
  await page.keyboard.type('FI');
  await tabTo(page, 'Languages');
  await page.keyboard.type('fi, sv');
  await tabTo(page, 'Time zone');
  await page.keyboard.press('ControlOrMeta+a');
  await page.keyboard.type('Europe/Helsinki');
  await tabTo(page, 'Create');
  await page.keyboard.press('Enter');
  await expect(page.getByRole('heading', { level: 1, name })).toBeVisible();

  // Back to the list, search for it, open it.
  await tabTo(page, /Hubs$/);
  await page.keyboard.press('Enter');
  await tabTo(page, 'Search');
  await page.keyboard.type(name);
  await expect(page.getByRole('link', { name })).toBeVisible();
  await tabTo(page, name);
  await page.keyboard.press('Enter');
  await expect(page.getByRole('heading', { level: 1, name })).toBeVisible();
  await expect(page.getByText('Europe/Helsinki')).toBeVisible();
});

test('a teacher switches the language and ends the session with the keyboard', async ({ page, request }) => {
  // An account of its own: the language choice is saved to the profile.
  const teacher = await newTeacher(request, 'keyboard teacher');
  await signIn(page, teacher.email, teacher.password);
  await tabTo(page, 'Language');
  await page.keyboard.press('ArrowDown');
  await expect(page.locator('html')).toHaveAttribute('lang', 'et');
  await page.keyboard.press('ArrowUp');
  await expect(page.locator('html')).toHaveAttribute('lang', 'en');
  await tabTo(page, 'Sign out');
  await page.keyboard.press('Enter');
  await expect(page.getByRole('heading', { name: 'Sign in' })).toBeVisible();
});

test('a mentor logs an activity with the keyboard alone', async ({ page, request }) => {
  const login = await request.post('/api/v1/auth/login', { data: ADMIN });
  const headers = { Authorization: `Bearer ${(await login.json()).access_token}` };
  const hub = await (
    await request.post('/api/v1/hubs', { headers, data: { name: unique('Keyboard mentoring hub'), country: 'NO', languages: ['nb'], time_zone: 'Europe/Oslo' } })
  ).json();
  const school = await (
    await request.post('/api/v1/schools', {
      headers,
      data: { hub_id: hub.id, name: unique('Bergen school'), country: 'NO', kind: 'basic', languages: ['nb'], time_zone: 'Europe/Oslo' },
    })
  ).json();
  const email = `${unique('kb mentor').replace(/\s/g, '.').toLowerCase()}@e2e.example`;
  const inv = await (await request.post('/api/v1/invitations', { headers, data: { email, role: 'mentor', hub_id: hub.id } })).json();
  const token = String(inv.url).split('#token=')[1];
  expect((await request.post('/api/v1/invitations/accept', { data: { token, name: unique('Mentor'), password: 'keyboard-mentor-2026' } })).status()).toBe(200);
  const rel = await (
    await request.post('/api/v1/relationships', {
      headers,
      data: {
        hub_id: hub.id,
        kind: 'expert_to_school',
        title: 'Keyboard mentoring',
        participants: [
          { email, role: 'mentor' },
          { school_id: school.id, role: 'mentee' },
        ],
      },
    })
  ).json();
  await request.post(`/api/v1/relationships/${rel.id}/transitions`, { headers, data: { to: 'active' } });

  await signIn(page, email, 'keyboard-mentor-2026');
  await tabTo(page, 'Mentoring');
  await page.keyboard.press('Enter');
  await tabTo(page, 'Keyboard mentoring');
  await page.keyboard.press('Enter');
  await expect(page.getByRole('heading', { level: 1, name: 'Keyboard mentoring' })).toBeVisible();
  await tabTo(page, '45 min');
  await page.keyboard.press('Enter');
  await expect(page.getByLabel('Duration in minutes')).toHaveValue('45');
  await tabTo(page, 'Notes');
  await page.keyboard.type('Planned the first lessons with the team.');
  await tabTo(page, 'Log activity');
  await page.keyboard.press('Enter');
  await expect(page.getByRole('form', { name: 'Log an activity' }).getByRole('status')).toHaveText('Activity logged.');
  await expect(page.getByTestId('relationship-hours')).toContainText('0.8 h');
});
