import { test, expect, type Page } from '@playwright/test';
import AxeBuilder from '@axe-core/playwright';
import { readFileSync } from 'node:fs';
import { watchErrors } from './helpers';

const lab = (page: Page) => page.locator('[data-sim="framing"]');
const metric = (page: Page, name: string) => page.locator(`[data-metric="${name}"]:not([data-run="pinned"] *)`);
const value = async (page: Page, name: string) => metric(page, name).getAttribute('data-value');
const done = (page: Page) => expect(lab(page)).toHaveAttribute('data-state', 'done', { timeout: 150_000 });

async function exportJson(page: Page) {
  await page.locator('[data-export-menu]').click();
  const download = page.waitForEvent('download');
  await page.locator('[data-export="json"]').click();
  const file = await (await download).path();
  return JSON.parse(readFileSync(file!, 'utf8'));
}

/** Every exported metric is on screen exactly once (outside a pinned run), with the same value. */
async function expectScreenMatches(page: Page, metrics: Record<string, number | null>) {
  for (const [name, v] of Object.entries(metrics)) {
    await expect(metric(page, name), name).toHaveCount(1);
    expect(await value(page, name), name).toBe(v === null ? '' : String(v));
  }
}

test('routing runs to done at its defaults: metrics, the predict prompt answered, sample scores on a click', async ({ page }) => {
  test.setTimeout(180_000);
  const errors = watchErrors(page);
  await page.goto('./#/sim/framing?backend=wasm');
  await expect(lab(page)).toHaveAttribute('data-state', 'idle');
  await expect(page.getByText('Predict first')).toBeVisible();
  await page.locator('[data-action="run"]').click();
  await done(page);
  for (const name of ['accuracy', 'macro_f1', 'label_recall', 'f1_accounting', 'f1_inventory', 'f1_hr', 'f1_it']) {
    const v = Number(await value(page, name));
    expect(v, name).toBeGreaterThan(0.5);
    expect(v, name).toBeLessThanOrEqual(1);
  }
  // one department per request cannot recover the second departments
  expect(Number(await value(page, 'label_recall'))).toBeLessThan(0.82);
  await expect(page.locator('.predict .answer').first()).toContainText('The run shows');
  // a two-department sample: its scores appear, the top one predicted
  const samples = page.locator('[data-samples] button');
  await expect(samples.first()).toBeVisible();
  await samples.last().click();
  await expect(samples.last()).toHaveAttribute('aria-pressed', 'true');
  await expect(page.locator('[data-sample-score]')).toHaveCount(4);
  await expect(page.getByText('✓ yes')).toHaveCount(1);
  await expect(page.locator('[data-backend]').first()).toHaveAttribute('data-backend', 'wasm');
  expect(errors).toEqual([]);
});

test('multilabel from a link: the threshold re-scores live, pinning keeps the old numbers, export equals the screen', async ({ page }) => {
  test.setTimeout(180_000);
  await page.goto('./#/sim/framing?framing=multilabel&n=1500&seed=2&run=1&backend=wasm');
  await expect(page.locator('[data-param="framing"] select')).toHaveValue('multilabel');
  await done(page);
  const before = { subset: await value(page, 'subset_accuracy'), recall: await value(page, 'label_recall') };
  await page.locator('[data-action="pin"]').click();
  await expect(page.locator('[data-run="pinned"]')).toBeVisible();
  const slider = page.locator('[data-param="threshold"] input[type="range"]');
  await slider.focus();
  for (let i = 0; i < 30; i++) await slider.press('ArrowLeft');
  await expect(page.locator('[data-param="threshold"] output')).toHaveText('0.2');
  await expect(lab(page)).toHaveAttribute('data-state', 'done');
  expect(Number(await value(page, 'label_recall'))).toBeGreaterThan(Number(before.recall));
  await expect(page.locator('[data-run="pinned"] [data-metric="label_recall"]')).toHaveAttribute('data-value', before.recall!);
  await expect(page.locator('[data-run="pinned"] [data-metric="subset_accuracy"]')).toHaveAttribute('data-value', before.subset!);

  const json = await exportJson(page);
  expect(json.sim).toBe('framing');
  expect(json.backend).toBe('wasm');
  expect(json.params.threshold).toBe(0.2);
  await expectScreenMatches(page, json.metrics);
  expect(json.predictions.y_true.length).toBe(json.predictions.y_score.length);
  expect(Math.abs(json.predictions.y_true.length - 300)).toBeLessThanOrEqual(2); // 20 % of 1,500, split by first department
  expect(json.predictions.y_score[0].length).toBe(4);
  expect(json.predictions.y_true[0].length).toBe(4);
});

test('bad params are clamped or reset with visible notices and no console error', async ({ page }) => {
  const errors = watchErrors(page);
  await page.goto('./#/sim/framing?n=-5&multi=3&framing=regression&buckets=50&backend=wasm');
  const notices = page.locator('[data-notices]');
  for (const p of ['n', 'multi', 'framing', 'buckets']) await expect(notices.locator(`[data-notice="${p}"]`)).toBeVisible();
  await expect(page.locator('[data-param="n"] output')).toHaveText('500');
  await expect(page.locator('[data-param="multi"] output')).toHaveText('0.6');
  await expect(page.locator('[data-param="framing"] select')).toHaveValue('multiclass');
  expect(errors).toEqual([]);
});

test('Legal arrives: multilabel trains one new output and the old departments’ F1 stays put', async ({ page }) => {
  test.setTimeout(180_000);
  await page.goto('./#/sim/framing?framing=multilabel&change=legal&n=1500&run=1&backend=wasm');
  await done(page);
  expect(await value(page, 'old_f1_shift')).toBe('0');
  for (const d of ['accounting', 'inventory', 'hr', 'it']) expect(await value(page, `f1_${d}_after`)).toBe(await value(page, `f1_${d}`));
  expect(Number(await value(page, 'retrained_weights'))).toBeGreaterThan(0);
  expect(Number(await value(page, 'f1_legal'))).toBeGreaterThan(0.5);
  await expect(page.locator('figcaption', { hasText: 'F1 per department, before and after Legal' })).toBeVisible();
});

test('cars: classification shows accuracy against error by buckets, credits the data and exports what it shows', async ({ page }) => {
  test.setTimeout(180_000);
  const errors = watchErrors(page);
  await page.goto('./#/sim/framing?task=quantity&framing=classification&splits=3&run=1&backend=wasm');
  await expect(page.locator('[data-param="data"] select')).toHaveValue('cars');
  await done(page);
  await expect(page.getByText('StatLib archive')).toBeVisible();
  expect(await value(page, 'rows_used')).toBe('392');
  expect(await value(page, 'rows_dropped')).toBe('14');
  expect(Number(await value(page, 'accuracy'))).toBeGreaterThan(0.5);
  expect(Number(await value(page, 'mae'))).toBeGreaterThan(1);
  await expect(page.locator('figcaption', { hasText: 'Accuracy by number of buckets' })).toBeVisible();
  await expect(page.locator('figcaption', { hasText: 'Error by number of buckets' })).toBeVisible();
  const json = await exportJson(page);
  await expectScreenMatches(page, json.metrics);
  expect(json.predictions.y_pred.length).toBe(3 * 78);
  expect(json.predictions.y_prob[0].length).toBe(5);
  expect(errors).toEqual([]);
});

test('keyboard alone reaches Run, runs the lab and opens a sample request', async ({ page }) => {
  test.setTimeout(180_000);
  await page.goto('./#/sim/framing?backend=wasm&n=800');
  await expect(lab(page)).toBeVisible();
  let reached = false;
  for (let i = 0; i < 60 && !reached; i++) {
    await page.keyboard.press('Tab');
    reached = await page.evaluate(() => document.activeElement?.getAttribute('data-action') === 'run');
  }
  expect(reached).toBe(true);
  await page.keyboard.press('Enter');
  await done(page);
  const second = page.locator('[data-samples] button').nth(1);
  await second.focus();
  await page.keyboard.press('Enter');
  await expect(second).toHaveAttribute('aria-pressed', 'true');
});


test('axe finds nothing on the lab, before and after a run, for both tasks', async ({ page }) => {
  test.setTimeout(300_000);
  for (const q of ['n=800&change=legal', 'task=quantity&framing=classification&splits=2']) {
    await page.goto(`./#/sim/framing?backend=wasm&${q}`);
    await expect(lab(page)).toBeVisible();
    const before = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa']).analyze();
    expect(before.violations).toEqual([]);
    await page.locator('[data-action="run"]').click();
    await done(page);
    await page.locator('[data-action="pin"]').click();
    const after = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa']).analyze();
    expect(after.violations).toEqual([]);
  }
});

test('the lesson embeds the lab four times, each with its own predict-first question, and passes axe', async ({ page }) => {
  test.setTimeout(120_000);
  const errors = watchErrors(page);
  await page.goto('./#/lessons/framing');
  await expect(page.locator('h1')).toContainText('Framing the problem');
  await expect(page.locator('[data-lesson-sim="framing"]')).toHaveCount(4);
  await expect(page.locator('[data-predict]')).toHaveCount(3);
  await expect(page.locator('[data-check]')).toHaveCount(3);
  await expect(page.locator('[data-sim="framing"]')).toHaveCount(4, { timeout: 60_000 });
  // hidden controls stay hidden: the first lab shows no task or bucket control
  await expect(page.locator('[data-lesson-sim="framing"]').first().locator('[data-param="task"]')).toHaveCount(0);
  const axe = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa']).analyze();
  expect(axe.violations).toEqual([]);
  expect(errors).toEqual([]);
});
