import { spirals } from './datasets/spirals';
import { mlp, predict } from './model';
import { train } from './train';
import { now } from './control';
import type { JobFn } from './job';

const num = (v: unknown, d: number) => (typeof v === 'number' && Number.isFinite(v) ? v : d);

/** The reference task as a job: a 2-8-8-1 tanh network on two spirals, test accuracy after every report. */
export const run: JobFn = async (params, ctx) => {
  const seed = num(params.seed, 1);
  const epochs = num(params.epochs, 200);
  const hidden = Array.isArray(params.hidden) ? (params.hidden as number[]) : [8, 8];
  const data = spirals(seed);
  const t0 = now();
  const lossEpoch: number[] = [];
  const loss: number[] = [];
  let accuracy = 0;
  const testAccuracy = async (net: Parameters<typeof predict>[0]) => {
    const p = await predict(net, data.xTest, data.nTest);
    let right = 0;
    for (let i = 0; i < data.nTest; i++) right += Number((p[i] >= 0.5 ? 1 : 0) === data.yTest[i]);
    return right / data.nTest;
  };
  const net = await train(
    { x: data.xTrain, y: data.yTrain, n: data.nTrain },
    { spec: mlp(2, hidden, 'sigmoid', 1, 'tanh'), seed, lr: num(params.lr, 0.03), epochs, batch: num(params.batch, data.nTrain) },
    ctx.control,
    async (p, n) => {
      for (const l of p.losses) {
        lossEpoch.push(l.epoch);
        loss.push(l.loss);
      }
      accuracy = await testAccuracy(n);
      ctx.emit({ epoch: p.epoch, epochs, accuracy, lossEpoch: Float64Array.from(lossEpoch), loss: Float64Array.from(loss) });
    },
  );
  net.dispose();
  return { accuracy, epochs, ms: now() - t0, lossEpoch: Float64Array.from(lossEpoch), loss: Float64Array.from(loss) };
};
