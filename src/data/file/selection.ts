// Which columns are features: the learner's label, time column and ticks over the profile's and the leakage check's defaults.
import type { LeakFlag } from './leakage';
import type { ColumnProfile, FileProfile } from './profile';

export type Exclusion = 'constant' | 'id' | 'leakage' | 'empty' | 'text' | 'label' | 'time' | 'user';

export interface Choices {
  label: string | null;
  time: string | null;
  /** the learner's ticks: true = use it, false = leave it out; absent = the default */
  ticks: Record<string, boolean>;
}

export interface ColumnState {
  name: string;
  excluded: Exclusion | null;
  /** why it is left out by default, even when the learner ticked it back in */
  defaultReason: string | null;
  /** whether its checkbox can change anything */
  tickable: boolean;
}

export function columnStates(profile: FileProfile, leaks: LeakFlag[], choices: Choices): ColumnState[] {
  const leakBy = new Map(leaks.map((l) => [l.column, l]));
  return profile.columns.map((c) => {
    if (c.name === choices.label) return { name: c.name, excluded: 'label', defaultReason: 'The label: what the model predicts.', tickable: false };
    if (c.name === choices.time) return { name: c.name, excluded: 'time', defaultReason: 'The time column: it orders the rows, and is not a feature.', tickable: false };
    if (c.problem === 'empty') return { name: c.name, excluded: 'empty', defaultReason: c.warnings[0] ?? null, tickable: false };
    const leak = leakBy.get(c.name);
    const byDefault: Exclusion | null = c.problem ?? (leak ? 'leakage' : null);
    const reason = leak && !c.problem ? leak.why : c.problem ? (c.warnings[0] ?? null) : null;
    const tick = choices.ticks[c.name];
    const excluded: Exclusion | null = tick === true ? null : tick === false ? (byDefault ?? 'user') : byDefault;
    return { name: c.name, excluded, defaultReason: reason, tickable: true };
  });
}

export const features = (states: ColumnState[]) => states.filter((s) => s.excluded === null).map((s) => s.name);

/** The label a file suggests: a column called label/target/class/y/outcome…, else the last usable one. */
export function defaultLabel(columns: ColumnProfile[]): string | null {
  const usable = columns.filter((c) => !c.problem);
  const named = usable.find((c) => /^(label|target|class|y|outcome|result|churn(ed)?|survived|default)$/i.test(c.name.trim()));
  return (named ?? usable[usable.length - 1] ?? columns[columns.length - 1])?.name ?? null;
}

/** Whether `col` can order rows in time; a sentence saying why not when it cannot. */
export function timeProblem(col: ColumnProfile): string | null {
  if (col.type === 'datetime' || col.type === 'number' || (col.type === 'id' && col.integers)) return null;
  const k = col.rows - col.missing;
  return `“${col.name}” does not parse as dates or times: ${col.timeOk.toLocaleString('en')} of ${k.toLocaleString('en')} values do${col.timeExample !== null ? ` (“${col.timeExample.slice(0, 40)}” does not)` : ''}. Dates like 2024-03-31, 2024-03-31 14:05 or 31/03/2024 are read, and so are numbers (a year, a day count). No time column is used.`;
}
