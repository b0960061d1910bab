import { test, expect, type Page } from '@playwright/test';
import AxeBuilder from '@axe-core/playwright';
import { readFileSync } from 'node:fs';
import { watchErrors } from './helpers';

const lab = (page: Page) => page.locator('[data-sim="objectives"]');
const value = async (page: Page, name: string, scope = 'current') => {
  const loc = scope === 'pinned' ? page.locator(`[data-run="pinned"] [data-metric="${name}"]`) : page.locator(`[data-metric="${name}"]:not([data-run="pinned"] *)`);
  return loc.getAttribute('data-value');
};
const done = (page: Page, timeout = 170_000) => expect(lab(page)).toHaveAttribute('data-state', 'done', { timeout });
async function exportJson(page: Page) {
  await page.locator('[data-export-menu]').click();
  const download = page.waitForEvent('download');
  await page.locator('[data-export="json"]').click();
  const file = await (await download).path();
  await page.keyboard.press('Escape');
  return JSON.parse(readFileSync(file!, 'utf8'));
}
/** every metric in the export is on screen, once, with the same value */
async function exportMatchesScreen(page: Page) {
  const json = await exportJson(page);
  for (const [name, v] of Object.entries(json.metrics)) {
    await expect(page.locator(`[data-metric="${name}"]:not([data-run="pinned"] *)`), name).toHaveCount(1);
    expect(await value(page, name), name).toBe(v === null ? '' : String(v));
  }
  return json;
}

test('the newsfeed part runs to done at its defaults: 11 coupled trainings against 2, every number present', async ({ page }) => {
  test.setTimeout(200_000);
  const errors = watchErrors(page);
  await page.goto('./#/sim/objectives?backend=wasm');
  await expect(lab(page)).toHaveAttribute('data-state', 'idle');
  await page.locator('[data-action="run"]').click();
  await done(page);
  for (const name of ['feed_quality', 'feed_engagement', 'retrains', 'train_ms', 'model_weights', 'coupled_tune_ms', 'decoupled_tune_ms']) {
    const v = await value(page, name);
    expect(Number.isFinite(Number(v)) && v !== '', name).toBe(true);
  }
  expect(await value(page, 'retrains')).toBe('11');
  expect(await value(page, 'decoupled_retrains')).toBe('2');
  await expect(page.getByRole('table', { name: /Reader 1's feed/ }).locator('tbody tr')).toHaveCount(10);
  await expect(page.locator('[data-backend]').first()).toHaveAttribute('data-backend', 'wasm');
  // the predict-first prompt is answered by the run
  await expect(page.getByText('the run\'s answer')).toBeVisible();
  expect(errors).toEqual([]);
});

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
  expect(errors).toEqual([]);
});

test('a spam wave retrains one model in the decoupled design and all of them in the coupled one', async ({ page }) => {
  test.setTimeout(200_000);
  await page.goto('./#/sim/objectives?backend=wasm&mode=decoupled&epochs=1&run=1');
  await done(page);
  await page.locator('[data-action="spam-wave"]').click();
  await expect(page).toHaveURL(/wave=1/);
  await done(page);
  expect(await value(page, 'decoupled_wave_retrains')).toBe('1');
  expect(await value(page, 'decoupled_wave_weights')).toBe('161');
  expect(await value(page, 'coupled_wave_retrains')).toBe('11');
  expect(Number(await value(page, 'stale_feed_quality'))).toBeGreaterThan(0);
});

test('bad params are clamped or reset with visible notices and no console error', async ({ page }) => {
  const errors = watchErrors(page);
  await page.goto('./#/sim/objectives?alpha=7&k=-3&mode=bogus&noise=abc&backend=wasm');
  const notices = page.locator('[data-notices]');
  await expect(notices.locator('[data-notice="alpha"]')).toBeVisible();
  await expect(notices.locator('[data-notice="k"]')).toBeVisible();
  await expect(notices.locator('[data-notice="mode"]')).toBeVisible();
  await expect(notices.locator('[data-notice="noise"]')).toBeVisible();
  await expect(page.locator('[data-param="alpha"] output')).toHaveText('1');
  await expect(page.locator('[data-param="k"] output')).toHaveText('1');
  await expect(page.locator('[data-param="mode"] select')).toHaveValue('coupled');
  expect(errors).toEqual([]);
});

test('keyboard alone reaches and runs the lab', async ({ page }) => {
  test.setTimeout(150_000);
  await page.goto('./#/sim/objectives?backend=wasm&part=loss&epochs=1');
  await expect(lab(page)).toBeVisible();
  let reached = false;
  for (let i = 0; i < 60 && !reached; i++) {
    await page.keyboard.press('Tab');
    reached = await page.evaluate(() => document.activeElement?.getAttribute('data-action') === 'run');
  }
  expect(reached).toBe(true);
  await page.keyboard.press('Enter');
  await done(page, 140_000);
});


test('axe finds nothing on either part, before and after a run', async ({ page }) => {
  test.setTimeout(200_000);
  for (const part of ['objectives', 'loss']) {
    await page.goto(`./#/sim/objectives?backend=wasm&part=${part}&epochs=1`);
    await expect(lab(page)).toBeVisible();
    const before = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa']).analyze();
    expect(before.violations, part).toEqual([]);
    await page.locator('[data-action="run"]').click();
    await done(page);
    const after = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa']).analyze();
    expect(after.violations, part).toEqual([]);
  }
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
  const axe = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa']).analyze();
  expect(axe.violations).toEqual([]);
  expect(errors).toEqual([]);
});

test('nothing overflows horizontally at 360 px, on either part, after a run', async ({ page }) => {
  test.setTimeout(200_000);
  await page.setViewportSize({ width: 360, height: 740 });
  for (const q of ['mode=decoupled&wave=1', 'part=loss']) {
    await page.goto(`./#/sim/objectives?backend=wasm&epochs=1&${q}`);
    await page.locator('[data-action="run"]').click();
    await done(page);
    expect(await page.evaluate(() => document.documentElement.scrollWidth), q).toBeLessThanOrEqual(360);
  }
});
