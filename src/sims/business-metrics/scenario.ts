import { createRng, stratifiedSplit } from '../../engine/rng';
import { train } from '../../engine/train';
import { logisticRegression, mlp, predict, type ModelSpec } from '../../engine/model';
import { now } from '../../engine/control';
import { summariseBinary } from '../../engine/binary-summary';
import { defineRun } from '../../engine/lab';
import { meta } from './meta';
import { generateImpressions, type ImpressionTable } from './impressions';
import { summariseMoney } from './money';

/** Rows of the table, copied out by index. */
function take(t: ImpressionTable, rows: ArrayLike<number>) {
  const x = new Float32Array(rows.length * t.d);
  const y = new Uint8Array(rows.length);
  const value = new Float32Array(rows.length);
  const valuable = new Uint8Array(rows.length);
  for (let i = 0; i < rows.length; i++) {
    const r = rows[i];
    x.set(t.x.subarray(r * t.d, (r + 1) * t.d), i * t.d);
    y[i] = t.y[r];
    value[i] = t.value[r];
    valuable[i] = t.valuable[r];
  }
  return { x, y, value, valuable };
}

/** A's loss weights: each row's value over the mean value, so the average row weighs 1 (as in B's loss). */
export function valueWeights(value: Float32Array): Float32Array {
  let sum = 0;
  for (const v of value) sum += v;
  const mean = sum / Math.max(1, value.length);
  return Float32Array.from(value, (v) => v / mean);
}

export const run = defineRun(meta, async (p, ctx) => {
  const rng = createRng(p.seed);
  const table = generateImpressions(p.n, rng.fork());
  const { d } = table;
  const split = stratifiedSplit(table.y, 0.2, rng.fork());
  const tr = take(table, split.train);
  const test = take(table, split.test);

  const count = (a: Uint8Array) => a.reduce((s, v) => s + v, 0);
  let trainValue = 0;
  let valuableValue = 0;
  let clickedValue = 0;
  let clicked = 0;
  for (let i = 0; i < tr.value.length; i++) {
    trainValue += tr.value[i];
    if (tr.valuable[i]) valuableValue += tr.value[i];
    if (tr.y[i] === 1) {
      clickedValue += tr.value[i];
      clicked++;
    }
  }
  ctx.emit('data', {
    nTrain: tr.y.length,
    nTest: test.y.length,
    trainClicks: count(tr.y),
    testClicks: count(test.y),
    valuableShare: count(tr.valuable) / tr.y.length,
    valuableValueShare: valuableValue / trainValue,
    meanValue: trainValue / tr.y.length,
  });

  // 'lr' is A's architecture with B's loss: A against it isolates the loss, it against B the architecture
  const models: { id: 'a' | 'b' | 'lr'; spec: ModelSpec; weights?: Float32Array }[] = [
    { id: 'a', spec: logisticRegression(d), weights: valueWeights(tr.value) },
    { id: 'b', spec: mlp(d, p.layers, 'sigmoid', 1, 'relu') },
    { id: 'lr', spec: logisticRegression(d) },
  ];
  const batch = Math.min(p.batch, tr.y.length);
  const curves: Record<'a' | 'b' | 'lr', { x: number[]; y: number[] }> = { a: { x: [], y: [] }, b: { x: [], y: [] }, lr: { x: [], y: [] } };
  const scores: Record<'a' | 'b' | 'lr', Float32Array> = { a: new Float32Array(0), b: new Float32Array(0), lr: new Float32Array(0) };
  const trainMs = { a: 0, b: 0, lr: 0 };
  const yFit = Float32Array.from(tr.y);
  for (const m of models) {
    const t0 = now();
    const net = await train(
      { x: tr.x, y: yFit, n: tr.y.length, weights: m.weights },
      { spec: m.spec, seed: p.seed, lr: p.lr, epochs: p.epochs, batch },
      ctx.control,
      (progress) => {
        for (const l of progress.losses) {
          curves[m.id].x.push(l.epoch);
          curves[m.id].y.push(l.loss);
        }
        ctx.emit('progress', {
          model: m.id,
          epoch: progress.epoch,
          epochs: p.epochs,
          lossEpochA: Float64Array.from(curves.a.x),
          lossA: Float64Array.from(curves.a.y),
          lossEpochB: Float64Array.from(curves.b.x),
          lossB: Float64Array.from(curves.b.y),
        });
      },
    );
    try {
      scores[m.id] = await predict(net, test.x, test.y.length);
    } finally {
      net.dispose();
    }
    trainMs[m.id] = now() - t0;
  }

  return {
    summaryA: summariseBinary(test.y, scores.a),
    summaryB: summariseBinary(test.y, scores.b),
    summaryL: summariseBinary(test.y, scores.lr),
    moneyA: summariseMoney(test.y, scores.a, test.value),
    moneyB: summariseMoney(test.y, scores.b, test.value),
    moneyL: summariseMoney(test.y, scores.lr, test.value),
    clickValueTrain: clicked > 0 ? clickedValue / clicked : null,
    predictions: { y_true: test.y, y_score_a: scores.a, y_score_b: scores.b, y_score_lr: scores.lr, value: test.value, valuable: test.valuable },
    lossEpochA: Float64Array.from(curves.a.x),
    lossA: Float64Array.from(curves.a.y),
    lossEpochB: Float64Array.from(curves.b.x),
    lossB: Float64Array.from(curves.b.y),
    trainMsA: trainMs.a,
    trainMsB: trainMs.b,
  };
});
