// The weather mode: vega-datasets 3.2.1 data/seattle-weather.csv (NOAA, 2012–15). A softmax
// regression names the day's weather from precipitation, temperatures and wind; trained on 2012,
// it is scored on each later year while the mix of labels — and what gets called "fog" — changes.

import { argmaxRows } from '../../engine/metrics';
import { mlp } from '../../engine/model';
import { now } from '../../engine/control';
import { WEATHER, type StalenessContext, type StalenessParams, type StalenessResult, type WeatherExtra } from './meta';
import { timeline } from './monitor';
import { fitRows, holdOut, retrainSummary, rowsIn, trainingClock, withinPeriod, yearData, yearsFrom, type YearTable } from './real-data';
import { seattleWeather } from '../../data/seattle-weather';
import { readSeattleWeather } from '../../data/seattle-weather.read';

export const WEATHER_FEATURES = ['precipitation (mm)', 'highest temperature (°C)', 'lowest temperature (°C)', 'wind (m/s)'];
export const WEATHER_CLASSES = ['drizzle', 'fog', 'rain', 'snow', 'sun'];

/** seattle-weather.csv (src/data/seattle-weather.ts reads it) as a table: the four measurements, the label, the year. */
export function parseWeather(text: string): YearTable {
  const days = readSeattleWeather(text);
  const x: number[] = [];
  const y: number[] = [];
  const year: number[] = [];
  let skipped = 0;
  for (const day of days) {
    const values = [day.precipitation, day.temp_max, day.temp_min, day.wind];
    const label = WEATHER_CLASSES.indexOf(day.weather.trim());
    const yr = Number(day.date.slice(0, 4));
    if (label < 0 || !values.every(Number.isFinite) || !Number.isInteger(yr)) {
      skipped++;
      continue;
    }
    x.push(...values);
    y.push(label);
    year.push(yr);
  }
  return {
    n: y.length,
    d: WEATHER_FEATURES.length,
    x: Float64Array.from(x),
    y: Float64Array.from(y),
    year: Int32Array.from(year),
    featureNames: [...WEATHER_FEATURES],
    notes: skipped ? [`${skipped} days with a missing value are left out.`] : [],
  };
}

const K = WEATHER_CLASSES.length;

/** Accuracy and each class's recall (NaN for a class with no days) of predicted classes. */
export function classScores(truth: ArrayLike<number>, pred: ArrayLike<number>): { accuracy: number; recall: number[]; predicted: number[] } {
  const hit = new Array<number>(K).fill(0);
  const days = new Array<number>(K).fill(0);
  const predicted = new Array<number>(K).fill(0);
  let right = 0;
  for (let i = 0; i < truth.length; i++) {
    days[truth[i]]++;
    predicted[pred[i]]++;
    if (truth[i] === pred[i]) {
      hit[truth[i]]++;
      right++;
    }
  }
  return { accuracy: truth.length ? right / truth.length : NaN, recall: hit.map((h, k) => (days[k] ? h / days[k] : NaN)), predicted };
}

export async function runWeather(p: StalenessParams, ctx: StalenessContext): Promise<StalenessResult> {
  const t0 = now();
  const table = parseWeather(await ctx.fetchText(seattleWeather.file));
  const W = p.window;
  const control = withinPeriod(ctx.control);
  const spec = mlp(table.d, [], 'softmax', K);
  const oneHot = (rows: number[]) => {
    const out = new Float32Array(rows.length * K);
    rows.forEach((i, r) => (out[r * K + table.y[i]] = 1));
    return out;
  };
  const fit = (rows: number[], seed: number) => fitRows(table, rows, oneHot(rows), spec, { seed, lr: p.lr }, control);
  const launchRows = rowsIn(table, WEATHER.firstYear, WEATHER.trainedThrough);
  const split = holdOut(launchRows, 0.2, p.seed);
  ctx.emit('data', yearData('weather', split, W, WEATHER.firstYear, WEATHER, table.notes));
  const clock = trainingClock();
  const launch = await clock.timed(() => fit(split.train, p.seed));
  const truthOf = (rows: number[]) => Int32Array.from(rows, (i) => table.y[i]);
  const offlineProb = await launch(split.test);
  const offline = { accuracy: classScores(truthOf(split.test), argmaxRows(offlineProb, K)).accuracy };
  ctx.emit('offline', { offline });

  const allYears = yearsFrom(WEATHER.firstYear, WEATHER.lastYear);
  const mix = allYears.map((y) => {
    const row = new Array<number>(K).fill(0);
    for (const i of rowsIn(table, y, y)) row[table.y[i]]++;
    return row;
  });
  const years = yearsFrom(WEATHER.trainedThrough + 1, WEATHER.lastYear);
  const live = new Float64Array(years.length).fill(NaN);
  const yearly = new Float64Array(years.length).fill(NaN);
  const nan = () => new Array<number>(K).fill(NaN);
  const recallFrozen = allYears.map(nan);
  const recallRetrained = allYears.map(nan);
  const predictedFrozen = allYears.map(nan);
  const retrainDays: number[] = [];
  let deployed = launch;
  let servingWindow: [number, number] = [WEATHER.firstYear, WEATHER.trainedThrough];
  let final: { truth: Int32Array; prob: Float32Array; probYearly: Float32Array; probFrozen: Float32Array } = {
    truth: new Int32Array(0),
    prob: new Float32Array(0),
    probYearly: new Float32Array(0),
    probFrozen: new Float32Array(0),
  };
  for (const [k, year] of years.entries()) {
    const rows = rowsIn(table, year, year);
    const from = Math.max(WEATHER.firstYear, year - W);
    const retrained = await clock.timed(() => fit(rowsIn(table, from, year - 1), p.seed + year));
    if (p.retrain === 'yearly') {
      deployed = retrained;
      retrainDays.push(year);
      servingWindow = [from, year - 1];
    }
    const truth = truthOf(rows);
    const prob = await deployed(rows);
    const probYearly = await retrained(rows);
    const probFrozen = await launch(rows);
    const frozen = classScores(truth, argmaxRows(probFrozen, K));
    const served = classScores(truth, argmaxRows(prob, K));
    const re = classScores(truth, argmaxRows(probYearly, K));
    live[k] = served.accuracy;
    yearly[k] = re.accuracy;
    const at = allYears.indexOf(year);
    recallFrozen[at] = frozen.recall;
    recallRetrained[at] = re.recall;
    predictedFrozen[at] = frozen.predicted;
    if (year === WEATHER.lastYear) final = { truth, prob, probYearly, probFrozen };
    ctx.emit('progress', {
      day: k + 1,
      days: years.length,
      ...timeline('year', { periods: Float64Array.from(years.slice(0, k + 1)), live: { accuracy: live.slice(0, k + 1) }, daily: { accuracy: yearly.slice(0, k + 1) }, psi: null, retrainDays: Float64Array.from(retrainDays), servingWindow }),
    });
    await ctx.control.checkpoint('epoch');
  }
  const weather: WeatherExtra = { classes: [...WEATHER_CLASSES], years: allYears, mix, recallFrozen, recallRetrained, predictedFrozen };
  const lastScore = (prob: Float32Array) => classScores(final.truth, argmaxRows(prob, K)).accuracy;
  return {
    data: 'weather',
    task: 'multiclass',
    unit: 'year',
    periods: Float64Array.from(years),
    offline,
    lastWeek: { accuracy: lastScore(final.prob) },
    lastWeekDaily: { accuracy: lastScore(final.probYearly) },
    live: { accuracy: live },
    daily: { accuracy: yearly },
    psi: null,
    psiFeature: null,
    features: table.featureNames,
    ...retrainSummary(retrainDays, [WEATHER.firstYear, WEATHER.trainedThrough], servingWindow, clock.ms, t0),
    lastLabel: String(WEATHER.lastYear),
    weather,
    predictions: { y_true: final.truth, y_prob: final.prob, offline_y_true: truthOf(split.test), offline_y_prob: offlineProb, retrained_y_prob: final.probYearly, frozen_y_prob: final.probFrozen },
  };
}
