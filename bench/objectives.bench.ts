import { it } from 'vitest';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import '@tensorflow/tfjs-backend-wasm';
import { run } from '../src/sims/objectives/scenario';
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

/** The objectives lab's default runs per backend: the newsfeed part (13 trainings) and the loss part (2). */
it('objectives lab, default runs per backend, Node', async () => {
  for (const backend of ['cpu', 'wasm'] as const) {
    await tf.setBackend(backend);
    await tf.ready();
    await run({ epochs: '1' }, ctx(backend)); // warm-up
    for (const [name, params] of [
      ['newsfeed part (coupled, 11 + 2 models, 10 epochs)', {}],
      ['loss part (cross-entropy + squared error, 10 epochs)', { part: 'loss' }],
    ] as const) {
      const times: number[] = [];
      let perModel = '';
      for (let i = 0; i < REPEATS; i++) {
        const t0 = now();
        const r = await run(params, ctx(backend));
        times.push(now() - t0);
        if (r.part === 'objectives') {
          const all = [...r.coupledMs, ...r.decoupledMs];
          perModel = `, one training ${ms(median(all))}, one re-rank ${r.rerankMs.toFixed(2)} ms`;
        }
      }
      console.log(`objectives lab, ${name} on ${backend} (Node): median ${ms(median(times))} [${runs(times)}]${perModel}`);
    }
  }
});
