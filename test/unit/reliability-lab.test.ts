import { describe, it, expect, beforeAll } from 'vitest';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-wasm';
import { parseParams } from '../../src/engine/params';
import { carrySlots } from '../../src/engine/job';
import { meta, type FaultsResult, type ReliabilityResult } from '../../src/sims/reliability/meta';
import { run, jobs, sweepJob } from '../../src/sims/reliability/scenario';
import { faultsView, fleetView, results } from '../../src/sims/reliability/results';
import { testContext } from './job-context';
import type { JobContext } from '../../src/engine/job';
import type { Repeated } from '../../src/engine/spread';
/** The lab's run, part=faults: its result narrowed to that part. */
async function runFaultsLab(raw: Record<string, unknown>, ctx: JobContext): Promise<FaultsResult & Partial<Repeated<ReliabilityResult>>> {
  const r = await run(raw, ctx);
  if (r.part !== 'faults') throw new Error(`expected a faults result, got ${r.part}`);
  return r;
}


// The reliability lab as the site runs it, part=faults: the URL's params in, the scenario's result,
// the view the page draws and what the export carries. (The engine's phenomena: reliability-faults.test.ts.)
const values = (q: string) => parseParams(meta.schema, new URLSearchParams(q)).values;
const carry = carrySlots()('reliability');
let first: FaultsResult;
let again: FaultsResult;
let fresh: FaultsResult;
let kinds: string[] = [];
let tensorsBefore = 0;

beforeAll(async () => {
  await tf.setBackend('wasm');
  await tf.ready();
  tensorsBefore = tf.memory().numTensors;
  const ctx = testContext();
  first = await runFaultsLab({}, { ...ctx, carry });
  kinds = ctx.snapshots.map((s) => String(s.kind));
  // a new fault on the next run: the launched model is carried over, not retrained
  again = await runFaultsLab({ fault: 'stuck' }, { ...testContext(), carry });
  fresh = await runFaultsLab({ fault: 'stuck' }, testContext());
}, 120_000);

describe('reliability lab, part=faults', () => {
  it('runs the defaults: a launch snapshot, serve snapshots up to the last day, no tensor left', () => {
    expect(kinds[0]).toBe('launch');
    expect(kinds.filter((k) => k === 'serve').length).toBeGreaterThanOrEqual(10);
    expect(first.run.stats.length).toBe(60);
    expect(first.reused).toBe(false);
    expect(tf.memory().numTensors).toBe(tensorsBefore);
  });

  it('reuses the launched model for a new fault and gets exactly what a fresh run gets', () => {
    expect(again.reused).toBe(true);
    const a = faultsView(again, values('fault=stuck')).metrics;
    const b = faultsView(fresh, values('fault=stuck')).metrics;
    expect(a).toEqual(b);
  });

  it('shows the service green and the model wrong at the defaults; the schema check fires on the fault day', () => {
    const v = faultsView(first, values(''));
    expect(v.metrics.uptime).toBe(1);
    expect(v.metrics.error_rate).toBe(0);
    expect(v.metrics.live_accuracy_drop).toBeGreaterThanOrEqual(0.05);
    expect(v.metrics.detect_day_schema).toBe(20);
    expect(v.metrics.days_to_detect).toBe(0);
    expect(v.firstAlert?.checks).toEqual(['schema']);
    // checks that are off show "—" and count no alarm
    expect(v.metrics.detect_day_drift).toBeNull();
    expect(v.monitors.filter((m) => m.enabled).map((m) => m.check)).toEqual(['schema', 'labels']);
  });

  it('re-reads the same run when a monitor, a threshold or the label delay changes (live params)', () => {
    for (const name of ['checks', 'label_delay', 'drift_psi', 'label_drop', 'schema_share', 'null_share', 'pred_shift', 'pred_psi']) {
      expect(meta.schema.byName.get(name)?.live, name).toBe(true);
    }
    const labelsOnly = faultsView(first, values('checks=labels&label_delay=7')).metrics;
    expect(labelsOnly.detect_day_schema).toBeNull();
    expect(labelsOnly.days_to_detect).toBeGreaterThanOrEqual(7);
    const none = faultsView(first, values('checks=')).metrics;
    expect(none.days_to_detect).toBeNull();
    // with nothing watching, every wrong answer from the fault to the end is served unnoticed
    expect(none.bad_predictions_served).toBeGreaterThan(labelsOnly.bad_predictions_served ?? Infinity);
  });

  it('exports every metric of the catalogue, the day series, the monitors table and the rows behind the drop', () => {
    const v = faultsView(first, values(''));
    // every number of the catalogue but the fleet's
    const fleetOnly = ['degraded_share', 'degraded_model_days', 'retrains', 'analyst_hours', 'compute_units', 'days_to_notice', 'unnoticed'];
    expect(Object.keys(v.metrics).sort()).toEqual(Object.keys(meta.metrics).filter((k) => !fleetOnly.includes(k)).sort());
    const series = results.series(first, v, {});
    expect(series.live_accuracy.y.length).toBe(60);
    expect(series.fires_schema.y[20]).toBe(1);
    const table = results.tables?.(first, v).monitors;
    expect(table?.rows.map((r) => r.check)).toEqual(['schema', 'nulls', 'drift', 'predictions', 'labels']);
    expect(table?.rows[0]).toMatchObject({ enabled: 'yes', detect_day: 20, days_after_fault: 0, culprit: 'price' });
    const p = results.predictions(first, v);
    expect((p.y_true as Uint8Array).length).toBe(14 * 2000);
  });

  it('clamps the fault day into the days served, with a notice', () => {
    const parsed = parseParams(meta.schema, new URLSearchParams('days=30&fault_day=45'));
    expect(parsed.values.fault_day).toBe(29);
    expect(parsed.notices.map((n) => n.param)).toContain('fault_day');
  });
});

describe('reliability lab, part=fleet', () => {
  it('runs a small fleet through the lab: progress by day, the fleet numbers, a table of regions and the model-days behind them', async () => {
    const ctx = testContext();
    const tensors = tf.memory().numTensors;
    const r = await run({ part: 'fleet', models: '10', days: '40' }, ctx);
    expect(tf.memory().numTensors).toBe(tensors);
    if (r.part !== 'fleet') throw new Error('expected a fleet result');
    const q = values('part=fleet&models=10&days=40');
    const v = fleetView(r);
    expect(v.part).toBe('fleet');
    expect(Object.keys(v.metrics).sort()).toEqual(['analyst_hours', 'compute_units', 'days_to_notice', 'degraded_model_days', 'degraded_share', 'launch_accuracy', 'retrains', 'unnoticed']);
    const fleetSnaps = ctx.snapshots.filter((s) => s.kind === 'fleet');
    expect(fleetSnaps.length).toBe(8);
    expect(fleetSnaps.at(-1)?.day).toBe(40);
    const regions = results.tables?.(r, v).regions;
    expect(regions?.rows.length).toBe(10);
    expect(regions?.columns).toEqual(['region', 'drift_day', 'drift_strength', 'detect_day', 'retrains', 'degraded_days']);
    const p = results.predictions(r, v);
    expect((p.degraded as Uint8Array).length).toBe(400);
    const degraded = (p.degraded as Uint8Array).reduce((a, b) => a + b, 0);
    expect(v.metrics.degraded_model_days).toBe(degraded);
    expect(v.metrics.degraded_share).toBeCloseTo(degraded / 400, 12);
    expect(results.series(r, v, {}).degraded_share.y.length).toBe(40);
  }, 60_000);

  it("the fleet's training defaults and ranges follow the part; label delay is live only for faults", () => {
    const f = values('part=fleet');
    expect([f.days, f.models, f.policy, f.reviews_per_day, f.lr, f.epochs, f.batch]).toEqual([120, 100, 'manual', 5, 0.1, 4, 256]);
    expect([values('').days, values('').lr, values('').epochs]).toEqual([60, 0.05, 10]);
    const label = meta.schema.byName.get('label_delay');
    expect(label?.liveWhen?.(f)).toBe(false);
    expect(label?.liveWhen?.(values(''))).toBe(true);
    const bad = parseParams(meta.schema, new URLSearchParams('part=fleet&models=999&policy=robots&days=5'));
    expect([bad.values.models, bad.values.policy, bad.values.days]).toEqual([200, 'manual', 30]);
    expect(bad.notices.map((n) => n.param).sort()).toEqual(['days', 'models', 'policy']);
  });

  it('the sweep is a job of its own: every policy at each fleet size, one point snapshot per run', async () => {
    const ctx = testContext();
    expect(Object.keys(jobs)).toEqual(['sweep']);
    const r = await sweepJob([1, 4])({ part: 'fleet', days: '30' }, ctx);
    const points = ctx.snapshots.filter((s) => s.kind === 'point');
    expect(points.map((s) => `${s.policy}:${s.models}`)).toEqual(['manual:1', 'manual:4', 'alerts:1', 'alerts:4', 'automated:1', 'automated:4']);
    expect(Array.isArray(r.points) && r.points.length).toBe(6);
  }, 60_000);
});
