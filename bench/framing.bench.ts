// The framing lab (issue 8): time of a whole default run of each framing, per backend, in Node —
// data generation or loading, training, prediction and metrics. Medians of REPEATS runs after a
// warm-up. Figures only, no assertions.
import { it } from 'vitest';
import { readFile } from 'node:fs/promises';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import '@tensorflow/tfjs-backend-wasm';
import { run } from '../src/sims/framing/scenario';
import { framingMetrics, type FramingResult } from '../src/sims/framing/results';
import { schema } from '../src/sims/framing/meta';
import { parseParams } from '../src/engine/params';
import { freeRunning, now } from '../src/engine/control';
import type { JobContext } from '../src/engine/job';
import { median, ms, runs } from './stats';

const REPEATS = 3;
const BACKENDS = ['cpu', 'wasm'] as const;
const CASES: { label: string; params: Record<string, string> }[] = [
  { label: 'routing, binary', params: { framing: 'binary' } },
  { label: 'routing, multiclass (the default)', params: {} },
  { label: 'routing, multilabel', params: { framing: 'multilabel' } },
  { label: 'routing, multiclass + Legal arrives', params: { change: 'legal' } },
  { label: 'routing, multilabel + Legal arrives', params: { framing: 'multilabel', change: 'legal' } },
  { label: 'cars, regression (10 splits)', params: { task: 'quantity' } },
  { label: 'cars, classification (10 splits, 5 bucket counts + regression)', params: { task: 'quantity', framing: 'classification' } },
];

const context = (backend: string): JobContext => ({
  control: freeRunning(),
  backend: { name: backend, requested: backend, reason: 'bench', softwareGl: false, renderer: null } as JobContext['backend'],
  emit: () => {},
  fetchText: (path) => readFile(`public/${path}`, 'utf8'),
});

it('framing lab: one default run per framing, per backend (Node)', async () => {
  for (const backend of BACKENDS) {
    await tf.setBackend(backend);
    await tf.ready();
    await run({ n: '500', epochs: '1' }, context(backend)); // warm-up
    for (const c of CASES) {
      const times: number[] = [];
      let headline = '';
      for (let i = 0; i < REPEATS; i++) {
        const t0 = now();
        const r = (await run(c.params, context(backend))) as FramingResult;
        times.push(now() - t0);
        const m = framingMetrics(r, parseParams(schema, c.params).values);
        const key = ['label_recall', 'f1', 'mae'].find((k) => typeof m[k] === 'number');
        headline = key ? `${key} ${m[key]!.toFixed(3)}` : '';
        if (m.retrain_ms !== undefined) headline += `, retraining ${ms(m.retrain_ms!)}`;
      }
      console.log(`framing: ${c.label} on ${backend} (Node): median ${ms(median(times))} [${runs(times)}], ${headline}`);
    }
  }
});
