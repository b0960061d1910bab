import { choiceParam, defineSchema } from '../../engine/params';
import { commonParams } from '../../engine/common-params';
import { defineLab, type LabRunContext, type LabSnapshots, type LabValues } from '../../engine/lab';
import type { ProbabilityLoss } from './probability-trainer';

/** The α values of a sweep: 0, 0.1, …, 1. */
export const SWEEP_ALPHAS: readonly number[] = Array.from({ length: 11 }, (_, i) => i / 10);
/** Candidate posts per reader's feed, and readers (feeds) in the test set. */
export const FEED_SIZE = 40;
export const FEEDS = 50;
/** Labelled posts each newsfeed model learns from. */
export const HISTORY_POSTS = 4000;
/** The loss part: reported posts to learn from and to test on. */
export const REPORT_TRAIN = 4000;
export const REPORT_TEST = 2000;

/** A probability this sure (either way) that turns out wrong is what log loss punishes hardest. */
export const SURE = 0.99;
const SURE_PCT = `${Math.round(SURE * 100)} %`;

export const LOSS_LABELS = { cross_entropy: 'cross-entropy', mse: 'squared error' } as const;

// Each part shows the controls of its own params only.
const feedPart = (v: { part?: unknown }) => v.part !== 'loss';
const lossPart = (v: { part?: unknown }) => v.part === 'loss';

export const schema = defineSchema([
  choiceParam({
    name: 'part',
    label: 'Part',
    help: 'objectives: rank a newsfeed for two objectives at once, coupled in one model or kept apart. loss: train one spam classifier with two different losses.',
    default: 'objectives',
    options: { objectives: 'Two objectives: a feed', loss: 'One loss: a spam filter' },
  }),
  choiceParam({
    name: 'mode',
    label: 'How the objectives are combined',
    help: 'coupled: one model learns α·quality + (1−α)·engagement, so every new α means a new model. decoupled: a quality model and an engagement model, trained once; the feed ranks by α·q + (1−α)·e.',
    default: 'coupled',
    options: { coupled: 'Coupled: one model', decoupled: 'Decoupled: two models' },
    visibleWhen: feedPart,
  }),
  {
    name: 'alpha',
    type: 'float',
    label: 'Weight on quality (α)',
    help: '1 ranks by quality alone, 0 by engagement alone. Decoupled: moving it re-ranks at once, no training. Coupled: a new α needs a new model — run again.',
    default: 0.5,
    min: 0,
    max: 1,
    step: 0.1,
    // Live (the docs say so), but only where the feed is decoupled: a decoupled system re-ranks from the
    // scores it already has, while a coupled one needs a new model for a new α, so there moving α behaves
    // like any other param (cancels a run, dims the results, back to idle).
    live: true,
    liveWhen: (v) => v.part !== 'loss' && v.mode === 'decoupled',
    visibleWhen: feedPart,
  },
  {
    name: 'k',
    type: 'int',
    label: 'Posts shown per feed (k)',
    help: 'Each reader sees the top k of 40 candidate posts. Feed quality and engagement are means over those k posts, over 50 readers. Re-ranks without training.',
    default: 10,
    min: 1,
    max: FEED_SIZE,
    live: true,
    visibleWhen: feedPart,
  },
  {
    name: 'wave',
    type: 'bool',
    label: 'Spam wave',
    help: 'After training, spammers change tactics: old accounts posting in bursts instead of new accounts posting links. Each system then retrains what it must on fresh posts.',
    default: false,
    visibleWhen: feedPart,
  },
  choiceParam({
    name: 'loss',
    label: 'Loss of this run',
    help: 'What the spam classifier is paid to lower. The other loss is trained too, on the same rows from the same start, and shown as the pinned run.',
    default: 'cross_entropy',
    options: { cross_entropy: 'Cross-entropy (log loss)', mse: 'Squared error on the probabilities' },
    visibleWhen: lossPart,
  }),
  {
    name: 'noise',
    type: 'float',
    label: 'Wrong reports',
    help: 'Share of training and test labels that are wrong: spam reported as fine, or fine posts reported as spam.',
    default: 0.05,
    min: 0,
    max: 0.3,
    step: 0.01,
    visibleWhen: lossPart,
  },
  ...commonParams({ lr: 0.02, epochs: 10, batch: 256, layers: [16] }),
]);


export type Mode = 'coupled' | 'decoupled';

// ---------------------------------------------------------------------------------------------
// What a run sends: snapshots by kind while it goes (each says which part it belongs to), then its result.

/** part=objectives: the posts the newsfeed models learn from and the feeds they rank. */
export interface FeedData {
  part: 'objectives';
  historyPosts: number;
  readers: number;
  feedSize: number;
  qualityRate: number;
  clickRate: number;
  spamRate: number;
  /** spam share of the fresh posts after a wave, or null without one */
  waveSpamRate: number | null;
}
/** part=loss: the reported posts the spam classifier learns from and is tested on. */
export interface LossData {
  part: 'loss';
  trainRows: number;
  testRows: number;
  reportedSpamRate: number;
  noise: number;
}

export interface FeedProgress {
  part: 'objectives';
  model: number;
  models: number;
  label: string;
  epoch: number;
  epochs: number;
  finished: string[];
}
export interface LossProgress {
  part: 'loss';
  loss: ProbabilityLoss;
  model: number;
  epochs: number;
  /** epochs done */
  epoch: number;
  /** this model's curves so far */
  curve: { epoch: Float64Array; trainLoss: Float64Array; testLogLoss: Float64Array; testBrier: Float64Array };
  /** the models already trained this run */
  earlier: { loss: ProbabilityLoss; epoch: Float64Array; testLogLoss: Float64Array }[];
}

/** Part 2, several objectives: the final snapshot of a newsfeed run. */
export interface FeedResult {
  part: 'objectives';
  mode: Mode;
  /** the α the coupled model was trained for (the decoupled ranking takes α live) */
  alpha: number;
  k: number;
  feedSize: number;
  readers: number;
  /** labels of the test feeds: readers × feedSize candidates, feed by feed */
  quality: Uint8Array;
  click: Uint8Array;
  /** 0 fine, 1 misleading, 2 spam */
  postKind: Uint8Array;
  /** the first reader's candidates, as headlines */
  headlines: string[];
  /** the decoupled models' probabilities on the test feeds */
  qScore: Float32Array;
  eScore: Float32Array;
  sweepAlphas: Float64Array;
  /** one coupled model's scores per α of the sweep */
  coupledScores: Float32Array[];
  /** the coupled model at the run's α (one of the sweep's, or one more) */
  coupledScore: Float32Array;
  /** training time of each model (ms) */
  coupledMs: Float64Array;
  decoupledMs: Float64Array;
  /** time to re-rank every feed for a new α from the decoupled scores */
  rerankMs: number;
  modelWeights: number;
  wave: null | {
    /** what the feed looked like when the new spam arrived, before any retraining */
    staleQScore: Float32Array;
    staleCoupledScore: Float32Array;
    coupledMs: Float64Array;
    decoupledMs: number;
    decoupledRetrained: number;
  };
}

/** One spam classifier trained with one loss. */
export interface LossRun {
  loss: ProbabilityLoss;
  trainMs: number;
  /** P(spam) on the test rows */
  yScore: Float32Array;
  /** P(spam) on the training rows, after training: what the loss's last gradients acted on */
  trainScore: Float32Array;
  epoch: Float64Array;
  trainLoss: Float64Array;
  testLogLoss: Float64Array;
  testBrier: Float64Array;
}

/** Part 1, the loss: the final snapshot of a run that trained both losses. */
export interface LossResult {
  part: 'loss';
  /** the test rows' reported labels (what every metric scores against) and whether each really is spam */
  yTrue: Uint8Array;
  spam: Uint8Array;
  /** the training rows' reported labels */
  trainTrue: Uint8Array;
  /** the run's loss, and the other one (shown as the pinned run) */
  current: LossRun;
  paired: LossRun;
}

export type ObjectivesResult = FeedResult | LossResult;

// Every number the lab shows. Each part has its own (the other part's are absent, hence `optional`);
// the spam wave's only come with a wave. Training time is in both: the feed's trainings for the α sweep
// in this run's design, the loss part's training of this run's loss.
const lossOnly = { optional: true } as const;
const feedOnly = { optional: true } as const;
const FEED_MEAN = "mean over the top k posts of every reader's feed";

export const meta = defineLab<{
  snapshots: { data: FeedData | LossData; progress: FeedProgress | LossProgress };
  result: ObjectivesResult;
}>()({
  id: 'objectives',
  title: 'What the loss pays for, and why two objectives are better kept apart',
  question: 'Does training one model on a blend of objectives buy anything that two models and a slider do not?',
  schema,
  metrics: {
    // part=objectives (in the order the export lists them; training time is the loss part's too)
    feed_quality: { ...feedOnly, label: 'Feed quality (share of good posts)', kind: 'rate', higherIsBetter: true, hint: FEED_MEAN },
    feed_engagement: { ...feedOnly, label: 'Feed engagement (share clicked)', kind: 'rate', higherIsBetter: true, hint: FEED_MEAN },
    retrains: { ...feedOnly, label: 'Trainings this design needed', kind: 'count', higherIsBetter: false, hint: 'for the whole α sweep' },
    train_ms: { label: 'Training time', kind: 'ms', higherIsBetter: false },
    model_weights: { ...feedOnly, label: 'Weights per model', kind: 'count' },
    coupled_retrains: { ...feedOnly, label: 'Coupled: trainings for the α sweep', kind: 'count', higherIsBetter: false },
    coupled_train_ms: { ...feedOnly, label: 'Coupled: their training time', kind: 'ms', higherIsBetter: false },
    coupled_tune_retrains: { ...feedOnly, label: 'Coupled: trainings for a new α', kind: 'count', higherIsBetter: false },
    coupled_tune_ms: { ...feedOnly, label: 'Coupled: time until a new α changes the feed', kind: 'ms', higherIsBetter: false },
    decoupled_retrains: { ...feedOnly, label: 'Decoupled: trainings for the α sweep', kind: 'count', higherIsBetter: false },
    decoupled_train_ms: { ...feedOnly, label: 'Decoupled: their training time', kind: 'ms', higherIsBetter: false },
    decoupled_tune_retrains: { ...feedOnly, label: 'Decoupled: trainings for a new α', kind: 'count', higherIsBetter: false },
    decoupled_tune_ms: { ...feedOnly, label: 'Decoupled: time until a new α changes the feed (a re-rank)', kind: 'ms', higherIsBetter: false },
    // part=objectives with a spam wave
    stale_feed_quality: { ...feedOnly, label: 'Feed quality when the new spam arrived', kind: 'rate', higherIsBetter: true, hint: 'before any retraining' },
    stale_feed_engagement: { ...feedOnly, label: 'Feed engagement then', kind: 'rate', higherIsBetter: true },
    coupled_wave_retrains: { ...feedOnly, label: 'Coupled: models retrained after the spam wave', kind: 'count', higherIsBetter: false, hint: 'the one model in service, at one α' },
    coupled_wave_weights: { ...feedOnly, label: 'Coupled: weights retrained after the spam wave', kind: 'count', higherIsBetter: false, hint: 'all of that model’s weights: it learnt quality and engagement together' },
    coupled_wave_ms: { ...feedOnly, label: 'Coupled: retraining time after the spam wave', kind: 'ms', higherIsBetter: false, hint: 'one model’s retraining, on this machine', why: 'no coupled model was retrained' },
    decoupled_wave_retrains: { ...feedOnly, label: 'Decoupled: models retrained after the spam wave', kind: 'count', higherIsBetter: false },
    decoupled_wave_weights: { ...feedOnly, label: 'Decoupled: weights retrained after the spam wave', kind: 'count', higherIsBetter: false },
    decoupled_wave_ms: { ...feedOnly, label: 'Decoupled: retraining time after the spam wave', kind: 'ms', higherIsBetter: false },
    // part=loss
    accuracy: { ...lossOnly, label: 'Accuracy (threshold 0.5)', kind: 'rate', higherIsBetter: true, hint: 'share of test posts whose report it matches' },
    log_loss: { ...lossOnly, label: 'Log loss', kind: 'loss', higherIsBetter: false, hint: 'cross-entropy on the test posts: lower is better' },
    brier: { ...lossOnly, label: 'Squared error of the probabilities', kind: 'loss', higherIsBetter: false, hint: 'the Brier score: lower is better' },
    roc_auc: { ...lossOnly, label: 'ROC-AUC', kind: 'rate', higherIsBetter: true, why: 'the test posts hold only one class' },
    sure_posts: { ...lossOnly, label: `Posts it is ${SURE_PCT} sure about`, kind: 'count', hint: `test posts with a probability of ${SURE_PCT} or more for one answer` },
    confident_errors: { ...lossOnly, label: '…of which wrong', kind: 'count', higherIsBetter: false, hint: `test posts it gave ${SURE_PCT} or more to the wrong answer` },
    sure_error_rate: {
      ...lossOnly,
      label: `Wrong when ${SURE_PCT} sure`,
      kind: 'rate',
      higherIsBetter: false,
      why: `the model was never ${SURE_PCT} sure`,
      hint: `a calibrated model is wrong at most ${100 - Math.round(SURE * 100)} % of the time when it is ${SURE_PCT} sure`,
    },
    sure_wrong_gradient: {
      ...lossOnly,
      label: 'Pull back from a sure mistake',
      kind: 'number',
      higherIsBetter: true,
      why: `the model contradicts no training report at ${SURE_PCT} or more`,
      hint: `mean size of the gradient its own loss sends to the logit, |∂loss/∂z|, on the training reports it contradicts at ${SURE_PCT} or more`,
    },
  },
});

/** A run's params, as the schema parses them, and the context its scenario runs in. */
export type ObjectivesParams = LabValues<typeof meta>;
export type ObjectivesContext = LabRunContext<LabSnapshots<typeof meta>>;
