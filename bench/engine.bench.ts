import { it } from 'vitest';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import '@tensorflow/tfjs-backend-wasm';
import { run as spiralsJob } from '../src/engine/spirals-job';
import { freeRunning, now } from '../src/engine/control';
import { binaryReport } from '../src/engine/metrics';
import { createRng } from '../src/engine/rng';
import { median, ms, runs } from './stats';

const REPEATS = 3;

it('tiny MLP job (engine reference task) per backend, Node', async () => {
  for (const backend of ['cpu', 'wasm']) {
    await tf.setBackend(backend);
    await tf.ready();
    const times: number[] = [];
    let acc = 0;
    await spiralsJob({ seed: 1, epochs: 20 }, { control: freeRunning(), backend: {} as never, emit: () => {}, fetchText: () => Promise.reject(new Error('no files in the bench')) }); // warm-up
    for (let i = 0; i < REPEATS; i++) {
      const t0 = now();
      const r = await spiralsJob({ seed: 1, epochs: 200 }, { control: freeRunning(), backend: {} as never, emit: () => {}, fetchText: () => Promise.reject(new Error('no files in the bench')) });
      times.push(now() - t0);
      acc = r.accuracy as number;
    }
    console.log(`tiny MLP job (2-8-8-1 tanh, spirals, 200 full-batch epochs) on ${backend} (Node): median ${ms(median(times))} [${runs(times)}], test accuracy ${acc.toFixed(3)}`);
  }
});

it('all binary metrics for 1,000,000 scores', () => {
  const n = 1_000_000;
  const rng = createRng(1);
  const y = new Uint8Array(n);
  const s = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    y[i] = rng.bernoulli(0.01);
    s[i] = Math.min(1, Math.max(0, rng.normal(y[i] ? 0.6 : 0.4, 0.15)));
  }
  const times: number[] = [];
  for (let i = 0; i < REPEATS + 1; i++) {
    const t0 = now();
    binaryReport(y, s, 0.5);
    if (i > 0) times.push(now() - t0); // first run warms the JIT
  }
  console.log(`binary metrics (confusion, ROC-AUC, PR-AUC, log loss) on 1,000,000 scores: median ${ms(median(times))} [${runs(times)}]`);
});
