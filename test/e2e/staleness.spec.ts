import { test, expect, type Page } from '@playwright/test';
import { watchErrors, valueOf as value, exportJson, axeViolations } from './helpers';

const lab = (page: Page) => page.locator('[data-sim="staleness"]');
// a short deployment keeps the browser tests quick; the default run is checked once
const SHORT = 'backend=wasm&days=40&daily=500&window=10';

test('monitoring and the metric are live: they re-read the run without training, and the export matches the screen', async ({ page }) => {
  test.setTimeout(120_000);
  await page.goto(`./#/sim/staleness?${SHORT}&strength=1&label_delay=2&run=1`);
  await expect(lab(page)).toHaveAttribute('data-state', 'done', { timeout: 100_000 });
  const gap = await value(page, 'gap');
  expect(await value(page, 'first_alert_day')).toBe('');
  await page.locator('[data-action="pin"]').click();
  await expect(page.locator('[data-run="pinned"]')).toBeVisible();

  await page.locator('[data-param="monitor"] select').selectOption('both');
  await expect(lab(page)).toHaveAttribute('data-state', 'done');
  await expect(page.locator('[data-metric="first_alert_day"]:not([data-run="pinned"] *)')).not.toHaveAttribute('data-value', '');
  expect(await value(page, 'gap')).toBe(gap); // the same run, re-read
  expect(await value(page, 'first_alert_day', 'pinned')).toBe(''); // the pinned run keeps its own params
  await expect(page.getByRole('figure').filter({ hasText: 'population stability index' })).toBeVisible();

  await page.locator('[data-param="metric"] select').selectOption('roc_auc');
  await expect(lab(page)).toHaveAttribute('data-state', 'done');
  const auc = Number(await value(page, 'offline_score'));
  expect(auc).toBeGreaterThan(0.8);
  expect(auc).toBeLessThanOrEqual(1);

  const json = await exportJson(page);
  expect(json.sim).toBe('staleness');
  expect(json.backend).toBe('wasm');
  expect(json.params.monitor).toBe('both');
  expect(json.params.metric).toBe('roc_auc');
  for (const [name, v] of Object.entries(json.metrics)) {
    expect(await value(page, name), name).toBe(v === null ? '' : String(v));
  }
  expect(json.predictions.y_true.length).toBe(7 * 500);
  expect(json.predictions.y_score.length).toBe(7 * 500);
  expect(json.series.psi.y.length).toBe(40);
});

test('keyboard alone reaches and runs the lab; the Step button serves one day at a time', async ({ page }) => {
  test.setTimeout(120_000);
  await page.goto(`./#/sim/staleness?${SHORT}`);
  await expect(lab(page)).toBeVisible();
  let reached = false;
  for (let i = 0; i < 80 && !reached; i++) {
    await page.keyboard.press('Tab');
    reached = await page.evaluate(() => document.activeElement?.getAttribute('data-action') === 'step');
  }
  expect(reached).toBe(true);
  await page.keyboard.press('Enter');
  await expect(lab(page)).toHaveAttribute('data-state', 'paused', { timeout: 60_000 });
  await expect(page.locator('[data-status]')).toContainText('day 1 of 40');
  await page.locator('[data-action="step"]').click();
  await expect(page.locator('[data-status]')).toContainText('day 2 of 40', { timeout: 30_000 });
  await page.locator('[data-action="run"]').focus();
  await page.keyboard.press('Enter');
  await expect(lab(page)).toHaveAttribute('data-state', 'done', { timeout: 100_000 });
});

test('cars and weather modes run on the real data and credit it', async ({ page }) => {
  test.setTimeout(150_000);
  const errors = watchErrors(page);
  await page.goto('./#/sim/staleness?data=cars&backend=wasm&run=1');
  await expect(lab(page)).toHaveAttribute('data-state', 'done', { timeout: 100_000 });
  await expect(page.getByText('StatLib')).toBeVisible();
  await expect(page.locator('[data-param="metric"] select')).toHaveValue('mae');
  // the guess is an error in miles per gallon, not a rate
  await expect(page.locator('.predict input').first()).toHaveAttribute('placeholder', '0 to 30');
  const offline = Number(await value(page, 'offline_score'));
  const late = Number(await value(page, 'last_week_score'));
  expect(late).toBeGreaterThanOrEqual(3 * offline);
  // the timeline's table writes model years as years
  const timeline = page.getByRole('figure').filter({ hasText: 'year by year' }).first();
  await timeline.getByRole('button', { name: 'Show as table' }).click();
  await expect(timeline.locator('table tbody th').first()).toHaveText(/^19[78]\d$/);

  await page.goto('./#/sim/staleness?data=weather&backend=wasm&run=1'); // another lab address: the lab mounts afresh
  await page.goto('./#/sim/staleness?data=weather&backend=wasm&run=1');
  await expect(lab(page)).toHaveAttribute('data-state', 'done', { timeout: 100_000 });
  await expect(page.getByText('NOAA')).toBeVisible();
  expect(Number(await value(page, 'fog_share_first'))).toBeLessThan(0.02);
  expect(Number(await value(page, 'fog_share_last'))).toBeGreaterThan(0.1);
  expect(Number(await value(page, 'fog_recall_frozen'))).toBeLessThanOrEqual(0.1);
  await expect(page.getByRole('figure').filter({ hasText: 'What the labels say' })).toBeVisible();
  expect(errors).toEqual([]);
});

test('axe finds nothing on the lab, before and after a run with monitoring', async ({ page }) => {
  test.setTimeout(120_000);
  await page.goto(`./#/sim/staleness?${SHORT}&monitor=both&retrain=weekly`);
  await expect(lab(page)).toBeVisible();
  expect(await axeViolations(page)).toEqual([]);
  await page.locator('[data-action="run"]').click();
  await expect(lab(page)).toHaveAttribute('data-state', 'done', { timeout: 100_000 });
  await page.locator('[data-action="pin"]').click();
  expect(await axeViolations(page)).toEqual([]);
});

test('the lesson embeds its labs and reads before any lab runs', async ({ page }) => {
  const errors = watchErrors(page);
  await page.goto('./#/lessons/stale-data');
  await expect(page.getByRole('heading', { level: 1 })).toContainText('Stale data');
  await expect(page.locator('[data-lesson-sim="staleness"]')).toHaveCount(4);
  await expect(page.locator('[data-predict="stale-last-week"]')).toBeVisible();
  await expect(page.locator('[data-check]')).toHaveCount(3);
  await expect(page.locator('[data-sandbox-link]').nth(1)).toHaveAttribute('href', /data=weather/);
  expect(await axeViolations(page)).toEqual([]);
  expect(errors).toEqual([]);
});
