import { atThreshold, type BinarySummary } from '../../engine/binary-summary';
import type { Values } from '../../engine/params';
import type { Snapshot } from '../../engine/protocol';
import type { LabAdapter } from '../../ui/sim-controller.svelte';
import { argmaxThreshold, moneyAt, objectivesAt, OBJECTIVES, THRESHOLD_GRID, type Costs, type MoneyAt, type MoneySummary, type Objective } from './money';

/** The final snapshot of a business-metrics run, as `scenario.run` returns it. */
export interface BusinessResult extends Snapshot {
  summaryA: BinarySummary;
  summaryB: BinarySummary;
  moneyA: MoneySummary;
  moneyB: MoneySummary;
  predictions: { y_true: Uint8Array; y_score_a: Float32Array; y_score_b: Float32Array; value: Float32Array; valuable: Uint8Array };
  lossEpochA: Float64Array;
  lossA: Float64Array;
  lossEpochB: Float64Array;
  lossB: Float64Array;
  trainMsA: number;
  trainMsB: number;
}

export interface DataSnapshot extends Snapshot {
  nTrain: number;
  nTest: number;
  trainClicks: number;
  testClicks: number;
  valuableShare: number;
  valuableValueShare: number;
  meanValue: number;
}

export const costsOf = (values: Values): Costs => ({
  costFp: values.cost_fp as number,
  costFn: values.cost_fn as number,
  valueScale: values.value_scale as number,
});

/** Everything the lab shows at the current live params: flat metrics plus the threshold curves. */
export function businessView(r: BusinessResult, values: Values) {
  const t = values.threshold as number;
  const c = costsOf(values);
  const at = { a: atThreshold(r.summaryA, t), b: atThreshold(r.summaryB, t) };
  const money: Record<'a' | 'b', MoneyAt> = { a: moneyAt(r.moneyA, t, c), b: moneyAt(r.moneyB, t, c) };
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
  for (let i = 0; i < y_true.length; i++) {
    if (!(y_true[i] === 1 && valuable[i] === 1)) continue;
    valuableClicks++;
    if (y_score_a[i] >= t) valuableA++;
    if (y_score_b[i] >= t) valuableB++;
  }
  const totalValue = c.valueScale * r.moneyA.clickValue;
  const perObjective = Object.fromEntries(
    OBJECTIVES.flatMap((o: Objective) => [
      [`impressions_${o}`, objectives[o].shown],
      [`clicks_${o}`, objectives[o].tp],
      [`ctr_${o}`, objectives[o].ctr],
      [`profit_${o}`, objectives[o].profit],
    ]),
  ) as Record<string, number | null>;
  const metrics: Record<string, number | null> = {
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
    best_threshold_accuracy: argmaxThreshold(THRESHOLD_GRID, curves.b.accuracy),
    best_threshold_profit: argmaxThreshold(THRESHOLD_GRID, curves.b.profit),
    best_profit_b: Math.max(...curves.b.profit),
    best_threshold_profit_a: argmaxThreshold(THRESHOLD_GRID, curves.a.profit),
    best_profit_a: Math.max(...curves.a.profit),
    ...perObjective,
    quality_plays_a: money.a.qualityPlays,
    quality_plays_b: money.b.qualityPlays,
    take_rate_a: money.a.takeRate,
    take_rate_b: money.b.takeRate,
    test_clicks: r.summaryB.positives,
  };
  return { metrics, curves, money, at };
}

export const adapter: LabAdapter<BusinessResult> = {
  metrics: (r, values) => businessView(r, values).metrics,
  // the profit curves depend on the live costs, which series() is not given: the JSON's metrics carry the money
  series: (r) => ({
    training_loss_a: { x: r.lossEpochA, y: r.lossA },
    training_loss_b: { x: r.lossEpochB, y: r.lossB },
    accuracy_by_threshold_a: { x: THRESHOLD_GRID, y: Float64Array.from(THRESHOLD_GRID, (g) => atThreshold(r.summaryA, g).accuracy ?? NaN) },
    accuracy_by_threshold_b: { x: THRESHOLD_GRID, y: Float64Array.from(THRESHOLD_GRID, (g) => atThreshold(r.summaryB, g).accuracy ?? NaN) },
  }),
  predictions: (r) => ({
    y_true: r.predictions.y_true,
    y_score_a: r.predictions.y_score_a,
    y_score_b: r.predictions.y_score_b,
    value: r.predictions.value,
    valuable: r.predictions.valuable,
  }),
};
