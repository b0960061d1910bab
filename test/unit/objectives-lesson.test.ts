import { describe, it, expect, beforeAll } from 'vitest';
import { readFileSync } from 'node:fs';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-wasm';
import { run } from '../../src/sims/objectives/scenario';
import { lossRunMetrics, objectivesMetrics, sweep, type FeedResult, type LossResult } from '../../src/sims/objectives/results';
import { parseParams } from '../../src/engine/params';
import { schema } from '../../src/sims/objectives/meta';
import { testContext } from './job-context';

// lessons/06-objective-functions.md quotes these numbers from the labs it embeds (seed 1, the
// params of each <Sim>); if the lab changes, this test fails before the text can mislead.
const at = (r: FeedResult, params: Record<string, string>) => objectivesMetrics(r, parseParams(schema, params).values);
/** The lab's run of the newsfeed part / of the loss part. */
async function feedRun(params: Record<string, string>): Promise<FeedResult> {
  const r = await run(params, testContext());
  if (r.part !== 'objectives') throw new Error('expected a newsfeed run');
  return r;
}
async function lossRun(params: Record<string, string>): Promise<LossResult> {
  const r = await run(params, testContext());
  if (r.part !== 'loss') throw new Error('expected a loss run');
  return r;
}
const r2 = (v: number | null | undefined) => Math.round(100 * v!) / 100;
const LESSON = readFileSync('lessons/06-objective-functions.md', 'utf8');
/** every quoted string must appear in the lesson text */
const quoted = (...texts: string[]) => {
  for (const t of texts) expect(LESSON, `the lesson should quote “${t}”`).toContain(t);
};

describe('numbers quoted by the objective-functions lesson', () => {
  beforeAll(async () => {
    await tf.setBackend('wasm');
    await tf.ready();
  });

  it('<Sim part=loss>: log loss 0.256 against 0.308 at the same accuracy and squared error; 197 against 1,017 sure answers', async () => {
    const r = await lossRun({ part: 'loss' });
    const ce = lossRunMetrics(r.yTrue, r.current, r.trainTrue);
    const se = lossRunMetrics(r.yTrue, r.paired, r.trainTrue);
    console.log('loss part, seed 1', JSON.stringify({ ce, se, ceCurve: Array.from(r.current.testLogLoss), seCurve: Array.from(r.paired.testLogLoss) }));
    expect(ce.log_loss!).toBeCloseTo(0.256, 3);
    expect(se.log_loss!).toBeCloseTo(0.308, 3);
    expect(ce.accuracy!).toBeCloseTo(0.93, 2);
    expect(se.accuracy!).toBeCloseTo(0.93, 2);
    expect(ce.brier!).toBeCloseTo(0.064, 3);
    expect(se.brier!).toBeCloseTo(0.065, 3);
    expect(ce.sure_posts).toBe(197);
    expect(ce.confident_errors).toBe(8);
    expect(se.sure_posts).toBe(1017);
    expect(se.confident_errors).toBe(52);
    expect(r.yTrue.length).toBe(2000);
    // "a 99 % is wrong about 1 time in 20 (0.04 and 0.05)"; "five times as often"
    expect(r2(ce.sure_error_rate)).toBe(0.04);
    expect(r2(se.sure_error_rate)).toBe(0.05);
    expect(se.sure_posts! / ce.sure_posts!).toBeGreaterThan(4.5);
    expect(se.sure_posts! / ce.sure_posts!).toBeLessThan(5.5);
    // squared error's test log loss is worse after its 10th epoch than after its 1st; cross-entropy's falls
    expect(r.paired.testLogLoss[9]).toBeGreaterThan(r.paired.testLogLoss[0]);
    expect(r.current.testLogLoss[9]).toBeLessThan(r.current.testLogLoss[0] - 0.04);
    // the vanishing gradient: the pull back from a sure mistake on the training reports, 0.996 against 0.0072, "more than a hundred times weaker"
    expect(ce.sure_wrong_gradient!.toFixed(3)).toBe('0.996');
    expect(se.sure_wrong_gradient!.toFixed(4)).toBe('0.0072');
    expect(ce.sure_wrong_gradient! / se.sure_wrong_gradient!).toBeGreaterThan(100);
    quoted('0.996', '0.0072', 'more than a hundred times weaker', '1,017', '197', '0.256', '0.308');
  });

  it('<Sim part=loss noise=0>: with every report right, the two log losses come within 0.01', async () => {
    const r = await lossRun({ part: 'loss', noise: '0' });
    const ce = lossRunMetrics(r.yTrue, r.current, r.trainTrue);
    const se = lossRunMetrics(r.yTrue, r.paired, r.trainTrue);
    console.log('noise 0, seed 1', ce.log_loss, se.log_loss);
    expect(Math.abs(se.log_loss! - ce.log_loss!)).toBeLessThan(0.01);
  });

  it('<Sim> (coupled) and <Sim mode=decoupled>: the feeds, the sweep, the trainings', async () => {
    const r = await feedRun({});
    const coupled = at(r, {});
    const dec = { ...r, mode: 'decoupled' as const };
    const d5 = at(dec, { mode: 'decoupled' });
    const d8 = at(dec, { mode: 'decoupled', alpha: '0.8' });
    const s = sweep(r, 10);
    const gapQ = Math.max(...s.alphas.map((_, i) => Math.abs(s.coupled.quality[i] - s.decoupled.quality[i])));
    const gapE = Math.max(...s.alphas.map((_, i) => Math.abs(s.coupled.engagement[i] - s.decoupled.engagement[i])));
    console.log('feed, seed 1', JSON.stringify({ coupled, d5, d8, gapQ, gapE, sweep: { q: Array.from(s.decoupled.quality), e: Array.from(s.decoupled.engagement) } }));
    expect(coupled.retrains).toBe(11);
    expect(coupled.decoupled_retrains).toBe(2);
    expect(r2(coupled.feed_quality)).toBe(0.82);
    expect(r2(coupled.feed_engagement)).toBe(0.55);
    expect(r2(d5.feed_quality)).toBe(0.86);
    expect(r2(d5.feed_engagement)).toBe(0.52);
    expect(r2(d8.feed_quality)).toBe(0.94);
    expect(r2(d8.feed_engagement)).toBe(0.32);
    expect(r2(s.decoupled.quality[0])).toBe(0.55);
    expect(r2(s.decoupled.engagement[0])).toBe(0.70);
    expect(r2(s.decoupled.quality[10])).toBe(0.93);
    expect(r2(s.decoupled.engagement[10])).toBe(0.19);
    // "the two curves never differ by more than 0.04"
    expect(gapQ).toBeLessThanOrEqual(0.04);
    expect(gapE).toBeLessThanOrEqual(0.04);
    // "one training takes more than a hundred times as long as one re-rank" (measured here: 400–500 times)
    expect(coupled.coupled_tune_ms! / coupled.decoupled_tune_ms!).toBeGreaterThan(100);
  });

  it('<Sim mode=decoupled wave=1>: quality falls when the new spam arrives; one model of 161 weights wins it back', async () => {
    const params = { mode: 'decoupled', wave: '1' };
    const r = await feedRun(params);
    const m = at(r, params);
    console.log('wave, seed 1', JSON.stringify(m));
    expect(r2(m.stale_feed_quality)).toBe(0.76);
    expect(r2(m.feed_quality)).toBe(0.81);
    expect(m.decoupled_wave_retrains).toBe(1);
    expect(m.decoupled_wave_weights).toBe(161);
    // one coupled model at one α is as big: "it too retrains one model of 161 weights"
    expect(m.model_weights).toBe(161);
    expect(m.coupled_wave_weights! / m.coupled_wave_retrains!).toBe(161);
    quoted('76 %', '81 %', 'it too retrains one model of 161 weights');
    expect(LESSON).not.toContain('1,771');
  });
});
