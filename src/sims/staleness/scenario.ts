import { createRng, type Rng } from '../../engine/rng';
import { parseParams } from '../../engine/params';
import { train } from '../../engine/train';
import { Network, logisticRegression, mlp, predict, type ModelSpec } from '../../engine/model';
import { now } from '../../engine/control';
import { rankBinary, rocAuc, logLoss } from '../../engine/metrics';
import { defineRun } from '../../engine/lab';
import { meta, type StalenessContext, type StalenessParams, type StalenessResult } from './meta';
import { D, FEATURES, generateDay, type Day, type WorldOptions } from './world';
import { alertLevel, binCounts, psi, psiBins, timeline, type PsiBins } from './monitor';
import { runCars } from './cars';
import { runWeather } from './weather';
import { withinPeriod } from './real-data';

/** The lab's params from raw input (a URL's text, a test's strings), typed by the schema. */
export const parse = (raw: Record<string, unknown>): StalenessParams => parseParams(meta.schema, raw).values;

/** Days between retrains for each cadence. */
export const CADENCE: Record<string, number> = { never: Infinity, monthly: 30, weekly: 7, daily: 1 };
/** A fine-tune: this many full-batch Adam steps from the current weights… */
export const FINETUNE_STEPS = 5;
/** …on at most this many rows drawn from the training window. */
export const FINETUNE_ROWS = 2048;
/** Share of the launch window held out as the offline test set. */
export const TEST_SHARE = 0.2;
/** Final days pooled into last_week_score. */
export const LAST_DAYS = 7;

/** Does the deployed model retrain at the start of day t (1-based)? Day 1 serves the launch model. */
export function retrainsOn(cadence: number, t: number): boolean {
  return t > 1 && Number.isFinite(cadence) && (t - 1) % cadence === 0;
}

/** The three binary scores of one set of predictions; null where undefined (one class only). */
export function binaryScores(y: ArrayLike<number>, s: ArrayLike<number>): { accuracy: number | null; roc_auc: number | null; log_loss: number | null } {
  const n = y.length;
  if (n === 0) return { accuracy: null, roc_auc: null, log_loss: null };
  let right = 0;
  for (let i = 0; i < n; i++) right += Number((s[i] >= 0.5 ? 1 : 0) === y[i]);
  return { accuracy: right / n, roc_auc: rocAuc(rankBinary(y, s)), log_loss: logLoss(y, s) };
}

/** Rows of several days, concatenated. */
function concatDays(days: Day[]): { x: Float32Array; y: Uint8Array; n: number } {
  const n = days.reduce((s, d) => s + d.n, 0);
  const x = new Float32Array(n * D);
  const y = new Uint8Array(n);
  let at = 0;
  for (const d of days) {
    x.set(d.x, at * D);
    y.set(d.y, at);
    at += d.n;
  }
  return { x, y, n };
}

function join<T extends Uint8Array | Float32Array>(parts: T[], make: (n: number) => T): T {
  const out = make(parts.reduce((s, a) => s + a.length, 0));
  let at = 0;
  for (const a of parts) {
    out.set(a, at);
    at += a.length;
  }
  return out;
}

/** A uniform sample (with replacement) of `m` rows of a set of days. */
function sampleRows(days: Day[], m: number, rng: Rng): { x: Float32Array; y: Float32Array; n: number } {
  const total = days.reduce((s, d) => s + d.n, 0);
  if (total <= m) {
    const all = concatDays(days);
    return { x: all.x, y: Float32Array.from(all.y), n: all.n };
  }
  const x = new Float32Array(m * D);
  const y = new Float32Array(m);
  const perDay = days[0].n;
  for (let i = 0; i < m; i++) {
    const r = rng.int(total);
    const day = days[Math.floor(r / perDay)];
    const row = r % perDay;
    x.set(day.x.subarray(row * D, (row + 1) * D), i * D);
    y[i] = day.y[row];
  }
  return { x, y, n: m };
}

interface BinaryLine {
  accuracy: Float64Array;
  roc_auc: Float64Array;
  log_loss: Float64Array;
}

const newLine = (n: number): BinaryLine => ({ accuracy: new Float64Array(n).fill(NaN), roc_auc: new Float64Array(n).fill(NaN), log_loss: new Float64Array(n).fill(NaN) });
const sliceLine = (l: BinaryLine, n: number): BinaryLine => ({ accuracy: l.accuracy.slice(0, n), roc_auc: l.roc_auc.slice(0, n), log_loss: l.log_loss.slice(0, n) });

async function synthetic(p: StalenessParams, ctx: StalenessContext): Promise<StalenessResult> {
  const t0 = now();
  const days = p.days;
  const W = p.window;
  const N = p.daily;
  const changeDay = Math.min(days, p.change_day > 0 ? p.change_day : Math.ceil(days / 2));
  const world: WorldOptions = { drift: p.drift === 'recorded' ? 'none' : p.drift, strength: p.strength, days, changeDay };
  const control = withinPeriod(ctx.control);
  const rng = createRng(p.seed);
  const splitRng = rng.fork();
  const sampleRng = rng.fork();
  const spec: ModelSpec = p.model === 'mlp' ? mlp(D, p.layers, 'sigmoid', 1, 'relu') : logisticRegression(D);
  const cadence = CADENCE[p.retrain] ?? Infinity;
  const needReference = cadence !== 1;

  // Days are generated once and kept while some training window may still need them.
  const cache = new Map<number, Day>();
  const day = (t: number) => {
    let d = cache.get(t);
    if (!d) cache.set(t, (d = generateDay(world, p.seed, t, N)));
    return d;
  };
  const windowDays = (end: number) => Array.from({ length: W }, (_, k) => day(end - W + 1 + k));

  // Launch: train on the W days before day 1, hold out a random 20 % as the offline test set.
  const launch = concatDays(windowDays(0));
  const isTest = new Uint8Array(launch.n);
  let nTest = 0;
  for (let i = 0; i < launch.n; i++) if (splitRng.uniform() < TEST_SHARE) (isTest[i] = 1), nTest++;
  const nTrain = launch.n - nTest;
  const trainX = new Float32Array(nTrain * D);
  const trainY = new Float32Array(nTrain);
  const testX = new Float32Array(nTest * D);
  const testY = new Uint8Array(nTest);
  for (let i = 0, a = 0, b = 0; i < launch.n; i++) {
    const row = launch.x.subarray(i * D, (i + 1) * D);
    if (isTest[i]) {
      testX.set(row, b * D);
      testY[b++] = launch.y[i];
    } else {
      trainX.set(row, a * D);
      trainY[a++] = launch.y[i];
    }
  }
  // Input monitoring compares each day with the serving model's window, in bins cut once at launch.
  const bins: PsiBins = psiBins(launch.x, launch.n, D, new Set([D - 1]));
  const dayCounts = new Map<number, Float64Array>();
  const countsOf = (t: number) => {
    let c = dayCounts.get(t);
    if (!c) {
      const d = day(t);
      dayCounts.set(t, (c = binCounts(bins, d.x, d.n, D)));
    }
    return c;
  };
  const windowCounts = (end: number) => {
    const sum = new Float64Array(countsOf(end).length);
    for (let t = end - W + 1; t <= end; t++) {
      const c = countsOf(t);
      for (let b = 0; b < sum.length; b++) sum[b] += c[b];
    }
    return sum;
  };
  ctx.emit('data', { data: 'synthetic', unit: 'day', nTrain, nTest, window: W, daily: N, changeDay, trainedFrom: 1 - W, trainedTo: 0, servedFrom: 1, servedTo: days });

  const fullOpts = { spec, seed: p.seed, lr: p.lr, epochs: p.epochs, batch: p.batch };
  let trainMs = 0;
  let retrains = 0;
  const nets: Network[] = [];
  const own = (n: Network) => (nets.push(n), n);
  const drop = (n: Network) => {
    nets.splice(nets.indexOf(n), 1);
    n.dispose();
  };
  /** Retrain `net` for day t on the window ending yesterday; returns the new network (the old one is disposed). */
  const retrain = async (net: Network, t: number, salt: number): Promise<Network> => {
    const s = now();
    const win = windowDays(t - 1);
    let next: Network;
    if (p.update === 'finetune') {
      const set = sampleRows(win, FINETUNE_ROWS, sampleRng);
      next = await train(set, { spec, seed: p.seed + t * 31 + salt, lr: p.lr, epochs: FINETUNE_STEPS, batch: Infinity, initial: net.read() }, control);
    } else {
      const all = concatDays(win);
      next = await train({ x: all.x, y: Float32Array.from(all.y), n: all.n }, { ...fullOpts, seed: p.seed + t * 31 + salt }, control);
    }
    trainMs += now() - s;
    retrains++;
    drop(net);
    return own(next);
  };

  try {
    const s = now();
    let deployed = own(await train({ x: trainX, y: trainY, n: nTrain }, fullOpts, control));
    trainMs += now() - s;
    const offlineScores = await predict(deployed, testX, nTest);
    const offline = binaryScores(testY, offlineScores);
    const level = (m: 'accuracy' | 'roc_auc' | 'log_loss') => {
      const v = offline[m];
      return v === null ? null : alertLevel(m, v);
    };
    ctx.emit('offline', { offline, alertLevel: { accuracy: level('accuracy'), roc_auc: level('roc_auc'), log_loss: level('log_loss') } });

    // the daily-retrained comparison line starts from a copy of the launch model
    let reference: Network | null = needReference ? own(new Network(spec, deployed.read())) : null;
    let deployedWindowEnd = 0;
    let refCounts = windowCounts(0);
    const live = newLine(days);
    const daily = newLine(days);
    const psiDay = new Float64Array(days).fill(NaN);
    const psiFeature = new Int8Array(days).fill(-1);
    const retrainDays: number[] = [];
    const lastY: Uint8Array[] = [];
    const lastS: Float32Array[] = [];
    const lastRef: Float32Array[] = [];
    let lastEmit = now();

    const emitProgress = (done: number) => {
      ctx.emit('progress', {
        day: done,
        days,
        ...timeline('day', {
          periods: Float64Array.from({ length: done }, (_, i) => i + 1),
          live: sliceLine(live, done),
          daily: sliceLine(daily, done),
          psi: psiDay.slice(0, done),
          retrainDays: Float64Array.from(retrainDays),
          servingWindow: [deployedWindowEnd - W + 1, deployedWindowEnd],
        }),
      });
      lastEmit = now();
    };

    for (let t = 1; t <= days; t++) {
      if (retrainsOn(cadence, t)) {
        deployed = await retrain(deployed, t, 0);
        retrainDays.push(t);
        deployedWindowEnd = t - 1;
        refCounts = windowCounts(t - 1);
      }
      if (reference && t > 1) reference = await retrain(reference, t, 17);
      const today = day(t);
      const score = await predict(deployed, today.x, today.n);
      const sc = binaryScores(today.y, score);
      live.accuracy[t - 1] = sc.accuracy ?? NaN;
      live.roc_auc[t - 1] = sc.roc_auc ?? NaN;
      live.log_loss[t - 1] = sc.log_loss ?? NaN;
      let refScore = score;
      if (reference) {
        refScore = await predict(reference, today.x, today.n);
        const r = binaryScores(today.y, refScore);
        daily.accuracy[t - 1] = r.accuracy ?? NaN;
        daily.roc_auc[t - 1] = r.roc_auc ?? NaN;
        daily.log_loss[t - 1] = r.log_loss ?? NaN;
      } else {
        daily.accuracy[t - 1] = live.accuracy[t - 1];
        daily.roc_auc[t - 1] = live.roc_auc[t - 1];
        daily.log_loss[t - 1] = live.log_loss[t - 1];
      }
      const drift = psi(bins, refCounts, countsOf(t));
      psiDay[t - 1] = drift.value;
      psiFeature[t - 1] = drift.feature;
      if (t > days - LAST_DAYS) {
        lastY.push(today.y);
        lastS.push(score);
        lastRef.push(refScore);
      }
      // forget days no training window can reach any more
      cache.delete(t - W);
      dayCounts.delete(t - W);
      if (now() - lastEmit > 200 || t === days) emitProgress(t);
      await ctx.control.checkpoint('epoch', () => emitProgress(t));
    }

    const yLast = join(lastY, (n) => new Uint8Array(n));
    const sLast = join(lastS, (n) => new Float32Array(n));
    const rLast = join(lastRef, (n) => new Float32Array(n));
    return {
      data: 'synthetic',
      task: 'binary',
      unit: 'day',
      periods: Float64Array.from({ length: days }, (_, i) => i + 1),
      offline,
      lastWeek: binaryScores(yLast, sLast),
      lastWeekDaily: binaryScores(yLast, rLast),
      live: { ...live },
      daily: { ...daily },
      psi: psiDay,
      psiFeature,
      features: [...FEATURES],
      retrainDays: Float64Array.from(retrainDays),
      launchWindow: [1 - W, 0],
      servingWindow: [deployedWindowEnd - W + 1, deployedWindowEnd],
      changeDay: p.drift === 'sudden' ? changeDay : null,
      retrains,
      trainMs,
      lastLabel: `days ${days - LAST_DAYS + 1}–${days}`,
      predictions: { y_true: yLast, y_score: sLast, offline_y_true: testY, offline_y_score: offlineScores, retrained_y_score: rLast },
    };
  } finally {
    for (const n of [...nets]) n.dispose();
  }
}

export const run = defineRun(meta, async (p, ctx) => {
  if (p.data === 'cars') return runCars(p, ctx);
  if (p.data === 'weather') return runWeather(p, ctx);
  return synthetic(p, ctx);
});
