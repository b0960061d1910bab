import { test, expect, type Page } from '@playwright/test';
import AxeBuilder from '@axe-core/playwright';
import { readFileSync } from 'node:fs';
import { watchErrors } from './helpers';

const lab = (page: Page) => page.locator('[data-sim="business-metrics"]');
const current = (page: Page, name: string) => page.locator(`[data-metric="${name}"]:not([data-run="pinned"] *)`);
const value = async (page: Page, name: string, scope: 'current' | 'pinned' = 'current') =>
  (scope === 'pinned' ? page.locator(`[data-run="pinned"] [data-metric="${name}"]`) : current(page, name)).getAttribute('data-value');
const num = async (page: Page, name: string) => Number(await value(page, name));
const SCOREBOARD = ['accuracy_a', 'accuracy_b', 'roc_auc_a', 'roc_auc_b', 'profit_a', 'profit_b'];
const SMALL = 'backend=wasm&n=5000&epochs=4';

test('the lab runs to done at its defaults: B wins accuracy and ROC-AUC, A wins profit, each metric once on screen', async ({ page }) => {
  test.setTimeout(150_000);
  const errors = watchErrors(page);
  await page.goto('./#/sim/business-metrics?backend=wasm');
  await expect(lab(page)).toHaveAttribute('data-state', 'idle');
  // built in the open: how each model is trained is stated before anything runs
  await expect(lab(page).getByText('Value-weighted logistic regression')).toBeVisible();
  await expect(lab(page).getByText('Plain neural network, more capacity')).toBeVisible();
  const t0 = Date.now();
  await page.locator('[data-action="run"]').click();
  await expect(lab(page)).toHaveAttribute('data-state', 'done', { timeout: 140_000 });
  console.log(`default run in the browser (wasm): ${Date.now() - t0} ms`);
  for (const name of SCOREBOARD) {
    const v = await value(page, name);
    expect(v, name).not.toBe('');
    expect(Number.isFinite(Number(v)), name).toBe(true);
  }
  expect(await num(page, 'accuracy_b')).toBeGreaterThan(await num(page, 'accuracy_a'));
  expect(await num(page, 'roc_auc_b')).toBeGreaterThan(await num(page, 'roc_auc_a'));
  expect(await num(page, 'profit_a')).toBeGreaterThan(await num(page, 'profit_b'));
  await expect(lab(page).getByText('By accuracy, B wins')).toBeVisible();
  await expect(lab(page).getByText('By profit, A wins')).toBeVisible();
  const gap = Math.abs((await num(page, 'best_threshold_profit')) - (await num(page, 'best_threshold_accuracy')));
  expect(gap).toBeGreaterThanOrEqual(0.1);
  // every result hook appears once, and none shows NaN
  const names = await page.locator('[data-metric]:not([data-run="pinned"] *)').evaluateAll((els) => els.map((e) => e.getAttribute('data-metric')));
  expect(names.length).toBeGreaterThan(40);
  expect(names.filter((n, i) => names.indexOf(n) !== i)).toEqual([]);
  await expect(lab(page).getByText('NaN')).toHaveCount(0);
  await expect(page.locator('[data-backend]').first()).toHaveAttribute('data-backend', 'wasm');
  expect(errors).toEqual([]);
});

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

test('bad params are clamped or reset with visible notices and no console error', async ({ page }) => {
  const errors = watchErrors(page);
  await page.goto('./#/sim/business-metrics?cost_fp=5&value_scale=0&threshold=abc&objective=revenue&n=-3&backend=wasm');
  const notices = page.locator('[data-notices]');
  for (const p of ['cost_fp', 'value_scale', 'threshold', 'objective', 'n']) await expect(notices.locator(`[data-notice="${p}"]`)).toBeVisible();
  await expect(page.locator('[data-param="cost_fp"] output')).toHaveText('1');
  await expect(page.locator('[data-param="value_scale"] output')).toHaveText('0.1');
  await expect(page.locator('[data-param="threshold"] output')).toHaveText('0.5');
  await expect(page.locator('[data-param="objective"] select')).toHaveValue('impressions');
  await expect(page.locator('[data-param="n"] output')).toHaveText('5,000');
  expect(errors).toEqual([]);
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
  const cost = page.locator('[data-param="cost_fp"] input[type="range"]');
  await cost.focus();
  for (let i = 0; i < 10; i++) await cost.press('ArrowRight'); // 0.1 → 0.2
  await expect(page.locator('[data-param="cost_fp"] output')).toHaveText('0.2');
  await expect(lab(page)).toHaveAttribute('data-state', 'done');
  expect(await num(page, 'profit_a')).toBeCloseTo(profitA - 0.1 * fpA, 6);

  await page.locator('[data-param="objective"] select').selectOption('profit');
  await expect(lab(page)).toHaveAttribute('data-state', 'done');
  await expect(page.locator('tr[aria-current="true"] th')).toContainText('Profit');

  await page.locator('[data-export-menu]').click();
  const download = page.waitForEvent('download');
  await page.locator('[data-export="json"]').click();
  const json = JSON.parse(readFileSync((await (await download).path())!, 'utf8'));
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

test('keyboard alone reaches and runs the lab', async ({ page }) => {
  test.setTimeout(120_000);
  await page.goto(`./#/sim/business-metrics?${SMALL}`);
  await expect(lab(page)).toBeVisible();
  let reached = false;
  for (let i = 0; i < 60 && !reached; i++) {
    await page.keyboard.press('Tab');
    reached = await page.evaluate(() => document.activeElement?.getAttribute('data-action') === 'run');
  }
  expect(reached).toBe(true);
  await page.keyboard.press('Enter');
  await expect(lab(page)).toHaveAttribute('data-state', 'done', { timeout: 100_000 });
});


test('holds at 360 px: nothing wider than the screen after a run', async ({ page }) => {
  test.setTimeout(120_000);
  await page.setViewportSize({ width: 360, height: 800 });
  await page.goto(`./#/sim/business-metrics?${SMALL}&run=1`);
  await expect(lab(page)).toHaveAttribute('data-state', 'done', { timeout: 100_000 });
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  expect(overflow).toBeLessThanOrEqual(0);
  const wide = await page.locator('table').evaluateAll((ts) => ts.filter((t) => t.getBoundingClientRect().right > window.innerWidth + 0.5).length);
  expect(wide).toBe(0);
});

test('axe finds nothing on the lab, before and after a run', async ({ page }) => {
  test.setTimeout(120_000);
  await page.goto(`./#/sim/business-metrics?${SMALL}`);
  await expect(lab(page)).toBeVisible();
  const before = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa']).analyze();
  expect(before.violations).toEqual([]);
  await page.locator('[data-action="run"]').click();
  await expect(lab(page)).toHaveAttribute('data-state', 'done', { timeout: 100_000 });
  await page.locator('[data-action="pin"]').click();
  const after = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa']).analyze();
  expect(after.violations).toEqual([]);
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
