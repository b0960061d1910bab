import { test, expect, type Page } from '@playwright/test';
import { watchErrors, valueOf as value, exportJson, axeViolations } from './helpers';

const lab = (page: Page) => page.locator('[data-sim="objectives"]');
const done = (page: Page, timeout = 170_000) => expect(lab(page)).toHaveAttribute('data-state', 'done', { timeout });
/** every metric in the export is on screen, once, with the same value */
async function exportMatchesScreen(page: Page) {
  const json = await exportJson(page);
  for (const [name, v] of Object.entries(json.metrics)) {
    await expect(page.locator(`[data-metric="${name}"]:not([data-run="pinned"] *)`), name).toHaveCount(1);
    expect(await value(page, name), name).toBe(v === null ? '' : String(v));
  }
  return json;
}
/** nothing overflows horizontally at 360 px */
async function fitsAt360(page: Page) {
  await page.setViewportSize({ width: 360, height: 740 });
  await page.waitForTimeout(300); // charts re-measure their width
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);
}

test('decoupled: α is live — the feed re-ranks without a run, and the export matches the screen', async ({ page }) => {
  test.setTimeout(150_000);
  await page.goto('./#/sim/objectives?backend=wasm&mode=decoupled&epochs=2&run=1');
  await done(page, 140_000);
  const before = { q: await value(page, 'feed_quality'), e: await value(page, 'feed_engagement'), t: await value(page, 'train_ms') };
  const slider = page.locator('[data-param="alpha"] input[type="range"]');
  await slider.focus();
  for (let i = 0; i < 3; i++) await slider.press('ArrowRight'); // 0.5 → 0.8
  await expect(page.locator('[data-param="alpha"] output')).toHaveText('0.8');
  await expect(lab(page)).toHaveAttribute('data-state', 'done');
  expect(Number(await value(page, 'feed_quality'))).toBeGreaterThan(Number(before.q));
  expect(Number(await value(page, 'feed_engagement'))).toBeLessThan(Number(before.e));
  expect(await value(page, 'train_ms')).toBe(before.t); // nothing was trained
  await expect(page.getByRole('table', { name: /Reader 1's feed at α 0.8/ })).toBeVisible();
  const json = await exportMatchesScreen(page);
  expect(json.sim).toBe('objectives');
  expect(json.params.alpha).toBe(0.8);
  expect(json.params.mode).toBe('decoupled');
  expect(json.predictions.quality_score.length).toBe(2000);
  expect(json.predictions.y_quality.length).toBe(2000);
});

test('coupled: moving α dims the results until a new model is trained', async ({ page }) => {
  test.setTimeout(200_000);
  await page.goto('./#/sim/objectives?backend=wasm&epochs=1&run=1');
  await done(page);
  const slider = page.locator('[data-param="alpha"] input[type="range"]');
  await slider.focus();
  await slider.press('ArrowLeft'); // 0.5 → 0.4
  await expect(lab(page)).toHaveAttribute('data-state', 'idle');
  await expect(page.getByRole('note').filter({ hasText: 'no model for α = 0.4' })).toBeVisible();
  await expect(page).toHaveURL(/alpha=0\.4/);
  await page.locator('[data-action="run"]').click();
  await done(page);
  await expect(page.getByRole('table', { name: /Reader 1's feed at α 0.4/ })).toBeVisible();
});

test('the loss part trains both losses and pins the other one; the export matches the screen', async ({ page }) => {
  test.setTimeout(150_000);
  const errors = watchErrors(page);
  await page.goto('./#/sim/objectives?backend=wasm&part=loss&epochs=3');
  // controls of the other part are not shown
  await expect(page.locator('[data-param="alpha"]')).toBeHidden();
  await expect(page.locator('[data-param="noise"]')).toBeVisible();
  expect((await axeViolations(page))).toEqual([]);
  await page.locator('[data-action="run"]').click();
  await done(page, 140_000);
  await expect(page.locator('[data-run="pinned"]')).toBeVisible();
  await expect(page.locator('[data-run="pinned"]')).toContainText('squared error');
  for (const name of ['accuracy', 'log_loss', 'brier', 'roc_auc', 'sure_posts', 'confident_errors']) {
    expect(await value(page, name), name).not.toBe('');
    expect(await value(page, name, 'pinned'), name).not.toBe('');
  }
  expect(await value(page, 'log_loss', 'pinned')).not.toBe(await value(page, 'log_loss'));
  await expect(page.getByRole('figure').filter({ hasText: 'Calibration' })).toBeVisible();
  const json = await exportMatchesScreen(page);
  expect(json.predictions.y_true.length).toBe(json.predictions.y_score.length);
  expect(json.predictions.y_true.length).toBe(2000);
  expect((await axeViolations(page))).toEqual([]);
  await fitsAt360(page);
  expect(errors).toEqual([]);
});

test('a spam wave retrains the quality model in the decoupled design and the one model in service in the coupled one', async ({ page }) => {
  test.setTimeout(200_000);
  await page.goto('./#/sim/objectives?backend=wasm&mode=decoupled&epochs=1&run=1');
  await done(page);
  await page.locator('[data-action="spam-wave"]').click();
  await expect(page).toHaveURL(/wave=1/);
  await done(page);
  expect(await value(page, 'decoupled_wave_retrains')).toBe('1');
  expect(await value(page, 'decoupled_wave_weights')).toBe('161');
  // the coupled system retrains one model of the same size: the saving is the engagement model left alone
  expect(await value(page, 'coupled_wave_retrains')).toBe('1');
  expect(await value(page, 'coupled_wave_weights')).toBe('161');
  expect(Number(await value(page, 'stale_feed_quality'))).toBeGreaterThan(0);
  await fitsAt360(page);
});

test('the lesson embeds its four labs, two predictions and three checks', async ({ page }) => {
  const errors = watchErrors(page);
  await page.goto('./#/lessons/objective-functions');
  await expect(page.locator('[data-lesson-sim="objectives"]')).toHaveCount(4);
  await expect(page.locator('[data-lesson-sim="objectives"] [data-sim="objectives"]')).toHaveCount(4, { timeout: 30_000 });
  await expect(page.locator('[data-predict]')).toHaveCount(2);
  await expect(page.locator('[data-check]')).toHaveCount(3);
  // the second lab is coupled, the third decoupled: the sandbox links carry their params
  await expect(page.locator('[data-sandbox-link]').nth(2)).toHaveAttribute('href', /mode=decoupled/);
  expect(await axeViolations(page)).toEqual([]);
  expect(errors).toEqual([]);
});

