// The mind-versus-data lab's sweep: its time per backend in Node (default: 5 algorithms × 8 sizes ×
// 3 repeats + the "more but worse" pairs, 150 models; quick preset: 4 sizes × 1 repeat, 30 models),
// the networks trained stacked (one run per algorithm) against one model at a time, and both sweeps
// on wasm in the system Chromium (the targets: ≤ 30 s and ≤ 10 s). Figures only, no assertions.
import { it } from 'vitest';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import '@tensorflow/tfjs-backend-wasm';
import { execSync, spawn } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from '@playwright/test';
import { run, parse, loadData, CHECK_EVERY, PATIENCE } from '../src/sims/data-vs-algorithm/scenario';
import { withWaveFeatures } from '../src/sims/data-vs-algorithm/data';
import { sweepNetworks, type Chain, type ModelResult } from '../src/sims/data-vs-algorithm/sweep';
import { logisticRegression, mlp } from '../src/engine/model';
import { freeRunning, now } from '../src/engine/control';
import type { JobContext } from '../src/engine/job';
import type { DvaResult } from '../src/sims/data-vs-algorithm/results';
import { findChromium } from '../test/e2e/chromium.mjs';
import { median } from './stats';

const REPEATS = 3;
const QUICK = { sizes: '100,500,2000,30000', repeats: '1' };
const s = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
const secs = (xs: number[]) => xs.map((x) => (x / 1000).toFixed(1)).join(', ');
const context = (backend: string): JobContext => ({
  control: freeRunning(),
  backend: { name: backend, requested: backend, reason: 'bench', softwareGl: false, renderer: null } as JobContext['backend'],
  emit: () => {},
  fetchText: (path) => readFile(`public/${path}`, 'utf8'),
});

async function sweep(params: Record<string, string>, backend: string): Promise<{ ms: number; r: DvaResult }> {
  const t0 = now();
  const r = await run(params, context(backend));
  return { ms: now() - t0, r };
}

it('mind-versus-data sweep per backend, Node', async () => {
  for (const backend of ['wasm', 'cpu']) {
    await tf.setBackend(backend);
    await tf.ready();
    await sweep({ sizes: '50,100', repeats: '1', extra: '0' }, backend); // warm-up
    for (const [name, params, times] of [
      ['quick preset (30 models)', QUICK, REPEATS],
      // cpu: k-NN's distances alone take minutes there, so the default sweep runs once
      ['default (150 models)', {}, backend === 'cpu' ? 1 : REPEATS],
    ] as const) {
      const ms: number[] = [];
      let last: DvaResult | null = null;
      for (let i = 0; i < times; i++) {
        const t = await sweep(params, backend);
        ms.push(t.ms);
        last = t.r;
      }
      const per = last!.algos.map((a, i) => `${a} ${s(last!.algoMs[i])}`).join(', ');
      console.log(`data-vs-algorithm ${name} on ${backend} (Node): ${times > 1 ? 'median ' : ''}${s(median(ms))} [${secs(ms)}]; last run: ${per}`);
    }
  }
});

it('networks stacked (one run per algorithm) against one model at a time, wasm, Node', async () => {
  await tf.setBackend('wasm');
  await tf.ready();
  const p = parse({});
  const data = await loadData(p, context('wasm'));
  const specs = {
    logreg: logisticRegression(data.set.d),
    'mlp-small': mlp(data.set.d, [16]),
    'mlp-large': mlp(data.set.d, [32, 32]),
    wave: logisticRegression(data.set.d + 2),
  };
  const wide = withWaveFeatures(data.set);
  const opts = { lr: p.lr, batch: p.batch, steps: p.steps, checkEvery: CHECK_EVERY, patience: PATIENCE };
  const hooks = { groupOf: (c: number, k: number) => `${c}:${k}`, onDone: () => {} };
  for (const [algo, spec] of Object.entries(specs)) {
    const stacked: number[] = [];
    const single: number[] = [];
    let a: ModelResult[] = [];
    let b: ModelResult[] = [];
    for (let i = 0; i < REPEATS; i++) {
      let t0 = now();
      const set = algo === 'wave' ? wide : data.set;
      a = await sweepNetworks(set, data.chains, { spec, ...opts }, freeRunning(), hooks);
      stacked.push(now() - t0);
      t0 = now();
      b = [];
      for (const [ci, c] of data.chains.entries()) {
        for (const [k, cut] of c.cuts.entries()) {
          const one: Chain = { rows: c.rows, cuts: [cut], seeds: [c.seeds[k]] };
          const [m] = await sweepNetworks(set, [one], { spec, ...opts }, freeRunning(), hooks);
          b.push({ ...m, chain: ci, cut: k });
        }
      }
      single.push(now() - t0);
    }
    const diff = Math.max(...a.map((m, j) => Math.abs(m.accuracy - b[j].accuracy)));
    console.log(
      `data-vs-algorithm ${algo}, ${a.length} models, default sweep on wasm (Node): stacked median ${s(median(stacked))} [${secs(stacked)}], one at a time median ${s(median(single))} [${secs(single)}] (${(median(single) / median(stacked)).toFixed(1)}×); largest accuracy difference between the two ${diff.toExponential(1)}`,
    );
  }
});

it('mind-versus-data sweep on wasm in the system Chromium (built site)', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'mlsd-dva-bench-'));
  const port = 4398;
  execSync(`npx vite build --logLevel error --outDir ${dir} --emptyOutDir`, { stdio: 'inherit' });
  const server = spawn('node', ['test/e2e/static-server.mjs', dir, String(port)], { stdio: 'ignore' });
  await new Promise((r) => setTimeout(r, 500));
  const browser = await chromium.launch({ executablePath: findChromium() ?? undefined, args: ['--no-sandbox', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic'] });
  try {
    for (const [name, query] of [
      ['quick preset (30 models)', `sizes=${QUICK.sizes}&repeats=${QUICK.repeats}`],
      ['default (150 models)', ''],
    ] as const) {
      const times: number[] = [];
      for (let i = 0; i < REPEATS; i++) {
        const page = await browser.newPage();
        await page.goto(`http://127.0.0.1:${port}/#/sim/data-vs-algorithm?backend=wasm&${query}`);
        const lab = page.locator('[data-sim="data-vs-algorithm"]');
        await lab.waitFor();
        const t0 = Date.now();
        await page.locator('[data-action="run"]').click();
        await page.waitForFunction(() => document.querySelector('[data-sim]')?.getAttribute('data-state') === 'done', null, { timeout: 300_000 });
        times.push(Date.now() - t0);
        await page.close();
      }
      console.log(`data-vs-algorithm ${name} on wasm (Chromium, click to done, TF.js load included): median ${s(median(times))} [${secs(times)}]`);
    }
  } finally {
    await browser.close();
    server.kill();
    rmSync(dir, { recursive: true, force: true });
  }
});

