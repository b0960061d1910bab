import { createRng, stratifiedSplit, type Rng } from '../../engine/rng';
import { train } from '../../engine/train';
import { logisticRegression, mlp, predict } from '../../engine/model';
import { now } from '../../engine/control';
import { summariseBinary } from '../../engine/binary-summary';
import { defineRun } from '../../engine/lab';
import { meta, BIRDSTRIKES, type Remedy } from './meta';
import { generateClicks, moreClicks, type Table } from './clicks';
import { parseBirdstrikes } from './birdstrikes';
import { birdstrikes } from '../../data/birdstrikes';

export const SCATTER_ROWS = 3000;

/** Rows of a table, copied out by index. */
function take(t: Table, rows: ArrayLike<number>): { x: Float32Array; y: Uint8Array } {
  const x = new Float32Array(rows.length * t.d);
  const y = new Uint8Array(rows.length);
  for (let i = 0; i < rows.length; i++) {
    x.set(t.x.subarray(rows[i] * t.d, (rows[i] + 1) * t.d), i * t.d);
    y[i] = t.y[rows[i]];
  }
  return { x, y };
}

/** Real data can only lose positives: keep a seeded random subset so the positive share becomes `pos`. */
export function downsamplePositives(t: Table, pos: number, rng: Rng): Table {
  const positives: number[] = [];
  const keep: number[] = [];
  for (let i = 0; i < t.n; i++) (t.y[i] ? positives : keep).push(i);
  const negatives = keep.length;
  const want = Math.min(positives.length, Math.round((pos * negatives) / (1 - pos)));
  rng.shuffle(positives);
  keep.push(...positives.slice(0, want));
  keep.sort((a, b) => a - b);
  const { x, y } = take(t, keep);
  return { ...t, x, y, n: keep.length };
}

/**
 * The training rows a remedy produces: row weights ("balanced": n / (2 · n_class)), positives
 * repeated (with replacement) up to the negatives' count, or negatives dropped down to the positives'.
 */
export function applyRemedy(x: Float32Array, y: Uint8Array, d: number, remedy: Remedy, rng: Rng): { x: Float32Array; y: Uint8Array; weights?: Float32Array } {
  const n = y.length;
  const posRows: number[] = [];
  const negRows: number[] = [];
  for (let i = 0; i < n; i++) (y[i] ? posRows : negRows).push(i);
  if (remedy === 'none' || posRows.length === 0 || negRows.length === 0) return { x, y };
  if (remedy === 'weights') {
    const wPos = n / (2 * posRows.length);
    const wNeg = n / (2 * negRows.length);
    return { x, y, weights: Float32Array.from(y, (v) => (v ? wPos : wNeg)) };
  }
  let rows: number[];
  if (remedy === 'oversample') {
    rows = [...negRows, ...posRows];
    for (let k = posRows.length; k < negRows.length; k++) rows.push(posRows[rng.int(posRows.length)]);
  } else {
    rows = [...rng.shuffle(negRows).slice(0, posRows.length), ...posRows];
  }
  const t = { x, y, n, d, featureNames: [] };
  return take(t, rows);
}

export const run = defineRun(meta, async (p, ctx) => {
  const rng = createRng(p.seed);
  let table: Table;
  let notes: string[] = [];
  let intercept: number | null = null;
  if (p.data === 'birdstrikes') {
    const parsed = parseBirdstrikes(await ctx.fetchText(birdstrikes.file));
    notes = parsed.notes;
    table = p.pos < parsed.positives / parsed.n ? downsamplePositives(parsed, p.pos, rng.fork()) : parsed;
  } else {
    const clicks = generateClicks(p.n, p.pos, rng.fork());
    intercept = clicks.intercept;
    table = clicks;
  }
  const { d } = table;

  const split = stratifiedSplit(table.y, 0.2, rng.fork());
  const sampled = take(table, split.train);
  const test = take(table, split.test);
  const count = (y: Uint8Array) => y.reduce((a, v) => a + v, 0);

  const sampleRng = rng.fork();
  const remedyRng = rng.fork();
  // Its own stream, forked after the others, so extra_pos=0 leaves every other draw as it was.
  const extraRng = rng.fork();
  // Collecting more positives: extra clicked rows join the training rows only; the test split is untouched.
  let trainRows = sampled;
  if (intercept !== null && p.extra_pos > 0) {
    const more = moreClicks(p.extra_pos, intercept, extraRng);
    const x = new Float32Array(sampled.x.length + more.x.length);
    x.set(sampled.x);
    x.set(more.x, sampled.x.length);
    const y = new Uint8Array(sampled.y.length + more.y.length);
    y.set(sampled.y);
    y.set(more.y, sampled.y.length);
    trainRows = { x, y };
  }
  // A uniform sample for the scatter: the rarity of the orange points is the lesson.
  const scatterIdx = sampleRng.shuffle(Array.from({ length: table.n }, (_, i) => i)).slice(0, SCATTER_ROWS);
  const [fx, fy] = [0, 1];
  const scatter = {
    x: Float32Array.from(scatterIdx, (i) => table.x[i * d + fx]),
    y: Float32Array.from(scatterIdx, (i) => table.x[i * d + fy]),
    cls: Uint8Array.from(scatterIdx, (i) => table.y[i]),
    xLabel: table.featureNames[fx],
    yLabel: table.featureNames[fy],
  };
  ctx.emit('data', {
    nTrain: trainRows.y.length,
    nTest: test.y.length,
    trainPositives: count(trainRows.y),
    testPositives: count(test.y),
    featureNames: table.featureNames,
    notes,
    scatter,
  });

  const remedied = applyRemedy(trainRows.x, trainRows.y, d, p.remedy, remedyRng);
  const nFit = remedied.y.length;
  // Every remedy gets the same number of gradient steps as `epochs` over the original training rows.
  const batch = Math.min(p.batch, nFit);
  const budget = p.epochs * Math.ceil(trainRows.y.length / Math.min(p.batch, trainRows.y.length));
  const epochsFit = Math.max(1, Math.round(budget / Math.ceil(nFit / batch)));
  const toOriginalEpochs = p.epochs / epochsFit;

  const spec = p.model === 'mlp' ? mlp(d, p.layers, 'sigmoid', 1, 'relu') : logisticRegression(d);
  const lossEpoch: number[] = [];
  const loss: number[] = [];
  const t0 = now();
  const net = await train(
    { x: remedied.x, y: Float32Array.from(remedied.y), n: nFit, weights: remedied.weights },
    { spec, seed: p.seed, lr: p.lr, epochs: epochsFit, batch },
    ctx.control,
    (progress) => {
      for (const l of progress.losses) {
        lossEpoch.push(l.epoch * toOriginalEpochs);
        loss.push(l.loss);
      }
      ctx.emit('progress', { epoch: progress.epoch * toOriginalEpochs, epochs: p.epochs, lossEpoch: Float64Array.from(lossEpoch), loss: Float64Array.from(loss) });
    },
  );
  const trainMs = now() - t0;
  let yScore: Float32Array;
  try {
    yScore = await predict(net, test.x, test.y.length);
  } finally {
    net.dispose();
  }
  return {
    summary: summariseBinary(test.y, yScore),
    predictions: { y_true: test.y, y_score: yScore },
    lossEpoch: Float64Array.from(lossEpoch),
    loss: Float64Array.from(loss),
    trainMs,
    fitRows: nFit,
    epochsFit,
    fileRows: p.data === 'birdstrikes' ? BIRDSTRIKES.rows : p.n,
  };
});
