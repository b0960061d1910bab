import { createRng, type Rng } from '../../engine/rng';
import { train, type TrainProgress } from '../../engine/train';
import { mlp, predict } from '../../engine/model';
import { argmaxRows, mae, multiclassReport, rmse } from '../../engine/metrics';
import { now, type RunControl } from '../../engine/control';
import type { LabRunContext } from '../../engine/lab';
import { generateHouses, parseCars, type QuantityTable } from './quantity-data';
import { cars } from '../../data/cars';
import type { FramingValues } from './meta';
import type { FramingSnapshots, QuantityFraming, QuantityResult, SplitMetric } from './types';

export const TEST_FRACTION = 0.2;
/** Bucket counts a classification run also scores, for the accuracy-and-error-by-buckets charts. */
export const SWEEP = [2, 3, 5, 10, 20];
/** A prediction within this share of the true value counts as close. */
export const CLOSE = 0.1;

/** numpy's default (linear) quantile of sorted values. */
export function quantile(sorted: ArrayLike<number>, q: number): number {
  const pos = (sorted.length - 1) * q;
  const lo = Math.floor(pos);
  const hi = Math.min(sorted.length - 1, lo + 1);
  return sorted[lo] + (sorted[hi] - sorted[lo]) * (pos - lo);
}

/** Inner edges cutting the target into `b` equal-count buckets, and each bucket's median (an empty bucket takes its range's midpoint). */
export function quantileBuckets(y: ArrayLike<number>, b: number): { edges: Float64Array; medians: Float64Array } {
  const sorted = Float64Array.from(y).sort();
  const edges = Float64Array.from({ length: b - 1 }, (_, i) => quantile(sorted, (i + 1) / b));
  const members: number[][] = Array.from({ length: b }, () => []);
  for (const v of sorted) members[bucketOf(edges, v)].push(v);
  const lo = sorted[0];
  const hi = sorted[sorted.length - 1];
  const medians = Float64Array.from(members, (m, i) => (m.length ? quantile(m, 0.5) : ((i === 0 ? lo : edges[i - 1]) + (i === b - 1 ? hi : edges[i])) / 2));
  return { edges, medians };
}

/** The bucket a value falls in: how many inner edges are at or below it (numpy's searchsorted, side right). */
export function bucketOf(edges: ArrayLike<number>, v: number): number {
  let k = 0;
  while (k < edges.length && edges[k] <= v) k++;
  return k;
}

/** Standardise columns with the training rows' mean and spread (a constant column is only centred). */
function standardise(x: Float32Array, d: number, trainRows: ArrayLike<number>): Float32Array {
  const n = x.length / d;
  const mean = new Float64Array(d);
  const sq = new Float64Array(d);
  for (let t = 0; t < trainRows.length; t++) {
    const i = trainRows[t];
    for (let j = 0; j < d; j++) mean[j] += x[i * d + j];
  }
  for (let j = 0; j < d; j++) mean[j] /= trainRows.length;
  for (let t = 0; t < trainRows.length; t++) {
    const i = trainRows[t];
    for (let j = 0; j < d; j++) sq[j] += (x[i * d + j] - mean[j]) ** 2;
  }
  const sd = Float64Array.from(sq, (s) => Math.sqrt(s / trainRows.length) || 1);
  const out = new Float32Array(x.length);
  for (let i = 0; i < n; i++) for (let j = 0; j < d; j++) out[i * d + j] = (x[i * d + j] - mean[j]) / sd[j];
  return out;
}

function rows(x: Float32Array, d: number, idx: ArrayLike<number>): Float32Array {
  const out = new Float32Array(idx.length * d);
  for (let t = 0; t < idx.length; t++) out.set(x.subarray(idx[t] * d, (idx[t] + 1) * d), t * d);
  return out;
}

/** Share of predictions within CLOSE (10 %) of the true value. */
export function withinShare(yTrue: ArrayLike<number>, yPred: ArrayLike<number>): number | null {
  if (yTrue.length === 0) return null;
  let close = 0;
  for (let i = 0; i < yTrue.length; i++) if (Math.abs(yPred[i] - yTrue[i]) <= CLOSE * Math.abs(yTrue[i])) close++;
  return close / yTrue.length;
}

/** A seeded 80/20 split of n rows (sorted indices). */
function randomSplit(n: number, rng: Rng): { train: Uint32Array; test: Uint32Array } {
  const perm = rng.permutation(n);
  const nTest = Math.max(1, Math.round(n * TEST_FRACTION));
  return { test: perm.slice(0, nTest).sort(), train: perm.slice(nTest).sort() };
}

/** One softmax over `b` quantile buckets of the training target; each predicted bucket maps back to its training median. */
async function classifyInto(
  b: number,
  xTrain: Float32Array,
  yTr: Float32Array,
  xTest: Float32Array,
  yTe: Float32Array,
  d: number,
  o: { seed: number; lr: number; epochs: number; batch: number; control: RunControl; progress: (pr: TrainProgress) => void },
) {
  const buckets = quantileBuckets(yTr, b);
  const oneHot = new Float32Array(yTr.length * b);
  const counts = new Array<number>(b).fill(0);
  yTr.forEach((v, i) => {
    const k = bucketOf(buckets.edges, v);
    oneHot[i * b + k] = 1;
    counts[k]++;
  });
  const net = await train({ x: xTrain, y: oneHot, n: yTr.length }, { seed: o.seed, lr: o.lr, epochs: o.epochs, batch: o.batch, spec: mlp(d, [], 'softmax', b) }, o.control, o.progress);
  let prob: Float32Array;
  try {
    prob = await predict(net, xTest, yTe.length);
  } finally {
    net.dispose();
  }
  const truth = Int32Array.from(yTe, (v) => bucketOf(buckets.edges, v));
  const pred = argmaxRows(prob, b);
  const common = counts.indexOf(Math.max(...counts));
  return {
    buckets,
    prob,
    truth,
    pred,
    mapped: Float32Array.from(pred, (k) => buckets.medians[k]),
    report: multiclassReport(truth, prob, b),
    baseline: truth.filter((t) => t === common).length / truth.length,
  };
}

/**
 * Predict a quantity as regression (one linear output, squared error) or as classification
 * (softmax over quantile buckets, each predicted bucket mapped back to its median), scored on
 * `splits` seeded 80/20 splits. Classification also fits the regression on the same splits,
 * so its MAE can be read against the regression's.
 */
export async function runQuantity(p: FramingValues, framing: QuantityFraming, ctx: LabRunContext<FramingSnapshots>): Promise<QuantityResult> {
  const rng = createRng(p.seed);
  const table: QuantityTable = p.data === 'cars' ? parseCars(await ctx.fetchText(cars.file)) : generateHouses(p.n, rng.fork());
  const { n, d } = table;
  const nTest = Math.max(1, Math.round(n * TEST_FRACTION));
  ctx.emit('data', { task: 'quantity', target: table.target, unit: table.unit, featureNames: table.featureNames, sourceRows: table.sourceRows, rows: n, dropped: table.dropped, nTest });

  const classify = framing === 'classification';
  const B = p.buckets;
  // classification also scores a few other bucket counts on the same splits: how accuracy and error move with the cut
  const sweep = classify ? [...new Set([...SWEEP, B])].sort((a, b) => a - b) : [];
  const sweepSums = sweep.map(() => ({ accuracy: 0, baseline: 0, mae: 0 }));
  const perSplit: Partial<Record<SplitMetric, number[]>> = {};
  const put = (name: SplitMetric, v: number | null) => (perSplit[name] ??= []).push(v ?? NaN);
  const yTrue = new Float32Array(p.splits * nTest);
  const yPred = new Float32Array(p.splits * nTest);
  const split = new Uint16Array(p.splits * nTest);
  const bucketTrue = classify ? new Int32Array(p.splits * nTest) : null;
  const bucketProb = classify ? new Float32Array(p.splits * nTest * B) : null;
  const regressionPred = classify ? new Float32Array(p.splits * nTest) : null;
  const confusion = classify ? Array.from({ length: B }, () => new Array<number>(B).fill(0)) : null;
  let firstBuckets: { edges: Float64Array; medians: Float64Array } | null = null;
  const models = 1 + sweep.length;
  let trainMs = 0;

  for (let s = 0; s < p.splits; s++) {
    const { train: trainIdx, test: testIdx } = randomSplit(n, rng.fork());
    const xs = standardise(table.x, d, trainIdx);
    const xTrain = rows(xs, d, trainIdx);
    const xTest = rows(xs, d, testIdx);
    const yTr = Float32Array.from(trainIdx, (i) => table.y[i]);
    const yTe = Float32Array.from(testIdx, (i) => table.y[i]);
    const at = s * nTest;
    yTrue.set(yTe, at);
    split.fill(s, at, at + nTest);
    let model = 0;
    const progress = (pr: TrainProgress) => {
      const done = (s * models + model + pr.epoch / pr.epochs) / (p.splits * models);
      ctx.emit('progress', { task: 'quantity', split: s + 1, splits: p.splits, fraction: done });
    };
    const opts = { seed: p.seed + s, lr: p.lr, epochs: p.epochs, batch: p.batch };

    // regression on the standardised target, mapped back to its units
    let mean = 0;
    for (const v of yTr) mean += v;
    mean /= yTr.length;
    let sd = 0;
    for (const v of yTr) sd += (v - mean) ** 2;
    sd = Math.sqrt(sd / yTr.length) || 1;
    const t0 = now();
    const reg = await train({ x: xTrain, y: Float32Array.from(yTr, (v) => (v - mean) / sd), n: yTr.length }, { ...opts, spec: mlp(d, [], 'linear', 1) }, ctx.control, progress);
    let regPred: Float32Array;
    try {
      regPred = (await predict(reg, xTest, yTe.length)).map((z) => z * sd + mean);
    } finally {
      reg.dispose();
    }
    model++;
    if (!classify) {
      trainMs += now() - t0;
      yPred.set(regPred, at);
      put('rmse', rmse(yTe, regPred));
      put('mae', mae(yTe, regPred));
      put('within_10pct', withinShare(yTe, regPred));
      continue;
    }
    regressionPred!.set(regPred, at);
    put('regression_mae', mae(yTe, regPred));
    for (let k = 0; k < sweep.length; k++) {
      const b = sweep[k];
      const tb = now();
      const c = await classifyInto(b, xTrain, yTr, xTest, yTe, d, { ...opts, control: ctx.control, progress });
      model++;
      if (b === B) trainMs += now() - tb; // the chosen framing's training time, without the reference and the sweep
      sweepSums[k].accuracy += c.report.accuracy ?? NaN;
      sweepSums[k].baseline += c.baseline;
      sweepSums[k].mae += mae(yTe, c.mapped) ?? NaN;
      if (b !== B) continue;
      firstBuckets ??= c.buckets;
      bucketTrue!.set(c.truth, at);
      bucketProb!.set(c.prob, at * B);
      yPred.set(c.mapped, at);
      c.truth.forEach((t, i) => confusion![t][c.pred[i]]++);
      put('accuracy', c.report.accuracy);
      put('macro_f1', c.report.macro_f1);
      put('baseline_accuracy', c.baseline);
      put('rmse', rmse(yTe, c.mapped));
      put('mae', mae(yTe, c.mapped));
      put('within_10pct', withinShare(yTe, c.mapped));
    }
  }

  return {
    task: 'quantity',
    framing,
    target: table.target,
    unit: table.unit,
    rows: n,
    sourceRows: table.sourceRows,
    nTest,
    splits: p.splits,
    buckets: B,
    perSplit: Object.fromEntries(Object.entries(perSplit).map(([k, v]) => [k, Float64Array.from(v)])),
    yTrue,
    yPred,
    split,
    bucketTrue,
    bucketProb,
    regressionPred,
    confusion,
    edges: firstBuckets?.edges ?? null,
    medians: firstBuckets?.medians ?? null,
    sweep: classify
      ? {
          buckets: Int32Array.from(sweep),
          accuracy: Float64Array.from(sweepSums, (v) => v.accuracy / p.splits),
          baseline: Float64Array.from(sweepSums, (v) => v.baseline / p.splits),
          mae: Float64Array.from(sweepSums, (v) => v.mae / p.splits),
        }
      : null,
    trainMs,
  };
}
