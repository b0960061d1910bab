import { it } from 'vitest';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import '@tensorflow/tfjs-backend-wasm';
import { freeRunning, now } from '../src/engine/control';
import { createProject, runTo, STEPS } from '../src/sims/iterative/pipeline';
import { median, ms, runs } from './stats';
import { run } from '../src/sims/iterative/scenario';
import { carrySlots } from '../src/engine/job';

const REPEATS = 3;

// The capstone's whole default path (13 steps, Run at each: world, 4 trainings, 2 exploration
// slices, 4 deployments of 14 days) per backend, Node. Goal: well under 30 s on wasm.
it('iterative capstone: the whole default path per backend, Node', async () => {
  for (const backend of ['wasm', 'cpu']) {
    await tf.setBackend(backend);
    await tf.ready();
    const times: number[] = [];
    // a learner walking the rail presses Run at each step: the lab's run, step 1 … 13, each going on from the last
    const walks: number[] = [];
    const perStep: number[][] = Array.from({ length: STEPS }, () => []);
    let summary = '';
    for (let i = 0; i < REPEATS; i++) {
      const t0 = now();
      let last = t0;
      const p = await runTo(createProject(1), STEPS, freeRunning(), (n) => {
        const t = now();
        perStep[n - 1].push(t - last);
        last = t;
      });
      times.push(now() - t0);
      const ctx = {
        control: freeRunning(),
        backend: { name: backend, requested: backend, reason: 'bench', softwareGl: false, renderer: null },
        emit: () => {},
        fetchText: async () => '',
        carry: carrySlots()('iterative'),
      } as const;
      const w0 = now();
      for (let step = 1; step <= STEPS; step++) await run({ step: String(step) }, ctx);
      walks.push(now() - w0);
      const r = p.results;
      summary = `segment_error_ratio ${r[5]!.segment_error_ratio.toFixed(1)}, remedy_recall ${r[7]!.remedy_recall?.toFixed(3)}, gap ${r[9]!.gap?.toFixed(3)}, revenue ctr/impressions ${(r[12]!.revenue_ctr / r[12]!.revenue_impressions).toFixed(2)}`;
    }
    console.log(`iterative default path on ${backend} (Node): median ${ms(median(times))} [${runs(times)}]; walking the rail with a Run at each step: median ${ms(median(walks))}; per step (median): ${perStep.map((t, k) => `${k + 1}: ${ms(median(t))}`).join(', ')}; ${summary}`);
  }
});
