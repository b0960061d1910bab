import { test, expect, type Page } from '@playwright/test';
import { readFileSync } from 'node:fs';
import { watchErrors, valueOf as value, exportJson, axeViolations } from './helpers';

// The capstone: a step rail over one project. The contract suite runs its defaults (step 1); these
// tests walk the rail, jump by URL, change a decision, present it and export its log.
const lab = (page: Page) => page.locator('[data-sim="iterative"]');
const done = (page: Page) => expect(lab(page)).toHaveAttribute('data-state', 'done', { timeout: 120_000 });
const current = (page: Page) => page.locator('[data-step][aria-current="step"]');

test('a link to step 9 runs steps 1–9 on load, stays on 9, and the rail walks back to computed steps without a run', async ({ page }) => {
  test.setTimeout(150_000);
  const errors = watchErrors(page);
  await page.goto('./#/sim/iterative?backend=wasm&step=9&run=1');
  await done(page);
  await expect(page.locator('[data-step]')).toHaveCount(13);
  await expect(current(page)).toHaveAttribute('data-step', '9');
  for (let n = 1; n <= 9; n++) await expect(page.locator(`[data-step="${n}"]`)).toHaveAttribute('data-step-status', 'done');
  await expect(page.locator('[data-step="10"]')).toHaveAttribute('data-step-status', 'todo');
  // step 9's numbers: the model is stale on last week, the retrained one recovers
  const gap = Number(await value(page, 'gap'));
  expect(gap).toBeGreaterThanOrEqual(0.08);
  expect(Number(await value(page, 'gap_recovered'))).toBeGreaterThanOrEqual(2 / 3);
  await expect(page.locator('[data-metric="segment_error_ratio"]')).toHaveCount(0); // only this step's numbers
  // back to step 5: computed already, shown at once, still `done`
  await page.locator('[data-step="5"]').click();
  await expect(current(page)).toHaveAttribute('data-step', '5');
  await expect(page).toHaveURL(/step=5/);
  await expect(lab(page)).toHaveAttribute('data-state', 'done');
  expect(Number(await value(page, 'segment_error_ratio'))).toBeGreaterThanOrEqual(3);
  await expect(page.locator('[data-metric="gap"]')).toHaveCount(0);
  // the log holds the three versions adopted by step 5's time… of which step 5 adopts none
  await expect(page.locator('[data-log="version"]')).toHaveCount(1);
  // forward past the run: it asks for one
  await page.locator('[data-step="11"]').click();
  await expect(lab(page).getByText('Press Run to walk steps 1 to 11')).toBeVisible();
  await expect(page.locator('[data-metric]')).toHaveCount(0);
  expect(errors).toEqual([]);
});

test('changing an earlier decision marks that step and the later ones stale; a run brings them back', async ({ page }) => {
  test.setTimeout(150_000);
  await page.goto('./#/sim/iterative?backend=wasm&step=8&run=1');
  await done(page);
  const recall = await value(page, 'recall');
  await page.locator('[data-param="remedy"] select').selectOption('reweight');
  await expect(page).toHaveURL(/remedy=reweight/);
  await expect(page.locator('[data-step="6"]')).toHaveAttribute('data-step-status', 'done');
  for (const n of [7, 8]) await expect(page.locator(`[data-step="${n}"]`)).toHaveAttribute('data-step-status', 'stale');
  await page.locator('[data-action="run"]').click();
  await done(page);
  await expect(page.locator('[data-step="7"]')).toHaveAttribute('data-step-status', 'done');
  await expect(page.locator('[data-log="data"]').nth(2)).toContainText('reweighted');
  expect(await value(page, 'recall')).not.toBeNull();
  void recall;
});

test('step 12: the CTR objective earns more with fewer ads; the log exports as JSON and CSV; axe finds nothing', async ({ page }) => {
  test.setTimeout(150_000);
  await page.goto('./#/sim/iterative?backend=wasm&step=12&run=1');
  await done(page);
  expect(Number(await value(page, 'revenue_ctr'))).toBeGreaterThanOrEqual(1.2 * Number(await value(page, 'revenue_impressions')));
  expect(Number(await value(page, 'impressions_ctr'))).toBeLessThan(Number(await value(page, 'impressions_impressions')));
  await expect(page.locator('[data-log="version"]')).toHaveCount(5);
  const json = await exportJson(page);
  expect(json.params.step).toBe(12);
  expect(json.log).toHaveLength(5);
  expect(json.log[3].data).toMatch(/window moved/);
  expect(json.metrics.revenue_ctr).toBe(Number(await value(page, 'revenue_ctr')));
  await page.locator('[data-export-menu]').click();
  const download = page.waitForEvent('download');
  await page.locator('[data-export="log-csv"]').click();
  const csv = readFileSync((await (await download).path())!, 'utf8').trim().split(/\r\n/);
  expect(csv[0]).toBe('version,step,data,model,objective,rows,positives,accuracy,recall,pr_auc,impressions,clicks,ctr,revenue');
  expect(csv).toHaveLength(6);
  await page.keyboard.press('Escape');
  expect(await axeViolations(page)).toEqual([]);
});

test('in presenter mode ← and → walk the rail', async ({ page }) => {
  await page.goto('./#/sim/iterative?backend=wasm&step=3&present=1');
  await expect(page.locator('[data-presenter-bar]')).toBeVisible();
  await expect(current(page)).toHaveAttribute('data-step', '3');
  await page.locator('body').click({ position: { x: 5, y: 5 } });
  await page.keyboard.press('ArrowRight');
  await expect(current(page)).toHaveAttribute('data-step', '4');
  await expect(page.locator('[data-slide-position]')).toHaveText('4 / 13');
  await page.keyboard.press('ArrowLeft');
  await page.keyboard.press('ArrowLeft');
  await expect(current(page)).toHaveAttribute('data-step', '2');
});
