import { atThreshold, type BinarySummary } from '../../engine/binary-summary';
import type { Values } from '../../engine/params';
import type { LabAdapter } from '../../ui/sim-controller.svelte';
import type { Snapshot } from '../../engine/protocol';

/** The final snapshot of an imbalance run, as `scenario.run` returns it. */
export interface ImbalanceResult extends Snapshot {
  summary: BinarySummary;
  predictions: { y_true: Uint8Array; y_score: Float32Array };
  lossEpoch: Float64Array;
  loss: Float64Array;
  trainMs: number;
  fitRows: number;
  epochsFit: number;
}

export interface DataSnapshot extends Snapshot {
  nTrain: number;
  nTest: number;
  trainPositives: number;
  testPositives: number;
  featureNames: string[];
  notes: string[];
  scatter: { x: Float32Array; y: Float32Array; cls: Uint8Array; xLabel: string; yLabel: string };
}

/** Below this many test positives, threshold metrics swing by several points from one seed to the next. */
export const FEW_POSITIVES = 30;

/** Every number the lab shows, flat, at the current threshold: the screen, the export and `mlsd:done` share it. */
export function imbalanceMetrics(r: ImbalanceResult, values: Values) {
  const at = atThreshold(r.summary, values.threshold as number);
  return {
    accuracy: at.accuracy,
    baseline_accuracy: at.baseline_accuracy,
    precision: at.precision,
    recall: at.recall,
    f1: at.f1,
    roc_auc: r.summary.roc_auc,
    pr_auc: r.summary.pr_auc,
    log_loss: r.summary.log_loss,
    tp: at.tp,
    fp: at.fp,
    tn: at.tn,
    fn: at.fn,
    test_positives: r.summary.positives,
  };
}

export const adapter: LabAdapter<ImbalanceResult> = {
  metrics: imbalanceMetrics,
  series: (r) => ({
    training_loss: { x: r.lossEpoch, y: r.loss },
    ...(r.summary.roc ? { roc: r.summary.roc } : {}),
    ...(r.summary.pr ? { pr: r.summary.pr } : {}),
  }),
  predictions: (r) => ({ y_true: r.predictions.y_true, y_score: r.predictions.y_score }),
};
