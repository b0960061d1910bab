import { describe, it, expect, beforeAll } from 'vitest';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-wasm';
import { run, parse, retrainsOn, CADENCE } from '../../src/sims/staleness/scenario';
import { stalenessMetrics, monitorOf } from '../../src/sims/staleness/results';
import { alerts, psi, psiBins, binCounts, trailingMean, PSI_MODERATE } from '../../src/sims/staleness/monitor';
import { conceptAngle, generateDay, mobileShare } from '../../src/sims/staleness/world';
import { parseParams } from '../../src/engine/params';
import { schema } from '../../src/sims/staleness/meta';
import { testContext } from './job-context';

async function lab(params: Record<string, string>) {
  const before = tf.memory().numTensors;
  const result = await run(params, testContext());
  expect(tf.memory().numTensors).toBe(before); // nothing leaked by a whole run
  return { result, metrics: (over: Record<string, string> = {}) => stalenessMetrics(result, parse({ ...params, ...over })) };
}

// A default run costs about 2 s of CPU; the wall-clock limit is generous for a shared, busy machine.
const SLOW = 240_000;
const pts = (v: number | null) => (v === null ? 'null' : (100 * v).toFixed(1));

describe('stale-data lab: a deployed model quietly decays (defaults: gradual drift, strength 0.5, 120 days, accuracy)', () => {
  beforeAll(async () => {
    await tf.setBackend('wasm');
    await tf.ready();
  });

  for (const seed of [1, 2, 3]) {
    it(`seed ${seed}: never retrained → gap ≥ 10 points; retrained daily → gap ≤ 3; no drift → |gap| ≤ 2; the label monitor alerts within label_delay + 7 days`, async () => {
      const never = await lab({ seed: String(seed) });
      const daily = await lab({ seed: String(seed), retrain: 'daily' });
      const none = await lab({ seed: String(seed), drift: 'none' });
      const m = { never: never.metrics(), daily: daily.metrics(), none: none.metrics() };
      const watched = never.metrics({ monitor: 'labels' });
      const mon = monitorOf(never.result, parse({ seed: String(seed), monitor: 'labels' }));
      console.log(
        `seed ${seed}: offline ${m.never.offline_score?.toFixed(3)} | never: last week ${m.never.last_week_score?.toFixed(3)} gap ${pts(m.never.gap)} pts | daily: last week ${m.daily.last_week_score?.toFixed(3)} gap ${pts(m.daily.gap)} pts | none: gap ${pts(m.none.gap)} pts | labels monitor: degraded day ${mon.degradedDay}, alert day ${watched.first_alert_day}, ${watched.days_degraded_before_alert} days degraded before it`,
      );
      expect(m.never.gap!).toBeGreaterThanOrEqual(0.1);
      expect(m.daily.gap!).toBeLessThanOrEqual(0.03);
      expect(Math.abs(m.none.gap!)).toBeLessThanOrEqual(0.02);
      // the comparison line of a never-retrained run is the daily policy's own line
      expect(m.never.retrained_score).toBe(m.daily.last_week_score);
      expect(mon.degradedDay).not.toBeNull();
      expect(watched.first_alert_day).not.toBeNull();
      expect(watched.first_alert_day!).toBeGreaterThanOrEqual(mon.degradedDay!);
      expect(watched.first_alert_day! - mon.degradedDay!).toBeLessThanOrEqual(7 + 7);
      // nothing in the inputs moved: concept drift is invisible to input monitoring
      expect(Math.max(...never.result.psi!)).toBeLessThan(PSI_MODERATE);
      expect(never.metrics({ monitor: 'inputs' }).first_alert_day).toBeNull();
      // the numbers the lab exports are the numbers its predictions give
      const p = never.result.predictions as { y_true: Uint8Array; y_score: Float32Array };
      let right = 0;
      for (let i = 0; i < p.y_true.length; i++) right += Number((p.y_score[i] >= 0.5 ? 1 : 0) === p.y_true[i]);
      expect(right / p.y_true.length).toBe(m.never.last_week_score);
      expect(p.y_true.length).toBe(7 * 2000);
    }, SLOW);
  }

  it('covariate shift moves the inputs: input monitoring alerts (PSI above 0.25) while concept drift stays below 0.1', async () => {
    const cov = await lab({ drift: 'covariate' });
    const m = cov.metrics({ monitor: 'inputs' });
    console.log(`covariate: gap ${pts(cov.metrics().gap)} pts, retrained daily ${cov.metrics().retrained_score?.toFixed(3)}, PSI on the last day ${m.psi?.toFixed(3)} (${cov.result.features[cov.result.psiFeature![cov.result.psiFeature!.length - 1]]}), first input alert day ${m.first_alert_day}`);
    expect(m.psi!).toBeGreaterThan(0.25);
    expect(m.first_alert_day).not.toBeNull();
    expect(cov.result.features[cov.result.psiFeature![cov.result.psiFeature!.length - 1]]).toBe('mobile device');
  }, SLOW);

  it('is deterministic: the same seed gives the same numbers; another seed gives other ones', async () => {
    const small = { days: '30', daily: '200', window: '5', retrain: 'weekly' };
    const a = await lab({ ...small, seed: '4' });
    const b = await lab({ ...small, seed: '4' });
    const c = await lab({ ...small, seed: '5' });
    expect(a.metrics()).toEqual(b.metrics());
    expect(Array.from(a.result.live.accuracy!)).toEqual(Array.from(b.result.live.accuracy!));
    expect(a.metrics().offline_score).not.toBe(c.metrics().offline_score);
    expect(Array.from(a.result.retrainDays)).toEqual([8, 15, 22, 29]);
  });

  it('a tiny run with bad params is clamped, not crashed', async () => {
    const parsed = parseParams(schema, { days: '9999', daily: '-3', window: '0', strength: '7', drift: 'sideways', change_day: '400', label_delay: 'x' });
    expect(parsed.values.days).toBe(365);
    expect(parsed.values.daily).toBe(200);
    expect(parsed.values.window).toBe(1);
    expect(parsed.values.strength).toBe(1);
    expect(parsed.values.drift).toBe('gradual');
    expect(parsed.values.change_day).toBe(365);
    expect(parsed.values.label_delay).toBe(7);
    expect(parsed.notices.map((n) => n.param).sort()).toEqual(['change_day', 'daily', 'days', 'drift', 'label_delay', 'strength', 'window']);
    // a sudden change after the last day is moved to the last day
    const r = await lab({ days: '30', daily: '200', window: '3', drift: 'sudden', change_day: '200' });
    expect(r.result.changeDay).toBe(30);
  });
});

describe('stale-data lab: the pieces', () => {
  it('retrain cadence: day 1 serves the launch model; monthly retrains on days 31, 61, 91', () => {
    const days = (c: string) => Array.from({ length: 120 }, (_, i) => i + 1).filter((t) => retrainsOn(CADENCE[c], t));
    expect(days('monthly')).toEqual([31, 61, 91]);
    expect(days('weekly').slice(0, 3)).toEqual([8, 15, 22]);
    expect(days('daily').length).toBe(119);
    expect(days('never')).toEqual([]);
  });

  it('drift kinds: gradual turns steadily to strength·90°, sudden at the change day, seasonal comes back, covariate moves only the inputs', () => {
    const o = { strength: 0.5, days: 120, changeDay: 60 };
    expect(conceptAngle({ ...o, drift: 'gradual' }, 0)).toBe(0);
    expect(conceptAngle({ ...o, drift: 'gradual' }, 120)).toBeCloseTo(Math.PI / 4);
    expect(conceptAngle({ ...o, drift: 'sudden' }, 59)).toBe(0);
    expect(conceptAngle({ ...o, drift: 'sudden' }, 60)).toBeCloseTo(Math.PI / 4);
    expect(conceptAngle({ ...o, drift: 'seasonal' }, 90)).toBeCloseTo(0);
    expect(conceptAngle({ ...o, drift: 'seasonal' }, 45)).toBeCloseTo(Math.PI / 4);
    expect(conceptAngle({ ...o, drift: 'covariate' }, 120)).toBe(0);
    expect(mobileShare({ ...o, drift: 'covariate' }, 120)).toBeCloseTo(0.5);
    expect(mobileShare({ ...o, drift: 'gradual' }, 120)).toBeCloseTo(0.2);
    // the same seed and day give the same rows whatever else changes
    const a = generateDay({ ...o, drift: 'gradual' }, 3, -5, 100);
    const b = generateDay({ ...o, drift: 'covariate', days: 365 }, 3, -5, 100);
    expect(Array.from(a.x)).toEqual(Array.from(b.x));
    expect(Array.from(a.y)).toEqual(Array.from(b.y));
  });

  it('PSI: about 0 for the same distribution, large for a moved one; trailing means and alert days', () => {
    const o = { strength: 1, days: 100, changeDay: 50, drift: 'covariate' as const };
    const ref = generateDay(o, 1, 0, 20000);
    const bins = psiBins(ref.x, ref.n, 6, new Set([5]));
    const same = generateDay(o, 1, -1, 5000);
    const moved = generateDay(o, 1, 100, 5000);
    const expected = binCounts(bins, ref.x, ref.n, 6);
    expect(psi(bins, expected, binCounts(bins, same.x, same.n, 6)).value).toBeLessThan(0.02);
    const far = psi(bins, expected, binCounts(bins, moved.x, moved.n, 6));
    expect(far.value).toBeGreaterThan(1);
    expect(far.feature).toBe(5);
    expect(Array.from(trailingMean([1, 2, 3, 4], 2))).toEqual([NaN, 1.5, 2.5, 3.5]);
    const daily = [0.9, 0.9, 0.9, 0.9, 0.9, 0.9, 0.9, 0.8, 0.8, 0.8, 0.8, 0.8, 0.8, 0.8, 0.8, 0.8, 0.8, 0.8, 0.8, 0.8];
    const a = alerts({ metric: 'accuracy', offline: 0.9, daily, psi: daily.map(() => 0), monitor: 'labels', labelDelay: 3, days: daily.length });
    // the 7-day mean first reaches 0.85 or less on day 11 (four 0.9s and three 0.8s: 0.857; day 11: three 0.9s, four 0.8s: 0.843)
    expect(a.degradedDay).toBe(11);
    expect(a.labelAlertDay).toBe(14);
    expect(a.days_degraded_before_alert).toBe(3);
    const off = alerts({ metric: 'accuracy', offline: 0.9, daily, psi: daily.map(() => 0), monitor: 'off', labelDelay: 3, days: daily.length });
    expect(off.first_alert_day).toBeNull();
    expect(off.days_degraded_before_alert).toBeNull();
    // losses alert at 5 % worse, not 5 points
    const loss = alerts({ metric: 'log_loss', offline: 0.4, daily: daily.map((v) => (v > 0.85 ? 0.4 : 0.43)), psi: daily.map(() => 0), monitor: 'labels', labelDelay: 0, days: daily.length });
    expect(loss.labelAlertDay).toBe(12);
  });
});
