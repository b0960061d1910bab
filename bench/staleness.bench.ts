import { it } from 'vitest';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import '@tensorflow/tfjs-backend-wasm';
import { readFile } from 'node:fs/promises';
import { run } from '../src/sims/staleness/scenario';
import { freeRunning, now } from '../src/engine/control';
import type { JobContext } from '../src/engine/job';
import type { StalenessResult } from '../src/sims/staleness/meta';
import { median, ms, runs } from './stats';

const REPEATS = 3;
const context = (backend: string): JobContext => ({
  control: freeRunning(),
  backend: { name: backend, requested: backend, reason: 'bench', softwareGl: false, renderer: null } as JobContext['backend'],
  emit: () => {},
  fetchText: (path) => readFile(`public/${path}`, 'utf8'),
});

// The stale-data lab's runs per backend, Node: the default (120 days, the daily-retrained comparison
// line fine-tuned 119 times), the issue's 365 days retrained daily, and the two real-data modes.
const CASES: [string, Record<string, string>][] = [
  ['default (120 days, never retrained + daily comparison line)', {}],
  ['365 days, retrain=daily (364 fine-tunes)', { days: '365', retrain: 'daily' }],
  ['data=cars', { data: 'cars' }],
  ['data=weather', { data: 'weather' }],
];

it('stale-data lab per backend, Node', async () => {
  for (const backend of ['cpu', 'wasm']) {
    await tf.setBackend(backend);
    await tf.ready();
    await run({ days: '30', daily: '200', window: '5' }, context(backend)); // warm-up
    for (const [name, params] of CASES) {
      const times: number[] = [];
      const cpu: number[] = [];
      let r: StalenessResult | null = null;
      for (let i = 0; i < REPEATS; i++) {
        const c0 = process.cpuUsage();
        const t0 = now();
        r = await run(params, context(backend));
        times.push(now() - t0);
        const c = process.cpuUsage(c0);
        cpu.push((c.user + c.system) / 1000);
      }
      const metric = Object.keys(r!.offline)[0] as keyof StalenessResult['offline'];
      console.log(
        `stale-data ${name} on ${backend} (Node): median ${ms(median(times))} [${runs(times)}], CPU ${ms(median(cpu))}; ${r!.retrains} retrains of the deployed model; offline ${metric} ${r!.offline[metric]?.toFixed(3)}, final ${r!.lastWeek[metric]?.toFixed(3)}`,
      );
    }
  }
});
