import { parseParams } from '../../engine/params';
import { logisticRegression, mlp, type ModelSpec } from '../../engine/model';
import { now } from '../../engine/control';
import type { JobContext } from '../../engine/job';
import { defineRun } from '../../engine/lab';
import { meta, KNN_K, type Algo, type DvaProgress, type DvaValues } from './meta';
import { diamondsData, syntheticData, withWaveFeatures, type LabData } from './data';
import { parseDiamonds } from './diamonds';
import { diamonds } from '../../data/diamonds';
import { sweepKnn, sweepNetworks, type ModelResult } from './sweep';
import { curves, meanOfRepeats } from './results';

/** The lab's params from raw input (a URL's text, typed values), as its run reads them. */
export function parse(raw: Record<string, unknown>): DvaValues {
  return parseParams(meta.schema, raw).values;
}

/** validation every this many steps; a model stops after PATIENCE checks without a better validation loss */
export const CHECK_EVERY = 20;
export const PATIENCE = 10;

function specOf(algo: Algo, d: number, classes: number): ModelSpec {
  const head = classes === 2 ? 'sigmoid' : 'softmax';
  const out = classes === 2 ? 1 : classes;
  if (algo === 'logreg') return { ...logisticRegression(d), head, outputs: out };
  if (algo === 'wave') return { ...logisticRegression(d + 2), head, outputs: out };
  return mlp(d, algo === 'mlp-small' ? [16] : [32, 32], head, out, 'relu');
}

/**
 * Rough cost of each algorithm's sweep in ms, for the progress bar and the time-left estimate only
 * (measured on wasm in Chromium at the defaults): per model-step for networks, a fixed part plus a
 * part per batch row; per test row × training row for k-NN. The estimate scales with the machine.
 */
function costOf(algo: Algo, models: number, p: DvaValues, columns: number, nTest: number): number {
  if (algo === 'knn') return nTest * columns * 1e-5;
  const [fixed, perRow] = { logreg: [0.12, 0.0007], wave: [0.12, 0.0008], 'mlp-small': [0.15, 0.0015], 'mlp-large': [0.15, 0.0059] }[algo];
  return p.steps * models * (fixed + perRow * p.batch);
}

export async function loadData(p: DvaValues, ctx: Pick<JobContext, 'fetchText'>): Promise<LabData> {
  if (p.data === 'diamonds') return diamondsData(p, parseDiamonds(await ctx.fetchText(diamonds.file)));
  return syntheticData(p);
}

export const run = defineRun(meta, async (p, ctx) => {
  const t0 = now();
  const data = await loadData(p, ctx);
  const { set, chains } = data;
  const R = p.repeats;
  const S = p.sizes.length;
  const A = p.algos.length;
  const mbwOn = chains.length > R;
  const models = chains.reduce((a, c) => a + c.cuts.length, 0);
  const columns = chains.reduce((a, c) => a + c.cuts[c.cuts.length - 1], 0);
  ctx.emit('data', {
    algos: p.algos,
    sizes: p.sizes,
    repeats: R,
    extra: mbwOn ? p.extra : 0,
    nTest: set.nTest,
    features: set.d,
    classNames: data.classNames,
    featureNames: data.featureNames,
    wrongShare: data.wrongShare,
    outdatedShare: data.outdatedShare,
    baseline: data.baseline,
    scatter: data.scatter,
    models: models * A,
    noiseKind: p.noise_kind,
    extraKind: p.extra_kind,
    extraNoise: p.extra_noise,
  });

  const acc = new Float64Array(A * S * R).fill(NaN);
  const mbwClean = new Float64Array(A * R).fill(NaN);
  const mbwExtra = new Float64Array(A * R).fill(NaN);
  const stepsUsed = new Float64Array(A * S * R).fill(NaN);
  const algoMs = new Float64Array(A).fill(NaN);
  const preds: { key: string; pred: Uint8Array }[] = [];
  const costs = p.algos.map((a) => costOf(a, models, p, columns, set.nTest));
  const totalCost = costs.reduce((a, b) => a + b, 0);
  let doneCost = 0;
  let within = 0; // share of the current algorithm done
  let current = -1;
  let lastEmit = 0;

  const shape = { algos: p.algos, sizes: p.sizes, repeats: R };
  const snapshot = (): DvaProgress => ({
    fraction: Math.min(1, (doneCost + within * (costs[current] ?? 0)) / totalCost),
    elapsedMs: now() - t0,
    current: current >= 0 && current < A ? p.algos[current] : null,
    acc: acc.slice(),
    steps: stepsUsed.slice(),
    mbwClean: mbwClean.slice(),
    mbwExtra: mbwExtra.slice(),
    algoMs: algoMs.slice(),
    curves: curves(acc, shape),
    mbw: {
      clean: p.algos.map((_, a) => finite(meanOfRepeats(mbwClean, a, R))),
      extra: p.algos.map((_, a) => finite(meanOfRepeats(mbwExtra, a, R))),
    },
  });
  const emit = (force = false) => {
    if (!force && now() - lastEmit < 200) return;
    lastEmit = now();
    ctx.emit('progress', snapshot());
  };
  const record = (a: number, done: ModelResult[]) => {
    for (const m of done) {
      const algo = p.algos[a];
      if (m.chain < R) {
        const at = (a * S + m.cut) * R + m.chain;
        acc[at] = m.accuracy;
        stepsUsed[at] = m.steps ?? NaN;
        preds.push({ key: `${algo}_${p.sizes[m.cut]}_r${m.chain + 1}`, pred: m.pred });
      } else {
        const r = m.chain - R;
        (m.cut === 0 ? mbwClean : mbwExtra)[a * R + r] = m.accuracy;
        preds.push({ key: `${algo}_${m.cut === 0 ? 'clean' : 'extra'}_r${r + 1}`, pred: m.pred });
      }
    }
  };

  for (let a = 0; a < A; a++) {
    const algo = p.algos[a];
    current = a;
    within = 0;
    const ta = now();
    emit(true);
    if (algo === 'knn') {
      const cols = chains.map((c) => c.cuts[c.cuts.length - 1]);
      const before = cols.map((_, i) => cols.slice(0, i).reduce((x, y) => x + y, 0));
      await sweepKnn(set, chains, KNN_K, ctx.control, {
        onChain: (done) => {
          record(a, done);
          emit(true);
        },
        onChunk: (ci, chunk, chunks) => {
          within = (before[ci] + (cols[ci] * (chunk + 1)) / chunks) / columns;
          emit();
        },
      });
    } else {
      await sweepNetworks(algo === 'wave' ? withWaveFeatures(set) : set, chains, { spec: specOf(algo, set.d, set.classes), lr: p.lr, batch: p.batch, steps: p.steps, checkEvery: CHECK_EVERY, patience: PATIENCE }, ctx.control, {
        groupOf: (chain, cut) => (chain < R ? `size ${cut}` : `more ${cut}`),
        onDone: (done) => {
          record(a, done);
          emit(true);
        },
        onStep: (step, total) => {
          within = step / total;
          emit();
        },
      });
    }
    algoMs[a] = now() - ta;
    doneCost += costs[a];
    within = 0;
  }
  current = A;
  emit(true);

  const nTest = set.nTest;
  const all = new Uint8Array(preds.length * nTest);
  preds.forEach((m, i) => all.set(m.pred, i * nTest));
  return {
    ...snapshot(),
    algos: p.algos,
    sizes: p.sizes,
    repeats: R,
    extra: mbwOn ? p.extra : 0,
    data: p.data,
    classNames: data.classNames,
    nTest,
    baseline: data.baseline,
    wrongShare: data.wrongShare,
    outdatedShare: data.outdatedShare,
    totalMs: now() - t0,
    stepBudget: p.steps,
    predictions: { y_true: set.testY, keys: preds.map((m) => m.key), y_pred: all },
  };
});

const finite = (v: number) => (Number.isFinite(v) ? v : null);
