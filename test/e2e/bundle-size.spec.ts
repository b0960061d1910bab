import { test, expect } from '@playwright/test';
import { readFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';

// DESIGN.md's budget: the JS a page loads before any lab runs stays within 80 KB gzip.
// Sizes are deterministic for a build, so this is a real pass/fail check (timings are not).
const BUDGET = 80 * 1024;

for (const route of ['#/', '#/about', '#/embed']) {
  test(`the JS loaded by ${route} before any run fits in 80 KB gzip`, async ({ page }) => {
    const js: string[] = [];
    page.on('response', (r) => {
      const url = new URL(r.url());
      if (url.pathname.endsWith('.js')) js.push(url.pathname);
    });
    await page.goto('./' + route);
    await page.waitForLoadState('networkidle');
    const total = js.reduce((sum, p) => sum + gzipSync(readFileSync((process.env.E2E_DIST ?? 'dist') + p), { level: 9 }).length, 0);
    console.log(`${route}: ${js.length} scripts, ${(total / 1024).toFixed(1)} KB gzip`);
    expect(js.some((p) => /worker|runner/.test(p))).toBe(false);
    expect(total).toBeLessThanOrEqual(BUDGET);
  });
}
