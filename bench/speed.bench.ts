// Engine speed on the reference task (issue 5): time to 90 % test accuracy for the engine, for the
// tutorial-style `model.fit` yardstick and for a hand-written JS network; ms per epoch; the stacked
// trainer's per-model time. Medians of 3–5 runs after a warm-up. Figures only, no assertions.
import { it } from 'vitest';
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs'; // tfjs-layers, for the model.fit yardstick only (a devDependency)
import '@tensorflow/tfjs-backend-cpu';
import '@tensorflow/tfjs-backend-wasm';
import { train } from '../src/engine/train';
import { trainStacked } from '../src/engine/stacked';
import { AccuracyProbe } from '../src/engine/evaluate';
import { initWeights, layerShapes, mlp } from '../src/engine/model';
import { createRng } from '../src/engine/rng';
import { freeRunning, now } from '../src/engine/control';
import { spirals, type Split } from '../src/engine/datasets/spirals';
import { trainHandwritten } from './handwritten';
import { median, runs } from './stats';

const REPEATS = 5; // engine runs: cheap, so more of them against a busy machine
const FIT_REPEATS = 3;
const TARGET = 0.9;
const SEED = 1;
const HIDDEN = [8, 8];
const SPEC = mlp(2, HIDDEN, 'sigmoid', 1, 'tanh');
const ENGINE_LR = 0.1; // the best of 0.02–0.3 over seeds 1–5 (median epochs to 90 %)
const MAX_EPOCHS = 2000;
const FIT_MAX_EPOCHS = 400;
const BACKENDS = ['cpu', 'wasm'] as const;
const STACK_K = [1, 4, 16, 64];
const STACK_EPOCHS = 20;
const STACK_REPEATS = 3;
/**
 * Where stacking pays: one model on the full reference set is bound by arithmetic on wasm (K
 * models cost K times one), while a small set or mini-batches are bound by per-kernel overhead,
 * which K stacked models pay once. A sweep over training-set sizes has both.
 */
const STACK_CASES = [
  { label: 'reference set: 1,000 rows, full batch', rows: 1000, batch: undefined },
  { label: '100 rows, full batch', rows: 100, batch: undefined },
  { label: '1,000 rows, mini-batches of 50', rows: 1000, batch: 50 },
] as const;
type StackCase = (typeof STACK_CASES)[number];

interface ToTarget {
  ms: number;
  epochs: number;
}

/** The engine as a lab runs it: train() full batch, the on-backend accuracy check after every epoch, stop at the target. */
async function engineToTarget(data: Split): Promise<ToTarget> {
  const t0 = now();
  const probe = new AccuracyProbe(SPEC, data.xTest, data.yTest, data.nTest);
  let epochs = -1;
  const net = await train(
    { x: data.xTrain, y: data.yTrain, n: data.nTrain },
    {
      spec: SPEC,
      seed: SEED,
      lr: ENGINE_LR,
      epochs: MAX_EPOCHS,
      batch: Infinity,
      onEpoch: (e, n) => {
        if (probe.of(n) < TARGET) return false;
        epochs = e;
        return true;
      },
    },
    freeRunning(),
  );
  net.dispose();
  probe.dispose();
  return { ms: now() - t0, epochs };
}

/** Plain epochs, no accuracy check: the loop's own cost. */
async function engineEpochMs(data: Split, epochs: number, c?: StackCase): Promise<number> {
  const t0 = now();
  const net = await train(c ? rowsOf(data, c) : { x: data.xTrain, y: data.yTrain, n: data.nTrain }, { spec: SPEC, seed: SEED, lr: ENGINE_LR, epochs, batch: c?.batch ?? Infinity }, freeRunning());
  net.dispose();
  return (now() - t0) / epochs;
}

/**
 * The tutorial way: a tfjs-layers Sequential model, `model.fit` once per epoch (batch 32,
 * Adam 0.01, shuffle off: the split is already shuffled), from the engine's initial weights, and
 * a whole-test-set `predict` after every epoch.
 */
async function fitToTarget(data: Split, maxEpochs: number): Promise<ToTarget & { epochMs: number }> {
  const t0 = now();
  const model = tfl.sequential({
    layers: [
      tfl.layers.dense({ units: HIDDEN[0], activation: 'tanh', inputShape: [2] }),
      tfl.layers.dense({ units: HIDDEN[1], activation: 'tanh' }),
      tfl.layers.dense({ units: 1, activation: 'sigmoid' }),
    ],
  });
  model.compile({ optimizer: tfl.train.adam(0.01), loss: 'binaryCrossentropy' });
  const shapes = layerShapes(SPEC);
  const init = initWeights(SPEC, createRng(SEED)).map((w, i) => tf.tensor(w, i % 2 ? [shapes[i >> 1][1]] : shapes[i >> 1]));
  model.setWeights(init);
  for (const t of init) t.dispose();
  const x = tf.tensor2d(data.xTrain, [data.nTrain, 2]);
  const y = tf.tensor2d(data.yTrain, [data.nTrain, 1]);
  const xTest = tf.tensor2d(data.xTest, [data.nTest, 2]);
  let epochs = -1;
  let done = 0;
  const tFit = now();
  for (let e = 1; e <= maxEpochs; e++) {
    await model.fit(x, y, { batchSize: 32, epochs: 1, shuffle: false, verbose: 0 });
    done = e;
    const p = model.predict(xTest, { batchSize: data.nTest }) as tf.Tensor;
    const s = (await p.data()) as Float32Array;
    p.dispose();
    let right = 0;
    for (let i = 0; i < data.nTest; i++) right += Number((s[i] >= 0.5 ? 1 : 0) === data.yTest[i]);
    if (right / data.nTest >= TARGET) {
      epochs = e;
      break;
    }
  }
  const epochMs = (now() - tFit) / done;
  model.dispose();
  for (const t of [x, y, xTest]) t.dispose();
  return { ms: now() - t0, epochs, epochMs };
}

function rowsOf(data: Split, c: StackCase) {
  return { x: data.xTrain.subarray(0, c.rows * 2), y: data.yTrain.subarray(0, c.rows), n: c.rows };
}

async function stackedModelEpochMs(data: Split, k: number, c: StackCase): Promise<number> {
  const t0 = now();
  const models = await trainStacked(
    rowsOf(data, c),
    { spec: SPEC, seeds: Array.from({ length: k }, (_, j) => SEED + j), lr: ENGINE_LR, epochs: STACK_EPOCHS, batch: c.batch },
    freeRunning(),
  );
  models.dispose();
  return (now() - t0) / (k * STACK_EPOCHS);
}

const fmt = (x: number) => (x >= 100 ? x.toFixed(0) : x >= 10 ? x.toFixed(1) : x.toFixed(2));
const reached = (r: ToTarget[]) => (r.every((x) => x.epochs > 0) ? `${r[0].epochs} epochs` : 'target NOT reached');

it('engine speed on the reference task (2-8-8-1 tanh, two spirals, 90 % test accuracy)', async () => {
  const data = spirals(SEED);
  const lines: string[] = [];
  const table: string[] = [
    '| Node, backend | engine: time to 90 % | fit: time to 90 % | fit / engine | engine ms/epoch (with check) | fit ms/epoch |',
    '|---|---|---|---|---|---|',
  ];
  const stackTable: string[] = [`| Node, backend, set | ${STACK_K.map((k) => `K = ${k}`).join(' | ')} | one train() |`, `|---|${STACK_K.map(() => '---|').join('')}---|`];

  // the hand-written yardstick: per-example SGD, best of three learning rates
  const hw = [0.003, 0.01, 0.03].map((lr) => {
    trainHandwritten(data, HIDDEN, initWeights(SPEC, createRng(SEED)), lr, TARGET, 5); // warm-up
    const r = Array.from({ length: REPEATS }, () => trainHandwritten(data, HIDDEN, initWeights(SPEC, createRng(SEED)), lr, TARGET, MAX_EPOCHS));
    return { lr, ms: median(r.map((x) => x.ms)), runs: r };
  });
  const best = hw.filter((h) => h.runs[0].epochs > 0).sort((a, b) => a.ms - b.ms)[0];
  console.log(`hand-written per-example JS network (${hw.map((h) => `lr ${h.lr}: ${fmt(h.ms)} ms${h.runs[0].epochs > 0 ? ` / ${h.runs[0].epochs} epochs` : ' (not reached)'}`).join('; ')})`);
  if (best) console.log(`hand-written JS, best lr ${best.lr}: time to 90 % median ${fmt(best.ms)} ms [${runs(best.runs.map((x) => x.ms))}], ${best.runs[0].epochs} epochs`);

  for (const backend of BACKENDS) {
    await tf.setBackend(backend);
    await tf.ready();
    await engineToTarget(data); // warm-up: kernels, JIT
    await fitToTarget(data, 2);
    const eng: ToTarget[] = [];
    const fit: (ToTarget & { epochMs: number })[] = [];
    const plain: number[] = [];
    for (let r = 0; r < REPEATS; r++) {
      // interleaved, so a busy moment on the machine hits both alike
      eng.push(await engineToTarget(data));
      if (r < FIT_REPEATS) fit.push(await fitToTarget(data, FIT_MAX_EPOCHS));
      plain.push(await engineEpochMs(data, 100));
    }
    const e = median(eng.map((x) => x.ms));
    const f = median(fit.map((x) => x.ms));
    console.log(`engine on ${backend}: time to 90 % median ${fmt(e)} ms [${runs(eng.map((x) => x.ms))}], ${reached(eng)}; ${fmt(median(plain))} ms per epoch without the check, ${fmt(e / eng[0].epochs)} with it`);
    console.log(`model.fit on ${backend}: time to 90 % median ${fmt(f)} ms [${runs(fit.map((x) => x.ms))}], ${reached(fit)}; ${fmt(median(fit.map((x) => x.epochMs)))} ms per epoch`);
    lines.push(`time-to-target ${backend}: engine ${e.toFixed(0)} ms, fit ${f.toFixed(0)} ms, ratio ${(f / e).toFixed(1)}`);
    table.push(`| ${backend} | ${fmt(e)} ms (${reached(eng)}) | ${fmt(f)} ms (${reached(fit)}) | ${(f / e).toFixed(1)}× | ${fmt(median(plain))} (${fmt(e / eng[0].epochs)}) | ${fmt(median(fit.map((x) => x.epochMs)))} |`);

    // one train() run, then every K, per repetition: a busy moment hits the comparison alike
    for (const c of STACK_CASES) {
      await stackedModelEpochMs(data, 4, c); // warm-up
      const alone: number[] = [];
      const perK = STACK_K.map(() => [] as number[]);
      for (let r = 0; r < STACK_REPEATS; r++) {
        alone.push(await engineEpochMs(data, STACK_EPOCHS, c));
        for (const [i, k] of STACK_K.entries()) perK[i].push(await stackedModelEpochMs(data, k, c));
      }
      const one = median(alone);
      STACK_K.forEach((k, i) => console.log(`stacked on ${backend}, ${c.label}, K = ${k}: ${fmt(median(perK[i]))} ms per model-epoch [${perK[i].map(fmt).join(', ')}]`));
      console.log(`one model alone (train()) on ${backend}, ${c.label}: ${fmt(one)} ms per epoch [${alone.map(fmt).join(', ')}]`);
      stackTable.push(`| ${backend}, ${c.label} | ${perK.map((t) => `${fmt(median(t))} ms (${(median(t) / one).toFixed(2)}×)`).join(' | ')} | ${fmt(one)} ms |`);
    }
  }
  if (best) table.push(`| hand-written JS (per-example SGD, lr ${best.lr}) | ${fmt(best.ms)} ms (${best.runs[0].epochs} epochs) | | | ${fmt(best.ms / best.runs[0].epochs)} | |`);
  console.log(`\nTime to 90 % test accuracy, medians of ${REPEATS} runs (fit: ${FIT_REPEATS}):\n` + table.join('\n'));
  console.log(`\nStacked trainer, ms per model-epoch (× one model trained alone), ${STACK_EPOCHS} epochs, medians of ${STACK_REPEATS}:\n` + stackTable.join('\n'));
  console.log('\n' + lines.join('\n'));
});
