// What kind of target a label column is: binary, multiclass or numeric; which value is positive; or why it cannot be one.
import { MAX_CLASSES } from './limits';
import type { ColumnProfile } from './profile';

export type LabelKind = 'binary' | 'multiclass' | 'numeric';

export interface LabelChoice {
  kind: LabelKind | null;
  /** the kinds this column can be, for the override */
  kinds: LabelKind[];
  classes: { value: string; count: number }[];
  positive: string | null;
  /** why it cannot be the label (as this kind); null when it can */
  problem: string | null;
  /** other things to know (rows without a label) */
  notes: string[];
}

const POSITIVE = /^(1|true|yes|y|positive|pos|t|spam|fraud|churn(ed)?|default|bad|>50k)$/i;
const NEGATIVE = /^(0|false|no|n|negative|neg|f|ham|ok|good|<=50k)$/i;

/** The value a binary label treats as positive: the one spelled like "yes/1/true", else the rarer one. */
export function guessPositive(classes: { value: string; count: number }[]): string {
  const [a, b] = classes;
  if (POSITIVE.test(a.value.trim()) && !POSITIVE.test(b.value.trim())) return a.value;
  if (POSITIVE.test(b.value.trim()) && !POSITIVE.test(a.value.trim())) return b.value;
  if (NEGATIVE.test(a.value.trim())) return b.value;
  if (NEGATIVE.test(b.value.trim())) return a.value;
  return a.count <= b.count ? a.value : b.value;
}

/** The label's kind as inferred (or as `override` asks, where the column allows it). */
export function inferLabel(col: ColumnProfile, override: LabelKind | null = null, positive: string | null = null): LabelChoice {
  const q = (s: string) => `“${s}”`;
  const n = col.rows - col.missing;
  const notes = col.missing > 0 && n > 0 ? [`${col.missing.toLocaleString('en')} rows have no ${q(col.name)} and will be left out.`] : [];
  const none = (problem: string): LabelChoice => ({ kind: null, kinds: [], classes: [], positive: null, problem, notes });
  if (n === 0) return none(`${q(col.name)} is empty: every value is missing. Choose another label.`);
  const distinct = col.distinct;
  const classes = col.values ?? [];
  if (distinct === 1)
    return none(`${q(col.name)} has one class only (${q(classes[0]?.value ?? '')} in every row with a value): there is nothing to predict. Choose another label.`);
  if (col.type === 'datetime') return none(`${q(col.name)} holds dates or times: the labs predict a class or a number, not a date. Choose another label (or use it as the time column).`);
  const numeric = col.type === 'number' || (col.type === 'id' && col.integers);
  const kinds: LabelKind[] = [];
  if (distinct === 2) kinds.push('binary');
  if (distinct !== null && distinct >= 2 && distinct <= MAX_CLASSES) kinds.push('multiclass');
  if (numeric) kinds.push('numeric');
  let inferred: LabelKind | null;
  if (distinct === 2) inferred = 'binary';
  else if (numeric) inferred = col.integers && distinct !== null && distinct <= 20 ? 'multiclass' : 'numeric';
  else inferred = distinct !== null && distinct <= MAX_CLASSES ? 'multiclass' : null;
  const kind = override && kinds.includes(override) ? override : inferred;
  if (!kind) {
    const many = distinct === null ? `more than ${classes.length || 'many thousand'}` : distinct.toLocaleString('en');
    return {
      ...none(
        `${q(col.name)} has ${many} classes: more than the ${MAX_CLASSES} a class label may have here (about ${Math.max(1, Math.round(n / (distinct ?? n))).toLocaleString('en')} rows per class). Group its values into fewer classes, or choose another label.`,
      ),
      kinds,
    };
  }
  const overrideProblem =
    override && !kinds.includes(override)
      ? override === 'binary'
        ? `${q(col.name)} has ${distinct?.toLocaleString('en') ?? 'many'} values, not two: it cannot be a binary label. Read as ${kind}.`
        : override === 'numeric'
          ? `${q(col.name)} is not numeric: it cannot be a numeric label. Read as ${kind}.`
          : `${q(col.name)} has more than ${MAX_CLASSES} values: it cannot be a multiclass label. Read as ${kind}.`
      : null;
  if (overrideProblem) notes.unshift(overrideProblem);
  const cls = kind === 'numeric' ? [] : classes;
  const pos = kind === 'binary' ? (positive !== null && cls.some((c) => c.value === positive) ? positive : guessPositive(cls)) : null;
  if (kind === 'multiclass') {
    const rare = cls.filter((c) => c.count < 5);
    if (rare.length) notes.push(`${rare.length} class${rare.length === 1 ? ' has' : 'es have'} fewer than 5 rows (${rare.slice(0, 3).map((c) => q(c.value)).join(', ')}${rare.length > 3 ? ', …' : ''}): too few to learn or to test.`);
  }
  return { kind, kinds, classes: cls, positive: pos, problem: null, notes };
}
