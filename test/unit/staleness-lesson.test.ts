import { describe, it, expect, beforeAll } from 'vitest';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-wasm';
import { readFileSync } from 'node:fs';
import { run, parse } from '../../src/sims/staleness/scenario';
import { stalenessMetrics, monitorOf } from '../../src/sims/staleness/results';
import { readSeattleWeather } from '../../src/data/seattle-weather.read';
import { testContext } from './job-context';

// lessons/03-stale-data.md quotes these numbers from the labs it embeds (default seed, the params
// of each <Sim>); this test keeps the text and the labs in step. A number here changes → fix the text.
const LESSON = readFileSync('lessons/03-stale-data.md', 'utf8');
const SLOW = 240_000;

async function measure(params: Record<string, string>) {
  const result = await run(params, testContext());
  return { result, at: (over: Record<string, string> = {}) => stalenessMetrics(result, parse({ ...params, ...over })) };
}
const f3 = (v: number | null) => (v === null ? 'null' : v.toFixed(3));
const points = (v: number | null) => (v === null ? 'null' : String(Math.round(v * 100)));
/** every quoted string must appear in the lesson text */
const quoted = (...texts: string[]) => {
  for (const t of texts) expect(LESSON, `the lesson should quote “${t}”`).toContain(t);
};

describe('numbers quoted by the stale-data lesson', () => {
  beforeAll(async () => {
    await tf.setBackend('wasm');
    await tf.ready();
  });

  it('the default lab (never retrained) and its monitors (monitor=both: the same run re-read)', async () => {
    const { result, at } = await measure({});
    const m = at();
    const both = at({ monitor: 'both' });
    const mon = monitorOf(result, parse({ monitor: 'both' }));
    console.log(JSON.stringify({ m, both, degraded: mon.degradedDay, label: mon.labelAlertDay, input: mon.inputAlertDay, maxPsi: Math.max(...result.psi!) }));
    expect(f3(m.offline_score)).toBe('0.846');
    expect(f3(m.last_week_score)).toBe('0.717');
    expect(points(m.gap)).toBe('13');
    expect(f3(m.retrained_score)).toBe('0.853');
    quoted('0.846', '0.717', '13 points', '0.853');
    expect(mon.inputAlertDay).toBeNull();
    expect(Math.max(...result.psi!)).toBeLessThan(0.02);
    expect(mon.degradedDay).toBe(70);
    expect(both.first_alert_day).toBe(77);
    expect(both.days_degraded_before_alert).toBe(7);
    quoted('day 70', 'day 77', 'below 0.02');
    // monitorCheck: the label monitor alerts one label delay (7 days) after the live score crossed its line
    quoted('alerts 7 days after the live score crossed its line (day 77 for day 70 here)');
    expect(LESSON).not.toContain('two weeks after');
  }, SLOW);

  it('retrained every 30 days', async () => {
    const m = (await measure({ retrain: 'monthly' })).at();
    console.log(JSON.stringify(m));
    expect(f3(m.last_week_score)).toBe('0.813');
    expect(points(m.gap)).toBe('3');
    quoted('0.813');
  }, SLOW);

  it('covariate shift, watched by the input monitor; the neural network hardly notices it', async () => {
    const { at } = await measure({ drift: 'covariate' });
    const m = at({ monitor: 'inputs' });
    const net = (await measure({ drift: 'covariate', model: 'mlp' })).at();
    console.log(JSON.stringify({ logreg: m, mlp: net }));
    expect(m.first_alert_day).toBe(85);
    quoted('day 85');
    // "more phone traffic means more mistakes" for the linear model; the network "hardly notices the shift"
    expect(m.gap!).toBeGreaterThan(0.03);
    expect(Math.abs(net.gap!)).toBeLessThan(0.01);
    quoted('more phone traffic means more mistakes', 'hardly notices the shift');
  }, SLOW);

  it('Seattle weather: the label mix moves under a steady accuracy', async () => {
    const m = (await measure({ data: 'weather' })).at();
    console.log(JSON.stringify(m));
    expect(f3(m.offline_score)).toBe('0.753');
    expect(f3(m.last_week_score)).toBe('0.742');
    expect(f3(m.retrained_score)).toBe('0.762');
    expect(m.fog_recall_frozen).toBe(0);
    expect(m.fog_recall_retrained).toBe(0);
    expect((100 * m.fog_share_first!).toFixed(1)).toBe('1.4');
    expect((100 * m.fog_share_last!).toFixed(1)).toBe('14.2');
    quoted('0.753', '0.742', '0.762', '1.4 %', '14.2 %');
  }, SLOW);

  it('Seattle weather is not label shift: the days behind a label changed (the lab\'s data file)', () => {
    const days = readSeattleWeather(readFileSync('public/data/seattle-weather.csv', 'utf8'));
    const dryRain = (year: string) => {
      const rain = days.filter((d) => d.date.startsWith(year) && d.weather.trim() === 'rain');
      return rain.filter((d) => d.precipitation === 0).length / rain.length;
    };
    console.log(JSON.stringify({ dryRain: ['2012', '2013', '2014', '2015'].map(dryRain) }));
    expect(Math.round(100 * dryRain('2012'))).toBe(18);
    expect(dryRain('2014')).toBe(0);
    expect(dryRain('2015')).toBe(0);
    quoted('In 2012, 18 % of the days labelled rain had no precipitation at all; from 2014 on, none did.', 'it is not label shift', 'concept drift');
  });
});
