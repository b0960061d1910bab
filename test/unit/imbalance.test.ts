import { describe, it, expect, beforeAll } from 'vitest';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-wasm';
import { run, applyRemedy } from '../../src/sims/imbalance/scenario';
import { atThreshold, type BinarySummary } from '../../src/engine/binary-summary';
import { createRng } from '../../src/engine/rng';
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
