import { describe, it, expect, beforeAll } from 'vitest';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-wasm';
import { run } from '../../src/sims/imbalance/scenario';
import { imbalanceMetrics, type ImbalanceResult } from '../../src/sims/imbalance/results';
import { parseParams } from '../../src/engine/params';
import { schema } from '../../src/sims/imbalance/meta';
import { testContext } from './job-context';

// lessons/01-imbalanced-labels.md quotes these numbers from the labs it embeds (seed 1, the
// params of each <Sim>); if the lab changes, this test fails before the text can mislead.
const at = (r: ImbalanceResult, params: Record<string, string>) => imbalanceMetrics(r, parseParams(schema, params).values);

describe('numbers quoted by the imbalanced-labels lesson', () => {
  beforeAll(async () => {
    await tf.setBackend('wasm');
    await tf.ready();
  });

  it('<Sim pos=0.005>: accuracy equals the baseline, recall 0; at threshold 0.05 recall ≈ 0.59', async () => {
    const r = (await run({ pos: '0.005' }, testContext())) as ImbalanceResult;
    const m = at(r, { pos: '0.005' });
    expect(m.test_positives).toBe(108);
    expect(r.summary.n).toBe(20000);
    expect(m.accuracy).toBeCloseTo(0.9946, 4);
    expect(m.baseline_accuracy).toBeCloseTo(0.9946, 4);
    expect(m.recall).toBe(0);
    expect(m.precision).toBeNull();
    expect(m.roc_auc!).toBeCloseTo(0.91, 2);
    expect(m.pr_auc!).toBeCloseTo(0.13, 2);
    expect(m.log_loss!).toBeCloseTo(0.05, 2);
    expect(m.tn! + m.fp!).toBe(19892);
    const low = at(r, { pos: '0.005', threshold: '0.05' });
    expect(low.recall!).toBeCloseTo(0.59, 2);
    expect(low.tp).toBe(64);
    expect(low.tp! + low.fp!).toBe(904);
    expect(low.precision!).toBeCloseTo(0.07, 2);
  });

  it('<Sim pos=0.005 remedy=weights>: recall ≈ 0.84, precision ≈ 0.024, accuracy ≈ 0.81', async () => {
    const r = (await run({ pos: '0.005', remedy: 'weights' }, testContext())) as ImbalanceResult;
    const m = at(r, { pos: '0.005', remedy: 'weights' });
    expect(m.recall!).toBeCloseTo(0.84, 2);
    expect(m.tp).toBe(91);
    expect(Math.round((m.tp! + m.fp!) / 10) * 10).toBe(3860);
    expect(m.precision!).toBeCloseTo(0.024, 3);
    expect(m.accuracy!).toBeCloseTo(0.81, 2);
    expect(m.roc_auc!).toBeCloseTo(0.91, 2);
    expect(m.log_loss!).toBeCloseTo(0.41, 2);
  });
});
