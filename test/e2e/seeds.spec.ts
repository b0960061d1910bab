import { test, expect, type Page } from '@playwright/test';
import { watchErrors, valueOf, exportJson } from './helpers';

// `seeds=n` on any lab: the run of its own seed, then the next n − 1 seeds; every number of the
// current run shows its range, the export carries the ranges, a pinned run shows none.
const lab = (page: Page) => page.locator('[data-sim="reliability"]');

test('a run repeated over 3 seeds shows each number with its range, exports the ranges, and a pinned run shows none', async ({ page }) => {
  test.setTimeout(120_000);
  const errors = watchErrors(page);
  await page.goto('./#/sim/reliability?backend=wasm&seeds=3');
  await lab(page).getByRole('button', { name: /^Run/ }).first().click();
  await expect(lab(page).getByText(/the other seeds: \d of 2 done/)).toBeVisible({ timeout: 60_000 });
  await expect(lab(page)).toHaveAttribute('data-state', 'done', { timeout: 90_000 });
  const drop = lab(page).locator('[data-spread="live_accuracy_drop"]');
  await expect(drop).toContainText('over 3 seeds');
  const [min, max] = [Number(await drop.getAttribute('data-min')), Number(await drop.getAttribute('data-max'))];
  const own = Number(await valueOf(page, 'live_accuracy_drop'));
  expect(min).toBeLessThanOrEqual(own);
  expect(max).toBeGreaterThanOrEqual(own);
  expect(max).toBeGreaterThan(min);
  const json = await exportJson(page);
  expect(json.spread.seeds).toEqual([1, 2, 3]);
  expect(json.spread.metrics.live_accuracy_drop).toMatchObject({ min, max, n: 3 });
  expect(json.spread.metrics.live_accuracy_drop.values[0]).toBe(own);
  // a live param re-reads every seed: switching the schema check off moves the range of days to detect
  const before = await lab(page).locator('[data-spread="days_to_detect"]').textContent();
  await lab(page).getByRole('checkbox', { name: 'Schema (types and ranges)' }).uncheck();
  await expect(lab(page).locator('[data-spread="days_to_detect"]')).not.toHaveText(before ?? '');
  // pinned: its numbers without ranges
  await lab(page).getByRole('button', { name: 'Pin this run' }).click();
  await expect(lab(page).locator('[data-run="pinned"] [data-metric="live_accuracy_drop"]')).toHaveCount(1);
  await expect(lab(page).locator('[data-run="pinned"] [data-spread]')).toHaveCount(0);
  await expect(lab(page).locator('[data-spread="live_accuracy_drop"]')).toHaveCount(1);
  expect(errors).toEqual([]);
});

test('a run of one seed shows no ranges and exports none', async ({ page }) => {
  test.setTimeout(60_000);
  await page.goto('./#/sim/reliability?backend=wasm&run=1');
  await expect(lab(page)).toHaveAttribute('data-state', 'done', { timeout: 50_000 });
  await expect(lab(page).locator('[data-spread]')).toHaveCount(0);
  expect((await exportJson(page)).spread).toBeUndefined();
});
