// Multilabel metrics over flat row-major 0/1 indicator arrays (n rows x L labels). Float64, no framework code.
// A score counts as a positive prediction when score >= threshold; undefined values are null, never NaN.
//
// Where we differ from scikit-learn: for a label with 2TP + FP + FN = 0 (never true, never predicted)
// sklearn's f1_score reports 0 (zero_division) and still averages that 0 into macro F1, and reports
// micro F1 0 when nothing at all is true or predicted. We report null for such a label, average macro
// F1 over the labels whose F1 is defined, and give null micro F1: a label nobody has is not a label
// the model got wrong. Where every label is defined, the numbers equal sklearn's.

import type { Maybe } from './binary';

export interface MultilabelReport {
  /** Fraction of rows whose whole label set is right (sklearn accuracy_score); null for no rows. */
  subset_accuracy: Maybe;
  /** Fraction of (row, label) cells that are wrong (sklearn hamming_loss); null for no rows. */
  hamming_loss: Maybe;
  micro_f1: Maybe;
  macro_f1: Maybe;
  per_label_f1: Maybe[];
}

export function multilabelReport(
  yTrue: ArrayLike<number>,
  yScore: ArrayLike<number>,
  L: number,
  threshold: number,
): MultilabelReport {
  if (yTrue.length !== yScore.length) throw new RangeError(`length mismatch: ${yTrue.length} vs ${yScore.length}`);
  const n = Math.floor(yTrue.length / L);
  const tp = new Float64Array(L);
  const fp = new Float64Array(L);
  const fn = new Float64Array(L);
  let exact = 0;
  let wrong = 0;
  for (let i = 0; i < n; i++) {
    let rowWrong = 0;
    for (let l = 0; l < L; l++) {
      const truth = yTrue[i * L + l] === 1;
      const pred = yScore[i * L + l] >= threshold;
      if (truth && pred) tp[l]++;
      else if (pred) fp[l]++;
      else if (truth) fn[l]++;
      if (truth !== pred) rowWrong++;
    }
    if (rowWrong === 0) exact++;
    wrong += rowWrong;
  }
  const perLabel: Maybe[] = [];
  let sum = 0;
  let defined = 0;
  let tpAll = 0;
  let errAll = 0;
  for (let l = 0; l < L; l++) {
    const denom = 2 * tp[l] + fp[l] + fn[l];
    const f1 = denom === 0 ? null : (2 * tp[l]) / denom;
    perLabel.push(f1);
    if (f1 !== null) {
      sum += f1;
      defined++;
    }
    tpAll += tp[l];
    errAll += fp[l] + fn[l];
  }
  return {
    subset_accuracy: n === 0 ? null : exact / n,
    hamming_loss: n === 0 ? null : wrong / (n * L),
    micro_f1: 2 * tpAll + errAll === 0 ? null : (2 * tpAll) / (2 * tpAll + errAll),
    macro_f1: defined === 0 ? null : sum / defined,
    per_label_f1: perLabel,
  };
}
