import { binCounts, psi, psiBins, type PsiBins } from '../../engine/psi';
import { CATEGORIES } from './stream';
import { DEFAULT_VALUE, F, FEATURES, FEATURE_INDEX, type Served } from './features';

/**
 * The checks a team can put on a deployed model, each reduced to one number a day (computed once
 * per run, with no threshold in it) and a named threshold that turns the number into an alert (so a
 * threshold is a live param: moving it re-reads the days, it trains nothing).
 * - schema: the share of a day's rows breaking the types and ranges learnt from the training rows;
 * - nulls: how far a feature's missing/default share rose above its training share;
 * - drift: the largest per-feature PSI of the day's features against the training rows;
 * - predictions: how far the share of positive predictions moved from launch, and the PSI of the
 *   day's scores against the launch (validation) scores;
 * - labels: live accuracy on the labels that have arrived (a day's labels come `label_delay` days
 *   late), against the launch accuracy.
 */

export type Check = 'schema' | 'nulls' | 'drift' | 'predictions' | 'labels';
export const CHECKS: readonly Check[] = ['schema', 'nulls', 'drift', 'predictions', 'labels'];
export const DEFAULT_CHECKS: readonly Check[] = ['schema', 'labels'];

export interface Thresholds {
  /** schema fires when more than this share of a day's rows break it */
  schema_share: number;
  /** nulls fires when a feature's missing/default share is this much above its training share */
  null_share: number;
  /** drift fires when a feature's PSI against training is above this */
  drift_psi: number;
  /** predictions fires when the share of positive predictions moves this far from launch… */
  pred_shift: number;
  /** …or the scores' PSI against launch is above this */
  pred_psi: number;
  /** labels fires when live accuracy is this far below launch accuracy */
  label_drop: number;
}

export const DEFAULT_THRESHOLDS: Thresholds = {
  schema_share: 0.01,
  null_share: 0.1,
  drift_psi: 0.2,
  pred_shift: 0.1,
  pred_psi: 0.2,
  label_drop: 0.05,
};

/** Which threshold belongs to which check (for the lab's controls). */
export const CHECK_THRESHOLDS: Record<Check, (keyof Thresholds)[]> = {
  schema: ['schema_share'],
  nulls: ['null_share'],
  drift: ['drift_psi'],
  predictions: ['pred_shift', 'pred_psi'],
  labels: ['label_drop'],
};

/** The schema of one feature as the training rows show it. */
export interface FeatureSchema {
  name: string;
  /** every value finite and within [min, max] */
  min: number;
  max: number;
  /** whole numbers only (counts, codes, flags) */
  integer: boolean;
  /** for a category or a flag: the values seen in training */
  values: number[] | null;
}

/** What the monitors learn from the training rows and the launch (validation) scores. */
export interface Profile {
  schema: FeatureSchema[];
  /** per feature, the training rows' missing/default share (NaN for flags, which have no default) */
  nullShare: Float64Array;
  bins: PsiBins;
  expected: Float64Array;
  /** the launch scores' bins and counts, the share they predict positive, the accuracy they score */
  scoreBins: PsiBins;
  scoreExpected: Float64Array;
  positiveShare: number;
  accuracy: number;
}

/** The decision threshold on a score. */
export const POSITIVE_AT = 0.5;

const isDefault = (j: number, v: number) => !Number.isFinite(v) || v === DEFAULT_VALUE[j];
const watchesNulls = (j: number) => FEATURES[j].kind !== 'flag';

export function learnProfile(train: Served, launchScores: Float32Array, launchLabels: ArrayLike<number>): Profile {
  const { n, x } = train;
  const schema: FeatureSchema[] = FEATURES.map((f, j) => {
    let min = Infinity;
    let max = -Infinity;
    let integer = true;
    const seen = new Set<number>();
    for (let i = 0; i < n; i++) {
      const v = x[i * F + j];
      if (v < min) min = v;
      if (v > max) max = v;
      if (!Number.isInteger(v)) integer = false;
      if (f.kind === 'category' || f.kind === 'flag') seen.add(v);
    }
    return { name: f.name, min, max, integer, values: seen.size ? [...seen].sort((a, b) => a - b) : null };
  });
  const nullShare = new Float64Array(F).fill(NaN);
  for (let j = 0; j < F; j++) {
    if (!watchesNulls(j)) continue;
    let c = 0;
    for (let i = 0; i < n; i++) c += isDefault(j, x[i * F + j]) ? 1 : 0;
    nullShare[j] = c / n;
  }
  const flags = new Set(FEATURES.flatMap((f, j) => (f.kind === 'flag' ? [j] : [])));
  const bins = psiBins(x, n, F, flags);
  // a category: one bin per code (its deciles would merge small categories)
  bins.edges[FEATURE_INDEX.category] = Float64Array.from({ length: CATEGORIES.length - 1 }, (_, c) => c + 0.5);
  const expected = binCounts(bins, x, n, F);
  const m = launchScores.length;
  const scoreBins = psiBins(launchScores, m, 1, new Set());
  let pos = 0;
  let right = 0;
  for (let i = 0; i < m; i++) {
    const yhat = launchScores[i] >= POSITIVE_AT ? 1 : 0;
    pos += yhat;
    right += yhat === launchLabels[i] ? 1 : 0;
  }
  return {
    schema,
    nullShare,
    bins,
    expected,
    scoreBins,
    scoreExpected: binCounts(scoreBins, launchScores, m, 1),
    positiveShare: pos / m,
    accuracy: right / m,
  };
}

/** One day's numbers, before any threshold. */
export interface DayStats {
  /** share of rows breaking the schema, per feature */
  schemaBroken: Float64Array;
  /** missing/default share minus the training share, per feature (NaN for flags) */
  nullRise: Float64Array;
  /** PSI against training, per feature */
  psi: Float64Array;
  positiveShare: number;
  scorePsi: number;
  /** accuracy of the day's predictions on its (later known) labels: right / n */
  accuracy: number;
  right: number;
  n: number;
}

function breaks(s: FeatureSchema, v: number): boolean {
  if (!Number.isFinite(v) || v < s.min || v > s.max) return true;
  if (s.integer && !Number.isInteger(v)) return true;
  return s.values !== null && !s.values.includes(v);
}

export function dayStats(p: Profile, day: Served, scores: Float32Array, labels: ArrayLike<number>): DayStats {
  const { n, x } = day;
  const schemaBroken = new Float64Array(F);
  const nullRise = new Float64Array(F).fill(NaN);
  for (let j = 0; j < F; j++) {
    const s = p.schema[j];
    let bad = 0;
    let nul = 0;
    for (let i = 0; i < n; i++) {
      const v = x[i * F + j];
      if (breaks(s, v)) bad++;
      if (isDefault(j, v)) nul++;
    }
    schemaBroken[j] = bad / n;
    if (watchesNulls(j)) nullRise[j] = nul / n - p.nullShare[j];
  }
  const drift = psi(p.bins, p.expected, binCounts(p.bins, x, n, F)).perFeature;
  let pos = 0;
  let right = 0;
  for (let i = 0; i < n; i++) {
    const yhat = scores[i] >= POSITIVE_AT ? 1 : 0;
    pos += yhat;
    right += yhat === labels[i] ? 1 : 0;
  }
  const scorePsi = psi(p.scoreBins, p.scoreExpected, binCounts(p.scoreBins, scores, n, 1)).value;
  return { schemaBroken, nullRise, psi: drift, positiveShare: pos / n, scorePsi, accuracy: right / n, right, n };
}

const maxOf = (a: ArrayLike<number>) => {
  let m = -Infinity;
  for (let i = 0; i < a.length; i++) if (a[i] > m) m = a[i];
  return m;
};

/**
 * The number each check compares with its threshold on a day, and whether it fires. `known` is
 * the accuracy the labels that have arrived give (null before the first labels arrive).
 */
export function checkValue(check: Check, s: DayStats, p: Profile, known: number | null): number | null {
  switch (check) {
    case 'schema':
      return maxOf(s.schemaBroken);
    case 'nulls':
      return maxOf(s.nullRise);
    case 'drift':
      return maxOf(s.psi);
    case 'predictions':
      return Math.abs(s.positiveShare - p.positiveShare);
    case 'labels':
      return known === null ? null : p.accuracy - known;
  }
}

export function fires(check: Check, s: DayStats, p: Profile, known: number | null, t: Thresholds): boolean {
  const v = checkValue(check, s, p, known);
  if (v === null) return false;
  switch (check) {
    case 'schema':
      return v > t.schema_share;
    case 'nulls':
      return v > t.null_share;
    case 'drift':
      return v > t.drift_psi;
    case 'predictions':
      return v > t.pred_shift || s.scorePsi > t.pred_psi;
    case 'labels':
      return v > t.label_drop;
  }
}

/** The feature that drives a check on a day (the lab names it beside the alert); null for label and prediction checks. */
export function culprit(check: Check, s: DayStats): string | null {
  const arg = (a: Float64Array) => {
    let best = -1;
    for (let j = 0; j < a.length; j++) if (Number.isFinite(a[j]) && (best < 0 || a[j] > a[best])) best = j;
    return best < 0 ? null : FEATURES[best].name;
  };
  if (check === 'schema') return maxOf(s.schemaBroken) > 0 ? arg(s.schemaBroken) : null;
  if (check === 'nulls') return arg(s.nullRise);
  if (check === 'drift') return arg(s.psi);
  return null;
}
