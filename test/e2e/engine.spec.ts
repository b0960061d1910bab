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

test('a lost WebGL context mid-run: the run starts again on WASM, finishes, and the badge says why', async ({ page }) => {
  test.setTimeout(150_000);
  const errors = watchErrors(page);
  await page.goto('./#/sim/imbalance?backend=webgl&n=5000&epochs=20');
  const lab = page.locator('[data-sim="imbalance"]');
  await page.locator('[data-action="run"]').click();
  await expect(page.locator('[data-status]')).toContainText('epoch', { timeout: 90_000 });
  await expect(lab.locator('[data-backend]')).toHaveAttribute('data-backend', 'webgl');
  // what a GPU reset does to the engine worker's context
  const [worker] = page.workers();
  const lost = await worker.evaluate(() => {
    const engine = (self as unknown as { _tfengine: { backendName: string; backend: { gpgpu?: { gl?: WebGL2RenderingContext } } } })._tfengine;
    const gl = engine.backend.gpgpu?.gl;
    gl?.getExtension('WEBGL_lose_context')?.loseContext();
    return engine.backendName === 'webgl' && !!gl?.isContextLost();
  });
  expect(lost).toBe(true);
  await expect(lab).toHaveAttribute('data-state', 'done', { timeout: 90_000 });
  await expect(lab.locator('[data-backend]')).toHaveAttribute('data-backend', 'wasm');
  await expect(lab.locator('[data-backend]')).toContainText(/WebGL context was lost/);
  expect(Number(await lab.locator('[data-metric="accuracy"]').first().getAttribute('data-value'))).toBeGreaterThan(0.9);
  expect(errors).toEqual([]);
});
