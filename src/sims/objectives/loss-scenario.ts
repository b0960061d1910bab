import { createRng } from '../../engine/rng';
import { logisticRegression, mlp, type ModelSpec } from '../../engine/model';
import { now } from '../../engine/control';
import { REPORT_TEST, REPORT_TRAIN, type LossProgress, type LossResult, type LossRun, type ObjectivesContext, type ObjectivesParams } from './meta';
import { spamReports } from './newsfeed';
import { trainProbabilities, type ProbabilityLoss } from './probability-trainer';

export const otherLoss = (l: ProbabilityLoss): ProbabilityLoss => (l === 'mse' ? 'cross_entropy' : 'mse');

/** The loss part: one spam classifier trained twice, the run's loss first, then the other one from the same start. */
export async function runLoss(p: ObjectivesParams, ctx: ObjectivesContext): Promise<LossResult> {
  const rng = createRng(p.seed);
  const [trainRng, testRng] = [rng.fork(), rng.fork()];
  const trainSet = spamReports(REPORT_TRAIN, p.noise, trainRng);
  const testSet = spamReports(REPORT_TEST, p.noise, testRng);
  const mean = (a: Uint8Array) => a.reduce((s, v) => s + v, 0) / a.length;
  ctx.emit('data', { part: 'loss', trainRows: trainSet.n, testRows: testSet.n, reportedSpamRate: mean(trainSet.y), noise: p.noise });

  const spec: ModelSpec = p.layers.length ? mlp(trainSet.d, p.layers, 'sigmoid', 1, 'relu') : logisticRegression(trainSet.d);
  const train = { x: trainSet.x, y: Float32Array.from(trainSet.y), n: trainSet.n };
  const test = { x: testSet.x, y: Float32Array.from(testSet.y), n: testSet.n };
  const runs: LossRun[] = [];
  for (const loss of [p.loss, otherLoss(p.loss)]) {
    const curve = { epoch: [] as number[], trainLoss: [] as number[], testLogLoss: [] as number[], testBrier: [] as number[] };
    const progress = (): LossProgress => ({
      part: 'loss',
      loss,
      model: runs.length + 1,
      epochs: p.epochs,
      epoch: curve.epoch.length,
      // copies: an emitted snapshot's typed arrays are transferred away
      earlier: runs.map((r) => ({ loss: r.loss, epoch: r.epoch.slice(), testLogLoss: r.testLogLoss.slice() })),
      curve: curveArrays(curve),
    });
    ctx.emit('progress', progress());
    const t0 = now();
    const net = await trainProbabilities(train, test, { spec, loss, seed: p.seed, lr: p.lr, epochs: p.epochs, batch: p.batch }, ctx.control, (r) => {
      curve.epoch.push(r.epoch);
      curve.trainLoss.push(r.trainLoss);
      curve.testLogLoss.push(r.testLogLoss);
      curve.testBrier.push(r.testBrier);
      ctx.emit('progress', progress());
    });
    const trainMs = now() - t0;
    let yScore: Float32Array;
    let trainScore: Float32Array;
    try {
      yScore = await net.predict(test.x, test.n);
      trainScore = await net.predict(train.x, train.n);
    } finally {
      net.dispose();
    }
    runs.push({ loss, trainMs, yScore, trainScore, ...curveArrays(curve) });
  }
  return { part: 'loss', yTrue: testSet.y, spam: testSet.spam, trainTrue: trainSet.y, current: runs[0], paired: runs[1] };
}

function curveArrays(c: { epoch: number[]; trainLoss: number[]; testLogLoss: number[]; testBrier: number[] }) {
  return { epoch: Float64Array.from(c.epoch), trainLoss: Float64Array.from(c.trainLoss), testLogLoss: Float64Array.from(c.testLogLoss), testBrier: Float64Array.from(c.testBrier) };
}
