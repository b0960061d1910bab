import { describe, it, expect, beforeAll } from 'vitest';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import '@tensorflow/tfjs-backend-wasm';
import { train, type TrainSet } from '../../src/engine/train';
import { trainStacked, predictStacked } from '../../src/engine/stacked';
import { mlp, predict, type ModelSpec } from '../../src/engine/model';
import { AccuracyProbe } from '../../src/engine/evaluate';
import { freeRunning, DivergenceError } from '../../src/engine/control';
import { blobs, spirals } from '../../src/engine/datasets/spirals';

const SPEC = mlp(2, [8, 8], 'sigmoid', 1, 'tanh');

function maxDiff(a: Float32Array[], b: Float32Array[]): number {
  let m = 0;
  a.forEach((w, i) => w.forEach((v, j) => (m = Math.max(m, Math.abs(v - b[i][j])))));
  return m;
}

/** the first `rows` rows of a set */
function head(set: TrainSet, rows: number, spec: ModelSpec): TrainSet {
  return { x: set.x.subarray(0, rows * spec.inputs), y: set.y.subarray(0, rows * spec.outputs), n: rows, weights: set.weights?.subarray(0, rows) };
}

async function single(set: TrainSet, spec: ModelSpec, seed: number, opts: { lr: number; epochs: number; batch: number; optimizer?: 'adam' | 'sgd'; l2?: number }) {
  const net = await train(set, { spec, seed, ...opts }, freeRunning());
  const w = net.read();
  net.dispose();
  return w;
}

describe.each(['cpu', 'wasm'])('stacked trainer on %s', (backend) => {
  beforeAll(async () => {
    await tf.setBackend(backend);
    await tf.ready();
  });

  const s = spirals(1);
  const set: TrainSet = { x: s.xTrain, y: s.yTrain, n: s.nTrain };

  it.each([1, 3, 8])('K = %i stacked models equal single models of the same seeds after 300 Adam steps', async (k) => {
    const seeds = Array.from({ length: k }, (_, j) => 11 + 7 * j);
    const part = head(set, 300, SPEC);
    const before = tf.memory().numTensors;
    const models = await trainStacked(part, { spec: SPEC, seeds, lr: 0.05, epochs: 300 }, freeRunning());
    for (let j = 0; j < k; j++) {
      const want = await single(part, SPEC, seeds[j], { lr: 0.05, epochs: 300, batch: part.n });
      expect(maxDiff(models.read(j), want)).toBeLessThanOrEqual(1e-5);
    }
    models.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });

  it('wide layers too: stacked equals single to 1e-5 (on wasm, fan-ins over 47 sum in another order, so not bit for bit)', async () => {
    const b = blobs(3, 200, 50);
    const tset: TrainSet = { x: b.xTrain, y: b.yTrain, n: b.nTrain };
    const spec = mlp(50, [56], 'sigmoid', 1, 'tanh');
    const models = await trainStacked(tset, { spec, seeds: [1, 2], lr: 0.01, epochs: 100 }, freeRunning());
    for (const [j, seed] of [1, 2].entries()) expect(maxDiff(models.read(j), await single(tset, spec, seed, { lr: 0.01, epochs: 100, batch: tset.n }))).toBeLessThanOrEqual(1e-5);
    models.dispose();
  });

  it('a row mask gives each model its own training-set size, its loss the mean over its own rows', async () => {
    const counts = [1000, 137, 500, 20];
    const seeds = [3, 4, 5, 6];
    const losses: Float64Array[] = [];
    const models = await trainStacked(set, { spec: SPEC, seeds, lr: 0.05, epochs: 120, rowCounts: counts, reportMs: 0 }, freeRunning(), (p) => {
      losses.push(...p.losses.map((l) => l.loss));
    });
    for (let j = 0; j < counts.length; j++) {
      const singleLosses: number[] = [];
      const net = await train(head(set, counts[j], SPEC), { spec: SPEC, seed: seeds[j], lr: 0.05, epochs: 120, batch: counts[j], reportMs: 0 }, freeRunning(), (p) => {
        singleLosses.push(...p.losses.map((l) => l.loss));
      });
      expect(maxDiff(models.read(j), net.read())).toBeLessThanOrEqual(1e-5);
      expect(singleLosses.length).toBe(losses.length);
      singleLosses.forEach((l, i) => expect(Math.abs(losses[i][j] - l)).toBeLessThanOrEqual(1e-5 * Math.max(1, Math.abs(l))));
      net.dispose();
    }
    models.dispose();
  });

  it('a general row mask equals training on the masked rows', async () => {
    const b = blobs(9, 200, 3);
    const spec = mlp(3, [5], 'sigmoid', 1, 'relu');
    const mask = new Uint8Array(2 * b.nTrain);
    for (let i = 0; i < b.nTrain; i++) {
      mask[i] = i % 3 === 0 ? 1 : 0; // model 0: every third row
      mask[b.nTrain + i] = 1; // model 1: all rows
    }
    const models = await trainStacked({ x: b.xTrain, y: b.yTrain, n: b.nTrain }, { spec, seeds: [1, 2], lr: 0.02, epochs: 50, mask }, freeRunning());
    const rows = [...Array(b.nTrain).keys()].filter((i) => i % 3 === 0);
    const sub: TrainSet = { x: Float32Array.from(rows.flatMap((i) => [...b.xTrain.subarray(i * 3, i * 3 + 3)])), y: Float32Array.from(rows, (i) => b.yTrain[i]), n: rows.length };
    // summation order differs (zeros interleaved), so equal to float rounding, not bit for bit
    expect(maxDiff(models.read(0), await single(sub, spec, 1, { lr: 0.02, epochs: 50, batch: rows.length }))).toBeLessThanOrEqual(1e-5);
    expect(maxDiff(models.read(1), await single({ x: b.xTrain, y: b.yTrain, n: b.nTrain }, spec, 2, { lr: 0.02, epochs: 50, batch: b.nTrain }))).toBeLessThanOrEqual(1e-5);
    models.dispose();
  });

  it('mini-batches, row weights, L2 and SGD: stacked still equals single', async () => {
    const b = blobs(4, 300, 4);
    const weights = Float32Array.from(b.yTrain, (y) => (y ? 3 : 0.6));
    const tset: TrainSet = { x: b.xTrain, y: b.yTrain, n: b.nTrain, weights };
    const spec = mlp(4, [6], 'sigmoid', 1, 'relu');
    for (const optimizer of ['adam', 'sgd'] as const) {
      const opts = { lr: 0.03, epochs: 4, batch: 64, optimizer, l2: 0.001 };
      const models = await trainStacked(tset, { spec, seeds: [7, 8], ...opts }, freeRunning());
      for (const [j, seed] of [7, 8].entries()) expect(maxDiff(models.read(j), await single(tset, spec, seed, opts))).toBeLessThanOrEqual(1e-5);
      models.dispose();
    }
  });

  it('softmax and linear heads: stacked equals single', async () => {
    const b = blobs(5, 200, 3);
    const y3 = new Float32Array(b.nTrain * 3);
    b.yTrain.forEach((c, i) => (y3[i * 3 + (c ? 2 : b.xTrain[i * 3] > 0 ? 1 : 0)] = 1));
    const ylin = Float32Array.from({ length: b.nTrain }, (_, i) => b.xTrain[i * 3] - 2 * b.xTrain[i * 3 + 1]);
    for (const [spec, y] of [
      [mlp(3, [7], 'softmax', 3, 'tanh'), y3],
      [mlp(3, [4, 4], 'linear', 1, 'relu'), ylin],
    ] as const) {
      const tset: TrainSet = { x: b.xTrain, y, n: b.nTrain };
      const models = await trainStacked(tset, { spec, seeds: [1, 2, 3], lr: 0.01, epochs: 40 }, freeRunning());
      for (const [j, seed] of [1, 2, 3].entries()) expect(maxDiff(models.read(j), await single(tset, spec, seed, { lr: 0.01, epochs: 40, batch: b.nTrain }))).toBeLessThanOrEqual(1e-5);
      models.dispose();
    }
  });

  it('an early-stopped model freezes exactly: its weights equal a single run of that many epochs and stop moving', async () => {
    const seeds = [21, 22, 23];
    const stopAt = [40, 100, Infinity];
    const frozen: (Float32Array[] | null)[] = [null, null, null];
    const before = tf.memory().numTensors;
    const models = await trainStacked(set, {
      spec: SPEC,
      seeds,
      lr: 0.05,
      epochs: 160,
      onEpoch: (e, m) => {
        stopAt.forEach((at, j) => {
          if (e === at) {
            m.stop(j);
            frozen[j] = m.read(j);
          }
        });
      },
    }, freeRunning());
    expect(models.stoppedAt).toEqual([40, 100, null]);
    for (const j of [0, 1]) {
      expect(models.read(j)).toEqual(frozen[j]); // not one bit moved after the stop
      expect(maxDiff(models.read(j), await single(set, SPEC, seeds[j], { lr: 0.05, epochs: stopAt[j], batch: set.n }))).toBeLessThanOrEqual(1e-5);
    }
    expect(maxDiff(models.read(2), await single(set, SPEC, seeds[2], { lr: 0.05, epochs: 160, batch: set.n }))).toBeLessThanOrEqual(1e-5);
    models.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });

  it('stops when every model has stopped; predictions and accuracies per model match single networks', async () => {
    const probe = new AccuracyProbe(SPEC, s.xTest, s.yTest, s.nTest);
    let lastEpoch = 0;
    const models = await trainStacked(set, {
      spec: SPEC,
      seeds: [1, 2],
      lr: 0.05,
      epochs: 500,
      onEpoch: (e, m) => {
        lastEpoch = e;
        const acc = probe.ofEach(m);
        acc.forEach((a, j) => a >= 0.8 && m.stop(j));
      },
    }, freeRunning());
    expect(models.active).toBe(0);
    expect(lastEpoch).toBe(Math.max(...models.stoppedAt.map(Number)));
    const all = await predictStacked(models, s.xTest, s.nTest);
    for (let j = 0; j < 2; j++) {
      const net = models.network(j);
      const p = await predict(net, s.xTest, s.nTest);
      expect(all.subarray(j * s.nTest, (j + 1) * s.nTest)).toEqual(p);
      let right = 0;
      for (let i = 0; i < s.nTest; i++) right += Number((p[i] >= 0.5 ? 1 : 0) === s.yTest[i]);
      expect(probe.ofEach(models)[j]).toBeCloseTo(right / s.nTest, 10);
      expect(probe.of(net)).toBeCloseTo(right / s.nTest, 10);
      expect(right / s.nTest).toBeGreaterThanOrEqual(0.8);
      net.dispose();
    }
    probe.dispose();
    models.dispose();
  });

  it('a diverging model: an error by default, or frozen and flagged with onDiverge "stop"', async () => {
    const b = blobs(4, 200);
    const big = b.xTrain.map((v) => v * 1e3);
    const spec: ModelSpec = { ...mlp(4, []), head: 'linear' };
    const tset: TrainSet = { x: big, y: b.yTrain, n: b.nTrain };
    const before = tf.memory().numTensors;
    await expect(trainStacked(tset, { spec, seeds: [1, 2], lr: 10, epochs: 50, optimizer: 'sgd' }, freeRunning())).rejects.toThrow(DivergenceError);
    expect(tf.memory().numTensors).toBe(before);
    // model 1 has no rows, so no gradient: it stays put while model 0 blows up
    const mask = new Uint8Array(2 * b.nTrain).fill(1, 0, b.nTrain);
    const models = await trainStacked(tset, { spec, seeds: [1, 2], lr: 10, epochs: 50, optimizer: 'sgd', mask, onDiverge: 'stop', reportMs: 0 }, freeRunning());
    expect(models.diverged).toEqual([true, false]);
    expect(models.stoppedAt[0]).not.toBeNull();
    expect(models.stoppedAt[1]).toBeNull();
    models.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });
});
