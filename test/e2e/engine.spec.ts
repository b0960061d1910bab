import { test, expect } from '@playwright/test';
import { watchErrors } from './helpers';

// The About page's engine check runs the engine's reference job in the page's Worker.
for (const backend of ['wasm', 'webgl'] as const) {
  test(`an engine job runs in the worker and returns snapshots (backend=${backend})`, async ({ page }) => {
    test.setTimeout(180_000);
    const errors = watchErrors(page);
    await page.goto('./#/about');
    const check = page.locator('[data-engine-check]');
    await check.getByLabel('Backend').selectOption(backend);
    await check.getByRole('button', { name: 'Run the check' }).click();
    await expect(check).toHaveAttribute('data-state', 'done', { timeout: 150_000 });
    await expect(check).toHaveAttribute('data-where', 'worker');
    await expect(check).toHaveAttribute('data-backend', backend);
    expect(Number(await check.getAttribute('data-snapshots'))).toBeGreaterThan(1);
    const acc = Number(await check.locator('[data-metric="accuracy"]').getAttribute('data-value'));
    expect(acc).toBeGreaterThanOrEqual(0.9);
    const report = check.locator('[data-backend-report]');
    if (backend === 'webgl') await expect(report).toContainText(/WebGL, as asked — rendered in software/);
    else await expect(report).toContainText('WASM, as asked');
    expect(errors).toEqual([]);
  });
}
