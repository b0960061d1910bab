import { describe, it, expect, beforeAll } from 'vitest';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-wasm';
import { run, applyRemedy } from '../../src/sims/imbalance/scenario';
import { atThreshold, type BinarySummary } from '../../src/engine/binary-summary';
import { createRng } from '../../src/engine/rng';
import { parseParams } from '../../src/engine/params';
import { schema } from '../../src/sims/imbalance/meta';
import { moreClicks, generateClicks } from '../../src/sims/imbalance/clicks';
import { testContext } from './job-context';

async function lab(params: Record<string, string>) {
  const before = tf.memory().numTensors;
  const result = await run(params, testContext());
  expect(tf.memory().numTensors).toBe(before); // nothing leaked by a whole run
  const summary = result.summary as BinarySummary;
  return { summary, at: atThreshold(summary, 0.5) };
}

describe('imbalance lab: the accuracy paradox at pos=0.005, default params', () => {
  beforeAll(async () => {
    await tf.setBackend('wasm');
    await tf.ready();
  });

  for (const seed of [1, 2, 3, 4, 5]) {
    it(`seed ${seed}: no remedy → recall ≤ 0.1 with accuracy ≥ 0.994; class weights → recall ≥ 0.5; ROC-AUC ≥ 0.8 while PR-AUC ≤ 0.5`, async () => {
      const none = await lab({ pos: '0.005', seed: String(seed) });
      const weighted = await lab({ pos: '0.005', seed: String(seed), remedy: 'weights' });
      console.log(
        `seed ${seed}: none acc ${none.at.accuracy?.toFixed(4)} recall ${none.at.recall?.toFixed(3)} auc ${none.summary.roc_auc?.toFixed(3)} ap ${none.summary.pr_auc?.toFixed(3)} | weights recall ${weighted.at.recall?.toFixed(3)} acc ${weighted.at.accuracy?.toFixed(4)} precision ${weighted.at.precision?.toFixed(3)} auc ${weighted.summary.roc_auc?.toFixed(3)} ap ${weighted.summary.pr_auc?.toFixed(3)} | test positives ${none.summary.positives}`,
      );
      expect(none.at.recall).not.toBeNull();
      expect(none.at.recall!).toBeLessThanOrEqual(0.1);
      expect(none.at.accuracy!).toBeGreaterThanOrEqual(0.994);
      expect(weighted.at.recall!).toBeGreaterThanOrEqual(0.5);
      for (const r of [none, weighted]) {
        expect(r.summary.roc_auc!).toBeGreaterThanOrEqual(0.8);
        expect(r.summary.pr_auc!).toBeLessThanOrEqual(0.5);
      }
    });
  }
});

describe('imbalance lab: remedies', () => {
  const y = Uint8Array.from({ length: 100 }, (_, i) => (i < 10 ? 1 : 0));
  const x = Float32Array.from({ length: 200 }, (_, i) => i);
  it('weights are balanced: n / (2 · n_class), summing to n', () => {
    const r = applyRemedy(x, y, 2, 'weights', createRng(1));
    expect(r.weights![0]).toBeCloseTo(100 / 20);
    expect(r.weights![50]).toBeCloseTo(100 / 180);
    expect(r.weights!.reduce((a, b) => a + b, 0)).toBeCloseTo(100, 3);
  });
  it('oversampling repeats positives until the classes are even, keeping rows intact', () => {
    const r = applyRemedy(x, y, 2, 'oversample', createRng(1));
    expect(r.y.length).toBe(180);
    expect(r.y.reduce((a, b) => a + b, 0)).toBe(90);
    for (let i = 0; i < r.y.length; i++) expect(r.y[i]).toBe(r.x[2 * i] < 20 ? 1 : 0);
  });
  it('undersampling drops negatives down to the positives’ count', () => {
    const r = applyRemedy(x, y, 2, 'undersample', createRng(1));
    expect(r.y.length).toBe(20);
    expect(r.y.reduce((a, b) => a + b, 0)).toBe(10);
  });
});

describe('imbalance lab: extra positives join the training rows only', () => {
  beforeAll(async () => {
    await tf.setBackend('wasm');
    await tf.ready();
  });
  it('the test split is the same rows with or without them; training gains exactly extra_pos clicks', async () => {
    const params = { n: '20000', pos: '0.01', epochs: '1' };
    const plain = testContext();
    const more = testContext();
    const a = (await run(params, plain)) as { predictions: { y_true: Uint8Array } };
    const b = (await run({ ...params, extra_pos: '1000' }, more)) as { predictions: { y_true: Uint8Array } };
    expect(Array.from(b.predictions.y_true)).toEqual(Array.from(a.predictions.y_true));
    const data = (ctx: ReturnType<typeof testContext>) => ctx.snapshots.find((s) => s.kind === 'data')!;
    expect(Number(data(more).trainPositives) - Number(data(plain).trainPositives)).toBe(1000);
    expect(Number(data(more).nTrain) - Number(data(plain).nTrain)).toBe(1000);
    expect(data(more).testPositives).toBe(data(plain).testPositives);
  });
  it('extra clicks come from the same distribution: their mean relevance matches the table’s clicks', () => {
    const t = generateClicks(200_000, 0.01, createRng(3));
    const x = moreClicks(2000, t.intercept, createRng(4));
    const meanRel = (xs: Float32Array, rows: number[]) => rows.reduce((acc, i) => acc + xs[i * t.d], 0) / rows.length;
    const tableClicks = Array.from({ length: t.n }, (_, i) => i).filter((i) => t.y[i] === 1);
    const extra = Array.from({ length: 2000 }, (_, i) => i);
    expect(Math.abs(meanRel(x.x, extra) - meanRel(t.x, tableClicks))).toBeLessThan(0.1);
    expect(meanRel(x.x, extra)).toBeGreaterThan(0.5); // clicks lean to relevant ads
  });
  it('real data has no extra positives to add: extra_pos is clamped to 0 with a notice', () => {
    const parsed = parseParams(schema, { data: 'birdstrikes', extra_pos: '500' });
    expect(parsed.values.extra_pos).toBe(0);
    expect(parsed.notices.some((n) => n.param === 'extra_pos')).toBe(true);
  });
});
