import { atThreshold, balancedAucsOf } from '../../engine/binary-summary';
import { defineResults, type LabValues, type LabMetrics } from '../../engine/lab';
import { meta, type ImbalanceResult } from './meta';

export type { ImbalanceResult, DataSnapshot } from './meta';

/** Below this many test positives, threshold metrics swing by several points from one seed to the next. */
export const FEW_POSITIVES = 30;

/** Every number the lab shows, flat, at the current threshold: the screen, the export and `mlsd:done` share it. */
export function imbalanceMetrics(r: ImbalanceResult, values: LabValues<typeof meta>): LabMetrics<typeof meta> {
  const at = atThreshold(r.summary, values.threshold);
  const balanced = balancedAucsOf(r.summary);
  return {
    accuracy: at.accuracy,
    baseline_accuracy: at.baseline_accuracy,
    precision: at.precision,
    recall: at.recall,
    f1: at.f1,
    roc_auc: r.summary.roc_auc,
    pr_auc: r.summary.pr_auc,
    roc_auc_balanced: balanced.roc_auc,
    pr_auc_balanced: balanced.pr_auc,
    log_loss: r.summary.log_loss,
    tp: at.tp,
    fp: at.fp,
    tn: at.tn,
    fn: at.fn,
    test_positives: r.summary.positives,
  };
}

export const results = defineResults(meta, {
  view: (r, values) => ({
    metrics: imbalanceMetrics(r, values),
    /** the operating point at the threshold, marked on the ROC and PR curves */
    at: atThreshold(r.summary, values.threshold),
    positiveRate: r.summary.positives / r.summary.n,
  }),
  series: (r) => ({
    training_loss: { x: r.lossEpoch, y: r.loss },
    ...(r.summary.roc ? { roc: r.summary.roc } : {}),
    ...(r.summary.pr ? { pr: r.summary.pr } : {}),
  }),
  predictions: (r) => ({ y_true: r.predictions.y_true, y_score: r.predictions.y_score }),
});
