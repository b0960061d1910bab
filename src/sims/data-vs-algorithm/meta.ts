import { choiceParam, defineSchema, formatNumber, type SchemaValues } from '../../engine/params';
import { commonParams } from '../../engine/common-params';
import { defineLab, type LabValues, type MetricSpec } from '../../engine/lab';
import { diamonds } from '../../data/diamonds';

export type Algo = 'logreg' | 'mlp-small' | 'mlp-large' | 'knn' | 'wave';
export const ALGOS: readonly Algo[] = ['logreg', 'mlp-small', 'mlp-large', 'knn', 'wave'];
export const ALGO_LABELS: Record<Algo, string> = {
  logreg: 'Logistic regression',
  'mlp-small': 'Small network (16)',
  'mlp-large': 'Big network (32, 32)',
  knn: 'k-nearest neighbours (k = 15)',
  wave: 'Logistic regression + wave features',
};
/** column heads of the results tables: short enough for six columns at 360 px (k‑NN's hyphen does not break) */
export const ALGO_COLUMN: Record<Algo, string> = { logreg: 'Logistic regression', 'mlp-small': 'Small network', 'mlp-large': 'Big network', knn: 'k\u2011NN', wave: 'Wave features' };
/** short names for sentences and axes */
export const ALGO_SHORT: Record<Algo, string> = { logreg: 'logistic regression', 'mlp-small': 'the small network', 'mlp-large': 'the big network', knn: 'k-NN', wave: 'the wave-feature model' };
/** from the most flexible down: the big network can bend its boundary the most; k = 15 smooths k-NN's; the wave features bend a straight line one way only */
export const FLEXIBILITY: readonly Algo[] = ['mlp-large', 'mlp-small', 'knn', 'wave', 'logreg'];
/** the learners trained by optimiser steps (all but k-NN), which share the `steps` budget */
export const STEPPED: readonly Algo[] = ['logreg', 'mlp-small', 'mlp-large', 'wave'];
export const KNN_K = 15;

export const DEFAULT_SIZES = [100, 200, 500, 1_000, 2_000, 5_000, 10_000, 30_000];
/** the live-demo preset: fewer sizes, one repeat (the predict-first question still has its two points) */
export const QUICK = { sizes: [100, 500, 2_000, 30_000], repeats: 1 };
/** the "more but worse" chart's clean rows */
export const CLEAN_ROWS = 1_000;
/** diamonds.csv as shipped (see public/data/README.md): rows, and the test rows held out of them */
export const DIAMONDS = { rows: 53_940, test: 10_000 };
export const SYNTHETIC_TEST = 5_000;

const REAL_NOTE = 'On the diamonds data: ';

export const schema = defineSchema([
  choiceParam({
    name: 'data',
    label: 'Data',
    help: 'A synthetic task with a wavy class boundary, or 53,940 real diamonds (predict whether a stone is in the cheapest, middle or dearest third by price).',
    default: 'synthetic',
    options: { synthetic: 'Wavy boundary (synthetic)', diamonds: 'Diamond prices (ggplot2, real)' },
  }),
  {
    name: 'algos',
    type: 'choice-list',
    label: 'Algorithms',
    help: 'Which learners to train: logistic regression (a straight boundary), networks with one hidden layer of 16 or two of 32, k-nearest neighbours with k = 15, and logistic regression given two extra inputs that follow the synthetic task’s wave, sin 2x and cos 2x of feature 1: a built-in assumption that fits that task (on the diamonds they are made from carat, whose link to price is no wave).',
    default: [...ALGOS],
    choices: ALGOS,
    choiceLabels: ALGO_LABELS,
    minLength: 1,
  },
  {
    name: 'sizes',
    type: 'int-list',
    label: 'Training-set sizes',
    help: 'Rows each model learns from, comma-separated (2 to 10 sizes, 50 to 40,000). Every learner but k-NN holds back a fifth of its rows (at most 500) to decide when to stop.',
    default: DEFAULT_SIZES,
    min: 50,
    max: 40_000,
    minLength: 2,
    maxLength: 10,
    sorted: true,
    unique: true,
  },
  {
    name: 'repeats',
    type: 'int',
    label: 'Repeats',
    help: 'Models per algorithm and size, each on a fresh sample of rows with its own seed: the line is their mean, the band their range.',
    default: 3,
    min: 1,
    max: 5,
  },
  {
    name: 'difficulty',
    type: 'float',
    label: 'Difficulty',
    help: '0: a gentle bend and few toss-up rows; 1: a deep wave and many rows whose label is close to a coin flip. Synthetic data only.',
    default: 0.5,
    min: 0,
    max: 1,
    step: 0.05,
    dependsOn: { param: 'data', ranges: { diamonds: { min: 0.5, max: 0.5, default: 0.5 } } },
  },
  {
    name: 'noise',
    type: 'float',
    label: 'Wrong labels',
    help: 'Share of training rows whose label is wrong (the test rows stay correct). See the next control for how the mistakes fall.',
    default: 0,
    min: 0,
    max: 0.45,
    step: 0.05,
  },
  choiceParam({
    name: 'noise_kind',
    label: 'Kind of wrong labels',
    help: `Symmetric: labels flipped at random, anywhere. Systematic: every label flipped in one region — the rows with the largest first feature — as a labeller’s consistent mistake would. ${REAL_NOTE}the largest stones, each moved one price third down (the cheapest to the dearest).`,
    default: 'systematic',
    options: { symmetric: 'Symmetric (at random)', systematic: 'Systematic (one region)' },
  }),
  {
    name: 'outdated',
    type: 'float',
    label: 'Outdated rows',
    help: `Share of training rows drawn from an older version of the task, before the boundary moved. ${REAL_NOTE}rows labelled by an older price list, 30 % below today’s.`,
    default: 0,
    min: 0,
    max: 1,
    step: 0.05,
  },
  {
    name: 'extra',
    type: 'int',
    label: 'Extra rows (more but worse)',
    help: 'The second chart trains on 1,000 clean rows alone and on the same rows plus this many lower-quality ones. 0 skips it.',
    default: 10_000,
    min: 0,
    max: 30_000,
    step: 1_000,
  },
  choiceParam({
    name: 'extra_kind',
    label: 'Kind of extra rows',
    help: 'Noisy: today’s task with labels flipped at random (the next control says how often). Outdated: rows from the older version of the task.',
    default: 'noisy',
    options: { noisy: 'Noisy (random wrong labels)', outdated: 'Outdated (older task)' },
  }),
  {
    name: 'extra_noise',
    type: 'float',
    label: 'Wrong labels among the extra rows',
    help: 'For noisy extra rows: the share whose label is flipped at random (0.5 is pure noise).',
    default: 0.4,
    min: 0,
    max: 0.5,
    step: 0.05,
  },
  {
    name: 'steps',
    type: 'int',
    label: 'Optimiser steps',
    help: 'The budget of every learner but k-NN (the networks and both logistic regressions): at most this many Adam steps, the same for every size, so 30,000 rows cost little more than 100 — and a big training set is seen only about once or twice. Each stops earlier when its held-back rows stop improving, keeping its best weights.',
    default: 300,
    min: 20,
    max: 2_000,
    log: true,
    advanced: true,
    group: 'training',
  },
  // the networks' budget is `steps`, not epochs; batch reads for every network
  ...commonParams({ lr: 0.02, epochs: 1, batch: 128 })
    .filter((p) => p.name !== 'epochs')
    .map((p) => (p.name === 'batch' ? { ...p, help: 'Rows per optimiser step for every network (a model with fewer rows uses all of them each step).' } : p)),
]);

type Values = SchemaValues<typeof schema>;

/** The data snapshot, sent before training. */
export interface DvaData {
  algos: Algo[];
  sizes: number[];
  repeats: number;
  extra: number;
  nTest: number;
  features: number;
  classNames: string[];
  featureNames: string[];
  wrongShare: number;
  outdatedShare: number;
  baseline: number;
  scatter: { x: Float32Array; y: Float32Array; cls: Uint8Array; xLabel: string; yLabel: string } | null;
  models: number;
  noiseKind: Values['noise_kind'];
  extraKind: Values['extra_kind'];
  extraNoise: number;
}

/** Learning curves over the repeats done so far, [algo][size]: mean, lowest and highest accuracy, NaN until every repeat is in. */
export interface Curves {
  mean: number[][];
  lo: number[][];
  hi: number[][];
  /** repeats done */
  done: number[][];
}

/** What a run reports as it goes (and ends with): every model's test accuracy so far, NaN where not yet trained. */
export interface DvaProgress {
  /** share of the sweep's estimated work done */
  fraction: number;
  elapsedMs: number;
  /** the algorithm training now, null once all are done */
  current: Algo | null;
  /** [algo][size][repeat] test accuracy */
  acc: Float64Array;
  /** [algo][size][repeat] optimiser steps a stepped learner trained before it stopped (NaN for k-NN) */
  steps: Float64Array;
  /** [algo][repeat] "more but worse": 1,000 clean rows alone, and with the extra rows */
  mbwClean: Float64Array;
  mbwExtra: Float64Array;
  /** wall time of each algorithm's sweep */
  algoMs: Float64Array;
  /** the learning curves drawn from `acc` */
  curves: Curves;
  /** the "more but worse" bars, per algorithm: mean over the repeats, null until every repeat is in */
  mbw: { clean: (number | null)[]; extra: (number | null)[] };
}

/** The final snapshot of a run, as `scenario.run` returns it. */
export interface DvaResult extends DvaProgress {
  algos: Algo[];
  sizes: number[];
  repeats: number;
  /** extra rows in the "more but worse" chart; 0 when it was skipped */
  extra: number;
  data: Values['data'];
  classNames: string[];
  nTest: number;
  baseline: number;
  wrongShare: number;
  outdatedShare: number;
  totalMs: number;
  /** the most optimiser steps any stepped learner could take (the `steps` param) */
  stepBudget: number;
  /** the exact predicted classes the accuracies count: one row of y_pred per key, nTest long */
  predictions: { y_true: Uint8Array; keys: string[]; y_pred: Uint8Array };
}

// The metric catalogue. Accuracies are one per algorithm and training-set size (sizes are a param),
// so that family is declared once under its pattern's name and each name is resolved from it.

/** One point of a learning curve: `acc_<algo>_<size>`. */
export type AccName = `acc_${Algo}_${number}`;
export const accName = (algo: Algo, size: number): AccName => `acc_${algo}_${size}`;

const ACC = { label: 'Test accuracy of one algorithm at one training-set size', kind: 'rate', higherIsBetter: true, hint: 'mean test accuracy over the repeats' } as const;
const ACC_NAME = /^acc_([a-z-]+)_(\d+)$/;
const accSpecs = new Map<string, MetricSpec>();

/** the spec of one accuracy, `acc_logreg_30000`: the family's, labelled with its algorithm and size */
function accSpec(name: string): MetricSpec | undefined {
  const m = ACC_NAME.exec(name);
  const algo = m ? ALGOS.find((a) => a === m[1]) : undefined;
  if (!m || !algo) return undefined;
  let spec = accSpecs.get(name);
  if (!spec) accSpecs.set(name, (spec = { ...ACC, label: `Test accuracy: ${ALGO_SHORT[algo]} on ${formatNumber(Number(m[2]))} rows` }));
  return spec;
}

// the "more but worse" numbers of each algorithm: absent from runs with extra=0
type Optional = MetricSpec & { optional: true };
const mbwClean = (a: Algo): Optional => ({ label: `Accuracy on ${formatNumber(CLEAN_ROWS)} clean rows: ${ALGO_SHORT[a]}`, kind: 'rate', higherIsBetter: true, optional: true });
const mbwExtra = (a: Algo): Optional => ({ label: `Accuracy on the clean rows plus the extra rows: ${ALGO_SHORT[a]}`, kind: 'rate', higherIsBetter: true, optional: true });
const mbwChange = (a: Algo): Optional => ({
  label: `Change from adding the extra rows: ${ALGO_SHORT[a]}`,
  kind: 'rate',
  signed: true,
  higherIsBetter: true,
  hint: 'negative: more rows, lower accuracy',
  optional: true,
});

const fixedMetrics = {
  'acc_<algo>_<size>': { ...ACC, optional: true },
  data_gain: {
    label: 'More data: logistic regression’s accuracy gain from the smallest to the largest size',
    kind: 'rate',
    signed: true,
    higherIsBetter: true,
    why: 'logistic regression is not in this run',
  },
  algo_gain: { label: 'A smarter algorithm: best minus worst accuracy at the smallest size', kind: 'rate', why: 'the run has only one algorithm' },
  bias_gain: {
    label: 'A bias that fits: the wave-feature model’s lead over the best other learner at the smallest size',
    kind: 'rate',
    signed: true,
    higherIsBetter: true,
    why: 'needs the wave-feature model and another algorithm in the run',
  },
  crossover_size: {
    label: 'Where flexibility pays: the size from which the most flexible learner stays ahead of logistic regression',
    kind: 'count',
    why: 'needs logistic regression and a more flexible algorithm in the run',
  },
  mbw_clean_logreg: mbwClean('logreg'),
  mbw_extra_logreg: mbwExtra('logreg'),
  more_but_worse_logreg: mbwChange('logreg'),
  'mbw_clean_mlp-small': mbwClean('mlp-small'),
  'mbw_extra_mlp-small': mbwExtra('mlp-small'),
  'more_but_worse_mlp-small': mbwChange('mlp-small'),
  'mbw_clean_mlp-large': mbwClean('mlp-large'),
  'mbw_extra_mlp-large': mbwExtra('mlp-large'),
  'more_but_worse_mlp-large': mbwChange('mlp-large'),
  mbw_clean_knn: mbwClean('knn'),
  mbw_extra_knn: mbwExtra('knn'),
  more_but_worse_knn: mbwChange('knn'),
  mbw_clean_wave: mbwClean('wave'),
  mbw_extra_wave: mbwExtra('wave'),
  more_but_worse_wave: mbwChange('wave'),
} as const;

/** The catalogue: the fixed metrics (listed by `Object.keys`), and every `acc_<algo>_<size>` resolved on lookup. */
const catalogue: typeof fixedMetrics & { readonly [K in AccName]: MetricSpec } = fixedMetrics;
const metrics = new Proxy(catalogue, {
  get: (t, key, receiver) => (typeof key === 'string' && !Object.hasOwn(t, key) ? (accSpec(key) ?? Reflect.get(t, key, receiver)) : Reflect.get(t, key, receiver)),
  has: (t, key) => Reflect.has(t, key) || (typeof key === 'string' && accSpec(key) !== undefined),
});

export const meta = defineLab<{ snapshots: { data: DvaData; progress: DvaProgress }; result: DvaResult }>()({
  id: 'data-vs-algorithm',
  title: 'More data or a smarter algorithm?',
  question: 'Which buys more accuracy: a cleverer learner, or more rows to learn from — and does every extra row help?',
  schema,
  // the real data it can run on, and the params that choose it: credited in the lab, its embeds and #/about
  data: [{ set: diamonds, when: { data: 'diamonds' } }],
  metrics,
});

export type DvaValues = LabValues<typeof meta>;
