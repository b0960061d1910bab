import { describe, it, expect, beforeAll } from 'vitest';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import '@tensorflow/tfjs-backend-wasm';
import { Control, CancelledError, freeRunning, macrotask } from '../../src/engine/control';
import { Network, initWeights, predict } from '../../src/engine/model';
import { createRng } from '../../src/engine/rng';
import {
  CELL,
  DEFAULT_FLEET_PARAMS,
  fleetMetrics,
  fleetSpec,
  runFleet,
  poolAnswers,
  scoreRows,
  sweepFleet,
  type FleetParams,
  type FleetReading,
  type FleetRun,
} from '../../src/sims/reliability/fleet-run';
import { POLICIES, REVIEW_MINUTES, type FleetPolicy } from '../../src/sims/reliability/fleet-policies';
import { REGION_ROWS, dayAccuracy, fleetWorld, regionRows, rowInputs } from '../../src/sims/reliability/fleet-world';

// The reliability lab, part=fleet, at its defaults (120 days, labels 3 days late, 5 reviews a day).
// One run per (policy, models, seed), cached. With 100 models a run has 12,000 model-days, so one
// seed tells; with 1 model a run has one drift and a handful of degraded days, so those claims are
// asserted on seeds 1-5 (each seed and their mean).
const D = DEFAULT_FLEET_PARAMS;
const SMALL_SEEDS = [1, 2, 3, 4, 5];
const runs = new Map<string, FleetRun>();
const key = (policy: FleetPolicy, models: number, seed: number) => `${policy}:${models}:${seed}`;
const reading = (policy: FleetPolicy, models: number, seed = 1): FleetReading => fleetMetrics(runs.get(key(policy, models, seed))!);
const share = (policy: FleetPolicy, models: number, seed = 1) => reading(policy, models, seed).metrics.degraded_share;
const meanShare = (policy: FleetPolicy) => SMALL_SEEDS.reduce((s, seed) => s + share(policy, 1, seed), 0) / SMALL_SEEDS.length;
let tensorsBefore = 0;
let tensorsAfter = 0;
let days100 = 0;

beforeAll(async () => {
  await tf.setBackend('wasm');
  await tf.ready();
  tensorsBefore = tf.memory().numTensors;
  for (const policy of POLICIES) {
    for (const seed of SMALL_SEEDS) runs.set(key(policy, 1, seed), await runFleet({ ...D, policy, models: 1, seed }, freeRunning()));
    runs.set(key(policy, 10, 1), await runFleet({ ...D, policy, models: 10 }, freeRunning()));
    if (policy === 'manual') runs.set(key(policy, 50, 1), await runFleet({ ...D, policy, models: 50 }, freeRunning()));
    let days = 0;
    runs.set(key(policy, 100, 1), await runFleet({ ...D, policy, models: 100 }, freeRunning(), { onDay: () => void days++ }));
    days100 = days;
  }
  tensorsAfter = tf.memory().numTensors;
  // a table of what was measured, for the report and the lesson
  for (const policy of POLICIES)
    for (const models of [1, 10, 50, 100]) {
      if (!runs.has(key(policy, models, 1))) continue;
      const m = reading(policy, models).metrics;
      const extra = models === 1 ? ` (mean over seeds 1-5: ${meanShare(policy).toFixed(4)})` : '';
      console.log(`${policy} × ${models}: degraded_share ${m.degraded_share.toFixed(4)}${extra}, degraded_model_days ${m.degraded_model_days}, retrains ${m.retrains}, analyst_hours ${m.analyst_hours}, compute_units ${m.compute_units}, days_to_notice ${m.days_to_notice?.toFixed(2)}, unnoticed ${m.unnoticed}`);
    }
}, 300_000);

describe('fleet at the defaults (wasm)', () => {
  it('disposes every tensor and reports every day', () => {
    expect(tensorsAfter).toBe(tensorsBefore);
    expect(days100).toBe(D.days);
  });

  it('with 1 model, manual keeps the degraded share within 2 points of automated (seeds 1-5)', () => {
    for (const seed of SMALL_SEEDS) expect(Math.abs(share('manual', 1, seed) - share('automated', 1, seed))).toBeLessThanOrEqual(0.02);
    expect(Math.abs(meanShare('manual') - meanShare('automated'))).toBeLessThanOrEqual(0.02);
  });

  it('with 100 models, manual leaves at least twice the degraded share of automated, and 5+ points more', () => {
    const manual = share('manual', 100);
    const automated = share('automated', 100);
    expect(manual).toBeGreaterThanOrEqual(2 * automated);
    expect(manual - automated).toBeGreaterThanOrEqual(0.05);
  });

  it('under manual, analyst hours are a fixed day of reviews whatever the fleet, while the degraded share grows with it', () => {
    const hours = (D.reviews_per_day * D.days * REVIEW_MINUTES) / 60;
    for (const models of [1, 10, 50, 100]) expect(reading('manual', models).metrics.analyst_hours).toBe(hours);
    // 1 and 10 models are both reviewed within two days of a drift: their shares differ by chance
    // (one drift vs ten), so the growth is asserted from 10 up, and from 1 to 50 and 100
    expect(meanShare('manual')).toBeLessThan(share('manual', 50));
    expect(share('manual', 10)).toBeLessThan(share('manual', 50));
    expect(share('manual', 50)).toBeLessThan(share('manual', 100));
  });

  it('under automated, people spend no time and compute grows linearly with the fleet', () => {
    for (const models of [1, 10, 100]) expect(reading('automated', models).metrics.analyst_hours).toBe(0);
    const perModel1 = SMALL_SEEDS.reduce((s, seed) => s + reading('automated', 1, seed).metrics.compute_units, 0) / SMALL_SEEDS.length;
    const perModel10 = reading('automated', 10).metrics.compute_units / 10;
    const perModel100 = reading('automated', 100).metrics.compute_units / 100;
    for (const c of [perModel1, perModel10]) expect(Math.abs(c / perModel100 - 1)).toBeLessThan(0.35);
    // the cost moved from people to machines: more training than manual, no analyst
    expect(reading('automated', 100).metrics.compute_units).toBeGreaterThan(reading('manual', 100).metrics.compute_units);
  });

  it('alerts: the analyst works tickets, not a fixed day, and keeps up with 100 models at 5 a day', () => {
    const a = reading('alerts', 100).metrics;
    expect(a.analyst_hours).toBeLessThan(reading('manual', 100).metrics.analyst_hours);
    expect(a.degraded_share).toBeLessThan(share('manual', 100));
  });

  it('per-region rows and the heat strip agree with the totals', () => {
    for (const policy of POLICIES) {
      const r = reading(policy, 100);
      const run = runs.get(key(policy, 100, 1))!;
      expect(r.cells.length).toBe(100 * D.days);
      expect(r.regions.reduce((s, x) => s + x.degraded_days, 0)).toBe(r.metrics.degraded_model_days);
      expect(r.regions.reduce((s, x) => s + x.retrains, 0)).toBe(r.metrics.retrains);
      expect(r.series.retrains.reduce((a, b) => a + b, 0)).toBe(r.metrics.retrains);
      expect(r.series.degraded_share.reduce((a, b) => a + b, 0) / D.days).toBeCloseTo(r.metrics.degraded_share, 9);
      for (const x of r.regions) if (x.detect_day !== null) expect(x.detect_day).toBeGreaterThanOrEqual(x.drift_day);
      for (let c = 0; c < r.cells.length; c++) if (r.cells[c] <= CELL.degraded) expect(r.cells[c]).toBe(run.degraded[c]);
      // before its drift a launched model is healthy: chance alone rarely marks a day
      let early = 0;
      let earlyBad = 0;
      for (const x of r.regions)
        for (let t = 0; t < x.drift_day; t++) {
          early++;
          earlyBad += run.degraded[x.region * D.days + t];
        }
      expect(earlyBad / early).toBeLessThan(0.01);
    }
  });

  it('a run is plain data: it survives structuredClone', () => {
    const run = runs.get(key('automated', 10, 1))!;
    expect(fleetMetrics(structuredClone(run))).toEqual(fleetMetrics(run));
  });
});

describe('fleet engine', () => {
  it('plain-JS scoring equals the TF.js prediction (1e-5), and the daily lookup sees the same rows', async () => {
    await tf.setBackend('wasm');
    const world = fleetWorld(3, 2, 30);
    const rows = regionRows(world, 1, 25, 27);
    const x = rowInputs(world, rows.idx);
    for (const layers of [[], [8]]) {
      const spec = fleetSpec(world.encoder.d, { ...D.knobs, layers });
      const weights = initWeights(spec, createRng(11));
      const net = new Network(spec, weights);
      const tfScores = await predict(net, x, rows.n);
      net.dispose();
      const js = scoreRows(spec, weights, x, rows.n);
      let worst = 0;
      for (let i = 0; i < rows.n; i++) worst = Math.max(worst, Math.abs(js[i] - tfScores[i]));
      expect(worst).toBeLessThan(1e-5);
      // dayAccuracy (no rows materialised) on day 26 = the accuracy of those rows scored directly
      const says = poolAnswers(world, spec, weights);
      const day = dayAccuracy(world, 1, 26, says);
      let right = 0;
      let exp = 0;
      for (let i = REGION_ROWS; i < 2 * REGION_ROWS; i++) {
        const yes = js[i] >= 0.5 ? 1 : 0;
        right += yes === rows.click[i] ? 1 : 0;
        exp += yes ? rows.p[i] : 1 - rows.p[i];
      }
      expect(day.label).toBeCloseTo(right / REGION_ROWS, 12);
      // regionRows keeps p as float32; the lookup sums it in float64
      expect(day.expected).toBeCloseTo(exp / REGION_ROWS, 6);
    }
  });

  it('a region drifts on the same day whatever the fleet size, inside the run', () => {
    const a = fleetWorld(1, 10, 120);
    const b = fleetWorld(1, 200, 120);
    for (let r = 0; r < 10; r++) expect(b.regions[r]).toEqual(a.regions[r]);
    for (const r of b.regions) {
      expect(r.driftDay).toBeGreaterThanOrEqual(10);
      expect(r.driftDay).toBeLessThan(110);
    }
  });

  it('the same results stacked or one model at a time (cpu, 10 models × 30 days, to 1e-5)', async () => {
    await tf.setBackend('cpu');
    const start = tf.memory().numTensors;
    const p: FleetParams = { ...D, models: 10, days: 30, policy: 'automated' };
    const stacked = await runFleet(p, freeRunning(), { stacked: true });
    const single = await runFleet(p, freeRunning(), { stacked: false });
    expect(tf.memory().numTensors).toBe(start);
    expect(stacked.retrains.reduce((a, b) => a + b, 0)).toBeGreaterThan(0);
    expect(Array.from(single.cells)).toEqual(Array.from(stacked.cells));
    expect(Array.from(single.degraded)).toEqual(Array.from(stacked.degraded));
    expect(Array.from(single.retrains)).toEqual(Array.from(stacked.retrains));
    for (const f of ['live_accuracy', 'offline'] as const) for (let i = 0; i < stacked[f].length; i++) expect(Math.abs(single[f][i] - stacked[f][i])).toBeLessThan(1e-5);
    expect(single.compute_units).toBe(stacked.compute_units);
    // retraining seeds come from (region, day): under automated each region is on its own, so
    // regions 0-4 of a fleet of 10 do exactly as a fleet of 5 (stacked with other models each day)
    const five = await runFleet({ ...p, models: 5 }, freeRunning());
    for (let r = 0; r < 5; r++) {
      expect(five.retrains[r]).toBe(stacked.retrains[r]);
      for (let t = 0; t < p.days; t++) expect(five.offline[r * p.days + t]).toBeCloseTo(stacked.offline[r * p.days + t], 5);
    }
    await tf.setBackend('wasm');
  });

  it('cancels between days (tensors back to their start), and the sweep reports each point and cancels too', async () => {
    await tf.setBackend('wasm');
    const start = tf.memory().numTensors;
    const control = new Control({ sliceMs: 0, yieldNow: macrotask, onState: () => {} });
    const running = runFleet({ ...D, models: 5, days: 40, policy: 'automated' }, control, {
      onDay: (d) => {
        if (d.day === 15) control.cancel();
      },
    });
    await expect(running).rejects.toBeInstanceOf(CancelledError);
    expect(tf.memory().numTensors).toBe(start);

    const points: string[] = [];
    const progress: number[] = [];
    const sweep = await sweepFleet({ ...D, days: 20 }, freeRunning(), (pt) => void points.push(`${pt.policy}:${pt.models}:${pt.done}/${pt.total}`), {
      sizes: [1, 3],
      policies: ['manual', 'automated'],
      onProgress: (f) => void progress.push(f),
    });
    expect(points).toEqual(['manual:1:1/4', 'manual:3:2/4', 'automated:1:3/4', 'automated:3:4/4']);
    expect(progress.length).toBe(4 * 20);
    for (let i = 1; i < progress.length; i++) expect(progress[i]).toBeGreaterThan(progress[i - 1]);
    expect(progress[progress.length - 1]).toBeCloseTo(1, 12);
    expect(sweep.every((s) => s.metrics.degraded_share >= 0 && s.metrics.degraded_share <= 1)).toBe(true);

    const c2 = new Control({ sliceMs: 0, yieldNow: macrotask, onState: () => {} });
    const cancelled = sweepFleet({ ...D, days: 20 }, c2, () => c2.cancel(), { sizes: [1, 3] });
    await expect(cancelled).rejects.toBeInstanceOf(CancelledError);
    expect(tf.memory().numTensors).toBe(start);
  });
});
