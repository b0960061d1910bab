import { createRng } from '../../engine/rng';
import { train } from '../../engine/train';
import { logisticRegression, predict } from '../../engine/model';
import { defineRun } from '../../engine/lab';
import { meta } from './meta';

const ROWS = 2000;
const D = 2;

/** Seeded rows: two features, the label says whether their sum is positive. */
function makeRows(n: number, noise: number, rng: ReturnType<typeof createRng>) {
  const x = new Float32Array(n * D);
  const y = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    const a = rng.normal();
    const b = rng.normal();
    x[i * D] = a;
    x[i * D + 1] = b;
    const clean = a + b > 0 ? 1 : 0;
    y[i] = rng.uniform() < noise ? 1 - clean : clean;
  }
  return { x, y };
}

/** Runs in the engine worker: deterministic for a seed and backend; every tensor disposed. */
export const run = defineRun(meta, async (p, ctx) => {
  const rng = createRng(p.seed);
  const trainRows = makeRows(ROWS, p.noise, rng.fork());
  const test = makeRows(ROWS, 0, rng.fork());
  const lossEpoch: number[] = [];
  const loss: number[] = [];
  const net = await train(
    { x: trainRows.x, y: Float32Array.from(trainRows.y), n: ROWS },
    { spec: logisticRegression(D), seed: p.seed, lr: p.lr, epochs: p.epochs, batch: p.batch },
    ctx.control,
    (progress) => {
      for (const l of progress.losses) {
        lossEpoch.push(l.epoch);
        loss.push(l.loss);
      }
      ctx.emit('progress', { epoch: progress.epoch, epochs: p.epochs, lossEpoch: Float64Array.from(lossEpoch), loss: Float64Array.from(loss) });
    },
  );
  let yScore: Float32Array;
  try {
    yScore = await predict(net, test.x, ROWS);
  } finally {
    net.dispose();
  }
  let right = 0;
  for (let i = 0; i < ROWS; i++) if ((yScore[i] >= 0.5 ? 1 : 0) === test.y[i]) right++;
  return { accuracy: right / ROWS, lossEpoch: Float64Array.from(lossEpoch), loss: Float64Array.from(loss), predictions: { y_true: test.y, y_score: yScore } };
});
