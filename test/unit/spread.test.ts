import { describe, it, expect, beforeAll } from 'vitest';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-wasm';
import { parseParams } from '../../src/engine/params';
import { carrySlots } from '../../src/engine/job';
import { seedsOf, spreadOf } from '../../src/engine/spread';
import { meta, type FaultsResult, type ReliabilityResult } from '../../src/sims/reliability/meta';
import { run } from '../../src/sims/reliability/scenario';
import { faultsView, results } from '../../src/sims/reliability/results';
import { testContext } from './job-context';
import type { JobContext } from '../../src/engine/job';
import type { Repeated } from '../../src/engine/spread';
/** The lab's run, part=faults: its result narrowed to that part. */
async function runFaultsLab(raw: Record<string, unknown>, ctx: JobContext): Promise<FaultsResult & Partial<Repeated<ReliabilityResult>>> {
  const r = await run(raw, ctx);
  if (r.part !== 'faults') throw new Error(`expected a faults result, got ${r.part}`);
  return r;
}


// `seeds=n`: the lab's run for its seed, then the same params for the next n − 1 seeds, each as
// a run of that seed alone would give it; the page reads each metric's range over them.
const values = (q: string) => parseParams(meta.schema, new URLSearchParams(q)).values;

describe('a run repeated over seeds', () => {
  beforeAll(async () => {
    await tf.setBackend('wasm');
    await tf.ready();
  });

  it('parses seeds (1–10, default 1) and lists the seeds run', () => {
    expect(values('').seeds).toBe(1);
    expect(seedsOf(values('seed=7&seeds=3'))).toEqual([7, 8, 9]);
    const clamped = parseParams(meta.schema, new URLSearchParams('seeds=50'));
    expect(clamped.values.seeds).toBe(10);
    expect(clamped.notices.map((n) => n.param)).toContain('seeds');
  });

  it('runs each further seed as that seed alone would, sends only progress for them, and keeps the carry for the asked seed', async () => {
    const carry = carrySlots()('reliability');
    const ctx = testContext();
    const tensors = tf.memory().numTensors;
    const r = await runFaultsLab({ seed: '4', seeds: '3' }, { ...ctx, carry });
    expect(r.seedRuns?.seeds).toEqual([4, 5, 6]);
    expect(r.seedRuns?.results.length).toBe(2);
    expect(tf.memory().numTensors).toBe(tensors);
    const kinds = ctx.snapshots.map((s) => s.kind);
    expect(kinds.filter((k) => k === 'launch').length).toBe(1);
    expect(kinds.filter((k) => k === 'repeat').length).toBe(3);
    for (const [i, seed] of [5, 6].entries()) {
      const alone = await runFaultsLab({ seed: String(seed) }, testContext());
      expect(results.view(r.seedRuns!.results[i], values(`seed=${seed}`)).metrics).toEqual(faultsView(alone, values(`seed=${seed}`)).metrics);
    }
    // the next run of seed 4 finds its launched model in the carry slot
    const next = await runFaultsLab({ seed: '4', fault: 'stuck' }, { ...testContext(), carry });
    expect(next.reused).toBe(true);
  });

  it('ranges every metric over the seeds, counting only those where it is defined', () => {
    const s = spreadOf([1, 2, 3], [
      { a: 0.5, b: null, c: null },
      { a: 0.7, b: 2, c: null },
      { a: 0.6, b: 4, c: null },
    ]);
    expect(s.metrics.a).toMatchObject({ min: 0.5, max: 0.7, n: 3 });
    expect(s.metrics.b).toMatchObject({ min: 2, max: 4, n: 2, values: [null, 2, 4] });
    expect(s.metrics.c).toBeUndefined();
  });
});
