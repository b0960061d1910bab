import { binaryReport, logLoss } from '../../engine/metrics';
import type { Values } from '../../engine/params';
import type { Snapshot } from '../../engine/protocol';
import type { LabAdapter, Metrics } from '../../ui/sim-controller.svelte';
import { blend, feedMeans, topK } from './newsfeed';
import type { ProbabilityLoss } from './probability-trainer';

// ---------------------------------------------------------------------------------------------
// Part 2, several objectives: the final snapshot of a newsfeed run

export interface FeedResult extends Snapshot {
  kind: 'result';
  part: 'objectives';
  mode: 'coupled' | 'decoupled';
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

export interface FeedProgress extends Snapshot {
  kind: 'progress';
  model: number;
  models: number;
  label: string;
  epoch: number;
  epochs: number;
  finished: string[];
}

export interface FeedData extends Snapshot {
  historyPosts: number;
  readers: number;
  feedSize: number;
  qualityRate: number;
  clickRate: number;
  spamRate: number;
  /** spam share of the fresh posts after a wave, or null without one */
  waveSpamRate: number | null;
}

const sum = (a: ArrayLike<number>) => {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i];
  return s;
};

/** The ranking score a system uses at α: the decoupled blend, or the coupled model's own output. */
function scoresFor(r: FeedResult, system: 'coupled' | 'decoupled', alpha: number, stale = false): Float32Array {
  if (system === 'decoupled') return blend(stale && r.wave ? r.wave.staleQScore : r.qScore, r.eScore, alpha);
  return stale && r.wave ? r.wave.staleCoupledScore : r.coupledScore;
}

/** The α the shown feed is ranked with: decoupled follows the slider, coupled is what its model was trained for. */
export function effectiveAlpha(r: FeedResult, values: Values): number {
  return r.mode === 'decoupled' ? (values.alpha as number) : r.alpha;
}

export function feedAt(r: FeedResult, alpha: number, k: number, stale = false): { quality: number; engagement: number } {
  return feedMeans(topK(scoresFor(r, r.mode, alpha, stale), r.feedSize, k), r.quality, r.click);
}

/** Feed quality and engagement over the α sweep, for both systems, at k. */
export function sweep(r: FeedResult, k: number) {
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
  return Array.from(topK(scores, r.feedSize, values.k as number), (i, j) => ({ rank: j + 1, headline: r.headlines[i], quality: r.quality[i], click: r.click[i], kind: r.postKind[i], score: scores[i] }));
}

export function feedMetrics(r: FeedResult, values: Values): Metrics {
  const k = values.k as number;
  const feed = feedAt(r, effectiveAlpha(r, values), k);
  const coupledMs = sum(r.coupledMs);
  const decoupledMs = sum(r.decoupledMs);
  const m: Metrics = {
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
  if (r.wave) {
    const stale = feedAt(r, effectiveAlpha(r, values), k, true);
    Object.assign(m, {
      stale_feed_quality: stale.quality,
      stale_feed_engagement: stale.engagement,
      coupled_wave_retrains: r.wave.coupledMs.length,
      coupled_wave_weights: r.wave.coupledMs.length * r.modelWeights,
      coupled_wave_ms: sum(r.wave.coupledMs),
      decoupled_wave_retrains: r.wave.decoupledRetrained,
      decoupled_wave_weights: r.wave.decoupledRetrained * r.modelWeights,
      decoupled_wave_ms: r.wave.decoupledMs,
    });
  }
  return m;
}

// ---------------------------------------------------------------------------------------------
// Part 1, the loss: one spam classifier, two losses

export interface LossRun {
  loss: ProbabilityLoss;
  trainMs: number;
  /** P(spam) on the test rows */
  yScore: Float32Array;
  epoch: Float64Array;
  trainLoss: Float64Array;
  testLogLoss: Float64Array;
  testBrier: Float64Array;
}

export interface LossResult extends Snapshot {
  kind: 'result';
  part: 'loss';
  /** the test rows' reported labels (what every metric scores against) and whether each really is spam */
  yTrue: Uint8Array;
  spam: Uint8Array;
  /** the run's loss, and the other one (shown as the pinned run) */
  current: LossRun;
  paired: LossRun;
}

export interface LossProgress extends Snapshot {
  kind: 'progress';
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

/** A probability this sure (either way) that turns out wrong is what log loss punishes hardest. */
export const SURE = 0.99;

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

/** Bins of predicted probability for the reliability diagram: tenths, with the last per cent at each end apart, where sure answers sit. */
export const RELIABILITY_EDGES: readonly number[] = [0, 0.01, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 0.99, 1];

/** Reliability diagram: rows binned by predicted probability; each bin's mean prediction against its share of positives. */
export function reliability(yTrue: ArrayLike<number>, p: ArrayLike<number>, edges: readonly number[] = RELIABILITY_EDGES): { predicted: Float64Array; observed: Float64Array; rows: Float64Array } {
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

export function lossRunMetrics(yTrue: Uint8Array, run: LossRun): Metrics {
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
    train_ms: run.trainMs,
  };
}

/** The pinned view of a loss run: the same result with the other loss in front. */
export function pairedAsPinned(r: LossResult): LossResult {
  return { ...r, current: r.paired, paired: r.current };
}

// ---------------------------------------------------------------------------------------------
// The adapter: the single source of the numbers on screen, in the export and in mlsd:done

export type ObjectivesResult = FeedResult | LossResult;

export function objectivesMetrics(r: ObjectivesResult, values: Values): Metrics {
  return r.part === 'loss' ? lossRunMetrics(r.yTrue, r.current) : feedMetrics(r, values);
}

export const adapter: LabAdapter<ObjectivesResult> = {
  metrics: objectivesMetrics,
  series: (r): Record<string, { x: ArrayLike<number>; y: ArrayLike<number> }> => {
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
};
