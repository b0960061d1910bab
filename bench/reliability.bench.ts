import { it } from 'vitest';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import '@tensorflow/tfjs-backend-wasm';
import { freeRunning, now } from '../src/engine/control';
import { DEFAULT_FLEET_PARAMS, fleetMetrics, runFleet, type FleetParams } from '../src/sims/reliability/fleet-run';
import { DEFAULT_FAULTS_PARAMS, runFaults } from '../src/sims/reliability/faults-run';
import type { FleetPolicy } from '../src/sims/reliability/fleet-policies';
import { median, ms, runs } from './stats';

const REPEATS = 3;
// this process's CPU time: on a shared machine wall time also counts the neighbours
const cpuMs = () => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
};

// The reliability lab's fleet run at its defaults (100 models × 120 days: daily scoring of every
// model, retrains as the policy decides), stacked and one model at a time, in Node on wasm.
// Goal: under 10 s a run; training stacked at most 1/3 of one-at-a-time per model trained.
// The launch (all 100 models in one stack) is timed apart: the days' retrains stack only the few
// models that retrain on the same day.
it('reliability fleet: 100 models × 120 days, stacked vs one at a time, wasm (Node)', async () => {
  await tf.setBackend('wasm');
  await tf.ready();
  const time = async (p: FleetParams, stacked: boolean) => {
    const timing = { train_ms: 0, trainings: 0 };
    const t0 = now();
    const c0 = cpuMs();
    const run = await runFleet(p, freeRunning(), { stacked, timing });
    return { total: now() - t0, cpu: cpuMs() - c0, perModel: timing.train_ms / Math.max(1, timing.trainings), trainings: timing.trainings, run };
  };
  // the launch alone: a 2-day run with nobody reviewing trains the 100 models once, and nothing else
  const launch: FleetParams = { ...DEFAULT_FLEET_PARAMS, days: 2, reviews_per_day: 0, policy: 'manual' };
  const ls: number[] = [];
  const l1: number[] = [];
  for (let i = 0; i < REPEATS; i++) {
    ls.push((await time(launch, true)).perModel);
    l1.push((await time(launch, false)).perModel);
  }
  console.log(`fleet launch, 100 models: training per model stacked ${median(ls).toFixed(1)} ms [${runs(ls)}], one at a time ${median(l1).toFixed(1)} ms [${runs(l1)}], ratio ${(median(ls) / median(l1)).toFixed(2)}`);

  for (const policy of ['manual', 'automated'] as FleetPolicy[]) {
    const p = { ...DEFAULT_FLEET_PARAMS, policy };
    const total: Record<'stacked' | 'single', number[]> = { stacked: [], single: [] };
    const cpu: Record<'stacked' | 'single', number[]> = { stacked: [], single: [] };
    const per: Record<'stacked' | 'single', number[]> = { stacked: [], single: [] };
    let summary = '';
    for (let i = 0; i < REPEATS; i++) {
      for (const mode of ['stacked', 'single'] as const) {
        const r = await time(p, mode === 'stacked');
        total[mode].push(r.total);
        cpu[mode].push(r.cpu);
        per[mode].push(r.perModel);
        const m = fleetMetrics(r.run).metrics;
        summary = `${r.trainings} trainings (100 at launch); degraded_share ${m.degraded_share.toFixed(4)}, retrains ${m.retrains}, analyst_hours ${m.analyst_hours}, compute_units ${m.compute_units}`;
      }
    }
    console.log(
      `fleet ${policy}, 100 × 120 on wasm: run stacked median ${ms(median(total.stacked))} [${runs(total.stacked)}], one at a time ${ms(median(total.single))} [${runs(total.single)}] (CPU time: ${ms(median(cpu.stacked))} and ${ms(median(cpu.single))}); ` +
        `training per model stacked ${median(per.stacked).toFixed(1)} ms, one at a time ${median(per.single).toFixed(1)} ms, ratio ${(median(per.stacked) / median(per.single)).toFixed(2)}; ${summary}`,
    );
  }
});

// part=faults at its defaults (60 days, the price in cents on day 20): the launch model trained on
// 14 days, then every day served and profiled for the five monitors; and the same run when the
// launch is carried over (a new fault or fault day: the lab re-serves without retraining).
it('reliability faults: a default run, and a re-serve with the launch carried over, wasm (Node)', async () => {
  await tf.setBackend('wasm');
  await tf.ready();
  const fresh: number[] = [];
  const carried: number[] = [];
  for (let i = 0; i < REPEATS; i++) {
    let t0 = now();
    const first = await runFaults(DEFAULT_FAULTS_PARAMS, freeRunning());
    fresh.push(now() - t0);
    t0 = now();
    await runFaults({ ...DEFAULT_FAULTS_PARAMS, fault: 'stuck' }, freeRunning(), { launch: first.launch });
    carried.push(now() - t0);
  }
  console.log(`faults, 60 days: fresh run ${ms(median(fresh))} [${runs(fresh)}], launch carried over ${ms(median(carried))} [${runs(carried)}]`);
}, 300_000);
