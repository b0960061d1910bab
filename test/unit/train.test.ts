import { describe, it, expect, beforeAll } from 'vitest';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import '@tensorflow/tfjs-backend-wasm';
// tf.grads needs the gradients registered: the reference for the engine's hand-derived ones
import '@tensorflow/tfjs-core/dist/register_all_gradients';
import { train } from '../../src/engine/train';
import { predict, logisticRegression, mlp, initWeights, layerShapes, type Network, type ModelSpec } from '../../src/engine/model';
import { AccuracyProbe } from '../../src/engine/evaluate';
import { createRng } from '../../src/engine/rng';
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
    // wait for the state, not for a fixed time: a busy machine may take a while per epoch
    const until = async (ok: () => boolean) => {
      for (let i = 0; i < 600 && !ok(); i++) await new Promise((r) => setTimeout(r, 50));
    };
    await until(() => states.length > 0);
    await new Promise((r) => setTimeout(r, 200)); // had it not held, more epochs would run now
    expect(states).toEqual(['paused']); // stepping from idle stops after the first epoch
    expect(epochsSeen).toBe(1);
    control.step();
    await until(() => states.length >= 3);
    await new Promise((r) => setTimeout(r, 200));
    expect(states).toEqual(['paused', 'running', 'paused']); // one more epoch, then held again
    expect(epochsSeen).toBe(2);
    control.cancel();
    expect(await outcome).toBeInstanceOf(CancelledError);
    expect(tf.memory().numTensors).toBe(before);
  });

  it('the reference task (2-8-8-1 tanh, full batch, Adam 0.1) reaches 90 %, stopped by onEpoch the epoch it does, leaking nothing', async () => {
    const s = spirals(1);
    const spec = mlp(2, [8, 8], 'sigmoid', 1, 'tanh');
    const before = tf.memory().numTensors;
    const probe = new AccuracyProbe(spec, s.xTest, s.yTest, s.nTest);
    const seen: number[] = [];
    let lastProgress = 0;
    const net = await train(
      { x: s.xTrain, y: s.yTrain, n: s.nTrain },
      { spec, seed: 1, lr: 0.1, epochs: 1000, batch: Infinity, onEpoch: (e, n) => (seen.push(e), probe.of(n) >= 0.9) },
      freeRunning(),
      (p) => {
        lastProgress = p.epoch;
      },
    );
    const stoppedAt = seen.at(-1)!;
    expect(seen).toEqual(Array.from({ length: stoppedAt }, (_, i) => i + 1));
    expect(stoppedAt).toBeLessThan(300);
    expect(lastProgress).toBe(stoppedAt);
    expect(probe.of(net)).toBeGreaterThanOrEqual(0.9);
    expect(probe.of(net)).toBe(await accuracy(net, s)); // the on-backend check agrees with predict()
    net.dispose();
    probe.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });

  it('stopping with onEpoch after e epochs gives exactly the network of an e-epoch run', async () => {
    const s = blobs(6, 300);
    const opts = { spec: mlp(4, [8]), seed: 3, lr: 0.02, batch: 64 };
    const a = await train({ x: s.xTrain, y: s.yTrain, n: s.nTrain }, { ...opts, epochs: 50, onEpoch: (e) => e === 7 }, freeRunning());
    const b = await train({ x: s.xTrain, y: s.yTrain, n: s.nTrain }, { ...opts, epochs: 7 }, freeRunning());
    expect(a.read()).toEqual(b.read());
    a.dispose();
    b.dispose();
  });

  it('starts from `initial` weights when given (fine-tuning)', async () => {
    const spec = mlp(4, [3]);
    const w = initWeights(spec, createRng(99));
    const s = blobs(7, 50);
    const net = await train({ x: s.xTrain, y: s.yTrain, n: s.nTrain }, { spec, seed: 1, lr: 0.1, epochs: 0, batch: 10, initial: w }, freeRunning());
    expect(net.read()).toEqual(w);
    net.dispose();
  });

  // The engine derives gradients by hand; one SGD step at lr 1 exposes them (θ0 − θ1), and
  // tf.grads on the loss written the textbook way must agree. So must the reported loss.
  describe.each<[string, ModelSpec, 'row' | 'element' | null, number]>([
    ['sigmoid, tanh, row weights', mlp(3, [5, 4], 'sigmoid', 1, 'tanh'), 'row', 0],
    ['multilabel, relu, element weights, L2', mlp(3, [6], 'multilabel', 2, 'relu'), 'element', 0.01],
    ['softmax, tanh, row weights', mlp(3, [5], 'softmax', 3, 'tanh'), 'row', 0],
    ['softmax, relu, element weights', mlp(3, [4], 'softmax', 3, 'relu'), 'element', 0],
    ['linear, relu, L2', mlp(3, [6, 3], 'linear', 2, 'relu'), null, 0.05],
    ['logistic regression', logisticRegression(3), null, 0],
  ])('hand-derived gradient and loss: %s', (_name, spec, weighting, l2) => {
    it('match tf.grads of the textbook loss', async () => {
      const n = 64;
      const rng = createRng(5);
      const k = spec.outputs;
      const x = Float32Array.from({ length: n * 3 }, () => rng.normal());
      const y = new Float32Array(n * k);
      for (let i = 0; i < n; i++) {
        if (spec.head === 'softmax') y[i * k + rng.int(k)] = 1;
        else for (let j = 0; j < k; j++) y[i * k + j] = spec.head === 'linear' ? rng.normal() : rng.bernoulli(0.4);
      }
      const weights = weighting === 'row' ? Float32Array.from({ length: n }, () => rng.range(0.2, 3)) : weighting === 'element' ? Float32Array.from({ length: n * k }, () => rng.range(0.2, 3)) : undefined;
      const w0 = initWeights(spec, createRng(2));
      const losses: number[] = [];
      const net = await train({ x, y, n, weights }, { spec, seed: 2, lr: 1, epochs: 1, batch: n, optimizer: 'sgd', l2 }, freeRunning(), (p) => {
        losses.push(...p.losses.map((l) => l.loss));
      });
      const w1 = net.read();
      net.dispose();

      const shapes = layerShapes(spec);
      const vars = w0.map((w, i) => tf.tensor(w, i % 2 === 0 ? shapes[i >> 1] : [1, shapes[i >> 1][1]]));
      const { value, grads } = tf.tidy(() => {
        const f = (...v: tf.Tensor[]) => textbookLoss(spec, v, tf.tensor2d(x, [n, 3]), tf.tensor2d(y, [n, k]), weights ? tf.tensor2d(weights, [n, weights.length === n ? 1 : k]) : null, l2);
        const g = tf.grads(f)(vars);
        return { value: f(...vars).dataSync()[0], grads: g.map((t) => t.dataSync() as Float32Array) };
      });
      vars.forEach((v) => v.dispose());
      expect(Math.abs(losses[0] - value)).toBeLessThanOrEqual(1e-5 * Math.max(1, Math.abs(value)));
      grads.forEach((g, i) =>
        g.forEach((gv, j) => {
          const mine = w0[i][j] - w1[i][j];
          expect(Math.abs(mine - gv)).toBeLessThanOrEqual(2e-5 + 1e-4 * Math.abs(gv));
        }),
      );
    });
  });
});

/** The loss as a textbook writes it, for tf.grads: mean over all terms of weight × term, plus l2·ΣW². */
function textbookLoss(spec: ModelSpec, v: tf.Tensor[], x: tf.Tensor2D, y: tf.Tensor2D, w: tf.Tensor2D | null, l2: number): tf.Scalar {
  let h: tf.Tensor = x;
  for (let l = 0; l < v.length / 2; l++) {
    const z = tf.add(tf.matMul(h, v[2 * l]), v[2 * l + 1]);
    h = l < v.length / 2 - 1 ? (spec.activation === 'relu' ? tf.relu(z) : tf.tanh(z)) : z;
  }
  let terms: tf.Tensor;
  if (spec.head === 'softmax') terms = tf.neg(tf.sum(tf.mul(y, tf.logSoftmax(h)), 1, true));
  else if (spec.head === 'linear') terms = tf.square(tf.sub(h, y));
  else terms = tf.add(tf.sub(tf.relu(h), tf.mul(h, y)), tf.log1p(tf.exp(tf.neg(tf.abs(h)))));
  let loss = tf.mean(w ? tf.mul(terms, w) : terms) as tf.Scalar;
  for (let l = 0; l < v.length; l += 2) if (l2 > 0) loss = tf.add(loss, tf.mul(l2, tf.sum(tf.square(v[l])))) as tf.Scalar;
  return loss;
}
