import { describe, it, expect, beforeAll } from 'vitest';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-wasm';
import { train, type TrainSet } from '../../src/engine/train';
import { trainStacked } from '../../src/engine/stacked';
import { mlp } from '../../src/engine/model';
import { freeRunning } from '../../src/engine/control';
import { spirals } from '../../src/engine/datasets/spirals';

// The stacked trainer's `ownBatches` option (added for the mind-versus-data lab's sweeps): each model
// draws mini-batches from its own rows exactly as train() on those rows alone would.
const SPEC = mlp(2, [8], 'sigmoid', 1, 'relu');

function maxDiff(a: Float32Array[], b: Float32Array[]): number {
  let m = 0;
  a.forEach((w, i) => w.forEach((v, j) => (m = Math.max(m, Math.abs(v - b[i][j])))));
  return m;
}

describe('stacked trainer: mini-batches from each model’s own rows (ownBatches)', () => {
  beforeAll(async () => {
    await tf.setBackend('wasm');
    await tf.ready();
  });

  const s = spirals(3);
  const weights = Float32Array.from(s.yTrain, (y, i) => (y ? 2 : 0.5) + (i % 3) * 0.1);
  const set: TrainSet = { x: s.xTrain, y: s.yTrain, n: s.nTrain, weights };
  const head = (rows: number): TrainSet => ({ x: set.x.subarray(0, rows * 2), y: set.y.subarray(0, rows), n: rows, weights: weights.subarray(0, rows) });

  it('each model equals train() on its rows with the same seed and batch, partial last batches and full-batch models included', async () => {
    // 60 steps: 640 rows = 10 steps a pass, 137 = 3 (the last one 9 rows), 320 = 5, 20 ≤ batch = full batch
    const counts = [640, 137, 320, 20];
    const seeds = [5, 6, 7, 8];
    const before = tf.memory().numTensors;
    const epochsSeen: number[] = [];
    const models = await trainStacked(set, { spec: SPEC, seeds, lr: 0.02, epochs: 6, batch: 64, rowCounts: counts, ownBatches: true, epochSteps: 10, onEpoch: (e) => void epochsSeen.push(e) }, freeRunning());
    expect(epochsSeen).toEqual([1, 2, 3, 4, 5, 6]);
    for (let j = 0; j < counts.length; j++) {
      const steps = Math.ceil(counts[j] / Math.min(64, counts[j]));
      const net = await train(head(counts[j]), { spec: SPEC, seed: seeds[j], lr: 0.02, epochs: 60 / steps, batch: 64 }, freeRunning());
      expect(maxDiff(models.read(j), net.read()), `model ${j}`).toBeLessThanOrEqual(1e-5);
      net.dispose();
    }
    models.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });

  it('a general mask: the model trains on exactly its masked rows; a stopped model freezes', async () => {
    const n = set.n;
    const mask = new Uint8Array(2 * n);
    const rows: number[] = [];
    for (let i = 0; i < n; i++) {
      if (i % 4 === 1) {
        mask[i] = 1;
        rows.push(i);
      }
      mask[n + i] = 1;
    }
    let frozen: Float32Array[] | null = null;
    const models = await trainStacked(set, {
      spec: SPEC,
      seeds: [3, 4],
      lr: 0.02,
      epochs: 8,
      batch: 32,
      mask,
      ownBatches: true,
      epochSteps: Math.ceil(rows.length / 32),
      onEpoch: (e, m) => {
        if (e === 3) {
          m.stop(1);
          frozen = m.read(1);
        }
      },
    }, freeRunning());
    const sub: TrainSet = {
      x: Float32Array.from(rows.flatMap((i) => [set.x[2 * i], set.x[2 * i + 1]])),
      y: Float32Array.from(rows, (i) => set.y[i]),
      n: rows.length,
      weights: Float32Array.from(rows, (i) => weights[i]),
    };
    const net = await train(sub, { spec: SPEC, seed: 3, lr: 0.02, epochs: 8, batch: 32 }, freeRunning());
    expect(maxDiff(models.read(0), net.read())).toBeLessThanOrEqual(1e-5);
    expect(models.read(1)).toEqual(frozen);
    expect(models.stoppedAt).toEqual([null, 3]);
    net.dispose();
    models.dispose();
  });
});
