import { createRng, type Rng } from '../../engine/rng';
import type { RunControl } from '../../engine/control';
import { binaryReport, type Maybe } from '../../engine/metrics';
import { DAYS, LAST_WEEK, createWorld, daysRows, type World } from './world';
import { FEATURE_GROUPS, buildFeatures, canonical, type FeatureGroup } from './features';
import {
  DEFAULT_KNOBS,
  concat,
  countPositives,
  describeSpec,
  fit,
  pick,
  rebalance,
  score,
  specFor,
  type FitSet,
  type Knobs,
  type TrainedModel,
} from './models';
import { explore, explorationTarget } from './explore';
import type { DeployPool, DeployTotals, Objective } from './deploy';
import type { Adopted, Evaluation, Remedy, StepResults } from './step-results';

export type { Evaluation, Remedy } from './step-results';

export type { Objective } from './deploy';
export type { Knobs } from './models';

/** The two months of data the team starts from: days 0 … COLLECT_DAYS − 1 of the log. */
export const COLLECT_DAYS = 28;
/** share of the collected rows held out as the (expert-labelled, clean) test set */
export const TEST_SHARE = 0.3;
/** share of the recent window held out to choose operating points */
export const VALIDATION_SHARE = 0.4;
/** the last week: the logged days the step-9 comparison calls "yesterday's data" */
export const LAST_WEEK_FROM = DAYS - LAST_WEEK;


/** The decisions a learner takes along the path (one URL param each), and the live threshold. */
export interface Decisions {
  /** step 3: the feature groups built */
  features: FeatureGroup[];
  /** step 5: how many suspicious rows may be sent for relabelling */
  relabel_budget: number;
  /** step 7: the remedy for the rare positives */
  remedy: Remedy;
  /** step 9: days of recent data the model is retrained on (ending the day before the last week) */
  window: number;
  /** step 12: the objective optimised instead of impressions */
  objective: Objective;
  /** the score at or above which a model says "show" (steps 4–9) */
  threshold: number;
}

export const DEFAULT_DECISIONS: Decisions = {
  features: [...FEATURE_GROUPS],
  relabel_budget: 4000,
  remedy: 'explore',
  window: 28,
  objective: 'ctr',
  threshold: 0.5,
};

export const STEPS = 13;

export interface ModelVersion {
  version: number;
  /** the step that adopted it */
  step: number;
  model: TrainedModel;
  /** what changed in the data (or the objective) since the previous version */
  data: string;
  rows: number;
  positives: number;
  objective: Objective;
  /** its operating point once deployed */
  threshold: number | null;
  /** on the two-month-old clean test set (version 4 on: on the last week) */
  offline: Evaluation;
  live: DeployTotals | null;
}

/** One row of the project log: plain values, one column each, for the table and the CSV. */
export interface LogRow {
  version: number;
  step: number;
  data: string;
  model: string;
  objective: Objective;
  rows: number;
  positives: number;
  accuracy: Maybe;
  recall: Maybe;
  pr_auc: Maybe;
  impressions: Maybe;
  clicks: Maybe;
  ctr: Maybe;
  revenue: Maybe;
}

/** Everything the path carries from step to step. Plain data: no tensor outlives a step. */
export interface Project {
  seed: number;
  decisions: Decisions;
  knobs: Knobs;
  world: World;
  groups: FeatureGroup[];
  /** model inputs of every logged row */
  x: Float32Array;
  d: number;
  /** the labels the team holds for each logged row (the pipeline's, until relabelled) */
  labels: Uint8Array;
  /** from step 5 on (if anything was relabelled), new data is labelled by the corrected guideline */
  guidelineFixed: boolean;
  collectTrain: Uint32Array;
  test: Uint32Array;
  lastWeek: Uint32Array;
  windowTrain: Uint32Array | null;
  windowValidation: Uint32Array | null;
  versions: ModelVersion[];
  /** trained by a decision step, adopted by the next "train again" step */
  candidate: ModelVersion | null;
  pool: DeployPool | null;
  /** the last step run */
  done: number;
  results: StepResults;
}

export function createProject(seed: number, decisions: Partial<Decisions> = {}, knobs: Partial<Knobs> = {}): Project {
  const dec = { ...DEFAULT_DECISIONS, ...decisions };
  const groups = canonical(dec.features.length ? dec.features : DEFAULT_DECISIONS.features);
  const world = createWorld(seed);
  const { x, d } = buildFeatures(world.log, groups);
  const collect = daysRows(world.log, 0, COLLECT_DAYS);
  const rng = stepRng(seed, 2);
  const order = rng.shuffle(Array.from(collect));
  const nTest = Math.round(order.length * TEST_SHARE);
  const sorted = (a: number[]) => Uint32Array.from(a).sort();
  return {
    seed,
    decisions: { ...dec, features: groups },
    knobs: { ...DEFAULT_KNOBS, ...knobs },
    world,
    groups,
    x,
    d,
    labels: Uint8Array.from(world.log.label),
    guidelineFixed: false,
    collectTrain: sorted(order.slice(nTest)),
    test: sorted(order.slice(0, nTest)),
    lastWeek: daysRows(world.log, LAST_WEEK_FROM, DAYS),
    windowTrain: null,
    windowValidation: null,
    versions: [],
    candidate: null,
    pool: null,
    done: 0,
    results: {},
  };
}

const fmt = (n: number) => n.toLocaleString('en');

/** Each step draws from its own generator, so one step's draws never shift another's. */
export function stepRng(seed: number, step: number): Rng {
  return createRng(seed * 131 + step * 7919 + 17);
}

/** A set of logged rows with the team's labels or the clean ones (clicks). */
export function logSet(p: Project, rows: ArrayLike<number>, labels: 'team' | 'clean'): FitSet {
  const all: FitSet = { x: p.x, y: labels === 'team' ? p.labels : p.world.log.click, n: p.world.log.n, d: p.d };
  return pick(all, rows);
}

export function evaluate(y: ArrayLike<number>, s: ArrayLike<number>, threshold: number): Evaluation {
  const r = binaryReport(y, s, threshold);
  const n = y.length;
  return {
    n,
    positives: countPositives(y),
    accuracy: r.accuracy,
    baseline_accuracy: r.baseline_accuracy,
    precision: r.precision,
    recall: r.recall,
    pr_auc: r.pr_auc,
    shown: n ? (r.tp + r.fp) / n : null,
  };
}

export async function evaluateOn(p: Project, model: TrainedModel, rows: ArrayLike<number>): Promise<{ evaluation: Evaluation; scores: Float32Array; y: Uint8Array }> {
  const set = logSet(p, rows, 'clean');
  const scores = await score(model, set.x, set.n);
  return { evaluation: evaluate(set.y, scores, p.decisions.threshold), scores, y: set.y };
}

export function current(p: Project): ModelVersion {
  const v = p.versions[p.versions.length - 1];
  if (!v) throw new Error('no model version yet');
  return v;
}

/** Train on logged rows (optionally with the remedy applied); the data text says what was done. */
export async function trainRecipe(
  p: Project,
  rows: Uint32Array,
  labels: 'team' | 'clean',
  remedy: Remedy | 'none',
  seed: number,
  rng: Rng,
  control: RunControl,
): Promise<{ model: TrainedModel; rows: number; positives: number; remedyText: string; added: number; explorationImpressions: number }> {
  let set = logSet(p, rows, labels);
  let oddsFactor = 1;
  let remedyText = '';
  let added = 0;
  let explorationImpressions = 0;
  if (remedy === 'explore') {
    const pos = countPositives(set.y);
    const want = explorationTarget(pos, set.n - pos);
    const e = await explore(p.world, rows, want, rng, control);
    const extra = buildFeatures(e.positives, p.groups);
    set = concat(set, { x: extra.x, y: new Uint8Array(extra.n).fill(1), n: extra.n, d: p.d });
    added = extra.n;
    explorationImpressions = e.impressions;
    oddsFactor = pos / (pos + added);
    remedyText = `+${added.toLocaleString('en')} positives from an exploration slice (${e.impressions.toLocaleString('en')} extra ads shown)`;
  } else if (remedy === 'reweight' || remedy === 'resample') {
    const before = set.n;
    const r = rebalance(set, remedy, rng);
    set = r.set;
    oddsFactor = r.oddsFactor;
    remedyText = remedy === 'reweight' ? 'classes reweighted to balance' : `negatives cut at random to ${(set.n - countPositives(set.y)).toLocaleString('en')} of ${(before - countPositives(set.y)).toLocaleString('en')}`;
  }
  const weights = await fit(set, p.knobs, seed, rows.length, control);
  return {
    model: { spec: specFor(p.d, p.knobs.layers), weights, oddsFactor },
    rows: set.n,
    positives: countPositives(set.y),
    remedyText,
    added,
    explorationImpressions,
  };
}

export function adopt(p: Project, step: number): Adopted {
  const c = p.candidate;
  if (!c) throw new Error(`step ${step} adopts the model the previous step trained, and there is none`);
  const v: ModelVersion = { ...c, version: p.versions.length + 1, step };
  p.versions.push(v);
  p.candidate = null;
  return { version: v.version, data: v.data };
}

/** The project log: one row per model version. */
export function projectLog(p: Project): LogRow[] {
  return p.versions.map((v) => ({
    version: v.version,
    step: v.step,
    data: v.data,
    model: describeSpec(v.model.spec),
    objective: v.objective,
    rows: v.rows,
    positives: v.positives,
    accuracy: v.offline.accuracy,
    recall: v.offline.recall,
    pr_auc: v.offline.pr_auc,
    impressions: v.live?.impressions ?? null,
    clicks: v.live?.clicks ?? null,
    ctr: v.live?.ctr ?? null,
    revenue: v.live?.revenue ?? null,
  }));
}
