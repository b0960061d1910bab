import { describe, it, expect, beforeAll } from 'vitest';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-wasm';
import { readFileSync } from 'node:fs';
import { parseParams } from '../../src/engine/params';
import { seedRunsOf, spreadOf, type MetricRange } from '../../src/engine/spread';
import type { JobFn } from '../../src/engine/job';
import type { LabResults } from '../../src/engine/lab';
import { testContext } from './job-context';

// Where a lesson quotes a number from the default seed it also says how far that number moves over
// ten seeds: "0.717 (0.715–0.730 over 10 seeds)". Each range is what the lab itself shows with
// `seeds=10` (one run per lab and params, shared by every quote below; about a minute in all).
const lesson = (file: string) => readFileSync(`lessons/${file}`, 'utf8');
const SEEDS = 10;

interface Case {
  lab: string;
  query: string;
}
const CASES = {
  rare: { lab: 'imbalance', query: 'pos=0.005' },
  weighted: { lab: 'imbalance', query: 'pos=0.005&remedy=weights' },
  framing: { lab: 'framing', query: '' },
  stale: { lab: 'staleness', query: '' },
  business: { lab: 'business-metrics', query: '' },
  faults: { lab: 'reliability', query: '' },
  crossEntropy: { lab: 'objectives', query: 'part=loss' },
  squaredError: { lab: 'objectives', query: 'part=loss&loss=mse' },
} satisfies Record<string, Case>;
type CaseName = keyof typeof CASES;
const ranges = {} as Record<CaseName, Record<string, MetricRange>>;

beforeAll(async () => {
  await tf.setBackend('wasm');
  await tf.ready();
  for (const [name, c] of Object.entries(CASES) as [CaseName, Case][]) {
    const { run }: { run: JobFn } = await import(`../../src/sims/${c.lab}/scenario.ts`);
    const { results }: { results: LabResults } = await import(`../../src/sims/${c.lab}/results.ts`);
    const raw = Object.fromEntries(new URLSearchParams(`${c.query}&seeds=${SEEDS}`));
    const r = await run(raw, testContext());
    const values = parseParams(results.lab.schema, new URLSearchParams(c.query)).values;
    const repeats = seedRunsOf(r.seedRuns).results.filter((x): x is object => typeof x === 'object' && x !== null);
    expect(repeats.length).toBe(SEEDS - 1);
    ranges[name] = spreadOf([], [results.view(r, values).metrics, ...repeats.map((x) => results.view(x, values).metrics)]).metrics;
    console.log(name, Object.entries(ranges[name]).map(([k, m]) => `${k} ${m.values[0]} [${m.min}, ${m.max}]`).join('; '));
  }
}, 600_000);

/** "v (min–max over 10 seeds)", each written with `digits` decimals (×100 for points) */
const quote = (m: MetricRange, digits: number, scale = 1) => {
  const f = (v: number | null) => (v === null ? 'null' : (v * scale).toFixed(digits));
  const q = `${f(m.values[0])} (${f(m.min)}–${f(m.max)} over ${SEEDS} seeds)`;
  return q;
};
const quoted = (file: string, ...texts: string[]) => {
  const text = lesson(file);
  for (const t of texts) expect(text, `${file} should quote “${t}”`).toContain(t);
};

describe('lessons quote the spread over ten seeds that the labs compute', () => {
  it('imbalanced labels: ROC-AUC and PR-AUC of the rare-click model, recall with class weights', () => {
    quoted('01-imbalanced-labels.md', `ROC-AUC is about ${quote(ranges.rare.roc_auc, 2)}`, `PR-AUC is about ${quote(ranges.rare.pr_auc, 2)}`, `rises to about ${quote(ranges.weighted.recall, 2)}`);
  });
  it('framing: multiclass accuracy and its exact-set score', () => {
    quoted('02-framing.md', `**${quote(ranges.framing.accuracy, 2)}**`, `**${quote(ranges.framing.subset_accuracy, 2)}**`);
  });
  it('stale data: the final week and the gap', () => {
    quoted('03-stale-data.md', `slides to ${quote(ranges.stale.last_week_score, 3)} in the final week`, `a gap of ${quote(ranges.stale.gap, 0, 100)} points`);
  });
  it('business metrics: the two profits, and A ahead on every seed', () => {
    const a = ranges.business.profit_a;
    const b = ranges.business.profit_b;
    expect(a.values.every((v, i) => v !== null && b.values[i] !== null && v > (b.values[i] ?? Infinity))).toBe(true);
    quoted('05-business-vs-ml-metrics.md', `A earns ${quote(a, 0)} and B ${quote(b, 0)}: A is ahead on every seed`);
  });
  it('objective functions: log loss of the cross-entropy and the squared-error model, squared error higher on every seed', () => {
    const ce = ranges.crossEntropy.log_loss;
    const se = ranges.squaredError.log_loss;
    expect(se.values.every((v, i) => v !== null && v > (ce.values[i] ?? Infinity))).toBe(true);
    quoted('06-objective-functions.md', `${quote(ce, 3)} for the cross-entropy model, ${quote(se, 3)} for the squared-error one, which is the higher of the two on every seed`);
  });
  it('reliability: the accuracy drop the price-in-cents fault causes', () => {
    quoted('07-reliable-and-scalable.md', `in the week after, ${quote(ranges.faults.live_accuracy_drop, 1, 100)} points`);
  });
});
