// Browser half of the benchmark: serves dist/, opens the About page's engine check in the
// system Chromium once per backend and run, and prints medians. Figures only, no assertions.
import { chromium } from '@playwright/test';
import { spawn } from 'node:child_process';
import { readFileSync, readdirSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { findChromium } from '../test/e2e/chromium.mjs';

const PORT = 4399;
const REPEATS = 3;
const median = (xs) => [...xs].sort((a, b) => a - b)[xs.length >> 1];
const kb = (bytes) => `${(bytes / 1024).toFixed(1)} KB`;
const gz = (path) => gzipSync(readFileSync(path), { level: 9 }).length;

const server = spawn('node', ['test/e2e/static-server.mjs', 'dist', String(PORT)], { stdio: 'ignore' });
await new Promise((r) => setTimeout(r, 500));
const browser = await chromium.launch({
  executablePath: findChromium() ?? undefined,
  args: ['--no-sandbox', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic', '--use-angle=swiftshader', '--enable-unsafe-swiftshader'],
});
try {
  // Sizes: what the home page loads before any run, and the TF.js worker chunk.
  const page = await browser.newPage();
  const js = [];
  page.on('response', (r) => {
    const p = new URL(r.url()).pathname;
    if (p.endsWith('.js')) js.push(p);
  });
  await page.goto(`http://127.0.0.1:${PORT}/#/`);
  await page.waitForLoadState('networkidle');
  await page.close();
  const firstPage = js.reduce((s, p) => s + gz('dist' + p), 0);
  const worker = readdirSync('dist/assets').find((f) => /^worker-.*\.js$/.test(f));
  console.log(`first page JS (home, before any run): ${kb(firstPage)} gzip in ${js.length} files (budget 80 KB)`);
  console.log(`TF.js engine worker chunk: ${kb(gz('dist/assets/' + worker))} gzip`);

  for (const backend of ['wasm', 'cpu', 'webgl']) {
    const ready = [];
    const job = [];
    for (let i = 0; i < REPEATS; i++) {
      const ctx = await browser.newContext();
      const p = await ctx.newPage();
      await p.goto(`http://127.0.0.1:${PORT}/#/about`);
      const check = p.locator('[data-engine-check]');
      await check.getByLabel('Backend').selectOption(backend);
      await check.getByRole('button', { name: 'Run the check' }).click();
      await check.locator('xpath=.').and(p.locator('[data-state="done"]')).waitFor({ timeout: 300_000 });
      ready.push(Number(await check.getAttribute('data-ready-ms')));
      job.push(Number(await check.getAttribute('data-ms')));
      await ctx.close();
    }
    console.log(`browser ${backend}: page load → backend ready median ${median(ready).toFixed(0)} ms [${ready.map((x) => x.toFixed(0)).join(', ')}]; tiny MLP job median ${median(job).toFixed(0)} ms [${job.map((x) => x.toFixed(0)).join(', ')}]`);
  }

  // The capstone walked as a learner walks it: Run at step 1, then the next step and Run, to step 13.
  const walks = [];
  for (let i = 0; i < REPEATS; i++) {
    const ctx = await browser.newContext();
    const p = await ctx.newPage();
    await p.goto(`http://127.0.0.1:${PORT}/#/sim/iterative?backend=wasm`);
    const lab = p.locator('[data-sim="iterative"]');
    await lab.locator('[data-step="1"]').waitFor();
    const t0 = Date.now();
    for (let step = 1; step <= 13; step++) {
      if (step > 1) await p.locator('[data-step-nav="next"]').click();
      await p.locator('[data-action="run"]').click();
      await p.locator(`[data-sim="iterative"][data-state="done"] [data-step="${step}"][data-step-status="done"]`).waitFor({ timeout: 120_000 });
    }
    walks.push(Date.now() - t0);
    await ctx.close();
  }
  console.log(`capstone on wasm: all 13 steps with a Run at each, median ${median(walks)} ms [${walks.join(', ')}] (goal: under 30 s)`);

  // The reliability lab's fleet: a default run (100 regions × 120 days) and the sweep over fleet sizes, as a learner starts them.
  const fleetRuns = [];
  const sweeps = [];
  for (let i = 0; i < REPEATS; i++) {
    const ctx = await browser.newContext();
    const p = await ctx.newPage();
    await p.goto(`http://127.0.0.1:${PORT}/#/sim/reliability?backend=wasm&part=fleet`);
    const lab = p.locator('[data-sim="reliability"]');
    await lab.locator('[data-action="run"]').waitFor();
    let t0 = Date.now();
    await lab.locator('[data-action="run"]').click();
    await p.locator('[data-sim="reliability"][data-state="done"]').waitFor({ timeout: 120_000 });
    fleetRuns.push(Date.now() - t0);
    if (i === 0) {
      t0 = Date.now();
      await lab.locator('[data-action="sweep"]').click();
      await lab.locator('[data-sweep="done"]').waitFor({ timeout: 600_000 });
      sweeps.push(Date.now() - t0);
    }
    await ctx.close();
  }
  console.log(`reliability fleet on wasm: Run (100 regions × 120 days) median ${median(fleetRuns)} ms [${fleetRuns.join(', ')}] (goal: under 10 s); the sweep over 1-200 regions ${sweeps.join(', ')} ms`);
} finally {
  await browser.close();
  server.kill();
}
