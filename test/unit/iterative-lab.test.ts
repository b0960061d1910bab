import { describe, it, expect, beforeAll } from 'vitest';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-wasm';
import { parseParams } from '../../src/engine/params';
import { meta, type IterativeResult } from '../../src/sims/iterative/meta';
import { run } from '../../src/sims/iterative/scenario';
import { results, iterativeView, LOG_COLUMNS } from '../../src/sims/iterative/results';
import { STEP_DEFS } from '../../src/sims/iterative/steps';
import { testContext } from './job-context';
import { carrySlots } from '../../src/engine/job';

// The capstone as the site runs it: the URL's step and decisions, one run walking steps 1 … step,
// and the view of any step already computed. (The engine's phenomena: iterative.test.ts.)
const values = (q: string) => parseParams(meta.schema, new URLSearchParams(q)).values;
let full: IterativeResult;
let tensorsBefore = 0;

beforeAll(async () => {
  await tf.setBackend('wasm');
  await tf.ready();
  tensorsBefore = tf.memory().numTensors;
  full = await run({ step: '13' }, testContext());
}, 120_000);

describe('iterative lab: one run, every step', () => {
  it('computes every step up to the URL step and leaves no tensor behind', () => {
    expect(full.upTo).toBe(13);
    for (let n = 1; n <= 13; n++) expect(full.steps[n as keyof typeof full.steps], `step ${n}`).toBeDefined();
    expect(tf.memory().numTensors).toBe(tensorsBefore);
  });

  it("shows at each step the hooks the issue names, and only that step's numbers", () => {
    const want: Record<number, string[]> = {
      5: ['segment_error_ratio', 'relabel_accuracy_gain'],
      7: ['recall', 'accuracy', 'baseline_accuracy', 'remedy_recall'],
      9: ['offline_score', 'last_week_score', 'gap', 'gap_recovered'],
      11: ['impressions', 'clicks', 'ctr', 'revenue'],
      12: ['revenue_impressions', 'revenue_ctr', 'impressions_impressions', 'impressions_ctr', 'impressions', 'clicks', 'ctr', 'revenue'],
    };
    const seen = new Map<string, number[]>();
    for (let n = 1; n <= 13; n++) {
      const m = iterativeView(full, values(`step=${n}`)).metrics;
      expect(Object.keys(m).length, `step ${n} shows numbers`).toBeGreaterThan(0);
      for (const name of want[n] ?? []) expect(m, `step ${n}: ${name}`).toHaveProperty(name);
      for (const [k, v] of Object.entries(m)) {
        expect(v === null || Number.isFinite(v), `${k} at step ${n}`).toBe(true);
        seen.set(k, [...(seen.get(k) ?? []), n]);
      }
    }
    // every catalogue entry is shown at some step
    for (const name of Object.keys(meta.metrics)) expect(seen.has(name), name).toBe(true);
    // gap = offline − last week, exactly as shown
    const m9 = iterativeView(full, values('step=9')).metrics;
    expect(m9.gap).toBeCloseTo(m9.offline_score! - m9.last_week_score!, 12);
  });

  it('the project log grows with the steps and exports every column', () => {
    const rows = (n: number) => iterativeView(full, values(`step=${n}`)).log;
    expect(rows(3)).toHaveLength(0);
    expect(rows(4).map((r) => r.version)).toEqual([1]);
    expect(rows(10).map((r) => r.version)).toEqual([1, 2, 3, 4]);
    expect(rows(10).every((r) => r.revenue === null)).toBe(true); // not deployed yet
    expect(rows(12).map((r) => r.version)).toEqual([1, 2, 3, 4, 5]);
    expect(rows(12)[3].impressions).toBeGreaterThan(0);
    const v = iterativeView(full, values('step=12'));
    const t = results.tables!(full, v).log;
    expect(t.columns).toEqual(LOG_COLUMNS);
    for (const r of t.rows) for (const c of LOG_COLUMNS) expect(r, c).toHaveProperty(c);
    expect(String(t.rows[1].data)).toMatch(/relabelled [\d,]+ rows/);
    expect(String(t.rows[2].data)).toMatch(/positives/);
    expect(String(t.rows[3].data)).toMatch(/window moved/);
  });

  it('a step past the run needs a run; a changed decision makes its step and the later ones stale', () => {
    const short = iterativeView({ ...full, upTo: 6 }, values('step=9'));
    expect(short.computed).toBe(false);
    expect(short.metrics).toEqual({});
    expect(iterativeView(full, values('step=13')).staleFrom).toBe(Infinity);
    expect(iterativeView(full, values('step=13&remedy=reweight')).staleFrom).toBe(7);
    expect(iterativeView(full, values('step=13&window=10&objective=revenue')).staleFrom).toBe(9);
    expect(iterativeView(full, values('step=13&seed=5')).staleFrom).toBe(1);
    // each decision belongs to the step the rail says
    for (const d of STEP_DEFS) if (d.decision) expect(meta.schema.byName.has(d.decision), d.decision).toBe(true);
  });

  it('bad URL steps and decisions are clamped or reset with a notice', () => {
    const r = parseParams(meta.schema, new URLSearchParams('step=99&remedy=magic&window=0&features=relevance,bogus'));
    expect(r.values.step).toBe(13);
    expect(r.values.remedy).toBe('explore');
    expect(r.values.window).toBe(3);
    expect(r.values.features).toEqual(['relevance']);
    for (const p of ['step', 'remedy', 'window', 'features']) expect(r.notices.some((n) => n.param === p), p).toBe(true);
  });
});

describe('iterative lab: walking the rail with a Run at each step', () => {
  it('goes on from the project the last run left, and gives exactly what a fresh walk gives', async () => {
    const ctx = { ...testContext(), carry: carrySlots()('iterative') };
    const to9 = await run({ step: '9' }, ctx);
    expect(to9.upTo).toBe(9);
    const t0 = performance.now();
    const to12 = await run({ step: '12' }, ctx);
    const resumed = performance.now() - t0;
    const fresh = await run({ step: '12' }, testContext());
    for (const n of [5, 7, 9, 12]) expect(iterativeView(to12, values(`step=${n}`)).metrics, `step ${n}`).toEqual(iterativeView(fresh, values(`step=${n}`)).metrics);
    expect(to12.log).toEqual(fresh.log);
    // the earlier result kept its own arrays
    expect(to9.steps[4]!.predictions.y_score.length).toBeGreaterThan(0);
    console.log(`steps 10–12 after a run to 9: ${resumed.toFixed(0)} ms`);
    // a changed decision starts over
    const other = await run({ step: '12', remedy: 'reweight' }, ctx);
    expect(other.log[2].data).toMatch(/reweighted/);
  }, 120_000);
});
