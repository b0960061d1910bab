import { test, expect, type Page } from '@playwright/test';
import { watchErrors, valueOf, exportJson } from './helpers';

// The reliability lab's second part. (Its defaults, part=faults, run in the contract suite, whose
// checks for this lab live in lab-checks.ts.) A hundred regions under an analyst, then automated.
const lab = (page: Page) => page.locator('[data-sim="reliability"]');
const done = (page: Page) => expect(lab(page)).toHaveAttribute('data-state', 'done', { timeout: 90_000 });

test('part=fleet: 100 regions under manual reviews leave 5+ points more of the model-days degraded than automated retraining, with no analyst', async ({ page }) => {
  test.setTimeout(180_000);
  const errors = watchErrors(page);
  await page.goto('./#/sim/reliability?backend=wasm&part=fleet&run=1');
  await done(page);
  const manual = Number(await valueOf(page, 'degraded_share'));
  expect(Number(await valueOf(page, 'analyst_hours'))).toBe(150);
  // the heat strip: a row per region, degraded and retrained cells drawn; its table lists every region
  const strip = lab(page).locator('figure', { hasText: 'Every region, every day' });
  await expect(strip.locator('path[data-state="degraded"]')).toHaveCount(1);
  await expect(strip.locator('path[data-state="retrained"]')).toHaveCount(1);
  await strip.getByRole('button', { name: 'Show as table' }).click();
  await expect(strip.locator('tbody tr')).toHaveCount(100);
  const json = await exportJson(page);
  expect(json.regions).toHaveLength(100);
  expect(json.predictions.degraded).toHaveLength(100 * 120);

  await lab(page).getByLabel('Who keeps the models fresh').selectOption('automated');
  await lab(page).getByRole('button', { name: /^Run/ }).first().click();
  await done(page);
  const automated = Number(await valueOf(page, 'degraded_share'));
  expect(Number(await valueOf(page, 'analyst_hours'))).toBe(0);
  expect(manual).toBeGreaterThanOrEqual(2 * automated);
  expect(manual - automated).toBeGreaterThanOrEqual(0.05);
  expect(errors).toEqual([]);
});

test('part=fleet: the sweep over fleet sizes runs apart from Run, draws one line per policy, and leaves the run alone', async ({ page }) => {
  test.setTimeout(180_000);
  const errors = watchErrors(page);
  await page.goto('./#/sim/reliability?backend=wasm&part=fleet&days=30&models=10');
  await lab(page).locator('[data-action="sweep"]').click();
  await expect(lab(page).locator('[data-sweep="running"]')).toBeVisible();
  await expect(lab(page).locator('[data-sweep="done"]')).toBeVisible({ timeout: 150_000 });
  const chart = lab(page).locator('figure', { hasText: 'Degraded model-days by fleet size' });
  await chart.getByRole('button', { name: 'Show as table' }).click();
  await expect(chart.locator('tbody tr')).toHaveCount(5);
  // Run was never pressed: the lab is still idle, with no results
  await expect(lab(page)).toHaveAttribute('data-state', 'idle');
  await expect(lab(page).locator('[data-metric]')).toHaveCount(0);
  expect(errors).toEqual([]);
});
