import { it } from 'vitest';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import '@tensorflow/tfjs-backend-wasm';
import { run } from '../src/sims/business-metrics/scenario';
import { freeRunning, now } from '../src/engine/control';
import type { JobContext } from '../src/engine/job';
import { median, ms, runs } from './stats';

const REPEATS = 3;
const ctx = (backend: 'cpu' | 'wasm'): JobContext => ({
  control: freeRunning(),
  backend: { name: backend, requested: backend, reason: 'bench', softwareGl: false, renderer: null },
  emit: () => {},
  fetchText: () => Promise.reject(new Error('no files in the bench')),
});

it('business-metrics lab, default run (30,000 impressions; A: weighted logistic regression, B: 8-32-16-1), per backend, Node', async () => {
  for (const backend of ['cpu', 'wasm'] as const) {
    await tf.setBackend(backend);
    await tf.ready();
    await run({ seed: 1, n: 5000, epochs: 1 }, ctx(backend)); // warm-up
    const total: number[] = [];
    const a: number[] = [];
    const b: number[] = [];
    for (let i = 0; i < REPEATS; i++) {
      const t0 = now();
      const r = await run({ seed: 1 }, ctx(backend));
      total.push(now() - t0);
      a.push(r.trainMsA);
      b.push(r.trainMsB);
    }
    console.log(
      `business-metrics default run on ${backend} (Node): median ${ms(median(total))} [${runs(total)}]; training A ${ms(median(a))}, B ${ms(median(b))} (each including its test predictions)`,
    );
  }
});
