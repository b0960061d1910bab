import { test, expect, type Page } from '@playwright/test';
import { watchErrors, valueOf as value, exportJson } from './helpers';

const lab = (page: Page) => page.locator('[data-sim="business-metrics"]');
const current = (page: Page, name: string) => page.locator(`[data-metric="${name}"]:not([data-run="pinned"] *)`);
const num = async (page: Page, name: string) => Number(await value(page, name));
const SCOREBOARD = ['accuracy_a', 'accuracy_b', 'roc_auc_a', 'roc_auc_b', 'profit_a', 'profit_b'];
const SMALL = 'backend=wasm&n=5000&epochs=4';

test('the predict-first prompt is answered by the run', async ({ page }) => {
  test.setTimeout(120_000);
  await page.goto(`./#/sim/business-metrics?${SMALL}`);
  const prompt = page.locator('[data-predict-ship]');
  await expect(prompt).toContainText('Pick one, then press Run');
  await prompt.getByLabel('B — it is the better model').check();
  await page.locator('[data-action="run"]').click();
  await expect(lab(page)).toHaveAttribute('data-state', 'done', { timeout: 100_000 });
  await expect(prompt).toContainText(/A earns .* and B earns/);
  const richer = (await num(page, 'profit_a')) > (await num(page, 'profit_b')) ? 'otherwise' : 'agrees';
  await expect(prompt).toContainText(richer === 'otherwise' ? 'The run says otherwise.' : 'The run agrees with you.');
});

test('threshold, costs and objective re-score without a new run; pinning keeps the old numbers; export matches the screen', async ({ page }) => {
  test.setTimeout(150_000);
  await page.goto(`./#/sim/business-metrics?${SMALL}&run=1`);
  await expect(lab(page)).toHaveAttribute('data-state', 'done', { timeout: 100_000 });
  const before = { accB: await value(page, 'accuracy_b'), aucB: await value(page, 'roc_auc_b'), profitA: await value(page, 'profit_a'), shownB: await value(page, 'shown_b') };
  await page.locator('[data-action="pin"]').click();
  await expect(page.locator('[data-run="pinned"]')).toBeVisible();

  const slider = page.locator('[data-param="threshold"] input[type="range"]');
  await slider.focus();
  for (let i = 0; i < 30; i++) await slider.press('ArrowLeft'); // 0.5 → 0.2
  await expect(page.locator('[data-param="threshold"] output')).toHaveText('0.2');
  await expect(lab(page)).toHaveAttribute('data-state', 'done'); // live: no retraining
  expect(await num(page, 'shown_b')).toBeGreaterThan(Number(before.shownB));
  expect(await value(page, 'accuracy_b')).not.toBe(before.accB);
  expect(await value(page, 'roc_auc_b')).toBe(before.aucB); // threshold-free
  expect(await value(page, 'accuracy_b', 'pinned')).toBe(before.accB);
  expect(await value(page, 'profit_a', 'pinned')).toBe(before.profitA);

  const profitA = await num(page, 'profit_a');
  const fpA = await num(page, 'fp_a');
  const breakEven = await num(page, 'break_even_threshold');
  const clickValue = await num(page, 'click_value_mean');
  expect(breakEven).toBeCloseTo(0.1 / (0.1 + clickValue), 9);
  const cost = page.locator('[data-param="cost_fp"] input[type="range"]');
  await cost.focus();
  for (let i = 0; i < 10; i++) await cost.press('ArrowRight'); // 0.1 → 0.2
  await expect(page.locator('[data-param="cost_fp"] output')).toHaveText('0.2');
  await expect(lab(page)).toHaveAttribute('data-state', 'done');
  expect(await num(page, 'profit_a')).toBeCloseTo(profitA - 0.1 * fpA, 6);
  // break-even is live: cost_fp ÷ (cost_fp + value_scale × mean clicked value), no retraining
  expect(await num(page, 'break_even_threshold')).toBeCloseTo(0.2 / (0.2 + clickValue), 9);
  expect(await num(page, 'break_even_threshold')).toBeGreaterThan(breakEven);

  await page.locator('[data-param="objective"] select').selectOption('profit');
  await expect(lab(page)).toHaveAttribute('data-state', 'done');
  await expect(page.locator('tr[aria-current="true"] th')).toContainText('Profit');

  const json = await exportJson(page);
  expect(json.sim).toBe('business-metrics');
  expect(json.backend).toBe('wasm');
  expect(json.params.threshold).toBe(0.2);
  expect(json.params.cost_fp).toBe(0.2);
  expect(json.params.objective).toBe('profit');
  for (const [name, v] of Object.entries(json.metrics)) {
    expect(await value(page, name), name).toBe(v === null ? '' : String(v));
  }
  const p = json.predictions;
  expect(p.y_true.length).toBe(1000);
  for (const k of ['y_score_a', 'y_score_b', 'value']) expect(p[k].length, k).toBe(1000);
  // the profit on screen is recomputed exactly from the exported predictions
  let recomputed = 0;
  for (let i = 0; i < p.y_true.length; i++) {
    if (p.y_score_a[i] >= 0.2) recomputed += p.y_true[i] ? json.params.value_scale * p.value[i] : -json.params.cost_fp;
    else if (p.y_true[i]) recomputed -= json.params.cost_fn;
  }
  expect(json.metrics.profit_a).toBeCloseTo(recomputed, 6);
});

test('the lesson embeds the lab, whose run answers its predict-first question', async ({ page }) => {
  test.setTimeout(150_000);
  const errors = watchErrors(page);
  await page.goto('./#/lessons/business-vs-ml-metrics');
  await expect(page.getByRole('heading', { level: 1 })).toContainText('the more accurate model that earns less');
  await expect(page.locator('[data-check]')).toHaveCount(3);
  const embedded = page.locator('[data-lesson-sim="business-metrics"]');
  await expect(embedded.locator('[data-sim="business-metrics"]')).toBeVisible({ timeout: 30_000 });
  await expect(embedded.locator('[data-sandbox-link]')).toHaveAttribute('href', '#/sim/business-metrics');
  await embedded.locator('[data-action="run"]').click();
  await expect(embedded.locator('[data-sim]')).toHaveAttribute('data-state', 'done', { timeout: 140_000 });
  await expect(page.locator('[data-predict="business-ship-b"]')).toHaveAttribute('data-revealed', 'true');
  // the lesson's quoted numbers are the lab's (the unit test pins the text; this checks the page)
  const profitA = await embedded.locator('[data-metric="profit_a"]').first().textContent();
  await expect(page.locator('.lesson, main').first()).toContainText(`A earns ${profitA}`);
  expect(errors).toEqual([]);
});
