import { describe, it, expect, beforeAll } from 'vitest';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import '@tensorflow/tfjs-backend-wasm';
import { train } from '../../src/engine/train';
import { predict, logisticRegression, mlp, type Network } from '../../src/engine/model';
import { Control, freeRunning, CancelledError, DivergenceError, macrotask } from '../../src/engine/control';
import { blobs, spirals, type Split } from '../../src/engine/datasets/spirals';

async function accuracy(net: Network, s: Split): Promise<number> {
  const p = await predict(net, s.xTest, s.nTest);
  let right = 0;
  for (let i = 0; i < s.nTest; i++) right += Number((p[i] >= 0.5 ? 1 : 0) === s.yTest[i]);
  return right / s.nTest;
}

describe.each(['cpu', 'wasm'])('training loop on %s', (backend) => {
  beforeAll(async () => {
    await tf.setBackend(backend);
    await tf.ready();
  });

  it('logistic regression learns a separable task to ≥ 0.95 and leaks no tensor', async () => {
    const s = blobs(1);
    const before = tf.memory().numTensors;
    const net = await train({ x: s.xTrain, y: s.yTrain, n: s.nTrain }, { spec: logisticRegression(4), seed: 1, lr: 0.05, epochs: 10, batch: 64 }, freeRunning());
    expect(await accuracy(net, s)).toBeGreaterThanOrEqual(0.95);
    net.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });

  it('an MLP learns the spirals reference task to ≥ 0.9 test accuracy', async () => {
    const s = spirals(1);
    const before = tf.memory().numTensors;
    const net = await train(
      { x: s.xTrain, y: s.yTrain, n: s.nTrain },
      { spec: mlp(2, [16, 16], 'sigmoid', 1, 'tanh'), seed: 1, lr: 0.03, epochs: 300, batch: 1000 },
      freeRunning(),
    );
    expect(await accuracy(net, s)).toBeGreaterThanOrEqual(0.9);
    net.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });

  it('an MLP with mini-batches learns a separable task to ≥ 0.95', async () => {
    const s = blobs(2);
    const net = await train({ x: s.xTrain, y: s.yTrain, n: s.nTrain }, { spec: mlp(4, [8]), seed: 2, lr: 0.01, epochs: 5, batch: 32 }, freeRunning());
    expect(await accuracy(net, s)).toBeGreaterThanOrEqual(0.95);
    net.dispose();
  });

  it('one seed gives identical weights and losses; another seed does not', async () => {
    const s = blobs(3, 300);
    const run = async (seed: number) => {
      const losses: number[] = [];
      const net = await train({ x: s.xTrain, y: s.yTrain, n: s.nTrain }, { spec: mlp(4, [8]), seed, lr: 0.01, epochs: 4, batch: 50 }, freeRunning(), (p) => {
        losses.push(...p.losses.map((l) => l.loss));
      });
      const w = net.read();
      net.dispose();
      return { w, losses };
    };
    const a = await run(5);
    const b = await run(5);
    const c = await run(6);
    expect(b.losses).toEqual(a.losses);
    expect(b.w).toEqual(a.w);
    expect(c.w[0]).not.toEqual(a.w[0]);
  });

  it('a diverging learning rate stops with the divergence error and leaks nothing', async () => {
    const s = blobs(4, 200);
    const big = s.xTrain.map((v) => v * 1e3); // huge inputs + huge SGD steps blow the linear model up
    const before = tf.memory().numTensors;
    await expect(
      train({ x: big, y: s.yTrain, n: s.nTrain }, { spec: { ...logisticRegression(4), head: 'linear' }, seed: 1, lr: 10, epochs: 50, batch: 200, optimizer: 'sgd' }, freeRunning()),
    ).rejects.toThrow(DivergenceError);
    expect(tf.memory().numTensors).toBe(before);
  });

  it('cancel stops the run with CancelledError and leaks nothing; pause and step hold it', async () => {
    const s = blobs(5, 2000);
    const before = tf.memory().numTensors;
    const states: string[] = [];
    let epochsSeen = 0;
    const control = new Control({ sliceMs: 0, yieldNow: macrotask, onState: (st) => states.push(st), stepFirst: true });
    const run = train({ x: s.xTrain, y: s.yTrain, n: s.nTrain }, { spec: mlp(4, [8]), seed: 1, lr: 0.01, epochs: 20, batch: 100, reportMs: 0 }, control, (p) => {
      epochsSeen = p.epoch;
    });
    const outcome = run.then(() => 'finished', (e) => e);
    await new Promise((r) => setTimeout(r, 300));
    expect(states).toEqual(['paused']); // stepping from idle stops after the first epoch
    expect(epochsSeen).toBe(1);
    control.step();
    await new Promise((r) => setTimeout(r, 300));
    expect(epochsSeen).toBe(2);
    control.cancel();
    expect(await outcome).toBeInstanceOf(CancelledError);
    expect(tf.memory().numTensors).toBe(before);
  });
});
