import { expect, test } from './helpers';

// The guard itself: each of these pages is broken in one way a user would notice, and each
// test is expected to fail because of the guard (test.fail), not because of an assertion.

test('the guard fails a test on an image that did not load', async ({ page }) => {
  test.fail();
  await page.goto('/login');
  await page.evaluate(() => {
    const img = document.createElement('img');
    img.src = '/no-such-picture.png';
    img.alt = 'missing';
    document.body.append(img);
  });
  await expect(page.locator('img[alt="missing"]')).toHaveCount(1);
});

test('the guard fails a test on a Content-Security-Policy violation', async ({ page }) => {
  test.fail();
  await page.goto('/login');
  await page.evaluate(() => {
    const img = document.createElement('img');
    img.src = 'https://example.org/tracker.png';
    img.alt = 'blocked';
    document.body.append(img);
  });
  await page.waitForTimeout(300);
});

test('the guard fails a test on a console error', async ({ page }) => {
  test.fail();
  await page.goto('/login');
  await page.evaluate(() => console.error('something broke'));
});
