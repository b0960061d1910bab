import { test, expect } from '@playwright/test';
import { watchErrors } from './helpers';

test('the shell loads at / without a console error and without fetching TF.js', async ({ page }) => {
  const errors = watchErrors(page);
  const scripts: string[] = [];
  page.on('request', (r) => {
    if (r.resourceType() === 'script' || r.url().endsWith('.wasm')) scripts.push(r.url());
  });
  await page.goto('./');
  await expect(page.getByRole('heading', { level: 1 })).toContainText('machine-learning systems design');
  await expect(page.getByRole('navigation', { name: 'Site' })).toBeVisible();
  await page.waitForLoadState('networkidle');
  expect(scripts.some((u) => /worker|runner|tfjs|\.wasm/.test(u))).toBe(false);
  expect(errors).toEqual([]);
});

test('the shell works from a sub-path', async ({ page }) => {
  const errors = watchErrors(page);
  await page.goto('/some/sub/path/#/about');
  await expect(page.getByRole('heading', { name: 'About MLSD Lab' })).toBeVisible();
  await page.getByRole('link', { name: 'Home' }).click();
  await expect(page).toHaveURL(/\/some\/sub\/path\/#\/$/);
  expect(errors).toEqual([]);
});

for (const [path, what] of [
  ['#/no/such/page', 'page'],
  ['#/sim/no-such-lab', 'lab'],
  ['#/lessons/no-such-lesson', 'lesson'],
]) {
  test(`an unknown route (${path}) shows "not found" with a way back`, async ({ page }) => {
    const errors = watchErrors(page);
    await page.goto('./' + path);
    await expect(page.getByRole('heading', { name: 'Not found' })).toBeVisible();
    await expect(page.getByText(`There is no ${what} at this address`)).toBeVisible();
    await expect(page.getByRole('link', { name: 'Go to the home page' })).toBeVisible();
    expect(errors).toEqual([]);
  });
}
