import { describe, it, expect, beforeAll } from 'vitest';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-wasm';
import { readFileSync } from 'node:fs';
import { parseParams } from '../../src/engine/params';
import { carrySlots } from '../../src/engine/job';
import { meta, type FaultsResult, type ReliabilityResult } from '../../src/sims/reliability/meta';
import { run } from '../../src/sims/reliability/scenario';
import { faultsView, fleetView, results } from '../../src/sims/reliability/results';
import { FEATURE_INDEX } from '../../src/sims/reliability/features';
import { clickRate, generateDays, TRAIN_DAYS } from '../../src/sims/reliability/stream';
import { testContext } from './job-context';
import type { JobContext } from '../../src/engine/job';
import type { Repeated } from '../../src/engine/spread';
/** The lab's run, part=faults: its result narrowed to that part. */
async function runFaultsLab(raw: Record<string, unknown>, ctx: JobContext): Promise<FaultsResult & Partial<Repeated<ReliabilityResult>>> {
  const r = await run(raw, ctx);
  if (r.part !== 'faults') throw new Error(`expected a faults result, got ${r.part}`);
  return r;
}


// lessons/07-reliable-and-scalable.md quotes these numbers from the labs it embeds (default seed,
// the params of each <Sim> and of the controls it asks the learner to move). A number here
// changes → fix the text.
const LESSON = readFileSync('lessons/07-reliable-and-scalable.md', 'utf8');
const quoted = (...texts: string[]) => {
  for (const t of texts) expect(LESSON, `the lesson should quote “${t}”`).toContain(t);
};
const values = (q: string) => parseParams(meta.schema, new URLSearchParams(q)).values;
const f3 = (v: number | null | undefined) => (v === null || v === undefined ? 'null' : v.toFixed(3));
const count = (v: number | null | undefined) => (v === null || v === undefined ? 'null' : v.toLocaleString('en'));
const FAULTS = ['units', 'stuck', 'category', 'skew', 'none'] as const;
const runs = {} as Record<(typeof FAULTS)[number], FaultsResult>;
const read = (fault: (typeof FAULTS)[number], q = '') => faultsView(runs[fault], values(`fault=${fault}&${q}`));

beforeAll(async () => {
  await tf.setBackend('wasm');
  await tf.ready();
  // one launched model for the five faults, carried from run to run as the site does
  const carry = carrySlots()('reliability');
  for (const fault of FAULTS) runs[fault] = await runFaultsLab({ fault }, { ...testContext(), carry });
}, 120_000);

describe('numbers quoted by the reliability lesson, part one (faults)', () => {
  it('the default lab: the price in cents, the service green, the schema check on the fault day', () => {
    const v = read('units');
    const m = v.metrics;
    expect([f3(m.uptime), f3(m.error_rate), `${Math.round(m.p99_latency_ms ?? NaN)} ms`]).toEqual(['1.000', '0.000', '37 ms']);
    quoted('uptime 1.000, error rate 0.000, p99 latency 37 ms');
    expect([f3(m.live_accuracy_before), f3(m.live_accuracy_after), ((m.live_accuracy_drop ?? NaN) * 100).toFixed(1)]).toEqual(['0.774', '0.596', '17.8']);
    quoted('falls from 0.774 in the week before the fault to 0.596 in the week after, 17.8 (', 'Live accuracy fell 17.8 points');
    expect([m.detect_day_schema, m.detect_day_labels, m.days_to_detect]).toEqual([20, 23, 0]);
    expect(v.monitors.find((x) => x.check === 'schema')?.series.culprit).toBe('price');
    expect(count(m.bad_predictions_served)).toBe('767');
    quoted('fires on day 23', 'served 767 wrong answers');
    // "prices in the thousands were never among them"
    const schema = runs.units.run.profile.schema[FEATURE_INDEX.price];
    expect(schema.max).toBeLessThan(1000);
  });

  it('the stream is clicked 30–50 % of the time on every seed, so accuracy is a fair live metric', () => {
    for (const seed of [1, 2, 3, 4, 5]) {
      for (const rate of [clickRate(generateDays(seed, -TRAIN_DAYS, 0)), clickRate(generateDays(seed, 0, 60))]) {
        expect(rate).toBeGreaterThanOrEqual(0.3);
        expect(rate).toBeLessThanOrEqual(0.5);
      }
    }
    quoted('30 to 50 % of the requests are clicked on every seed');
  });

  it('the failed join: the schema check stays quiet, the accuracy check fires 3 days later; counting defaults fires on the fault day', () => {
    const m = read('stuck').metrics;
    expect([m.detect_day_schema, m.detect_day_labels, m.days_to_detect, count(m.bad_predictions_served)]).toEqual([null, 23, 3, '3,119']);
    quoted('fires on day 23, three days after the fault, and by then 3,119 wrong answers have been served');
    const withNulls = read('stuck', 'checks=schema,nulls,labels').metrics;
    expect(withNulls.detect_day_nulls).toBe(20);
    // "from about 3 % to every row"
    const trained = runs.stuck.run.profile.nullShare[FEATURE_INDEX.item_ctr];
    expect(Math.round(trained * 100)).toBe(3);
    const rise = runs.stuck.run.stats[20].nullRise[FEATURE_INDEX.item_ctr];
    expect(trained + rise).toBe(1);
    quoted('jumped from about 3 % to every row');
  });

  it('which check catches which fault, with all five on; the defaults catch each fault within 4 days', () => {
    const all = 'checks=schema,nulls,drift,predictions,labels';
    const onFaultDay = (f: (typeof FAULTS)[number]) =>
      read(f, all)
        .monitors.filter((x) => x.series.detect_day === 20)
        .map((x) => x.check);
    expect(onFaultDay('units')).toEqual(['schema', 'drift', 'predictions']);
    expect(onFaultDay('stuck')).toEqual(['nulls', 'drift', 'predictions']);
    expect(onFaultDay('category')).toEqual(['nulls', 'drift', 'predictions']);
    expect(onFaultDay('skew')).toEqual(['drift', 'predictions']);
    quoted('each of the four faults is caught on its fault day by at least two checks');
    const atDefaults = (['units', 'stuck', 'category', 'skew'] as const).map((f) => read(f).metrics.days_to_detect);
    expect(atDefaults).toEqual([0, 3, 4, 3]);
    quoted('each of the four faults is still caught within 4 days');
    // the accuracy check, 3 days after each fault (4 for the renamed category)
    expect((['units', 'stuck', 'category', 'skew'] as const).map((f) => read(f).metrics.detect_day_labels)).toEqual([23, 23, 24, 23]);
    quoted('fires 3 days after each fault (4 for the renamed category');
  });

  it('labels come late: the accuracy check alone, 7 and 14 days late', () => {
    const at = (d: number) => read('units', `checks=labels&label_delay=${d}`).metrics;
    expect([at(7).detect_day_labels, count(at(7).bad_predictions_served)]).toEqual([27, '6,472']);
    expect([at(14).days_to_detect, count(at(14).bad_predictions_served)]).toEqual([14, '12,136']);
    quoted('it fires on day 27, after 6,472 wrong answers', 'it takes 14 days and 12,136 wrong answers');
  });

  it('false alarms: none at the defaults in 60 days; 6 with a 1-point accuracy alert; 30 days with the prediction check at 0.01', () => {
    const all = 'checks=schema,nulls,drift,predictions,labels';
    expect(read('none', all).metrics.false_alarms).toBe(0);
    expect(read('none', `${all}&label_drop=0.01`).metrics.false_alarms).toBe(6);
    expect(read('none', 'checks=predictions&pred_shift=0.01&pred_psi=0.01').metrics.false_alarms).toBe(30);
    quoted('no monitor fires in 60 days', 'now raises 6 false alarms', 'it fires on 30 of the 60 days', 'pages someone 6 times in 60 days');
    // "a day's accuracy over 2,000 requests wobbles by about a point by chance alone"
    const acc = runs.none.run.stats.map((s) => s.accuracy);
    const mean = acc.reduce((a, b) => a + b, 0) / acc.length;
    const sd = Math.sqrt(acc.reduce((a, b) => a + (b - mean) ** 2, 0) / (acc.length - 1));
    expect(sd).toBeGreaterThan(0.005);
    expect(sd).toBeLessThan(0.015);
  });
});

describe('numbers quoted by the reliability lesson, part two (fleet)', () => {
  const fleet = async (q: string) => {
    const r = await run(Object.fromEntries(new URLSearchParams(`part=fleet&${q}`)), testContext());
    if (r.part !== 'fleet') throw new Error('expected a fleet result');
    return fleetView(r).metrics;
  };
  const pct = (v: number | null | undefined) => (v === null || v === undefined ? 'null' : `${(100 * v).toFixed(1)} %`);

  it('100 regions and an analyst: 11.4 % degraded, noticed after 12.4 days, 9 never; 1 region: 5.0 %', async () => {
    const m = await fleet('');
    expect([pct(m.degraded_share), count(m.degraded_model_days), m.days_to_notice?.toFixed(1), m.unnoticed, m.analyst_hours]).toEqual(['11.4 %', '1,363', '12.4', 9, 150]);
    expect(f3(m.launch_accuracy)).toBe('0.771');
    quoted('11.4 %: 1,363 of the 12,000 model-days', 'waits 12.4 days to be noticed', 'in 9 regions it is never noticed', 'still works 150 hours', 'launch accuracy 0.771 on average');
    const one = await fleet('models=1');
    expect([pct(one.degraded_share), one.days_to_notice, f3(one.launch_accuracy)]).toEqual(['5.0 %', 3, '0.770']);
    quoted('only 5.0 % of its days are degraded', 'notices its drift 3 days after', 'the single model’s 0.770');
  }, 60_000);

  it('automated: 3.5 % at 100 and 200 regions, no analyst, compute 3,888 then 7,800 steps; alerts keep up for 40.5 hours; manual reaches 17.8 % at 200', async () => {
    const auto = await fleet('policy=automated');
    expect([pct(auto.degraded_share), auto.analyst_hours, count(auto.compute_units)]).toEqual(['3.5 %', 0, '3,888']);
    const manual = await fleet('');
    expect(count(manual.compute_units)).toBe('2,184');
    quoted('3.5 % of the model-days are degraded', 'takes 3,888 training steps here against 2,184 under manual reviews');
    const alerts = await fleet('policy=alerts');
    expect([pct(alerts.degraded_share), alerts.analyst_hours]).toEqual(['3.5 %', 40.5]);
    quoted('for 40.5 hours of work');
    const auto200 = await fleet('policy=automated&models=200');
    expect([pct(auto200.degraded_share), count(auto200.compute_units)]).toEqual(['3.5 %', '7,800']);
    quoted('the same share at 100 regions as at 200', '7,800 steps at 200 regions');
    const manual200 = await fleet('models=200');
    expect(pct(manual200.degraded_share)).toBe('17.8 %');
    quoted('climb to 17.8 % at 200');
  }, 120_000);
});
