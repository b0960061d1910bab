// The cars mode: vega-datasets 3.2.1 data/cars.json (StatLib, 1982), a linear regression of miles
// per gallon from the car's specification, trained on the model years up to 1974 and then scored
// year by year while the oil crises pushed makers to squeeze more miles out of the same specs.

import { mae } from '../../engine/metrics';
import { mlp } from '../../engine/model';
import { now } from '../../engine/control';
import { CARS, type StalenessContext, type StalenessParams, type StalenessResult } from './meta';
import { timeline } from './monitor';
import { fitRows, holdOut, retrainSummary, rowsIn, trainingClock, withinPeriod, yearData, yearsFrom, type YearTable } from './real-data';
import { cars } from '../../data/cars';
import { readCars } from '../../data/cars.read';

export const CAR_FEATURES = ['cylinders', 'displacement (cu in)', 'horsepower', 'weight (lb)', 'acceleration (s, 0–60 mph)', 'made in Europe', 'made in Japan'];
/** The years whose pooled error is the final score: the file has no 1981 cars (they are filed under 1982). */
export const CARS_FINAL_FROM = 1980;

/** cars.json as a table; cars missing the target or a feature are dropped (and counted in a note). */
export function parseCars(text: string): YearTable {
  const raw = readCars(text);
  const keep = raw.filter(
    (r) =>
      [r.Miles_per_Gallon, r.Cylinders, r.Displacement, r.Horsepower, r.Weight_in_lbs, r.Acceleration].every((v) => v !== null) && /^\d{4}/.test(r.Year ?? ''),
  );
  const d = CAR_FEATURES.length;
  const x = new Float64Array(keep.length * d);
  const y = new Float64Array(keep.length);
  const year = new Int32Array(keep.length);
  keep.forEach((r, i) => {
    x.set([r.Cylinders!, r.Displacement!, r.Horsepower!, r.Weight_in_lbs!, r.Acceleration!, r.Origin === 'Europe' ? 1 : 0, r.Origin === 'Japan' ? 1 : 0], i * d);
    y[i] = r.Miles_per_Gallon!;
    year[i] = Number((r.Year ?? '').slice(0, 4));
  });
  const dropped = raw.length - keep.length;
  return { n: keep.length, d, x, y, year, featureNames: [...CAR_FEATURES], notes: dropped ? [`${dropped} of ${raw.length} cars lack the miles per gallon or the horsepower and are left out.`] : [] };
}

export async function runCars(p: StalenessParams, ctx: StalenessContext): Promise<StalenessResult> {
  const t0 = now();
  const table = parseCars(await ctx.fetchText(cars.file));
  const W = p.window;
  const control = withinPeriod(ctx.control);
  const spec = mlp(table.d, [], 'linear', 1);
  // miles per gallon centred and scaled on the training rows, so Adam starts near the answer's scale
  const fit = async (rows: number[], seed: number) => {
    let mean = 0;
    for (const i of rows) mean += table.y[i];
    mean /= Math.max(1, rows.length);
    let sd = 0;
    for (const i of rows) sd += (table.y[i] - mean) ** 2;
    sd = Math.sqrt(sd / Math.max(1, rows.length)) || 1;
    const score = await fitRows(table, rows, Float32Array.from(rows, (i) => (table.y[i] - mean) / sd), spec, { seed, lr: p.lr }, control);
    return async (r: number[]) => Float64Array.from(await score(r), (v) => v * sd + mean);
  };
  const launchFrom = CARS.trainedThrough - W + 1;
  const launchRows = rowsIn(table, launchFrom, CARS.trainedThrough);
  const split = holdOut(launchRows, 0.2, p.seed);
  ctx.emit('data', yearData('cars', split, W, launchFrom, CARS, table.notes));
  const clock = trainingClock();
  const launch = await clock.timed(() => fit(split.train, p.seed));
  const yOf = (rows: number[]) => Float64Array.from(rows, (i) => table.y[i]);
  const offlinePred = await launch(split.test);
  const offline = { mae: mae(yOf(split.test), offlinePred) };
  ctx.emit('offline', { offline });

  const years = yearsFrom(CARS.trainedThrough + 1, CARS.lastYear).filter((y) => rowsIn(table, y, y).length > 0);
  const live = new Float64Array(years.length).fill(NaN);
  const yearly = new Float64Array(years.length).fill(NaN);
  const retrainDays: number[] = [];
  let deployed = launch;
  let servingWindow: [number, number] = [launchFrom, CARS.trainedThrough];
  const finalRows: number[] = [];
  const finalLive: number[] = [];
  const finalYearly: number[] = [];
  for (const [k, year] of years.entries()) {
    const rows = rowsIn(table, year, year);
    const trainRows = rowsIn(table, year - W, year - 1);
    const retrained = await clock.timed(() => fit(trainRows, p.seed + year));
    if (p.retrain === 'yearly') {
      deployed = retrained;
      retrainDays.push(year);
      servingWindow = [year - W, year - 1];
    }
    const pred = await deployed(rows);
    const predYearly = await retrained(rows);
    live[k] = mae(yOf(rows), pred) ?? NaN;
    yearly[k] = mae(yOf(rows), predYearly) ?? NaN;
    if (year >= CARS_FINAL_FROM) {
      finalRows.push(...rows);
      finalLive.push(...pred);
      finalYearly.push(...predYearly);
    }
    ctx.emit('progress', {
      day: k + 1,
      days: years.length,
      ...timeline('year', { periods: Float64Array.from(years.slice(0, k + 1)), live: { mae: live.slice(0, k + 1) }, daily: { mae: yearly.slice(0, k + 1) }, psi: null, retrainDays: Float64Array.from(retrainDays), servingWindow }),
    });
    await ctx.control.checkpoint('epoch');
  }
  const yFinal = yOf(finalRows);
  const predFinal = Float64Array.from(finalLive);
  return {
    data: 'cars',
    task: 'regression',
    unit: 'year',
    periods: Float64Array.from(years),
    offline,
    lastWeek: { mae: mae(yFinal, predFinal) },
    lastWeekDaily: { mae: mae(yFinal, Float64Array.from(finalYearly)) },
    live: { mae: live },
    daily: { mae: yearly },
    psi: null,
    psiFeature: null,
    features: table.featureNames,
    ...retrainSummary(retrainDays, [launchFrom, CARS.trainedThrough], servingWindow, clock.ms, t0),
    lastLabel: `${CARS_FINAL_FROM}–${String(CARS.lastYear).slice(2)}`,
    predictions: { y_true: yFinal, y_pred: predFinal, offline_y_true: yOf(split.test), offline_y_pred: offlinePred, retrained_y_pred: Float64Array.from(finalYearly) },
  };
}
