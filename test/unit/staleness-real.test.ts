import { describe, it, expect, beforeAll } from 'vitest';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-wasm';
import { readFileSync } from 'node:fs';
import { run, parse } from '../../src/sims/staleness/scenario';
import { stalenessMetrics } from '../../src/sims/staleness/results';
import { parseCars } from '../../src/sims/staleness/cars';
import { parseWeather, classScores, WEATHER_CLASSES } from '../../src/sims/staleness/weather';
import { parseParams } from '../../src/engine/params';
import { schema } from '../../src/sims/staleness/meta';
import { testContext } from './job-context';

const SLOW = 240_000;

async function lab(params: Record<string, string>) {
  const before = tf.memory().numTensors;
  const result = await run(params, testContext());
  expect(tf.memory().numTensors).toBe(before);
  return { result, m: stalenessMetrics(result, parse(params)) };
}

describe('stale-data lab, real data: the files as shipped', () => {
  it('cars.json: 406 cars, 14 without mpg or horsepower, none from 1981', () => {
    const t = parseCars(readFileSync('public/data/cars.json', 'utf8'));
    expect(t.n).toBe(392);
    expect(t.notes[0]).toContain('14 of 406');
    const years = new Set(t.year);
    expect(years.has(1981)).toBe(false);
    expect([...years].sort()).toEqual([1970, 1971, 1972, 1973, 1974, 1975, 1976, 1977, 1978, 1979, 1980, 1982]);
  });

  it('seattle-weather.csv: 1,461 days; fog 5 → 52 days, drizzle 31 → 7, snow 21 → 0 from 2012 to 2015', () => {
    const t = parseWeather(readFileSync('public/data/seattle-weather.csv', 'utf8'));
    expect(t.n).toBe(1461);
    const count = (year: number, label: string) => {
      let c = 0;
      for (let i = 0; i < t.n; i++) if (t.year[i] === year && t.y[i] === WEATHER_CLASSES.indexOf(label)) c++;
      return c;
    };
    expect([2012, 2013, 2014, 2015].map((y) => count(y, 'fog'))).toEqual([5, 16, 28, 52]);
    expect([2012, 2013, 2014, 2015].map((y) => count(y, 'drizzle'))).toEqual([31, 15, 0, 7]);
    expect([2012, 2013, 2014, 2015].map((y) => count(y, 'snow'))).toEqual([21, 3, 2, 0]);
  });

  it('per-class recall counts a class with no days as undefined (NaN), not 0', () => {
    const s = classScores([0, 0, 2, 4], [0, 2, 2, 4]);
    expect(s.accuracy).toBe(0.75);
    expect(s.recall[0]).toBe(0.5);
    expect(s.recall[1]).toBeNaN();
    expect(s.predicted).toEqual([1, 0, 2, 0, 1]);
  });

  it('the data param narrows the others: cars scores MAE and retrains yearly, its windows are in years', () => {
    const p = parseParams(schema, { data: 'cars', retrain: 'daily', metric: 'accuracy', window: '30' });
    expect(p.values.metric).toBe('mae');
    expect(p.values.retrain).toBe('never');
    expect(p.values.window).toBe(5);
    expect(p.values.drift).toBe('recorded');
    expect(p.values.model).toBe('linear');
    expect(p.notices.map((n) => n.param).sort()).toEqual(['metric', 'retrain', 'window']);
  });
});

describe('stale-data lab, real data: what drifted', () => {
  beforeAll(async () => {
    await tf.setBackend('wasm');
    await tf.ready();
  });

  for (const seed of [1, 2, 3]) {
    it(`cars, seed ${seed}: the 1970–74 model's error on 1980–82 cars is at least 3× its offline error`, async () => {
      const { m, result } = await lab({ data: 'cars', seed: String(seed) });
      const yearly = await lab({ data: 'cars', seed: String(seed), retrain: 'yearly' });
      console.log(
        `cars seed ${seed}: offline MAE ${m.offline_score?.toFixed(2)}, 1980–82 MAE ${m.last_week_score?.toFixed(2)} (×${(m.last_week_score! / m.offline_score!).toFixed(1)}), retrained yearly ${yearly.m.last_week_score?.toFixed(2)}; per year ${Array.from(result.periods).map((y, k) => `${y}: ${result.live.mae![k].toFixed(2)}`).join(', ')}`,
      );
      expect(m.last_week_score!).toBeGreaterThanOrEqual(3 * m.offline_score!);
      expect(yearly.m.last_week_score!).toBeLessThan(m.last_week_score!);
      expect(result.predictions.y_true.length).toBe(27 + 58);
    }, SLOW);
  }

  it('weather: fog rises from under 2 % of days to over 10 %, and the frozen 2012 model finds (almost) none of it in 2015', async () => {
    const { m, result } = await lab({ data: 'weather' });
    const yearly = await lab({ data: 'weather', retrain: 'yearly' });
    console.log(`weather: offline ${m.offline_score?.toFixed(3)}, 2013–15 ${Array.from(result.live.accuracy!).map((v) => v.toFixed(3)).join(' / ')}, retrained yearly ${Array.from(yearly.result.live.accuracy!).map((v) => v.toFixed(3)).join(' / ')}; fog ${m.fog_share_first?.toFixed(3)} → ${m.fog_share_last?.toFixed(3)}, fog recall frozen ${m.fog_recall_frozen}, retrained ${m.fog_recall_retrained}; days predicted fog by the 2012 model: ${result.weather!.predictedFrozen.map((r) => r[1]).join(', ')}`);
    expect(m.fog_share_first!).toBeLessThan(0.02);
    expect(m.fog_share_last!).toBeGreaterThan(0.1);
    expect(m.fog_recall_frozen!).toBeLessThanOrEqual(0.1);
    // the aggregate hardly moves while the mix does
    expect(Math.abs(m.gap!)).toBeLessThan(0.05);
    expect(yearly.m.last_week_score).toBe(m.retrained_score);
  }, SLOW);
});
