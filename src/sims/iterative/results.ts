import { defineResults, type LabMetrics, type LabValues, type Series, type Tables } from '../../engine/lab';
import { meta, FIRST_STEP_OF, RUN_INPUTS, type IterativeResult } from './meta';
import { STEP_DEFS, type StepDef } from './steps';
import type { DayNumbers, DeployOutcome, Objective } from './deploy';
import type { LogRow } from './project';
import type { Adopted, Predictions, StepResults } from './step-results';

type Metrics = LabMetrics<typeof meta>;

/** The project log's columns, in order, as the table and its CSV show them. */
export const LOG_COLUMNS = ['version', 'step', 'data', 'model', 'objective', 'rows', 'positives', 'accuracy', 'recall', 'pr_auc', 'impressions', 'clicks', 'ctr', 'revenue'] as const;

/** Everything the View draws for the step on screen, derived once per result and step. */
export interface IterativeView {
  step: number;
  def: StepDef;
  /** steps the run computed (1 … upTo) */
  upTo: number;
  /** false: the step on screen is past what the run computed, so it needs a run */
  computed: boolean;
  /** the first step a decision changed since the run makes stale (Infinity: none) */
  staleFrom: number;
  results: StepResults;
  /** the log as it stood at the step on screen: versions adopted by then, live columns once deployed */
  log: LogRow[];
  /** the deployment the dashboard shows at this step (step 11 on) */
  deployment: DeployOutcome | null;
  /** step 12 on: the same days served for each objective */
  compared: Record<Objective, DeployOutcome> | null;
  metrics: Metrics;
}

const lastDay = (d: DeployOutcome | null): DayNumbers | null => (d ? (d.days[d.days.length - 1] ?? null) : null);

/** The log at step `step`: versions adopted by then; live numbers only once that version was served. */
function logAt(log: LogRow[], step: number): LogRow[] {
  return log
    .filter((r) => r.step <= step)
    .map((r) => (step >= 11 ? r : { ...r, impressions: null, clicks: null, ctr: null, revenue: null }));
}

function adoptedMetrics(a: Adopted | undefined, log: LogRow[]): Metrics {
  const row = a ? log.find((r) => r.version === a.version) : undefined;
  return row ? { version: row.version, accuracy: row.accuracy, recall: row.recall, pr_auc: row.pr_auc } : {};
}

function dashboard(d: DeployOutcome | null): Metrics {
  const day = lastDay(d);
  return day ? { impressions: day.impressions, clicks: day.clicks, ctr: day.ctr, revenue: day.revenue } : {};
}

/** The numbers the step on screen measured, and nothing from other steps. */
function stepMetrics(n: number, r: IterativeResult, log: LogRow[], deployment: DeployOutcome | null): Metrics {
  const s = r.steps;
  switch (n) {
    case 1:
      return { legacy_impressions: r.legacy.impressions, legacy_ctr: r.legacy.ctr, legacy_revenue: r.legacy.revenue };
    case 2: {
      const x = s[2];
      return x ? { train_rows: x.train_rows, test_rows: x.test_rows, label_positive_rate: x.label_positive_rate, click_rate: x.click_rate, test_positives: x.test_positives } : {};
    }
    case 3:
      return s[3] ? { inputs: s[3].inputs.length } : {};
    case 4: {
      const x = s[4];
      return x ? { version: x.version, accuracy: x.evaluation.accuracy, recall: x.evaluation.recall, pr_auc: x.evaluation.pr_auc, baseline_accuracy: x.evaluation.baseline_accuracy } : {};
    }
    case 5: {
      const x = s[5];
      return x ? { segment_error_ratio: x.segment_error_ratio, relabelled: x.relabelled, labels_changed: x.labels_changed, relabel_accuracy_gain: x.relabel_accuracy_gain } : {};
    }
    case 6:
    case 8:
    case 10:
      return adoptedMetrics(s[n], log);
    case 7: {
      const x = s[7];
      return x
        ? {
            recall: x.recall,
            accuracy: x.accuracy,
            baseline_accuracy: x.baseline_accuracy,
            remedy_recall: x.remedy_recall,
            remedy_precision: x.remedy_precision,
            remedy_pr_auc: x.remedy_pr_auc,
            positives_added: x.positives_added,
            exploration_impressions: x.exploration_impressions,
          }
        : {};
    }
    case 9: {
      const x = s[9];
      return x ? { offline_score: x.offline_score, last_week_score: x.last_week_score, gap: x.gap, retrained_score: x.retrained_last_week_score, gap_recovered: x.gap_recovered } : {};
    }
    case 11:
      return s[11] ? { version: s[11].version, ...dashboard(deployment) } : {};
    case 12: {
      const x = s[12];
      return x
        ? {
            revenue_impressions: x.revenue_impressions,
            revenue_ctr: x.revenue_ctr,
            revenue_revenue: x.revenue_revenue,
            impressions_impressions: x.impressions_impressions,
            impressions_ctr: x.impressions_ctr,
            impressions_revenue: x.impressions_revenue,
            ...dashboard(deployment),
          }
        : {};
    }
    case 13:
      return s[13] ? { versions: s[13].versions, ...dashboard(deployment) } : {};
    default:
      return {};
  }
}

/** The first step whose inputs differ between the run and the params now. */
function staleStep(r: IterativeResult, values: LabValues<typeof meta>): number {
  let first = Infinity;
  for (const k of RUN_INPUTS) if (String(values[k]) !== r.inputs[k]) first = Math.min(first, FIRST_STEP_OF[k]);
  return first;
}

export function iterativeView(r: IterativeResult, values: LabValues<typeof meta>): IterativeView {
  const step = values.step;
  const computed = step <= r.upTo;
  const log = logAt(r.log, computed ? step : r.upTo);
  const s = r.steps;
  const deployment = !computed || step < 11 ? null : step === 11 ? (s[11]?.deployment ?? null) : (s[12] ? s[12].deployments[s[12].chosen] : null);
  const compared = computed && step >= 12 && s[12] ? s[12].deployments : null;
  return {
    step,
    def: STEP_DEFS[step - 1],
    upTo: r.upTo,
    computed,
    staleFrom: staleStep(r, values),
    results: s,
    log,
    deployment,
    compared,
    metrics: computed ? stepMetrics(step, r, log, deployment) : {},
  };
}

/** The exact scores behind the numbers of the step on screen (DESIGN.md's binary predictions). */
function stepPredictions(v: IterativeView): Record<string, unknown> {
  const s = v.results;
  const plain = (p: Predictions) => ({ y_true: p.y_true, y_score: p.y_score });
  if (!v.computed) return {};
  if (v.step === 4 && s[4]) return plain(s[4].predictions);
  if (v.step === 5 && s[5]) return plain(s[5].predictions);
  if (v.step === 7 && s[7]) return { ...plain(s[7].predictions), y_score_plain: s[7].plain_predictions.y_score };
  if (v.step === 9 && s[9]) return { ...plain(s[9].predictions), y_score_stale: s[9].stale_predictions.y_score };
  return {};
}

const daySeries = (d: DeployOutcome, key: 'impressions' | 'clicks' | 'revenue' | 'ctr') => ({
  x: d.days.map((x) => x.day),
  y: d.days.map((x) => x[key] ?? Number.NaN),
});

export const results = defineResults(meta, {
  view: iterativeView,
  series: (_r, v) => {
    const out: Series = {};
    const s5 = v.computed && v.step === 5 ? v.results[5] : undefined;
    if (s5) out.segment_error_rate = { x: s5.segment_errors.map((_, i) => i), y: s5.segment_errors.map((e) => e.rate) };
    if (v.deployment) for (const k of ['impressions', 'clicks', 'ctr', 'revenue'] as const) out[`dashboard_${k}`] = daySeries(v.deployment, k);
    if (v.compared) for (const [o, d] of Object.entries(v.compared)) out[`revenue_by_day_${o}`] = daySeries(d, 'revenue');
    return out;
  },
  predictions: (_r, v) => stepPredictions(v),
  tables: (_r, v): Tables => ({ log: { label: 'Project log', columns: LOG_COLUMNS, rows: v.log.map((row) => ({ ...row })) } }),
});
