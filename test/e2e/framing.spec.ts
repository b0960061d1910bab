import { test, expect, type Page } from '@playwright/test';
import { watchErrors, valueOf as value, exportJson, axeViolations } from './helpers';

const lab = (page: Page) => page.locator('[data-sim="framing"]');
const metric = (page: Page, name: string) => page.locator(`[data-metric="${name}"]:not([data-run="pinned"] *)`);
const done = (page: Page) => expect(lab(page)).toHaveAttribute('data-state', 'done', { timeout: 150_000 });

/** Every exported metric is on screen exactly once (outside a pinned run), with the same value. */
async function expectScreenMatches(page: Page, metrics: Record<string, number | null>) {
  for (const [name, v] of Object.entries(metrics)) {
    await expect(metric(page, name), name).toHaveCount(1);
    expect(await value(page, name), name).toBe(v === null ? '' : String(v));
  }
}

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

test('multiclass shows its exact-set score beside any-of accuracy, and exports what it shows', async ({ page }) => {
  test.setTimeout(180_000);
  await page.goto('./#/sim/framing?n=1500&run=1&backend=wasm');
  await done(page);
  const accuracy = Number(await value(page, 'accuracy'));
  const subset = Number(await value(page, 'subset_accuracy'));
  // one department per request is the exact set only for a one-department request
  expect(subset).toBeGreaterThan(0);
  expect(subset).toBeLessThan(accuracy);
  await expect(lab(page).locator('.verdict')).toContainText('exact set right for');
  const json = await exportJson(page);
  await expectScreenMatches(page, json.metrics);
  expect(json.metrics.subset_accuracy).toBe(subset);
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
  await page.locator('[data-action="pin"]').click();
  expect((await axeViolations(page))).toEqual([]);
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
  await page.keyboard.press('Escape');
  await page.locator('[data-action="pin"]').click();
  expect((await axeViolations(page))).toEqual([]);
  expect(errors).toEqual([]);
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
  expect(await axeViolations(page)).toEqual([]);
  expect(errors).toEqual([]);
});
