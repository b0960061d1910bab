import { test, expect, type Page } from '@playwright/test';
import { watchErrors, valueOf as value, exportJson, axeViolations } from './helpers';

// The mind-versus-data lab in the browser, on wasm. Most tests use the quick preset (4 sizes × 1
// repeat, a few seconds); one runs the full default sweep.
const QUICK = 'sizes=100,500,2000,30000&repeats=1';
const lab = (page: Page) => page.locator('[data-sim="data-vs-algorithm"]');
const done = (page: Page, timeout = 100_000) => expect(lab(page)).toHaveAttribute('data-state', 'done', { timeout });

test('the quick preset: curves fill in with a progress bar, every number is a hook, the export matches the screen', async ({ page }) => {
  test.setTimeout(150_000);
  const errors = watchErrors(page);
  await page.goto('./#/sim/data-vs-algorithm?backend=wasm');
  await expect(lab(page)).toHaveAttribute('data-state', 'idle');
  await page.getByRole('button', { name: /Quick, for live demos/ }).click();
  await expect(page).toHaveURL(/sizes=100,500,2000,30000/);
  await expect(page).toHaveURL(/repeats=1/);
  await page.getByRole('button', { name: 'Logistic regression with 30,000 rows' }).click(); // predict first
  await page.locator('[data-action="run"]').click();
  await expect(page.locator('progress')).toBeVisible();
  await expect(page.locator('.progress')).toContainText(/% done/);
  await done(page);
  await expect(page.getByText(/the run.s answer/)).toBeVisible();
  // the fifth learner, the wave-feature model, is in the legend, the table and the export like the others
  await expect(lab(page).getByText('Logistic regression + wave features').first()).toBeVisible();
  await expect(lab(page).locator('table.acc th[scope="col"]', { hasText: 'Wave features' }).first()).toBeVisible();
  expect(Number(await value(page, 'bias_gain'))).toBeGreaterThan(0.02);
  await expect(lab(page).getByText(/Used all 300 steps in every repeat/)).toBeVisible();
  for (const algo of ['logreg', 'mlp-small', 'mlp-large', 'knn', 'wave']) {
    for (const size of [100, 500, 2000, 30000]) {
      const v = await value(page, `acc_${algo}_${size}`);
      expect(Number(v), `${algo} ${size}`).toBeGreaterThan(0.5);
    }
    expect(Number(await value(page, `more_but_worse_${algo}`))).toBeLessThan(0.05);
  }
  expect(Number(await value(page, 'data_gain'))).toBeGreaterThan(0.03);
  await expect(page.locator('[data-backend]').first()).toHaveAttribute('data-backend', 'wasm');

  const json = await exportJson(page);
  expect(json.sim).toBe('data-vs-algorithm');
  expect(json.params.sizes).toEqual([100, 500, 2000, 30000]);
  for (const [name, v] of Object.entries(json.metrics)) expect(await value(page, name), name).toBe(v === null ? '' : String(v));
  expect(json.predictions.y_true).toHaveLength(5000);
  expect(json.params.algos).toEqual(['logreg', 'mlp-small', 'mlp-large', 'knn', 'wave']);
  expect(json.predictions.y_pred['wave_100_r1']).toHaveLength(5000);
  // the predictions recount an accuracy on screen
  const pred: number[] = json.predictions.y_pred['mlp-large_2000_r1'];
  const right = pred.reduce((s, p, i) => s + Number(p === json.predictions.y_true[i]), 0) / pred.length;
  expect(right).toBe(json.metrics['acc_mlp-large_2000']);
  expect(errors).toEqual([]);
});

test('a bad algorithm is dropped (the contract suite checks its notice); the algorithm boxes work from the keyboard', async ({ page }) => {
  const errors = watchErrors(page);
  await page.goto('./#/sim/data-vs-algorithm?backend=wasm&algos=logreg,bogus');
  await expect(page.locator('[data-param="algos"]')).toContainText('Logistic regression + wave features');
  await expect(page.locator('[data-notices] [data-notice="algos"]').first()).toBeVisible();
  const boxes = page.locator('[data-param="algos"] input[type="checkbox"]');
  await expect(boxes).toHaveCount(5);
  await expect(boxes.nth(0)).toBeChecked();
  await expect(boxes.nth(0)).toBeDisabled(); // the last one ticked cannot be unticked
  await boxes.nth(3).focus();
  await page.keyboard.press('Space');
  await expect(boxes.nth(3)).toBeChecked();
  await expect(page).toHaveURL(/algos=logreg,knn/);
  expect(errors).toEqual([]);
});

test('a run can be cancelled; axe finds nothing before and after a run; nothing overflows at 360 px', async ({ page }) => {
  test.setTimeout(150_000);
  await page.setViewportSize({ width: 360, height: 800 });
  await page.goto(`./#/sim/data-vs-algorithm?backend=wasm&${QUICK}&extra=2000`);
  await expect(lab(page)).toHaveAttribute('data-state', 'idle');
  expect(await axeViolations(page)).toEqual([]);
  await page.locator('[data-action="run"]').click();
  await expect(page.locator('.progress')).toContainText(/% done/, { timeout: 30_000 });
  await page.locator('[data-action="reset"]').click();
  await expect(lab(page)).toHaveAttribute('data-state', 'idle');
  await page.locator('[data-action="run"]').click();
  await done(page);
  await page.locator('[data-action="pin"]').click();
  await expect(page.locator('[data-run="pinned"]')).toBeVisible();
  expect(await axeViolations(page)).toEqual([]);
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  expect(overflow).toBeLessThanOrEqual(0);
});

test('the diamonds mode runs on the real data and credits it', async ({ page }) => {
  test.setTimeout(150_000);
  const errors = watchErrors(page);
  await page.goto(`./#/sim/data-vs-algorithm?backend=wasm&data=diamonds&algos=logreg,mlp-large&${QUICK}&extra=0&run=1`);
  await done(page);
  await expect(page.getByText('the diamonds data set of ggplot2')).toBeVisible();
  expect(Number(await value(page, 'acc_logreg_100'))).toBeGreaterThan(0.8); // three price classes: chance is about 0.33
  expect(errors).toEqual([]);
});

// A timing, so `npm test` leaves it out (--grep-invert) and `npm run bench` runs it alone.
