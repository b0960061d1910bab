import { binaryReport, logLoss } from '../../engine/metrics';
import { defineResults, type LabMetricName, type LabMetrics, type LabValues, type Series } from '../../engine/lab';
import { blend, feedMeans, topK } from './newsfeed';
import type { ProbabilityLoss } from './probability-trainer';
import { meta, SURE, type FeedResult, type LossResult, type LossRun, type Mode, type ObjectivesResult } from './meta';

export type { FeedData, FeedProgress, FeedResult, LossData, LossProgress, LossResult, LossRun, ObjectivesResult } from './meta';
export { SURE } from './meta';

type Values = LabValues<typeof meta>;
/** Some of the catalogue's metrics, each a number or null where undefined (a misspelt name does not compile). */
type Numbers<K extends LabMetricName<typeof meta>> = { [N in K]: number | null };

/** What the loss part shows for one run. */
export type LossMetrics = Numbers<'accuracy' | 'log_loss' | 'brier' | 'roc_auc' | 'sure_posts' | 'confident_errors' | 'sure_error_rate' | 'sure_wrong_gradient' | 'train_ms'>;
/** The loss part's numbers, in the order they are shown. */
export const LOSS_METRICS = ['accuracy', 'log_loss', 'brier', 'roc_auc', 'sure_posts', 'confident_errors', 'sure_error_rate', 'sure_wrong_gradient', 'train_ms'] as const satisfies readonly (keyof LossMetrics)[];
/** What the newsfeed part shows; the spam wave's numbers only after a wave. */
export type FeedMetrics = CalmMetrics | (CalmMetrics & WaveMetrics);
type CalmMetrics = Numbers<
  | 'feed_quality'
  | 'feed_engagement'
  | 'retrains'
  | 'train_ms'
  | 'model_weights'
  | 'coupled_retrains'
  | 'coupled_train_ms'
  | 'coupled_tune_retrains'
  | 'coupled_tune_ms'
  | 'decoupled_retrains'
  | 'decoupled_train_ms'
  | 'decoupled_tune_retrains'
  | 'decoupled_tune_ms'
>;
export type WaveMetrics = Numbers<
  | 'stale_feed_quality'
  | 'stale_feed_engagement'
  | 'coupled_wave_retrains'
  | 'coupled_wave_weights'
  | 'coupled_wave_ms'
  | 'decoupled_wave_retrains'
  | 'decoupled_wave_weights'
  | 'decoupled_wave_ms'
>;

// ---------------------------------------------------------------------------------------------
// Part 2, several objectives

const sum = (a: ArrayLike<number>) => {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i];
  return s;
};

/** The ranking score a system uses at α: the decoupled blend, or the coupled model's own output. */
function scoresFor(r: FeedResult, system: Mode, alpha: number, stale = false): Float32Array {
  if (system === 'decoupled') return blend(stale && r.wave ? r.wave.staleQScore : r.qScore, r.eScore, alpha);
  return stale && r.wave ? r.wave.staleCoupledScore : r.coupledScore;
}

/** The α the shown feed is ranked with: decoupled follows the slider, coupled is what its model was trained for. */
export function effectiveAlpha(r: FeedResult, values: Values): number {
  return r.mode === 'decoupled' ? values.alpha : r.alpha;
}

export function feedAt(r: FeedResult, alpha: number, k: number, stale = false): { quality: number; engagement: number } {
  return feedMeans(topK(scoresFor(r, r.mode, alpha, stale), r.feedSize, k), r.quality, r.click);
}

export interface Sweep {
  alphas: Float64Array;
  coupled: { quality: Float64Array; engagement: Float64Array };
  decoupled: { quality: Float64Array; engagement: Float64Array };
}

/** Feed quality and engagement over the α sweep, for both systems, at k. */
export function sweep(r: FeedResult, k: number): Sweep {
  const at = (scores: Float32Array) => feedMeans(topK(scores, r.feedSize, k), r.quality, r.click);
  const coupled = r.coupledScores.map(at);
  const decoupled = Array.from(r.sweepAlphas, (a) => at(blend(r.qScore, r.eScore, a)));
  const pack = (pts: { quality: number; engagement: number }[]) => ({ quality: Float64Array.from(pts, (p) => p.quality), engagement: Float64Array.from(pts, (p) => p.engagement) });
  return { alphas: r.sweepAlphas, coupled: pack(coupled), decoupled: pack(decoupled) };
}

export interface FeedPost {
  rank: number;
  headline: string;
  quality: number;
  click: number;
  kind: number;
  score: number;
}

/** The first reader's feed: the top k of their candidates at the shown α. */
export function firstFeed(r: FeedResult, values: Values): FeedPost[] {
  const scores = scoresFor(r, r.mode, effectiveAlpha(r, values)).subarray(0, r.feedSize);
  return Array.from(topK(scores, r.feedSize, values.k), (i, j) => ({ rank: j + 1, headline: r.headlines[i], quality: r.quality[i], click: r.click[i], kind: r.postKind[i], score: scores[i] }));
}

export function feedMetrics(r: FeedResult, values: Values): FeedMetrics {
  const wave = waveMetrics(r, values);
  const calm = calmMetrics(r, values);
  return wave ? { ...calm, ...wave } : calm;
}

function calmMetrics(r: FeedResult, values: Values): CalmMetrics {
  const feed = feedAt(r, effectiveAlpha(r, values), values.k);
  const coupledMs = sum(r.coupledMs);
  const decoupledMs = sum(r.decoupledMs);
  return {
    feed_quality: feed.quality,
    feed_engagement: feed.engagement,
    retrains: r.mode === 'coupled' ? r.coupledMs.length : r.decoupledMs.length,
    train_ms: r.mode === 'coupled' ? coupledMs : decoupledMs,
    model_weights: r.modelWeights,
    coupled_retrains: r.coupledMs.length,
    coupled_train_ms: coupledMs,
    coupled_tune_retrains: 1,
    coupled_tune_ms: coupledMs / r.coupledMs.length,
    decoupled_retrains: r.decoupledMs.length,
    decoupled_train_ms: decoupledMs,
    decoupled_tune_retrains: 0,
    decoupled_tune_ms: r.rerankMs,
  };
}

/** The spam wave's numbers, or null for a run without one. */
function waveMetrics(r: FeedResult, values: Values): WaveMetrics | null {
  if (!r.wave) return null;
  const stale = feedAt(r, effectiveAlpha(r, values), values.k, true);
  return {
    stale_feed_quality: stale.quality,
    stale_feed_engagement: stale.engagement,
    // a coupled system in service runs one model at one α, and retrains that one (the lab retrains
    // every α's model only to redraw its sweep): its cost is one model's, the mean of those retrains
    coupled_wave_retrains: 1,
    coupled_wave_weights: r.modelWeights,
    coupled_wave_ms: r.wave.coupledMs.length ? sum(r.wave.coupledMs) / r.wave.coupledMs.length : null,
    decoupled_wave_retrains: r.wave.decoupledRetrained,
    decoupled_wave_weights: r.wave.decoupledRetrained * r.modelWeights,
    decoupled_wave_ms: r.wave.decoupledMs,
  };
}

/** Everything the newsfeed part draws, at the current α and k. */
export interface FeedView {
  part: 'objectives';
  metrics: FeedMetrics;
  /** the run's design */
  mode: Mode;
  /** the α the shown feed is ranked with */
  alpha: number;
  /** the α the coupled model was trained for */
  trainedAlpha: number;
  /** the spam wave's numbers (also in `metrics`), or null for a run without one */
  wave: WaveMetrics | null;
  feedSize: number;
  /** reader 1's feed */
  feed: FeedPost[];
  /** both designs over the α sweep, at the current k */
  sweep: Sweep;
  /** coupled, and α has moved off the one its model was trained for: the shown feed waits for a new model */
  needsModel: boolean;
}

function feedView(r: FeedResult, values: Values): FeedView {
  const wave = waveMetrics(r, values);
  const calm = calmMetrics(r, values);
  return {
    part: 'objectives',
    metrics: wave ? { ...calm, ...wave } : calm,
    mode: r.mode,
    alpha: effectiveAlpha(r, values),
    trainedAlpha: r.alpha,
    wave,
    feedSize: r.feedSize,
    feed: firstFeed(r, values),
    sweep: sweep(r, values.k),
    needsModel: r.mode === 'coupled' && values.mode === 'coupled' && Math.abs(values.alpha - r.alpha) > 1e-9,
  };
}

// ---------------------------------------------------------------------------------------------
// Part 1, the loss: one spam classifier, two losses

/** Mean squared error of the probabilities (the Brier score). */
export function brier(yTrue: ArrayLike<number>, p: ArrayLike<number>): number | null {
  if (yTrue.length === 0) return null;
  let s = 0;
  for (let i = 0; i < yTrue.length; i++) s += (p[i] - yTrue[i]) ** 2;
  return s / yTrue.length;
}

/** Rows where the model was at least SURE of the wrong answer. */
export function confidentErrors(yTrue: ArrayLike<number>, p: ArrayLike<number>): number {
  let c = 0;
  for (let i = 0; i < yTrue.length; i++) if ((yTrue[i] === 1 && p[i] <= 1 - SURE) || (yTrue[i] === 0 && p[i] >= SURE)) c++;
  return c;
}

/**
 * How hard a loss pulls the logit z of a row back from its prediction p = σ(z), |∂loss/∂z|: p − y for
 * cross-entropy, 2(p − y)·p(1 − p) for squared error on p, whose sigmoid factor vanishes once the model is sure.
 */
export function logitGradient(loss: ProbabilityLoss, y: number, p: number): number {
  return loss === 'mse' ? Math.abs(2 * (p - y) * p * (1 - p)) : Math.abs(p - y);
}

/** Mean |∂loss/∂z| over the rows the model contradicts at SURE or more; null where there are none. */
export function sureWrongGradient(loss: ProbabilityLoss, yTrue: ArrayLike<number>, p: ArrayLike<number>): number | null {
  let s = 0;
  let c = 0;
  for (let i = 0; i < yTrue.length; i++) {
    if ((yTrue[i] === 1 && p[i] <= 1 - SURE) || (yTrue[i] === 0 && p[i] >= SURE)) {
      s += logitGradient(loss, yTrue[i], p[i]);
      c++;
    }
  }
  return c > 0 ? s / c : null;
}

/** Bins of predicted probability for the reliability diagram: tenths, with the last per cent at each end apart, where sure answers sit. */
export const RELIABILITY_EDGES: readonly number[] = [0, 0.01, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 0.99, 1];

export interface Reliability {
  predicted: Float64Array;
  observed: Float64Array;
  rows: Float64Array;
}

/** Reliability diagram: rows binned by predicted probability; each bin's mean prediction against its share of positives. */
export function reliability(yTrue: ArrayLike<number>, p: ArrayLike<number>, edges: readonly number[] = RELIABILITY_EDGES): Reliability {
  const bins = edges.length - 1;
  const s = new Float64Array(bins);
  const pos = new Float64Array(bins);
  const rows = new Float64Array(bins);
  for (let i = 0; i < yTrue.length; i++) {
    let b = 0;
    while (b < bins - 1 && p[i] >= edges[b + 1]) b++;
    s[b] += p[i];
    pos[b] += yTrue[i];
    rows[b]++;
  }
  const keep = Array.from(rows.keys()).filter((b) => rows[b] > 0);
  return { predicted: Float64Array.from(keep, (b) => s[b] / rows[b]), observed: Float64Array.from(keep, (b) => pos[b] / rows[b]), rows: Float64Array.from(keep, (b) => rows[b]) };
}

/** Rows the model was at least SURE about, either way. */
export function surePosts(p: ArrayLike<number>): number {
  let c = 0;
  for (let i = 0; i < p.length; i++) if (p[i] >= SURE || p[i] <= 1 - SURE) c++;
  return c;
}

export function lossRunMetrics(yTrue: Uint8Array, run: LossRun, trainTrue: Uint8Array): LossMetrics {
  const rep = binaryReport(yTrue, run.yScore, 0.5);
  const sure = surePosts(run.yScore);
  const wrong = confidentErrors(yTrue, run.yScore);
  return {
    accuracy: rep.accuracy,
    log_loss: logLoss(yTrue, run.yScore),
    brier: brier(yTrue, run.yScore),
    roc_auc: rep.roc_auc,
    sure_posts: sure,
    confident_errors: wrong,
    sure_error_rate: sure > 0 ? wrong / sure : null,
    sure_wrong_gradient: sureWrongGradient(run.loss, trainTrue, run.trainScore),
    train_ms: run.trainMs,
  };
}

/** The pinned view of a loss run: the same result with the other loss in front. */
export function pairedAsPinned(r: LossResult): LossResult {
  return { ...r, current: r.paired, paired: r.current };
}

/** Everything the loss part draws for one of its two runs. */
export interface LossView {
  part: 'loss';
  metrics: LossMetrics;
  loss: ProbabilityLoss;
  /** the run in front: its curves by epoch */
  run: LossRun;
  /** its calibration: test posts binned by predicted probability */
  calibration: Reliability;
  /** the other loss's run, as the pinned run shows it (absent from that pinned view itself) */
  paired?: { values: Values; result: LossResult; view: LossView };
}

function lossView(r: LossResult, values: Values, withPaired = true): LossView {
  const view: LossView = {
    part: 'loss',
    metrics: lossRunMetrics(r.yTrue, r.current, r.trainTrue),
    loss: r.current.loss,
    run: r.current,
    calibration: reliability(r.yTrue, r.current.yScore),
  };
  if (!withPaired) return view;
  const paired = pairedAsPinned(r);
  const pairedValues: Values = { ...values, loss: r.paired.loss };
  return { ...view, paired: { values: pairedValues, result: paired, view: lossView(paired, pairedValues, false) } };
}

// ---------------------------------------------------------------------------------------------
// The adapter: the single source of the numbers on screen, in the export and in mlsd:done

export type ObjectivesView = FeedView | LossView;

export function objectivesMetrics(r: ObjectivesResult, values: Values): LabMetrics<typeof meta> {
  return r.part === 'loss' ? lossRunMetrics(r.yTrue, r.current, r.trainTrue) : feedMetrics(r, values);
}

export const results = defineResults(meta, {
  view: (r, values): ObjectivesView => (r.part === 'loss' ? lossView(r, values) : feedView(r, values)),
  series: (r): Series => {
    if (r.part === 'loss') {
      const c = r.current;
      const rel = reliability(r.yTrue, c.yScore);
      return {
        training_loss: { x: c.epoch, y: c.trainLoss },
        test_log_loss: { x: c.epoch, y: c.testLogLoss },
        test_brier: { x: c.epoch, y: c.testBrier },
        reliability: { x: rel.predicted, y: rel.observed },
        [`${r.paired.loss}_test_log_loss`]: { x: r.paired.epoch, y: r.paired.testLogLoss },
      };
    }
    // the sweep at the k the run started with (series take no live params)
    const s = sweep(r, r.k);
    return {
      coupled_sweep: { x: s.coupled.engagement, y: s.coupled.quality },
      decoupled_sweep: { x: s.decoupled.engagement, y: s.decoupled.quality },
    };
  },
  predictions: (r) => {
    if (r.part === 'loss') return { y_true: r.yTrue, y_score: r.current.yScore };
    return {
      feed_size: r.feedSize,
      y_quality: r.quality,
      y_click: r.click,
      quality_score: r.qScore,
      engagement_score: r.eScore,
      coupled_score: r.coupledScore,
    };
  },
});
