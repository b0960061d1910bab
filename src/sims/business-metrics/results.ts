import { atThreshold, type BinarySummary } from '../../engine/binary-summary';
import { defineResults, type LabMetrics, type LabValues } from '../../engine/lab';
import { meta, type BusinessResult } from './meta';
import { argmaxThreshold, moneyAt, objectivesAt, OBJECTIVES, THRESHOLD_GRID, type Costs, type MoneyAt, type MoneySummary, type Objective } from './money';

export type { BusinessResult, DataSnapshot, ProgressSnapshot } from './meta';

type Values = LabValues<typeof meta>;
type Model = 'a' | 'b';

export const costsOf = (values: Values): Costs => ({ costFp: values.cost_fp, costFn: values.cost_fn, valueScale: values.value_scale });

/** The numbers model B's network learns: 8 inputs, the hidden layers, 1 output, each layer's weights and biases. */
export function networkSize(layers: readonly number[]): number {
  const units = [8, ...layers, 1];
  let n = 0;
  for (let i = 1; i < units.length; i++) n += (units[i - 1] + 1) * units[i];
  return n;
}

/** Calibration of click probabilities: mean predicted vs observed click rate, overall and on a subset, and the 10-bin calibration error. */
export function calibrationOf(yTrue: ArrayLike<number>, p: ArrayLike<number>, subset: ArrayLike<number>) {
  const BINS = 10;
  const n = new Float64Array(BINS);
  const sumP = new Float64Array(BINS);
  const sumY = new Float64Array(BINS);
  let all = 0;
  let allP = 0;
  let allY = 0;
  let sub = 0;
  let subP = 0;
  let subY = 0;
  for (let i = 0; i < yTrue.length; i++) {
    const b = Math.min(BINS - 1, Math.floor(p[i] * BINS));
    n[b]++;
    sumP[b] += p[i];
    sumY[b] += yTrue[i];
    all++;
    allP += p[i];
    allY += yTrue[i];
    if (subset[i] === 1) {
      sub++;
      subP += p[i];
      subY += yTrue[i];
    }
  }
  let ece = 0;
  for (let b = 0; b < BINS; b++) if (n[b] > 0) ece += (n[b] / all) * Math.abs(sumP[b] / n[b] - sumY[b] / n[b]);
  return {
    clickRate: all > 0 ? allY / all : null,
    predictedRate: all > 0 ? allP / all : null,
    subsetClickRate: sub > 0 ? subY / sub : null,
    subsetPredictedRate: sub > 0 ? subP / sub : null,
    ece: all > 0 ? ece : null,
  };
}

/** The chance of a click above which showing an ad pays: cost_fp ÷ (cost_fp + value_scale × mean clicked value). */
export function breakEven(c: Costs, clickValue: number | null): number | null {
  if (clickValue === null) return null;
  const denom = c.costFp + c.valueScale * clickValue;
  return denom > 0 ? c.costFp / denom : null;
}

/** Who wins by one measure: a model, a tie, or nobody where a value is undefined. */
export type Winner = Model | 'tie' | null;
function winner(a: number | null, b: number | null): Winner {
  if (a === null || b === null) return null;
  return a === b ? 'tie' : a > b ? 'a' : 'b';
}

/** A marked point on a threshold curve: the grid threshold and the curve's value there. */
export interface CurvePoint {
  x: number;
  y: number;
}

/** Everything the lab shows at the current live params: flat metrics, the threshold curves and what they say. */
export function businessView(r: BusinessResult, values: Values) {
  const t = values.threshold;
  const c = costsOf(values);
  const at = { a: atThreshold(r.summaryA, t), b: atThreshold(r.summaryB, t) };
  const money: Record<Model, MoneyAt> = { a: moneyAt(r.moneyA, t, c), b: moneyAt(r.moneyB, t, c) };
  const atL = atThreshold(r.summaryL, t);
  const moneyL = moneyAt(r.moneyL, t, c);
  const curve = (s: BinarySummary, m: MoneySummary) => ({
    accuracy: Float64Array.from(THRESHOLD_GRID, (g) => atThreshold(s, g).accuracy ?? NaN),
    profit: Float64Array.from(THRESHOLD_GRID, (g) => moneyAt(m, g, c).profit),
  });
  const curves = { a: curve(r.summaryA, r.moneyA), b: curve(r.summaryB, r.moneyB) };
  const objectives = objectivesAt(r.predictions.y_true, r.predictions.y_score_b, r.predictions.value, t, c);
  const { y_true, y_score_a, y_score_b, valuable } = r.predictions;
  let valuableClicks = 0;
  let valuableA = 0;
  let valuableB = 0;
  let valuableL = 0;
  const { y_score_lr } = r.predictions;
  for (let i = 0; i < y_true.length; i++) {
    if (!(y_true[i] === 1 && valuable[i] === 1)) continue;
    valuableClicks++;
    if (y_score_a[i] >= t) valuableA++;
    if (y_score_b[i] >= t) valuableB++;
    if (y_score_lr[i] >= t) valuableL++;
  }
  const calibration = calibrationOf(y_true, y_score_b, valuable);
  const profitL = Float64Array.from(THRESHOLD_GRID, (g) => moneyAt(r.moneyL, g, c).profit);
  const totalValue = c.valueScale * r.moneyA.clickValue;
  const best = {
    accuracyB: argmaxThreshold(THRESHOLD_GRID, curves.b.accuracy),
    profitB: argmaxThreshold(THRESHOLD_GRID, curves.b.profit),
    profitA: argmaxThreshold(THRESHOLD_GRID, curves.a.profit),
  };
  const metrics: LabMetrics<typeof meta> = {
    accuracy_a: at.a.accuracy,
    accuracy_b: at.b.accuracy,
    roc_auc_a: r.summaryA.roc_auc,
    roc_auc_b: r.summaryB.roc_auc,
    profit_a: money.a.profit,
    profit_b: money.b.profit,
    baseline_accuracy: at.b.baseline_accuracy,
    shown_a: money.a.shown,
    shown_b: money.b.shown,
    tp_a: at.a.tp,
    fp_a: at.a.fp,
    fn_a: at.a.fn,
    tn_a: at.a.tn,
    tp_b: at.b.tp,
    fp_b: at.b.fp,
    fn_b: at.b.fn,
    tn_b: at.b.tn,
    revenue_a: money.a.revenue,
    revenue_b: money.b.revenue,
    fp_cost_a: money.a.fpCost,
    fp_cost_b: money.b.fpCost,
    fn_cost_a: money.a.fnCost,
    fn_cost_b: money.b.fnCost,
    value_captured_a: totalValue > 0 ? money.a.revenue / totalValue : null,
    value_captured_b: totalValue > 0 ? money.b.revenue / totalValue : null,
    valuable_clicks: valuableClicks,
    valuable_clicks_a: valuableA,
    valuable_clicks_b: valuableB,
    best_threshold_accuracy: best.accuracyB,
    best_threshold_profit: best.profitB,
    best_profit_b: Math.max(...curves.b.profit),
    best_threshold_profit_a: best.profitA,
    best_profit_a: Math.max(...curves.a.profit),
    impressions_impressions: objectives.impressions.shown,
    clicks_impressions: objectives.impressions.tp,
    ctr_impressions: objectives.impressions.ctr,
    profit_impressions: objectives.impressions.profit,
    impressions_clicks: objectives.clicks.shown,
    clicks_clicks: objectives.clicks.tp,
    ctr_clicks: objectives.clicks.ctr,
    profit_clicks: objectives.clicks.profit,
    impressions_profit: objectives.profit.shown,
    clicks_profit: objectives.profit.tp,
    ctr_profit: objectives.profit.ctr,
    profit_profit: objectives.profit.profit,
    quality_plays_a: money.a.qualityPlays,
    quality_plays_b: money.b.qualityPlays,
    take_rate_a: money.a.takeRate,
    take_rate_b: money.b.takeRate,
    test_clicks: r.summaryB.positives,
    accuracy_lr: atL.accuracy,
    roc_auc_lr: r.summaryL.roc_auc,
    profit_lr: moneyL.profit,
    valuable_clicks_lr: valuableL,
    best_profit_lr: Math.max(...profitL),
    break_even_threshold: breakEven(c, r.clickValueTrain),
    click_value_mean: r.clickValueTrain === null ? null : c.valueScale * r.clickValueTrain,
    click_rate: calibration.clickRate,
    predicted_rate_b: calibration.predictedRate,
    click_rate_valuable: calibration.subsetClickRate,
    predicted_rate_b_valuable: calibration.subsetPredictedRate,
    ece_b: calibration.ece,
  };
  // the grid index of a threshold on it (0, 0.01, …, 1)
  const point = (x: number, ys: Float64Array): CurvePoint => ({ x, y: ys[Math.round(x * 100)] });
  const bestObjective = OBJECTIVES.reduce((x: Objective, y: Objective) => (objectives[y].profit > objectives[x].profit ? y : x));
  return {
    metrics,
    curves,
    /** the best thresholds, marked on the threshold chart */
    points: { accuracyB: point(best.accuracyB, curves.b.accuracy), profitB: point(best.profitB, curves.b.profit), profitA: point(best.profitA, curves.a.profit) },
    /** who wins by each measure at the threshold */
    winners: { accuracy: winner(at.a.accuracy, at.b.accuracy), roc_auc: winner(r.summaryA.roc_auc, r.summaryB.roc_auc), profit: winner(money.a.profit, money.b.profit) },
    /** the test impressions both models score */
    testImpressions: r.summaryB.n,
    /** the objective that earns most (the first on a tie) */
    bestObjective,
    /** B shows fewer of the valuable clicks than A */
    bMissesValuable: valuableB < valuableA,
    /** the most accurate and the most profitable threshold of B are apart */
    thresholdsDiffer: Math.abs(best.profitB - best.accuracyB) >= 0.05,
  };
}

export type BusinessView = ReturnType<typeof businessView>;

export const results = defineResults(meta, {
  view: businessView,
  series: (r, view) => ({
    training_loss_a: { x: r.lossEpochA, y: r.lossA },
    training_loss_b: { x: r.lossEpochB, y: r.lossB },
    accuracy_by_threshold_a: { x: THRESHOLD_GRID, y: view.curves.a.accuracy },
    accuracy_by_threshold_b: { x: THRESHOLD_GRID, y: view.curves.b.accuracy },
    // at the live costs, as the chart draws them
    profit_by_threshold_a: { x: THRESHOLD_GRID, y: view.curves.a.profit },
    profit_by_threshold_b: { x: THRESHOLD_GRID, y: view.curves.b.profit },
  }),
  predictions: (r) => ({
    y_true: r.predictions.y_true,
    y_score_a: r.predictions.y_score_a,
    y_score_b: r.predictions.y_score_b,
    y_score_lr: r.predictions.y_score_lr,
    value: r.predictions.value,
    valuable: r.predictions.valuable,
  }),
});
