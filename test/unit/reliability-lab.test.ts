import { describe, it, expect, beforeAll } from 'vitest';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-wasm';
import { parseParams } from '../../src/engine/params';
import { carrySlots } from '../../src/engine/job';
import { meta, type FaultsResult } from '../../src/sims/reliability/meta';
import { run } from '../../src/sims/reliability/scenario';
import { results } from '../../src/sims/reliability/results';
import { testContext } from './job-context';

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
  first = await run({}, { ...ctx, carry });
  kinds = ctx.snapshots.map((s) => s.kind);
  // a new fault on the next run: the launched model is carried over, not retrained
  again = await run({ fault: 'stuck' }, { ...testContext(), carry });
  fresh = await run({ fault: 'stuck' }, testContext());
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
    const a = results.view(again, values('fault=stuck')).metrics;
    const b = results.view(fresh, values('fault=stuck')).metrics;
    expect(a).toEqual(b);
  });

  it('shows the service green and the model wrong at the defaults; the schema check fires on the fault day', () => {
    const v = results.view(first, values(''));
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
    const labelsOnly = results.view(first, values('checks=labels&label_delay=7')).metrics;
    expect(labelsOnly.detect_day_schema).toBeNull();
    expect(labelsOnly.days_to_detect).toBeGreaterThanOrEqual(7);
    const none = results.view(first, values('checks=')).metrics;
    expect(none.days_to_detect).toBeNull();
    // with nothing watching, every wrong answer from the fault to the end is served unnoticed
    expect(none.bad_predictions_served).toBeGreaterThan(labelsOnly.bad_predictions_served ?? Infinity);
  });

  it('exports every metric of the catalogue, the day series, the monitors table and the rows behind the drop', () => {
    const v = results.view(first, values(''));
    expect(Object.keys(v.metrics).sort()).toEqual(Object.keys(meta.metrics).sort());
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
