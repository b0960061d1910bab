// #/data in the browser: a generated 1,000,000 rows x 20 columns CSV (the same shape as
// bench/data-file.bench.ts) loaded through the page's file input, read and profiled in its parse
// worker, in the system Chromium. Figures only. Usage: `npx vite build && node bench/data-file.browser.mjs [dist] [port]`.
import { chromium } from '@playwright/test';
import { spawn } from 'node:child_process';
import { findChromium } from '../test/e2e/chromium.mjs';

const DIST = process.argv[2] ?? 'dist';
const PORT = Number(process.argv[3] ?? 4398);
const server = spawn('node', ['test/e2e/static-server.mjs', DIST, String(PORT)], { stdio: 'ignore' });
await new Promise((r) => setTimeout(r, 500));
try {
  const browser = await chromium.launch({ executablePath: findChromium() ?? undefined, args: ['--no-sandbox'] });
  const page = await browser.newPage();
  await page.goto(`http://127.0.0.1:${PORT}/#/data`);
  await page.locator('[data-action="load-file"]').waitFor();
  const size = await page.evaluate(() => {
    let s = 1;
    const rng = () => ((s = (s * 1664525 + 1013904223) >>> 0) / 4294967296);
    const cities = ['Lisbon', 'Porto', 'Braga', 'Faro', 'Coimbra', 'Aveiro', 'Evora', 'Viseu'];
    const parts = ['id,' + Array.from({ length: 12 }, (_, i) => `x${i + 1}`).join(',') + ',city,plan,grade,signup,visits,spend,y\n'];
    let buf = '';
    for (let r = 0; r < 1_000_000; r++) {
      const f = [r + 1];
      for (let i = 0; i < 12; i++) f.push((rng() * 100 - 50).toFixed(3));
      f.push(cities[Math.floor(rng() * 8)], rng() < 0.3 ? 'pro' : 'free', 'ABCDE'[Math.floor(rng() * 5)]);
      f.push(`2024-${String(1 + (r % 12)).padStart(2, '0')}-${String(1 + Math.floor(rng() * 28)).padStart(2, '0')}`, Math.floor(rng() * 40), rng() < 0.05 ? '' : (rng() * 500).toFixed(2), rng() < 0.2 ? 1 : 0);
      buf += f.join(',') + '\n';
      if (buf.length > 1 << 20) (parts.push(buf), (buf = ''));
    }
    parts.push(buf);
    const file = new File(parts, 'million.csv', { type: 'text/csv' });
    const dt = new DataTransfer();
    dt.items.add(file);
    const input = document.querySelector('[data-action="load-file"]');
    input.files = dt.files;
    window.__t0 = performance.now();
    input.dispatchEvent(new Event('change', { bubbles: true }));
    return file.size;
  });
  await page.locator('[data-file-state="loaded"]').waitFor({ timeout: 300_000 });
  const t = await page.evaluate(() => performance.now() - window.__t0);
  const summary = await page.locator('.summary').textContent();
  await page.waitForFunction(() => !document.body.textContent.includes('checking for leakage'), null, { timeout: 300_000 });
  const t2 = await page.evaluate(() => performance.now() - window.__t0);
  console.log(`data-file in Chromium (parse worker): ${(size / 1e6).toFixed(0)} MB, 1,000,000 x 20: loaded+profiled+drawn after ${(t / 1000).toFixed(1)} s, leakage check done at ${(t2 / 1000).toFixed(1)} s; page says: ${summary.replace(/\s+/g, ' ').trim()}`);
  await browser.close();
} finally {
  server.kill();
}
