import { readFileSync } from 'node:fs';
import { ADMIN, expect, expectAccessible, signIn, test, unique } from './helpers';
import { AppShell } from './pageObjects';
import { submitReflection, World } from './world';

test('an admin records a data-use agreement, generates a research dataset and downloads it', async ({ page, request }, info) => {
  test.setTimeout(180_000);
  // A hub whose research partner is a university, with five teachers who reflected.
  const admin = await World.asAdmin(request);
  const hub = await admin.hub('Research hub');
  const school = await admin.school(hub, 'Research school');
  for (let i = 0; i < 5; i++) {
    const teacher = await admin.person(`Research teacher ${i}`, { role: 'teacher', school_id: school.id });
    await submitReflection(request, teacher, 'b1');
  }
  const university = await admin.post('/api/v1/organisations', { name: unique('University of Research'), kind: 'university', country: 'EE' }, [201]);
  await admin.post(`/api/v1/hubs/${hub.id}/organisations`, { organisation_id: university.id, role: 'research_partner' }, [201]);

  await signIn(page, ADMIN.email, ADMIN.password);
  await new AppShell(page).open('Research data');
  await expect(page.getByRole('heading', { level: 1, name: 'Research data' })).toBeVisible();

  // No agreement yet: the form says so, and the API refuses.
  const generate = page.getByRole('form', { name: 'Generate a dataset' });
  await generate.getByLabel('Receiving organisation').selectOption({ label: `${university.name} (no agreement)` });
  await expect(generate).toContainText('no data-use agreement that holds today');

  // Record the agreement.
  const record = page.getByRole('form', { name: 'Record an agreement' });
  await record.getByLabel('Receiving organisation').selectOption(university.id);
  await record.getByLabel('Reference').fill('DUA-E2E-1');
  await record.getByLabel('Signed on').fill('2026-01-15');
  await record.getByRole('button', { name: 'Record' }).click();
  const agreements = page.getByRole('table', { name: 'Data-use agreements' });
  await expect(agreements.getByRole('row', { name: /DUA-E2E-1/ })).toContainText(/yes/i);

  // Generate the hub's self-reflection answers of this month.
  await generate.getByLabel('Receiving organisation').selectOption(university.id);
  await generate.getByLabel('Contents').selectOption('reflection_answers');
  await generate.getByLabel('For').selectOption('hub');
  await generate.getByLabel('Hub', { exact: true }).selectOption(hub.id);
  const month = new Date().toISOString().slice(0, 7);
  await generate.getByLabel('First month').fill(month);
  await generate.getByLabel('Last month').fill(month);
  await generate.getByRole('button', { name: 'Generate' }).click();
  await expect(generate.getByRole('status')).toContainText('being generated');
  const datasets = page.getByRole('table', { name: 'Datasets' });
  const row = datasets.getByRole('row', { name: new RegExp(hub.name) });
  await expect(row).toContainText('Ready', { timeout: 30_000 });
  await expect(row).toContainText(university.name);
  await expect(page.getByText('Loading…')).toHaveCount(0);
  await expectAccessible(page, info, 'research-01-ready');

  // Download: a zip (its first bytes are "PK").
  const [download] = await Promise.all([page.waitForEvent('download'), row.getByRole('button', { name: 'Download' }).click()]);
  expect(download.suggestedFilename()).toMatch(/^ihub-dataset-.*\.zip$/);
  const path = await download.path();
  const bytes = readFileSync(path);
  expect(bytes.subarray(0, 2).toString()).toBe('PK');
  expect(bytes.length).toBeGreaterThan(500);
});
