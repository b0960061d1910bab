import { describe, it, expect, beforeAll } from 'vitest';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-wasm';
import { Control, CancelledError, freeRunning, macrotask } from '../../src/engine/control';
import { DEFAULT_FAULTS_PARAMS, faultsMetrics, predictionsAround, runFaults, type FaultsRun, type Launch } from '../../src/sims/reliability/faults-run';
import { CHECKS, DEFAULT_CHECKS, DEFAULT_THRESHOLDS, type Check } from '../../src/sims/reliability/monitors';
import { FAULTS, applyFault, type Fault } from '../../src/sims/reliability/faults';
import { clickRate, generateDays, ROWS_PER_DAY, TRAIN_DAYS } from '../../src/sims/reliability/stream';
import { pipeline, FEATURE_INDEX, F } from '../../src/sims/reliability/features';

// The reliability lab, part=faults, at its defaults (60 days, fault on day 20, labels 3 days late,
// checks schema,labels, default thresholds). One run per (seed, fault); the launched model is trained
// once per seed and shared by its five faults (a fault changes what is served, not what was trained).
// Detection days are counts of a day's 2,000 rows, so every claim is asserted on five seeds.
const SEEDS = [1, 2, 3, 4, 5];
const FAULTY = FAULTS.filter((f) => f !== 'none');
const D = DEFAULT_FAULTS_PARAMS;
const runs = new Map<string, FaultsRun>();
const key = (seed: number, fault: Fault) => `${seed}:${fault}`;
const run = (seed: number, fault: Fault) => runs.get(key(seed, fault))!;
const read = (seed: number, fault: Fault, checks: readonly Check[] = DEFAULT_CHECKS, labelDelay = D.label_delay) =>
  faultsMetrics(run(seed, fault), { checks, thresholds: DEFAULT_THRESHOLDS, label_delay: labelDelay });
let tensorsBefore = 0;
let tensorsAfter = 0;
let ms = 0;

beforeAll(async () => {
  await tf.setBackend('wasm');
  await tf.ready();
  tensorsBefore = tf.memory().numTensors;
  const t0 = performance.now();
  for (const seed of SEEDS) {
    let launch: Launch | undefined;
    for (const fault of FAULTS) {
      const r = await runFaults({ ...D, seed, fault }, freeRunning(), { launch });
      launch = r.launch;
      runs.set(key(seed, fault), r);
    }
  }
  ms = performance.now() - t0;
  tensorsAfter = tf.memory().numTensors;
}, 120_000);

const pts = (v: number | null) => (v === null ? '—' : (100 * v).toFixed(1));

describe('reliability, part=faults: the service is up and the model is wrong', () => {
  it('the stream: clicked 30–50 % of the time on every seed; the defaults are what the issue says', () => {
    expect([D.days, D.fault_day, D.label_delay]).toEqual([60, 20, 3]);
    expect([...D.checks]).toEqual(['schema', 'labels']);
    expect(DEFAULT_THRESHOLDS.drift_psi).toBe(0.2);
    for (const seed of SEEDS) {
      const served = clickRate(generateDays(seed, 0, D.days));
      const logged = clickRate(generateDays(seed, -TRAIN_DAYS, 0));
      console.log(`seed ${seed}: click rate served ${served.toFixed(3)}, logged ${logged.toFixed(3)}; launch accuracy ${run(seed, 'none').profile.accuracy.toFixed(3)}`);
      expect(served).toBeGreaterThanOrEqual(0.3);
      expect(served).toBeLessThanOrEqual(0.5);
      expect(logged).toBeGreaterThanOrEqual(0.3);
      expect(logged).toBeLessThanOrEqual(0.5);
    }
    console.log(`${SEEDS.length} seeds × ${FAULTS.length} faults served in ${(ms / 1000).toFixed(1)} s`);
  });

  it('every fault but none drops live accuracy by ≥ 5 points (week after vs week before) while uptime is 1.0, error rate 0 and p99 latency unchanged', () => {
    for (const seed of SEEDS) {
      const none = read(seed, 'none');
      expect(Math.abs(none.metrics.live_accuracy_drop!)).toBeLessThan(0.02);
      const line = [`none ${pts(none.metrics.live_accuracy_drop)}`];
      for (const fault of FAULTY) {
        const r = read(seed, fault);
        const m = r.metrics;
        line.push(`${fault} ${pts(m.live_accuracy_drop)}`);
        expect(m.live_accuracy_drop!).toBeGreaterThanOrEqual(0.05);
        expect(m.uptime).toBe(1);
        expect(m.error_rate).toBe(0);
        // the dashboard is the same whatever the data does: nothing a service check sees has moved
        expect(m.p99_latency_ms).toBe(none.metrics.p99_latency_ms);
        expect(r.series.uptime.every((u) => u === 1)).toBe(true);
        expect(r.series.error_rate.every((e) => e === 0)).toBe(true);
        expect(r.series.p99_latency_ms).toEqual(none.series.p99_latency_ms);
      }
      console.log(`seed ${seed}: live_accuracy_drop (points) ${line.join(', ')}; p99 ${none.metrics.p99_latency_ms.toFixed(1)} ms`);
    }
  });

  it('schema catches units on the fault day; nulls catches stuck on the fault day', () => {
    for (const seed of SEEDS) {
      const units = read(seed, 'units');
      expect(units.metrics.detect_day_schema).toBe(D.fault_day);
      expect(units.checks.schema.culprit).toBe('price');
      expect(units.metrics.days_to_detect).toBe(0);
      const stuck = read(seed, 'stuck', ['nulls']);
      expect(stuck.metrics.detect_day_nulls).toBe(D.fault_day);
      expect(stuck.checks.nulls.culprit).toBe('item_ctr');
      expect(stuck.metrics.days_to_detect).toBe(0);
    }
  });

  it('labels alone detects each fault, no sooner than label_delay days after it (also at delays 0 and 7)', () => {
    for (const seed of SEEDS) {
      const line: string[] = [];
      for (const fault of FAULTY) {
        for (const delay of [D.label_delay, 0, 7]) {
          const m = read(seed, fault, ['labels'], delay).metrics;
          expect(m.detect_day_labels).not.toBeNull();
          expect(m.detect_day_labels!).toBeGreaterThanOrEqual(D.fault_day + delay);
          expect(m.days_to_detect).toBe(m.detect_day_labels! - D.fault_day);
          if (delay === D.label_delay) line.push(`${fault} day ${m.detect_day_labels} (${m.bad_predictions_served} wrong answers served)`);
        }
      }
      console.log(`seed ${seed}: labels alone detects ${line.join(', ')}`);
    }
  });

  it('none raises no alert in 60 days with every check on at the default thresholds (false alarms: 0), and no fault raises one before its day', () => {
    for (const seed of SEEDS) {
      const r = read(seed, 'none', CHECKS);
      expect(r.metrics.false_alarms).toBe(0);
      for (const c of CHECKS) expect(r.checks[c].fired.some(Boolean)).toBe(false);
      expect([r.metrics.detect_day_schema, r.metrics.detect_day_nulls, r.metrics.detect_day_drift, r.metrics.detect_day_predictions, r.metrics.detect_day_labels]).toEqual([null, null, null, null, null]);
      expect(r.metrics.days_to_detect).toBeNull();
      expect(r.metrics.bad_predictions_served).toBe(0);
      // how close the quiet days come to each threshold
      const peak = (c: Check) => Math.max(...r.checks[c].value.map((v) => v ?? -Infinity));
      console.log(`seed ${seed} none, highest daily value: ${CHECKS.map((c) => `${c} ${peak(c).toFixed(3)}`).join(', ')}; score PSI ${Math.max(...r.series.score_psi).toFixed(3)}`);
      for (const fault of FAULTY) expect(read(seed, fault, CHECKS).metrics.false_alarms).toBe(0);
    }
  });

  it('which check catches which fault, and how late (all checks on): printed, with the wrong answers each default setup lets through', () => {
    for (const seed of SEEDS) {
      const rows = FAULTY.map((fault) => {
        const all = read(seed, fault, CHECKS).metrics;
        const def = read(seed, fault).metrics;
        const d = (v: number | null) => (v === null ? '—' : String(v - D.fault_day));
        return `${fault}: schema ${d(all.detect_day_schema)} nulls ${d(all.detect_day_nulls)} drift ${d(all.detect_day_drift)} predictions ${d(all.detect_day_predictions)} labels ${d(all.detect_day_labels)} | defaults: ${def.days_to_detect} days, ${def.bad_predictions_served} bad`;
      });
      console.log(`seed ${seed} (days after the fault):\n  ${rows.join('\n  ')}`);
    }
    // a schema alert on the fault day lets one day of wrong answers through; labels alone, four
    const units = read(1, 'units');
    const unitsLabels = read(1, 'units', ['labels']);
    expect(units.metrics.bad_predictions_served).toBeLessThan(unitsLabels.metrics.bad_predictions_served);
  });

  it('the faults do what they say to the served features, from the fault day on', () => {
    const clean = generateDays(1, D.fault_day - 1, D.fault_day + 1);
    const at = (fault: Fault, j: number) => {
      const s = pipeline(applyFault(clean, fault, D.fault_day));
      const c = pipeline(clean);
      return { before: [s.x[j], c.x[j]], after: [s.x[ROWS_PER_DAY * F + j], c.x[ROWS_PER_DAY * F + j]], served: s, clean: c };
    };
    const u = at('units', FEATURE_INDEX.price);
    expect(u.before[0]).toBe(u.before[1]);
    expect(u.after[0]).toBeCloseTo(100 * u.after[1], 2);
    const stuck = at('stuck', FEATURE_INDEX.item_ctr).served;
    for (let i = ROWS_PER_DAY; i < stuck.n; i++) expect(stuck.x[i * F + FEATURE_INDEX.item_ctr]).toBe(0);
    const none = at('none', 0);
    expect(none.served.x).toEqual(none.clean.x);
  });

  it('a reused launch gives the same run as a fresh one; the export holds the rows the drop is computed from; a cancel stops it; no tensor is left behind', async () => {
    const fresh = await runFaults({ ...D, seed: 1, fault: 'skew' }, freeRunning());
    expect(fresh.y_score).toEqual(run(1, 'skew').y_score);
    expect(faultsMetrics(fresh).metrics).toEqual(read(1, 'skew').metrics);
    const p = predictionsAround(run(1, 'units'));
    const acc = (from: number, to: number) => {
      let right = 0;
      for (let i = from; i < to; i++) right += Number((p.y_score[i] >= 0.5 ? 1 : 0) === p.y_true[i]);
      return right / (to - from);
    };
    const half = 7 * ROWS_PER_DAY;
    expect(acc(0, half) - acc(half, 2 * half)).toBeCloseTo(read(1, 'units').metrics.live_accuracy_drop!, 12);
    // cancelled while serving (and while training): CancelledError, nothing left behind
    for (const launch of [run(2, 'none').launch, undefined]) {
      const control = new Control({ sliceMs: 50, yieldNow: macrotask, onState: () => {} });
      if (!launch) control.cancel();
      const cancelled = runFaults({ ...D, seed: 2 }, control, { launch, onDay: ({ day }) => void (day === 5 && control.cancel()) });
      await expect(cancelled).rejects.toBeInstanceOf(CancelledError);
    }
    expect(tensorsAfter).toBe(tensorsBefore);
    expect(tf.memory().numTensors).toBe(tensorsBefore);
  });
});
