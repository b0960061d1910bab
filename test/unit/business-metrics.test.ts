import { describe, it, expect, beforeAll } from 'vitest';
import { readFileSync } from 'node:fs';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-wasm';
import { format } from 'd3-format';
import { run, valueWeights } from '../../src/sims/business-metrics/scenario';
import { breakEven, businessView, calibrationOf, type BusinessResult } from '../../src/sims/business-metrics/results';
import { schema } from '../../src/sims/business-metrics/meta';
import { generateImpressions, GENERATOR } from '../../src/sims/business-metrics/impressions';
import { argmaxThreshold, LOW_BAR, moneyAt, moneyOf, objectivesAt, summariseMoney, QUALITY_BAR } from '../../src/sims/business-metrics/money';
import { atThreshold, summariseBinary } from '../../src/engine/binary-summary';
import { parseParams } from '../../src/engine/params';
import { createRng } from '../../src/engine/rng';
import { formatMetric } from '../../src/ui/format';
import { testContext } from './job-context';

const SEEDS = [1, 2, 3, 4, 5];
const runs = new Map<string, BusinessResult>();

/** One training run per params (live params re-score it), with the tensor count checked around it. */
async function lab(params: Record<string, string>): Promise<BusinessResult> {
  const key = JSON.stringify(params);
  let r = runs.get(key);
  if (!r) {
    const before = tf.memory().numTensors;
    r = await run(params, testContext());
    expect(tf.memory().numTensors).toBe(before); // nothing leaked by a whole run
    runs.set(key, r);
  }
  return r;
}
const metricsAt = (r: BusinessResult, live: Record<string, string> = {}): Record<string, number | null> => businessView(r, parseParams(schema, live).values).metrics;

beforeAll(async () => {
  await tf.setBackend('wasm');
  await tf.ready();
});

describe('business-metrics lab: the more accurate model earns less, at the default params', () => {
  for (const seed of SEEDS) {
    it(`seed ${seed}: B wins accuracy and ROC-AUC, A wins profit for cost_fp 0.05–0.2; the best thresholds by accuracy and by profit differ`, async () => {
      const r = await lab({ seed: String(seed) });
      const m = metricsAt(r);
      const profits = [0.05, 0.1, 0.15, 0.2].map((c) => {
        const at = metricsAt(r, { cost_fp: String(c) });
        return { c, a: at.profit_a!, b: at.profit_b! };
      });
      console.log(
        `seed ${seed}: accuracy A ${m.accuracy_a!.toFixed(4)} B ${m.accuracy_b!.toFixed(4)} (always "no click" ${m.baseline_accuracy!.toFixed(4)}) | ROC-AUC A ${m.roc_auc_a!.toFixed(3)} B ${m.roc_auc_b!.toFixed(3)} | profit A/B ` +
          profits.map((p) => `@${p.c}: ${p.a.toFixed(1)}/${p.b.toFixed(1)}`).join(' ') +
          ` | B's best threshold: accuracy ${m.best_threshold_accuracy} profit ${m.best_threshold_profit} (${m.best_profit_b!.toFixed(0)}); A's: profit ${m.best_threshold_profit_a} (${m.best_profit_a!.toFixed(0)})` +
          ` | valuable clicks shown A ${m.valuable_clicks_a} B ${m.valuable_clicks_b} of ${m.valuable_clicks} | take-rate A ${m.take_rate_a!.toFixed(3)} B ${m.take_rate_b!.toFixed(3)}` +
          ` | objectives (shown, CTR, profit): ${['impressions', 'clicks', 'profit'].map((o) => `${o} ${m[`impressions_${o}`]} ${m[`ctr_${o}`]!.toFixed(3)} ${m[`profit_${o}`]!.toFixed(0)}`).join('; ')}`,
      );
      expect(m.accuracy_b! - m.accuracy_a!).toBeGreaterThanOrEqual(0.02);
      expect(m.roc_auc_b! - m.roc_auc_a!).toBeGreaterThanOrEqual(0.08);
      for (const p of profits) {
        expect(p.a, `cost_fp ${p.c}`).toBeGreaterThan(p.b);
        expect(p.a, `cost_fp ${p.c}: a clear margin`).toBeGreaterThan(1.5 * Math.max(0, p.b));
      }
      expect(Math.abs(m.best_threshold_profit! - m.best_threshold_accuracy!)).toBeGreaterThanOrEqual(0.1);
      // why: B's mistakes fall on the valuable impressions
      expect(m.valuable_clicks_a!).toBeGreaterThan(2 * m.valuable_clicks_b!);
      expect(m.value_captured_a!).toBeGreaterThan(m.value_captured_b!);
      // the recommender reading: the more accurate model has the lower take-rate
      expect(m.take_rate_a!).toBeGreaterThan(m.take_rate_b!);
      // the impressions objective shows the most ads and has the lowest CTR
      for (const o of ['clicks', 'profit']) {
        expect(m.impressions_impressions!).toBeGreaterThan(m[`impressions_${o}`]!);
        expect(m.ctr_impressions!).toBeLessThan(m[`ctr_${o}`]!);
      }
    }, 180_000);
  }

  for (const seed of SEEDS) {
    it(`seed ${seed}: the loss alone: A's logistic regression trained with the plain loss earns like B, far below A; B is calibrated overall but not on the valuable impressions`, async () => {
      const m = metricsAt(await lab({ seed: String(seed) }));
      console.log(
        `seed ${seed}: plain-loss LR accuracy ${m.accuracy_lr!.toFixed(4)} ROC-AUC ${m.roc_auc_lr!.toFixed(3)} profit ${m.profit_lr!.toFixed(1)} (best ${m.best_profit_lr!.toFixed(0)}) valuable ${m.valuable_clicks_lr}` +
          ` | A profit ${m.profit_a!.toFixed(1)} (best ${m.best_profit_a!.toFixed(0)}) valuable ${m.valuable_clicks_a} | B profit ${m.profit_b!.toFixed(1)} (best ${m.best_profit_b!.toFixed(0)} at ${m.best_threshold_profit}) valuable ${m.valuable_clicks_b}` +
          ` | loss share of the A-B gap ${((m.profit_a! - m.profit_lr!) / (m.profit_a! - m.profit_b!)).toFixed(2)}` +
          ` | break-even ${m.break_even_threshold!.toFixed(4)} click value ${m.click_value_mean!.toFixed(3)} | B calibration: rate ${m.click_rate!.toFixed(4)} predicted ${m.predicted_rate_b!.toFixed(4)} valuable ${m.click_rate_valuable!.toFixed(4)} predicted ${m.predicted_rate_b_valuable!.toFixed(4)} ECE ${m.ece_b!.toFixed(4)}`,
      );
      // the loss alone: same architecture as A, same loss as B
      expect(m.profit_a!).toBeGreaterThan(2 * m.profit_lr!);
      expect(m.valuable_clicks_a!).toBeGreaterThan(3 * m.valuable_clicks_lr!);
      // the loss accounts for at least four-fifths of the profit gap between A and B
      expect(m.profit_a! - m.profit_lr!).toBeGreaterThanOrEqual(0.8 * (m.profit_a! - m.profit_b!));
      // and for the accuracy gap: the plain-loss logistic regression is as accurate as B, more than A
      expect(Math.abs(m.accuracy_lr! - m.accuracy_b!)).toBeLessThan(0.005);
      expect(m.accuracy_lr! - m.accuracy_a!).toBeGreaterThanOrEqual(0.02);
      // it scores and earns like B: B's hidden layers change little
      expect(Math.abs(m.roc_auc_lr! - m.roc_auc_b!)).toBeLessThan(0.03);
      expect(m.roc_auc_lr! - m.roc_auc_a!).toBeGreaterThanOrEqual(0.08);
      expect(Math.abs(m.profit_lr! - m.profit_b!)).toBeLessThan(0.3 * (m.profit_a! - m.profit_b!));
      // break-even from the simulation: a clicked impression is worth more than the 1.0 average
      expect(m.click_value_mean!).toBeGreaterThan(1.3);
      expect(m.break_even_threshold!).toBeGreaterThan(0.058);
      expect(m.break_even_threshold!).toBeLessThan(0.072);
      // B's most profitable threshold sits below break-even
      expect(m.best_threshold_profit!).toBeLessThan(m.break_even_threshold!);
      // B is calibrated overall, but underestimates the valuable impressions' clicks
      expect(m.ece_b!).toBeLessThan(0.03);
      expect(Math.abs(m.predicted_rate_b! - m.click_rate!)).toBeLessThan(0.03);
      expect(m.click_rate_valuable! - m.predicted_rate_b_valuable!).toBeGreaterThan(0.04);
    }, 180_000);
  }

  it('break_even_threshold is live: cost_fp ÷ (cost_fp + value_scale × mean clicked training value), moving without a new run', async () => {
    const r = await lab({ seed: '1' });
    expect(r.clickValueTrain).not.toBeNull();
    const v = r.clickValueTrain!;
    for (const [cost, scale] of [[0.1, 1], [0.3, 1], [0.1, 2], [0, 1], [1, 0.1]]) {
      const m = metricsAt(r, { cost_fp: String(cost), value_scale: String(scale) });
      expect(m.break_even_threshold!).toBeCloseTo(cost / (cost + scale * v), 12);
      expect(m.click_value_mean!).toBeCloseTo(scale * v, 12);
    }
    expect(metricsAt(r, { cost_fp: '0.3' }).break_even_threshold!).toBeGreaterThan(metricsAt(r).break_even_threshold!);
    expect(breakEven({ costFp: 0.1, costFn: 0, valueScale: 1 }, null)).toBeNull();
    expect(breakEven({ costFp: 0, costFn: 0, valueScale: 1 }, 1.4)).toBe(0);
  }, 180_000);

  it('calibrationOf: mean predicted vs observed rates, overall and on a subset, and the 10-bin error', () => {
    const y = [1, 0, 0, 1, 0, 1];
    const p = [0.9, 0.1, 0.15, 0.55, 0.55, 0.95];
    const sub = [1, 0, 0, 1, 0, 0];
    const c = calibrationOf(y, p, sub);
    expect(c.clickRate).toBeCloseTo(0.5, 12);
    expect(c.predictedRate).toBeCloseTo(3.2 / 6, 12);
    expect(c.subsetClickRate).toBeCloseTo(1, 12);
    expect(c.subsetPredictedRate).toBeCloseTo(0.725, 12);
    // bins: [0.1, 0.15] → |0.125 − 0| ; [0.55, 0.55] → |0.55 − 0.5| ; [0.9] → 0.1 ; [0.95] → 0.05
    expect(c.ece!).toBeCloseTo((2 * 0.125 + 2 * 0.05 + 0.1 + 0.05) / 6, 12);
    expect(calibrationOf([0], [0.2], [0]).subsetClickRate).toBeNull();
  });

  it('the same seed gives the same predictions; another seed does not', async () => {
    const small = { n: '5000', epochs: '2' };
    const a = await run({ ...small, seed: '7' }, testContext());
    const b = await run({ ...small, seed: '7' }, testContext());
    const c = await run({ ...small, seed: '8' }, testContext());
    expect(Array.from(a.predictions.y_score_a)).toEqual(Array.from(b.predictions.y_score_a));
    expect(Array.from(a.predictions.y_score_b)).toEqual(Array.from(b.predictions.y_score_b));
    expect(Array.from(a.predictions.value)).toEqual(Array.from(b.predictions.value));
    expect(Array.from(a.predictions.y_score_b)).not.toEqual(Array.from(c.predictions.y_score_b));
  }, 120_000);
});

describe('business-metrics lab: money arithmetic', () => {
  // small scores with ties, so the threshold boundary (score >= threshold) is exercised
  const rng = createRng(3);
  const n = 400;
  const y = Uint8Array.from({ length: n }, () => rng.bernoulli(0.3));
  const score = Float32Array.from({ length: n }, () => Math.round(rng.uniform() * 20) / 20);
  const value = Float32Array.from({ length: n }, () => Math.exp(rng.normal(-0.2, 0.8)));
  const costs = { costFp: 0.15, costFn: 0.05, valueScale: 2 };

  it('moneyAt (sorted, O(log n)) equals a brute-force count at every threshold, ties included', () => {
    const s = summariseMoney(y, score, value);
    for (const t of [0, 0.05, 0.3, 0.35, 0.5, 0.999, 1, 1.5]) {
      const fast = moneyAt(s, t, costs);
      const slow = moneyOf(y, value, (i) => score[i] >= t, costs);
      expect(fast.tp).toBe(slow.tp);
      expect(fast.fp).toBe(slow.fp);
      expect(fast.fn).toBe(slow.fn);
      expect(fast.tn).toBe(slow.tn);
      expect(fast.qualityPlays).toBe(slow.qualityPlays);
      expect(fast.profit).toBeCloseTo(slow.profit, 9);
      let brute = 0;
      for (let i = 0; i < n; i++) {
        if (score[i] >= t) brute += y[i] ? costs.valueScale * value[i] : -costs.costFp;
        else if (y[i]) brute -= costs.costFn;
      }
      expect(fast.profit).toBeCloseTo(brute, 9);
      // the confusion counts agree with the engine's threshold metrics
      const at = atThreshold(summariseBinary(y, score), t);
      expect([fast.tp, fast.fp, fast.fn, fast.tn]).toEqual([at.tp, at.fp, at.fn, at.tn]);
    }
  });

  it('nothing shown: profit is minus the missed clicks, CTR and take-rate undefined', () => {
    const none = moneyAt(summariseMoney(y, score, value), 2, costs);
    expect(none.shown).toBe(0);
    expect(none.ctr).toBeNull();
    expect(none.takeRate).toBeNull();
    expect(none.profit).toBeCloseTo(-costs.costFn * y.reduce((a, b) => a + b, 0), 9);
  });

  it('the objectives are the rules they claim to be', () => {
    const o = objectivesAt(y, score, value, 0.5, costs);
    expect(o.impressions.shown).toBe(score.filter((p) => p >= LOW_BAR).length);
    expect(o.clicks.shown).toBe(score.filter((p) => p >= 0.5).length);
    const ev = (i: number) => score[i] * (costs.valueScale * value[i] + costs.costFn) - (1 - score[i]) * costs.costFp;
    expect(o.profit.shown).toBe(Array.from(score, (_, i) => ev(i) > 0).filter(Boolean).length);
    // with calibrated probabilities, showing exactly the positive-expectation ads maximises expected profit;
    // here, on one draw, it at least beats showing everything and showing nothing
    expect(o.profit.profit).toBeGreaterThan(moneyOf(y, value, () => false, costs).profit);
  });

  it('the lowest threshold wins a tie for the best', () => {
    expect(argmaxThreshold([0, 0.5, 1], [1, 3, 3])).toBe(0.5);
    expect(argmaxThreshold([0, 0.5, 1], [2, 1, 0])).toBe(0);
  });

  it("A's loss weights are each row's value over the mean (they average 1)", () => {
    const w = valueWeights(Float32Array.from([1, 3, 0.5, 3.5]));
    expect(Array.from(w)).toEqual([0.5, 1.5, 0.25, 1.75]);
  });

  it('the generator: values average 1.0 with a long tail; the valuable fifth holds most of the money', () => {
    const t = generateImpressions(100_000, createRng(11));
    let sum = 0;
    let max = 0;
    let valuable = 0;
    let valuableSum = 0;
    let quality = 0;
    for (let i = 0; i < t.n; i++) {
      sum += t.value[i];
      max = Math.max(max, t.value[i]);
      if (t.valuable[i]) {
        valuable++;
        valuableSum += t.value[i];
      }
      if (t.value[i] >= QUALITY_BAR) quality++;
    }
    expect(sum / t.n).toBeCloseTo(1, 1);
    expect(valuable / t.n).toBeCloseTo(GENERATOR.valuableShare, 2);
    expect(valuableSum / sum).toBeGreaterThan(0.7);
    expect(max).toBeGreaterThan(20); // the long tail
    expect(quality / t.n).toBeLessThan(0.25);
  });

  it('bad params are clamped or reset with notices, never thrown', () => {
    const { values, notices } = parseParams(schema, { cost_fp: '5', cost_fn: '-1', value_scale: '0', threshold: 'abc', objective: 'revenue', n: '10', hidden: '32,x' });
    expect(values.cost_fp).toBe(1);
    expect(values.cost_fn).toBe(0);
    expect(values.value_scale).toBe(0.1);
    expect(values.threshold).toBe(0.5);
    expect(values.objective).toBe('impressions');
    expect(values.n).toBe(5000);
    for (const p of ['cost_fp', 'cost_fn', 'value_scale', 'threshold', 'objective', 'n', 'layers']) {
      expect(notices.some((x) => x.param === p), p).toBe(true);
    }
  });
});

// The lesson lessons/05-business-vs-ml-metrics.md quotes these numbers from the lab it embeds (the
// defaults, seed 1). Each is formatted as the lab shows it and must appear verbatim in the lesson.
describe('numbers quoted by the business-vs-ML-metrics lesson', () => {
  it('appear in the lesson exactly as the lab shows them', async () => {
    const r = await lab({ seed: '1' });
    const m = metricsAt(r);
    const at3 = metricsAt(r, { cost_fp: '0.3' });
    const money = (v: number | null) => (Math.abs(v!) >= 10 ? format(',')(Math.round(v!)) : format(',.1f')(v!));
    const rate = (v: number | null) => formatMetric(v);
    const quotes: Record<string, string> = {
      accuracy_a: rate(m.accuracy_a),
      accuracy_b: rate(m.accuracy_b),
      roc_auc_a: rate(m.roc_auc_a),
      roc_auc_b: rate(m.roc_auc_b),
      profit_a: money(m.profit_a),
      profit_b: money(m.profit_b),
      baseline_accuracy: rate(m.baseline_accuracy),
      valuable_clicks: String(m.valuable_clicks),
      valuable_clicks_a: String(m.valuable_clicks_a),
      valuable_clicks_b: String(m.valuable_clicks_b),
      tp_a: String(m.tp_a),
      tp_b: String(m.tp_b),
      revenue_a: money(m.revenue_a),
      fp_a: String(m.fp_a),
      fp_cost_a: money(m.fp_cost_a),
      best_threshold_accuracy: String(m.best_threshold_accuracy),
      best_threshold_profit: String(m.best_threshold_profit),
      best_threshold_profit_a: String(m.best_threshold_profit_a),
      best_profit_a: money(m.best_profit_a),
      best_profit_b: money(m.best_profit_b),
      impressions_impressions: format(',')(m.impressions_impressions!),
      ctr_impressions: rate(m.ctr_impressions),
      profit_impressions: money(m.profit_impressions),
      impressions_clicks: format(',')(m.impressions_clicks!),
      ctr_clicks: rate(m.ctr_clicks),
      profit_clicks: money(m.profit_clicks),
      impressions_profit: format(',')(m.impressions_profit!),
      ctr_profit: rate(m.ctr_profit),
      profit_profit: money(m.profit_profit),
      profit_impressions_at_cost_0_3: money(at3.profit_impressions),
      profit_profit_at_cost_0_3: money(at3.profit_profit),
      take_rate_a: rate(m.take_rate_a),
      take_rate_b: rate(m.take_rate_b),
      test_impressions: format(',')(m.tp_a! + m.fp_a! + m.fn_a! + m.tn_a!),
      // the loss alone: A's logistic regression with B's plain loss
      accuracy_lr: rate(m.accuracy_lr),
      roc_auc_lr: rate(m.roc_auc_lr),
      profit_lr: money(m.profit_lr),
      valuable_clicks_lr: String(m.valuable_clicks_lr),
      // break-even from the simulation, and what a click earns at the threshold check's chances
      click_value_mean: formatMetric(m.click_value_mean, 'number'),
      break_even_threshold: rate(m.break_even_threshold),
      earn_at_0_3: (0.3 * Number(formatMetric(m.click_value_mean, 'number'))).toFixed(2),
      left_at_0_3: (0.3 * Number(formatMetric(m.click_value_mean, 'number')) - 0.07).toFixed(2),
      earn_at_0_02: (0.02 * Number(formatMetric(m.click_value_mean, 'number'))).toFixed(2),
      // B's calibration
      click_rate: rate(m.click_rate),
      predicted_rate_b: rate(m.predicted_rate_b),
      ece_b: rate(m.ece_b),
      click_rate_valuable: rate(m.click_rate_valuable),
      predicted_rate_b_valuable: rate(m.predicted_rate_b_valuable),
    };
    console.log(JSON.stringify(quotes));
    const lesson = readFileSync('lessons/05-business-vs-ml-metrics.md', 'utf8');
    const quoted = JSON.parse(/const quoted = (\{[^}]*\});/.exec(lesson)?.[1] ?? '{}') as Record<string, string>;
    expect(quoted).toEqual(quotes);
  }, 180_000);
});
