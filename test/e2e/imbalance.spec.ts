import { test, expect, type Page } from '@playwright/test';
import { watchErrors, valueOf as value, exportJson } from './helpers';

const METRICS = ['accuracy', 'baseline_accuracy', 'precision', 'recall', 'f1', 'roc_auc', 'pr_auc', 'log_loss'];
const lab = (page: Page) => page.locator('[data-sim="imbalance"]');

test('a link with params shows them in the controls and, with run=1, finishes by itself', async ({ page }) => {
  test.setTimeout(120_000);
  await page.goto('./#/sim/imbalance?pos=0.005&remedy=weights&seed=3&run=1&backend=wasm&n=20000');
  await expect(page.locator('[data-param="remedy"] select')).toHaveValue('weights');
  await expect(page.locator('[data-param="pos"] output')).toHaveText('0.005');
  await expect(lab(page)).toHaveAttribute('data-state', 'done', { timeout: 100_000 });
  await page.locator('summary', { hasText: 'Advanced' }).click();
  await expect(page.locator('[data-param="seed"] input')).toHaveValue('3');
});

test('moving the threshold re-scores without a new run; pinning keeps the old numbers; export matches the screen', async ({ page }) => {
  test.setTimeout(120_000);
  await page.goto('./#/sim/imbalance?backend=wasm&n=20000&pos=0.05&run=1');
  await expect(lab(page)).toHaveAttribute('data-state', 'done', { timeout: 100_000 });
  const before = { p: await value(page, 'precision'), r: await value(page, 'recall'), auc: await value(page, 'roc_auc') };
  await page.locator('[data-action="pin"]').click();
  await expect(page.locator('[data-run="pinned"]')).toBeVisible();

  const slider = page.locator('[data-param="threshold"] input[type="range"]');
  await slider.focus();
  for (let i = 0; i < 30; i++) await slider.press('ArrowLeft'); // 0.5 → 0.2 in steps of 0.01
  await expect(page.locator('[data-param="threshold"] output')).toHaveText('0.2');
  await expect(lab(page)).toHaveAttribute('data-state', 'done'); // a live param keeps `done`
  expect(await value(page, 'recall')).not.toBe(before.r);
  expect(Number(await value(page, 'recall'))).toBeGreaterThan(Number(before.r));
  expect(await value(page, 'roc_auc')).toBe(before.auc); // threshold-free numbers do not move
  // the same scores with the classes weighted 50:50: ROC-AUC as before, PR-AUC higher
  expect(Math.abs(Number(await value(page, 'roc_auc_balanced')) - Number(before.auc))).toBeLessThan(1e-9);
  expect(Number(await value(page, 'pr_auc_balanced'))).toBeGreaterThan(Number(await value(page, 'pr_auc')));
  // the pinned run still shows the numbers it had
  expect(await value(page, 'recall', 'pinned')).toBe(before.r);
  expect(await value(page, 'precision', 'pinned')).toBe(before.p);

  const json = await exportJson(page);
  expect(json.sim).toBe('imbalance');
  expect(json.backend).toBe('wasm');
  expect(json.params.threshold).toBe(0.2);
  for (const [name, v] of Object.entries(json.metrics)) {
    const shown = await value(page, name);
    expect(shown, name).toBe(v === null ? '' : String(v));
  }
  expect(json.predictions.y_true.length).toBe(json.predictions.y_score.length);
  expect(json.predictions.y_true.length).toBe(4000);
});

test('birdstrikes mode runs on the real data and credits it', async ({ page }) => {
  test.setTimeout(120_000);
  const errors = watchErrors(page);
  await page.goto('./#/sim/imbalance?data=birdstrikes&backend=wasm&run=1');
  await expect(lab(page)).toHaveAttribute('data-state', 'done', { timeout: 100_000 });
  await expect(page.getByText('FAA Wildlife Strike Database')).toBeVisible();
  expect(Number(await value(page, 'roc_auc'))).toBeGreaterThan(0.5);
  expect(Number(await value(page, 'test_positives'))).toBeGreaterThan(100);
  expect(errors).toEqual([]);
});


test('Step and then Resume, pressed before the engine has loaded, still run on to done', async ({ page }) => {
  test.setTimeout(120_000);
  await page.goto('./#/sim/imbalance?backend=wasm&n=5000');
  await expect(lab(page)).toHaveAttribute('data-state', 'idle');
  // both in one task: the run's handle is still on its way when Resume is pressed
  await page.evaluate(() => {
    document.querySelector<HTMLButtonElement>('[data-action="step"]')!.click();
    document.querySelector<HTMLButtonElement>('[data-action="run"]')!.click();
  });
  await expect(lab(page)).toHaveAttribute('data-state', 'done', { timeout: 100_000 });
});
