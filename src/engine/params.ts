/**
 * Declarative simulation params (in the spirit of TensorFlow Playground's state.ts).
 *
 * Each simulation declares every param once; this module parses the URL query, custom-element
 * attributes and component props through one parser (returning values plus plain-text notices),
 * serialises values back to the URL, maps numbers to slider positions, and describes params for docs.
 * Pure TypeScript: no DOM, no Svelte, no TF.js. Nothing here throws on user input.
 */

export type ParamValue = number | string | boolean | number[] | string[];
export type Values = Record<string, ParamValue>;
export interface Notice {
  param: string;
  message: string;
}

/**
 * What a param is for, besides computing results:
 * - `view`: how the lab is shown (presenter mode, hidden or locked controls). Setting it keeps the
 *   run and its results, and it has no control of its own (URLs, attributes and props set it).
 * - `url-only`: changes what runs but has no control (run=1: start on load).
 */
export type ParamRole = 'view' | 'url-only';

interface Base {
  name: string;
  label: string;
  help: string;
  aliases?: readonly string[];
  advanced?: boolean;
  /** re-evaluated from results already computed, without training (a threshold, a ranking weight) */
  live?: boolean;
  /** live only for some values of the other params (docs still say live); absent: `live` decides */
  liveWhen?: (values: Values) => boolean;
  /** the control shows only for some values of the other params (layer sizes only for a network) */
  visibleWhen?: (values: Values) => boolean;
  role?: ParamRole;
  group?: string;
}
export interface NumberSpec extends Base {
  type: 'int' | 'float';
  default: number;
  min: number;
  max: number;
  step?: number;
  log?: boolean;
  /** range by another param's value */
  dependsOn?: { param: string; ranges: Record<string, { min?: number; max?: number; default?: number }> };
  /**
   * A range computed from other numbers (a day below `days`): `params` names what it reads, so
   * those are parsed first and a change to one re-validates this param.
   */
  rangeWhen?: { params: readonly string[]; range: (values: Values) => { min?: number; max?: number; default?: number } };
}
export interface ChoiceSpec extends Base {
  type: 'choice';
  default: string;
  choices: readonly string[];
  choiceLabels?: Record<string, string>;
  dependsOn?: { param: string; choices: Record<string, readonly string[]>; defaults?: Record<string, string> };
}
/** Accepts 1/0/true/false/yes/no/on/off and an empty attribute value as true. */
export interface BoolSpec extends Base {
  type: 'bool';
  default: boolean;
}
/** Comma-separated numbers; items clamped, extra items dropped, a notice for each correction. */
export interface ListSpec extends Base {
  type: 'int-list' | 'float-list';
  default: readonly number[];
  min: number;
  max: number;
  minLength: number;
  maxLength: number;
  sorted?: boolean;
  unique?: boolean;
}
/** Comma list of this schema's param names (hide, lock); unknown names dropped with a notice. */
export interface NamesSpec extends Base {
  type: 'names';
  default: readonly string[];
}
/**
 * Comma list of some of `choices` (which algorithms to train, say): unknown items and repeats dropped
 * with a notice, kept in `choices` order so the URL form is canonical; too few items → the default.
 */
export interface ChoiceListSpec extends Base {
  type: 'choice-list';
  default: readonly string[];
  choices: readonly string[];
  choiceLabels?: Record<string, string>;
  minLength: number;
}
export type ParamSpec = NumberSpec | ChoiceSpec | BoolSpec | ListSpec | NamesSpec | ChoiceListSpec;

/** The value type one spec parses to: a choice's literal union, a number, a list… */
export type ValueOf<S> = S extends { type: 'int' | 'float' }
  ? number
  : S extends { type: 'choice'; choices: readonly (infer C)[] }
    ? C
    : S extends { type: 'bool' }
      ? boolean
      : S extends { type: 'int-list' | 'float-list' }
        ? number[]
        : S extends { type: 'choice-list'; choices: readonly (infer C)[] }
          ? C[]
          : string[];

/** A schema's parsed values, typed from its specs: `values.threshold` is a number, `values.data` a union of its choices. */
export type ValuesOf<P extends readonly ParamSpec[]> = { [S in P[number] as S['name']]: ValueOf<S> };

export interface Schema<V extends Values = Values> {
  readonly params: readonly ParamSpec[];
  /** canonical names and aliases */
  readonly byName: ReadonlyMap<string, ParamSpec>;
  /** the parsed values' type, for inference only (never set) */
  readonly valuesType?: V;
}
/** The values a schema parses to. */
export type SchemaValues<S extends Schema> = NonNullable<S['valuesType']>;
export interface ParamDoc {
  name: string;
  type: string;
  range: string;
  default: string;
  help: string;
  label: string;
  aliases: string[];
  live: boolean;
  advanced: boolean;
  dependsOn?: string;
}

type Input = URLSearchParams | Iterable<[string, string]> | Record<string, unknown>;

// Names are identifiers so they are safe in URLs, attribute names, CSS selectors and messages.
const NAME_RE = /^[A-Za-z][A-Za-z0-9_]*$/;
// Choice values are fixed tokens, never free text, so they can never carry markup.
const CHOICE_RE = /^[A-Za-z0-9_.-]+$/;
const NUMBER_RE = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:e[+-]?\d+)?$/i;
// HTML attributes a host element may carry that are not params (`sim` names the lab): ignored without a notice.
// `hidden` keeps its HTML meaning on an element, so there it never reaches the layers param it aliases in URLs.
const HOST_ATTRS = new Set(['class', 'id', 'style', 'slot', 'title', 'lang', 'dir', 'hidden', 'tabindex', 'sim', 'src', 'width', 'height']);
const TRUE_WORDS = new Set(['', '1', 'true', 'yes', 'on']);
const FALSE_WORDS = new Set(['0', 'false', 'no', 'off']);
// Longer values are refused outright so a hostile URL cannot make parsing slow.
const MAX_RAW_LENGTH = 2000;
// A URL full of junk keys gets a few notices and a count, not thousands of notices.
const MAX_UNKNOWN_NOTICES = 10;
export const SLIDER_MAX = 1000;

// ---------------------------------------------------------------------------------------------
// Small helpers

const isNumberSpec = (s: ParamSpec): s is NumberSpec => s.type === 'int' || s.type === 'float';
const isListSpec = (s: ParamSpec): s is ListSpec => s.type === 'int-list' || s.type === 'float-list';
const clamp = (v: number, lo: number, hi: number) => Math.min(hi, Math.max(lo, v));
const plural = (n: number, one: string, many = one + 's') => `${n} ${n === 1 ? one : many}`;
const MAX_ITEM_NOTICES = 6;

/** A list full of junk gets a few notices and a count, not one per item. */
function capNotes(notes: string[]): string[] {
  if (notes.length <= MAX_ITEM_NOTICES + 1) return notes;
  return [...notes.slice(0, MAX_ITEM_NOTICES), `${plural(notes.length - MAX_ITEM_NOTICES, 'more correction')} not listed`];
}

/** Round to `digits` significant digits; also turns -0 into 0. */
function roundSig(v: number, digits: number): number {
  if (!Number.isFinite(v) || v === 0) return v === 0 ? 0 : v;
  return Number(v.toPrecision(digits)) || 0;
}

/** Shortest text for a number as it goes in a URL: ints exact, floats to 6 significant digits. */
function compactNumber(v: number, int: boolean): string {
  if (int && Number.isSafeInteger(v)) return String(v === 0 ? 0 : v);
  return String(roundSig(v, 6));
}

/** Human number text: "100,000", "0.0001", "1e-7". Independent of the browser's locale. */
export function formatNumber(v: number): string {
  if (!Number.isFinite(v)) return String(v);
  const s = Number.isInteger(v) && Math.abs(v) < 1e21 ? String(v === 0 ? 0 : v) : String(roundSig(v, 6));
  if (s.includes('e')) return s;
  const [int, frac] = s.split('.');
  const neg = int.startsWith('-');
  const grouped = (neg ? int.slice(1) : int).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return (neg ? '-' : '') + grouped + (frac ? '.' + frac : '');
}

/** User-typed text made safe and short for a plain-text message. */
function safeText(s: string, max = 24): string {
  const clean = s.replace(/[^A-Za-z0-9 _.,+-]+/g, '?');
  return clean.length > max ? clean.slice(0, max) + '…' : clean;
}

/** A key as typed, reduced to [A-Za-z0-9_-] and 40 chars so it can be a DOM hook. */
function safeKey(key: string): string {
  return key.replace(/[^A-Za-z0-9_-]+/g, '').slice(0, 40) || '_';
}

/** How a given value reads in a message: numbers bare, other text quoted. */
function describeGiven(raw: unknown): string {
  if (typeof raw === 'number') return formatNumber(raw);
  if (typeof raw === 'boolean') return String(raw);
  if (typeof raw === 'string') {
    const t = raw.trim();
    return NUMBER_RE.test(t) && t.length <= 24 ? t : `“${safeText(t)}”`;
  }
  return 'the given value';
}

function sameValue(a: ParamValue | undefined, b: ParamValue | undefined): boolean {
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((x, i) => x === b[i]);
  return a === b;
}

function copyValue(v: ParamValue): ParamValue {
  return Array.isArray(v) ? ([...v] as ParamValue) : v;
}

const own = <T>(rec: Record<string, T> | undefined, key: string | undefined): T | undefined =>
  rec !== undefined && key !== undefined && Object.hasOwn(rec, key) ? rec[key] : undefined;

// ---------------------------------------------------------------------------------------------
// Schema

interface Internals {
  /** params with every dependsOn parent before its children, otherwise schema order */
  order: ParamSpec[];
  /** lower-cased names and aliases: element attributes arrive lower-cased */
  lower: Map<string, ParamSpec>;
}
const internalsCache = new WeakMap<Schema, Internals>();

/** The params whose values this one's range or choices read. */
function parentsOf(p: ParamSpec): readonly string[] {
  const out: string[] = [];
  if ('dependsOn' in p && p.dependsOn) out.push(p.dependsOn.param);
  if (isNumberSpec(p) && p.rangeWhen) out.push(...p.rangeWhen.params);
  return out;
}

function topoOrder(params: readonly ParamSpec[]): ParamSpec[] | undefined {
  const byName = new Map(params.map((p) => [p.name, p]));
  const state = new Map<string, 'visiting' | 'done'>();
  const order: ParamSpec[] = [];
  const visit = (p: ParamSpec): boolean => {
    const st = state.get(p.name);
    if (st === 'done') return true;
    if (st === 'visiting') return false;
    state.set(p.name, 'visiting');
    for (const name of parentsOf(p)) {
      const parent = byName.get(name);
      if (parent && !visit(parent)) return false;
    }
    state.set(p.name, 'done');
    order.push(p);
    return true;
  };
  for (const p of params) if (!visit(p)) return undefined;
  return order;
}

function internals(schema: Schema): Internals {
  let I = internalsCache.get(schema);
  if (!I) {
    const lower = new Map<string, ParamSpec>();
    for (const [k, spec] of schema.byName) lower.set(k.toLowerCase(), spec);
    I = { order: topoOrder(schema.params) ?? [...schema.params], lower };
    internalsCache.set(schema, I);
  }
  return I;
}

function lookup(schema: Schema, key: string): ParamSpec | undefined {
  return schema.byName.get(key) ?? internals(schema).lower.get(key.toLowerCase());
}

function checkNumberRange(where: string, int: boolean, log: boolean | undefined, min: number, max: number, def: number) {
  if (![min, max, def].every(Number.isFinite)) throw new Error(`${where}: min, max and default must be finite numbers`);
  if (min > max) throw new Error(`${where}: min ${min} is above max ${max}`);
  if (def < min || def > max) throw new Error(`${where}: default ${def} is outside ${min}..${max}`);
  if (int && ![min, max, def].every(Number.isInteger)) throw new Error(`${where}: int min, max and default must be integers`);
  if (log && min <= 0) throw new Error(`${where}: a log scale needs min > 0`);
}

/** Keys of a dependsOn table must be values the parent can take (catches typos). */
function checkParentKeys(where: string, parent: ParamSpec, keys: string[]) {
  const allowed = parent.type === 'choice' ? parent.choices : parent.type === 'bool' ? ['true', 'false'] : undefined;
  if (!allowed) return;
  for (const k of keys) if (!allowed.includes(k)) throw new Error(`${where}: "${k}" is not a value of ${parent.name}`);
}

function checkSpec(spec: ParamSpec, byName: Map<string, ParamSpec>) {
  const where = `param ${spec.name}`;
  if (isNumberSpec(spec)) {
    const int = spec.type === 'int';
    checkNumberRange(where, int, spec.log, spec.min, spec.max, spec.default);
    if (spec.step !== undefined && !(spec.step > 0)) throw new Error(`${where}: step must be > 0`);
    for (const name of spec.rangeWhen?.params ?? []) {
      if (byName.get(name)?.name !== name) throw new Error(`${where}: rangeWhen reads unknown param ${name}`);
    }
    if (spec.dependsOn) {
      const parent = byName.get(spec.dependsOn.param);
      if (!parent || parent.name !== spec.dependsOn.param) throw new Error(`${where}: dependsOn unknown param ${spec.dependsOn.param}`);
      checkParentKeys(where, parent, Object.keys(spec.dependsOn.ranges));
      for (const [k, r] of Object.entries(spec.dependsOn.ranges)) {
        checkNumberRange(`${where} for ${parent.name}=${k}`, int, spec.log, r.min ?? spec.min, r.max ?? spec.max, r.default ?? spec.default);
      }
    }
  } else if (spec.type === 'choice') {
    if (spec.choices.length === 0) throw new Error(`${where}: no choices`);
    if (new Set(spec.choices).size !== spec.choices.length) throw new Error(`${where}: duplicate choices`);
    for (const c of spec.choices) if (!CHOICE_RE.test(c)) throw new Error(`${where}: choice "${c}" must match ${CHOICE_RE}`);
    if (!spec.choices.includes(spec.default)) throw new Error(`${where}: default "${spec.default}" is not a choice`);
    if (spec.dependsOn) {
      const dep = spec.dependsOn;
      const parent = byName.get(dep.param);
      if (!parent || parent.name !== dep.param) throw new Error(`${where}: dependsOn unknown param ${dep.param}`);
      checkParentKeys(where, parent, [...Object.keys(dep.choices), ...Object.keys(dep.defaults ?? {})]);
      for (const [k, list] of Object.entries(dep.choices)) {
        if (list.length === 0) throw new Error(`${where}: no choices for ${dep.param}=${k}`);
        for (const c of list) if (!spec.choices.includes(c)) throw new Error(`${where}: "${c}" (for ${dep.param}=${k}) is not in choices`);
      }
      for (const [k, d] of Object.entries(dep.defaults ?? {})) {
        const list = own(dep.choices, k) ?? spec.choices;
        if (!list.includes(d)) throw new Error(`${where}: default "${d}" for ${dep.param}=${k} is not among its choices`);
      }
    }
  } else if (spec.type === 'bool') {
    if (typeof spec.default !== 'boolean') throw new Error(`${where}: default must be a boolean`);
  } else if (isListSpec(spec)) {
    const int = spec.type === 'int-list';
    if (!Number.isFinite(spec.min) || !Number.isFinite(spec.max) || spec.min > spec.max) throw new Error(`${where}: bad item range`);
    if (!Number.isInteger(spec.minLength) || !Number.isInteger(spec.maxLength) || spec.minLength < 0 || spec.minLength > spec.maxLength) {
      throw new Error(`${where}: bad length range`);
    }
    const d = spec.default;
    if (d.length < spec.minLength || d.length > spec.maxLength) throw new Error(`${where}: default has the wrong length`);
    for (const x of d) {
      if (!Number.isFinite(x) || x < spec.min || x > spec.max || (int && !Number.isInteger(x))) throw new Error(`${where}: default item ${x} is invalid`);
    }
    if (spec.unique && new Set(d).size !== d.length) throw new Error(`${where}: default has duplicates`);
    if (spec.sorted && d.some((x, i) => i > 0 && x < d[i - 1])) throw new Error(`${where}: default is not sorted`);
  } else if (spec.type === 'choice-list') {
    if (spec.choices.length === 0) throw new Error(`${where}: no choices`);
    if (new Set(spec.choices).size !== spec.choices.length) throw new Error(`${where}: duplicate choices`);
    for (const c of spec.choices) if (!CHOICE_RE.test(c)) throw new Error(`${where}: choice "${c}" must match ${CHOICE_RE}`);
    if (!Number.isInteger(spec.minLength) || spec.minLength < 0 || spec.minLength > spec.choices.length) throw new Error(`${where}: bad minLength`);
    if (spec.default.length < spec.minLength || new Set(spec.default).size !== spec.default.length) throw new Error(`${where}: default has too few items or duplicates`);
    for (const c of spec.default) if (!spec.choices.includes(c)) throw new Error(`${where}: default item "${c}" is not a choice`);
    if (spec.default.some((c, i) => i > 0 && spec.choices.indexOf(c) < spec.choices.indexOf(spec.default[i - 1]))) throw new Error(`${where}: default is not in choices order`);
  } else if (spec.type === 'names') {
    for (const n of spec.default) {
      if (byName.get(n)?.name !== n) throw new Error(`${where}: default names unknown param ${n}`);
    }
  } else {
    throw new Error(`${where}: unknown type ${(spec as { type: unknown }).type}`);
  }
}

/** What a choice param is written with: its options once, in order, each with its label. */
type ChoiceParamSpec<N extends string, C extends string> = Omit<ChoiceSpec, 'type' | 'name' | 'default' | 'choices' | 'choiceLabels'> & {
  name: N;
  default: NoInfer<C>;
  options: Readonly<Record<C, string>>;
};

/**
 * A choice param from its options, each written once with its label: `choices` (in the options'
 * order) and `choiceLabels` follow from them, so the two cannot disagree. Option names that read as
 * whole numbers ('0', '1') are ordered first by JavaScript; give those `choices` by hand instead.
 */
export function choiceParam<const N extends string, const C extends string>(
  spec: ChoiceParamSpec<N, C>,
): Omit<ChoiceParamSpec<N, C>, 'options' | 'default'> & { type: 'choice'; default: C; choices: readonly C[]; choiceLabels: Readonly<Record<C, string>> } {
  const { options, ...rest } = spec;
  const choices: C[] = [];
  for (const c in options) choices.push(c);
  return { ...rest, type: 'choice', choices, choiceLabels: options };
}

/**
 * Build a schema. Throws (a programming error, at module load) on duplicate names or aliases,
 * bad names, defaults outside their range or choices, dependsOn an unknown param, or a cycle.
 */
export function defineSchema<const P extends readonly ParamSpec[]>(params: P): Schema<ValuesOf<P>> {
  const byName = new Map<string, ParamSpec>();
  const lowerSeen = new Set<string>();
  for (const spec of params) {
    for (const key of [spec.name, ...(spec.aliases ?? [])]) {
      // Object.prototype names would confuse `values[name]` lookups in consumers.
      if (!NAME_RE.test(key) || key in Object.prototype) throw new Error(`defineSchema: bad param name or alias "${key}"`);
      // Case-insensitive: HTML lower-cases attribute names, so "nHidden" and "nhidden" would collide.
      if (lowerSeen.has(key.toLowerCase())) throw new Error(`defineSchema: duplicate param name or alias "${key}"`);
      lowerSeen.add(key.toLowerCase());
      byName.set(key, spec);
    }
  }
  for (const spec of params) checkSpec(spec, byName);
  if (!topoOrder(params)) throw new Error('defineSchema: dependsOn forms a cycle');
  const schema: Schema<ValuesOf<P>> = { params: Object.freeze([...params]), byName };
  internals(schema);
  return schema;
}

// ---------------------------------------------------------------------------------------------
// Resolution of dependent ranges and choices

function parentKey(dep: { param: string } | undefined, values: Values): string | undefined {
  if (!dep || !Object.hasOwn(values, dep.param)) return undefined;
  const v = values[dep.param];
  return Array.isArray(v) ? v.join(',') : String(v);
}

export function rangeFor(spec: NumberSpec, values: Values): { min: number; max: number; default: number } {
  const r = own(spec.dependsOn?.ranges, parentKey(spec.dependsOn, values));
  let min = r?.min ?? spec.min;
  let max = r?.max ?? spec.max;
  let def = r?.default ?? spec.default;
  if (spec.rangeWhen && spec.rangeWhen.params.every((n) => Object.hasOwn(values, n))) {
    // a computed range narrows the declared one and never leaves it, so a bad function cannot widen the contract
    const w = spec.rangeWhen.range(values);
    if (w.min !== undefined && Number.isFinite(w.min)) min = clamp(w.min, min, max);
    if (w.max !== undefined && Number.isFinite(w.max)) max = clamp(w.max, min, max);
    if (w.default !== undefined && Number.isFinite(w.default)) def = w.default;
    if (spec.type === 'int') [min, max] = [Math.ceil(min), Math.floor(max)];
    if (max < min) max = min;
    def = clamp(def, min, max);
  }
  return { min, max, default: def };
}

/** Whether a param re-evaluates without training, for these values of the others. */
export function isLive(spec: ParamSpec, values: Values): boolean {
  return spec.liveWhen ? spec.liveWhen(values) : !!spec.live;
}

/** Whether a param gets a control at all (view and url-only params are set by URLs, attributes and props). */
export function hasControl(spec: ParamSpec): boolean {
  return spec.role === undefined;
}

/** Whether a param's control shows for these values of the others. */
export function isVisible(spec: ParamSpec, values: Values): boolean {
  return hasControl(spec) && (spec.visibleWhen ? spec.visibleWhen(values) : true);
}

export function choicesFor(spec: ChoiceSpec, values: Values): readonly string[] {
  return own(spec.dependsOn?.choices, parentKey(spec.dependsOn, values)) ?? spec.choices;
}

function choiceDefault(spec: ChoiceSpec, values: Values): string {
  const list = choicesFor(spec, values);
  const d = own(spec.dependsOn?.defaults, parentKey(spec.dependsOn, values));
  if (d !== undefined && list.includes(d)) return d;
  return list.includes(spec.default) ? spec.default : list[0];
}

/** " for data=birdstrikes" when the parent's value changed this param's range or choices. */
function dependsContext(spec: NumberSpec | ChoiceSpec, values: Values): string {
  const dep = spec.dependsOn;
  const key = parentKey(dep, values);
  if (!dep || key === undefined) return '';
  const table: Record<string, unknown> = 'ranges' in dep ? dep.ranges : dep.choices;
  return Object.hasOwn(table, key) ? ` for ${dep.param}=${safeText(key)}` : '';
}

function defaultFor(spec: ParamSpec, values: Values): ParamValue {
  if (isNumberSpec(spec)) return rangeFor(spec, values).default;
  if (spec.type === 'choice') return choiceDefault(spec, values);
  if (spec.type === 'bool') return spec.default;
  return [...spec.default] as ParamValue;
}

/** Default values, with dependent params resolved against their parents' defaults. */
export function defaults<S extends Schema>(schema: S): SchemaValues<S> {
  const vals: Values = {};
  for (const spec of internals(schema).order) vals[spec.name] = defaultFor(spec, vals);
  return inSchemaOrder(schema, vals);
}

/** Complete values in schema order: the one place parsed values take their schema's type. */
function inSchemaOrder<S extends Schema>(schema: S, vals: Values): SchemaValues<S> {
  const out: Values = {};
  for (const spec of schema.params) if (Object.hasOwn(vals, spec.name)) out[spec.name] = vals[spec.name];
  return out as SchemaValues<S>;
}

// ---------------------------------------------------------------------------------------------
// Coercion of one raw value (string from a URL or attribute, or a typed value from a prop or control)

interface Coerced {
  value: ParamValue;
  notes: string[];
}

type ParsedNumber = number | 'empty' | 'long' | 'nan';

function parseNumber(raw: unknown): ParsedNumber {
  if (typeof raw === 'number') return Number.isFinite(raw) ? raw : 'nan';
  if (typeof raw !== 'string') return 'nan';
  const s = raw.trim();
  if (s === '') return 'empty';
  if (s.length > 64) return 'long';
  if (!NUMBER_RE.test(s)) return 'nan';
  const v = Number(s);
  return Number.isFinite(v) ? v : 'nan'; // "1e999" parses to Infinity
}

function whyNotNumber(p: Exclude<ParsedNumber, number>, raw: unknown): string {
  if (p === 'empty') return 'no value given';
  if (p === 'long') return 'the value is too long';
  return `${describeGiven(raw)} is not a finite number`;
}

function coerceNumber(spec: NumberSpec, raw: unknown, values: Values): Coerced {
  const { min, max, default: def } = rangeFor(spec, values);
  const p = parseNumber(raw);
  if (typeof p !== 'number') return { value: def, notes: [`${whyNotNumber(p, raw)} — using the default ${formatNumber(def)}`] };
  const given = describeGiven(raw);
  const ctx = dependsContext(spec, values);
  let v = spec.type === 'int' ? Math.round(p) : roundSig(p, 6); // floats keep 6 digits so URL round trips are exact
  let note = spec.type === 'int' && v !== p ? `${given} is not a whole number — using ${formatNumber(v)}` : undefined;
  if (v < min) {
    v = min;
    note = `${given} is below the minimum ${formatNumber(min)}${ctx} — using ${formatNumber(min)}`;
  } else if (v > max) {
    v = max;
    note = `${given} is above the maximum ${formatNumber(max)}${ctx} — using ${formatNumber(max)}`;
  }
  return { value: v === 0 ? 0 : v, notes: note ? [note] : [] };
}

function coerceChoice(spec: ChoiceSpec, raw: unknown, values: Values): Coerced {
  const list = choicesFor(spec, values);
  const def = choiceDefault(spec, values);
  let s: string | undefined;
  if (typeof raw === 'string') s = raw.trim();
  else if (typeof raw === 'number' && Number.isFinite(raw)) s = compactNumber(raw, Number.isInteger(raw));
  else if (typeof raw === 'boolean') {
    // A typed boolean prop (run={true}) means 1/0 where the choices are 1/0.
    s = String(raw);
    if (!list.includes(s) && list.includes(raw ? '1' : '0')) s = raw ? '1' : '0';
  }
  if (s === '') return { value: def, notes: [`no value given — using the default ${def}`] };
  if (s !== undefined && s.length <= 200) {
    if (list.includes(s)) return { value: s, notes: [] };
    const lower = s.toLowerCase();
    const ci = list.find((c) => c.toLowerCase() === lower);
    if (ci !== undefined) return { value: ci, notes: [] }; // case slips are not worth a notice
    const ctx = dependsContext(spec, values);
    if (ctx && spec.choices.some((c) => c.toLowerCase() === lower)) {
      return { value: def, notes: [`${describeGiven(s)} is not available${ctx} — using ${def}`] };
    }
  }
  const shown = s === undefined ? 'the given value' : s.length > 200 ? 'the value given' : `“${safeText(s)}”`;
  return { value: def, notes: [`${shown} is not one of ${list.join(', ')} — using the default ${def}`] };
}

function coerceBool(spec: BoolSpec, raw: unknown): Coerced {
  if (typeof raw === 'boolean') return { value: raw, notes: [] };
  if (raw === 1 || raw === 0) return { value: raw === 1, notes: [] };
  if (typeof raw === 'string' && raw.length <= 16) {
    const s = raw.trim().toLowerCase();
    if (TRUE_WORDS.has(s)) return { value: true, notes: [] };
    if (FALSE_WORDS.has(s)) return { value: false, notes: [] };
  }
  return {
    value: spec.default,
    notes: [`${describeGiven(raw)} is not on or off (1/0, true/false, yes/no, on/off) — using the default ${spec.default ? 'on' : 'off'}`],
  };
}

function splitList(raw: unknown): unknown[] | string {
  if (Array.isArray(raw)) return raw.length > MAX_RAW_LENGTH ? 'the list is too long' : raw;
  if (typeof raw === 'number') return [raw];
  if (typeof raw !== 'string') return `${describeGiven(raw)} is not a comma-separated list`;
  if (raw.length > MAX_RAW_LENGTH) return 'the value is too long';
  const s = raw.trim();
  return s === '' ? [] : s.split(',');
}

function coerceList(spec: ListSpec, raw: unknown): Coerced {
  const int = spec.type === 'int-list';
  const def = [...spec.default];
  const items = splitList(raw);
  if (typeof items === 'string') return { value: def, notes: [`${items} — using the default ${formatList(def)}`] };
  const out: number[] = [];
  const notes: string[] = [];
  const extra: string[] = [];
  for (const item of items) {
    const p = parseNumber(item);
    if (typeof p !== 'number') {
      notes.push(p === 'empty' ? 'an empty item — dropped' : `item ${describeGiven(item)} is not a number — dropped`);
      continue;
    }
    let v = int ? Math.round(p) : roundSig(p, 6);
    const given = describeGiven(item);
    if (v < spec.min) {
      notes.push(`item ${given} is below the minimum ${formatNumber(spec.min)} — using ${formatNumber(spec.min)}`);
      v = spec.min;
    } else if (v > spec.max) {
      notes.push(`item ${given} is above the maximum ${formatNumber(spec.max)} — using ${formatNumber(spec.max)}`);
      v = spec.max;
    } else if (int && v !== p) {
      notes.push(`item ${given} is not a whole number — using ${formatNumber(v)}`);
    }
    v = v === 0 ? 0 : v;
    if (spec.unique && out.includes(v)) {
      notes.push(`duplicate item ${formatNumber(v)} — dropped`);
      continue;
    }
    if (out.length >= spec.maxLength) extra.push(formatNumber(v));
    else out.push(v);
  }
  if (extra.length) {
    const shown = extra.length <= 8 ? extra.join(', ') : `the last ${extra.length}`;
    notes.push(`at most ${plural(spec.maxLength, 'item')} — dropped ${shown}`);
  }
  if (spec.sorted && out.some((x, i) => i > 0 && x < out[i - 1])) {
    out.sort((a, b) => a - b);
    notes.push('items sorted in increasing order');
  }
  if (out.length < spec.minLength) {
    notes.push(`needs at least ${plural(spec.minLength, 'item')} — using the default ${formatList(def)}`);
    return { value: def, notes: capNotes(notes) };
  }
  return { value: out, notes: capNotes(notes) };
}

function coerceChoiceList(spec: ChoiceListSpec, raw: unknown): Coerced {
  const def = [...spec.default];
  const items = splitList(raw);
  if (typeof items === 'string') return { value: def, notes: [`${items} — using the default ${formatList(def)}`] };
  const found = new Set<string>();
  const notes: string[] = [];
  for (const item of items) {
    const s = typeof item === 'string' ? item.trim() : typeof item === 'number' ? String(item) : '';
    if (s === '' && typeof item === 'string') continue; // "a,,b" is harmless
    const c = spec.choices.find((x) => x.toLowerCase() === s.toLowerCase());
    if (c === undefined) notes.push(`item ${describeGiven(item)} is not one of ${spec.choices.join(', ')} — dropped`);
    else if (found.has(c)) notes.push(`duplicate item ${c} — dropped`);
    else found.add(c);
  }
  const out = spec.choices.filter((c) => found.has(c));
  if (out.length < spec.minLength) {
    notes.push(`needs at least ${plural(spec.minLength, 'item')} — using the default ${formatList(def)}`);
    return { value: def, notes: capNotes(notes) };
  }
  return { value: out, notes: capNotes(notes) };
}

function coerceNames(schema: Schema, raw: unknown): Coerced {
  let items: unknown[];
  if (Array.isArray(raw)) items = raw.slice(0, MAX_RAW_LENGTH);
  else if (typeof raw === 'string' && raw.length <= MAX_RAW_LENGTH) items = raw.split(',');
  else return { value: [], notes: [`${typeof raw === 'string' ? 'the value is too long' : describeGiven(raw) + ' is not a list of names'} — using none`] };
  const found = new Set<string>();
  const notes: string[] = [];
  for (const item of items) {
    const s = typeof item === 'string' ? item.trim() : '';
    if (s === '' && typeof item === 'string') continue; // "a,,b" and "" are harmless
    const spec = s ? lookup(schema, s) : undefined;
    if (spec) found.add(spec.name);
    else notes.push(`${describeGiven(item)} is not a parameter here — dropped`);
  }
  // Schema order makes the serialised form canonical.
  return { value: schema.params.filter((p) => found.has(p.name)).map((p) => p.name), notes: capNotes(notes) };
}

function coerce(schema: Schema, spec: ParamSpec, raw: unknown, values: Values): Coerced {
  if (isNumberSpec(spec)) return coerceNumber(spec, raw, values);
  if (spec.type === 'choice') return coerceChoice(spec, raw, values);
  if (spec.type === 'bool') return coerceBool(spec, raw);
  if (isListSpec(spec)) return coerceList(spec, raw);
  if (spec.type === 'choice-list') return coerceChoiceList(spec, raw);
  return coerceNames(schema, raw);
}

// ---------------------------------------------------------------------------------------------
// Parsing, setting, serialising

function* entriesOf(input: unknown): Generator<[string, unknown]> {
  if (input === null || typeof input !== 'object') return;
  if (typeof (input as Iterable<unknown>)[Symbol.iterator] === 'function') {
    for (const e of input as Iterable<unknown>) {
      if (Array.isArray(e) && typeof e[0] === 'string' && e[1] !== null && e[1] !== undefined) yield [e[0], e[1]];
    }
    return;
  }
  // Own keys only: a JSON "__proto__" key is an own property here and is treated as unknown.
  for (const k of Object.keys(input)) {
    const v = (input as Record<string, unknown>)[k];
    if (v !== null && v !== undefined) yield [k, v];
  }
}

/** An attribute of the host element itself (class, hidden, data-*, aria-*…), never a param of the lab inside. */
export function isHostAttribute(key: string): boolean {
  const k = key.toLowerCase();
  return HOST_ATTRS.has(k) || k.startsWith('data-') || k.startsWith('aria-');
}

function unknownNotice(key: string): Notice {
  const k = safeKey(key);
  return { param: k, message: `unknown parameter “${k}” ignored` };
}

/**
 * Parse a URL query, element attributes or props into complete, valid values plus notices.
 * Parents are parsed before the params whose range or choices depend on them.
 */
export function parseParams<S extends Schema>(schema: S, input: Input): { values: SchemaValues<S>; notices: Notice[] } {
  const notices: Notice[] = [];
  // Map, not an object: keys come from the user.
  const given = new Map<string, { key: string; raw: unknown; alias: boolean }>();
  let unknown = 0;
  for (const [key, raw] of entriesOf(input)) {
    const spec = lookup(schema, key);
    if (!spec) {
      if (isHostAttribute(key)) continue;
      if (++unknown <= MAX_UNKNOWN_NOTICES) notices.push(unknownNotice(key));
      continue;
    }
    const alias = key.toLowerCase() !== spec.name.toLowerCase();
    const prev = given.get(spec.name);
    const entry = { key, raw, alias };
    if (!prev) given.set(spec.name, entry);
    else if (prev.alias !== alias) {
      const old = alias ? key : prev.key;
      notices.push({ param: spec.name, message: `${spec.name}: both “${spec.name}” and its old name “${safeKey(old)}” given — using “${spec.name}”` });
      if (!alias) given.set(spec.name, entry);
    } else {
      notices.push({ param: spec.name, message: `${spec.name}: given more than once — using the last value` });
      given.set(spec.name, entry);
    }
  }
  if (unknown > MAX_UNKNOWN_NOTICES) {
    notices.push({ param: '_', message: `${plural(unknown - MAX_UNKNOWN_NOTICES, 'more unknown parameter')} ignored` });
  }
  const values: Values = {};
  for (const spec of internals(schema).order) {
    const g = given.get(spec.name);
    if (!g) {
      values[spec.name] = defaultFor(spec, values);
      continue;
    }
    const r = coerce(schema, spec, g.raw, values);
    values[spec.name] = r.value;
    const label = g.alias ? `${spec.name} (given as ${safeKey(g.key)})` : spec.name;
    for (const m of r.notes) notices.push({ param: spec.name, message: `${label}: ${m}` });
  }
  return { values: inSchemaOrder(schema, values), notices };
}

/** A schema's values from a typed partial: what a test or a lab's own code passes instead of URL text. */
export function valuesFor<S extends Schema>(schema: S, partial: Partial<SchemaValues<S>> = {}): SchemaValues<S> {
  return parseParams(schema, Object.entries(partial).map(([k, v]): [string, string] => [k, Array.isArray(v) ? v.join(',') : String(v)])).values;
}

/** Missing or wrongly typed entries are replaced by defaults, so callers can pass partial values. */
function completeValues(schema: Schema, values: Values): Values {
  const out: Values = {};
  for (const spec of internals(schema).order) {
    const v = Object.hasOwn(values, spec.name) ? values[spec.name] : undefined;
    const def = defaultFor(spec, out);
    out[spec.name] = v !== undefined && toText(spec, v) !== undefined ? copyValue(v) : def;
  }
  return out;
}

/** Params whose range or choices depend, directly or not, on `name`. */
function dependentsOf(schema: Schema, name: string): Set<string> {
  const found = new Set<string>([name]);
  for (const spec of internals(schema).order) {
    if (parentsOf(spec).some((p) => found.has(p))) found.add(spec.name);
  }
  found.delete(name);
  return found;
}

/** Set one param from a control (typed or string input), re-validating params that depend on it. */
export function setParam<S extends Schema>(schema: S, values: SchemaValues<S>, name: string, raw: unknown): { values: SchemaValues<S>; notices: Notice[] } {
  const before = completeValues(schema, values);
  const spec = lookup(schema, name);
  if (!spec) return { values: inSchemaOrder(schema, before), notices: [unknownNotice(name)] };
  const out: Values = { ...before };
  const notices: Notice[] = [];
  const r = coerce(schema, spec, raw, out);
  out[spec.name] = r.value;
  for (const m of r.notes) notices.push({ param: spec.name, message: `${spec.name}: ${m}` });
  const affected = dependentsOf(schema, spec.name);
  for (const child of internals(schema).order) {
    if (!affected.has(child.name)) continue;
    const cur = out[child.name];
    // A child still at its old default follows the new default: that is not a correction.
    if (sameValue(cur, defaultFor(child, before))) {
      out[child.name] = defaultFor(child, out);
      continue;
    }
    const c = coerce(schema, child, cur, out);
    out[child.name] = c.value;
    for (const m of c.notes) notices.push({ param: child.name, message: `${child.name}: ${m}` });
  }
  return { values: inSchemaOrder(schema, out), notices };
}

/** URL text for a value, or undefined when the value has the wrong type for the spec. */
function toText(spec: ParamSpec, v: ParamValue): string | undefined {
  if (isNumberSpec(spec)) return typeof v === 'number' && Number.isFinite(v) ? compactNumber(v, spec.type === 'int') : undefined;
  if (spec.type === 'choice') return typeof v === 'string' && spec.choices.includes(v) ? v : undefined;
  if (spec.type === 'bool') return typeof v === 'boolean' ? (v ? '1' : '0') : undefined;
  if (!Array.isArray(v)) return undefined;
  if (spec.type === 'choice-list') {
    const items = v as unknown[];
    return items.every((x) => typeof x === 'string' && spec.choices.includes(x)) ? items.join(',') : undefined;
  }
  if (isListSpec(spec)) {
    const nums = v as unknown[];
    if (!nums.every((x) => typeof x === 'number' && Number.isFinite(x))) return undefined;
    return (nums as number[]).map((x) => compactNumber(x, spec.type === 'int-list')).join(',');
  }
  const names = v as unknown[];
  return names.every((x) => typeof x === 'string' && NAME_RE.test(x)) ? names.join(',') : undefined;
}

/**
 * Values to URL params: canonical names, schema order, only non-default values unless `full`.
 * Floats are written to 6 significant digits, so no 0.30000000000000004.
 */
export function serializeParams(schema: Schema, values: Values, opts: { full?: boolean; omit?: readonly string[] } = {}): URLSearchParams {
  const out = new URLSearchParams();
  const omit = new Set(opts.omit ?? []);
  for (const spec of schema.params) {
    if (omit.has(spec.name)) continue;
    const v = Object.hasOwn(values, spec.name) ? values[spec.name] : undefined;
    const defText = toText(spec, defaultFor(spec, values));
    const text = v === undefined ? undefined : toText(spec, v);
    // Compare the written forms, so 0.1 + 0.2 counts as the default 0.3.
    if (text !== undefined && (opts.full || text !== defText)) out.set(spec.name, text);
    else if (text === undefined && opts.full && defText !== undefined) out.set(spec.name, defText);
  }
  return out;
}

/** Query string without %2C: commas are legal in a query and keep lists readable. */
export function queryString(params: URLSearchParams): string {
  return params.toString().replace(/%2C/gi, ',');
}

// ---------------------------------------------------------------------------------------------
// Display and docs

function formatList(v: readonly (number | string)[]): string {
  // Items are not digit-grouped so "1,000" cannot be misread as two items.
  return v.length === 0 ? 'none' : v.map((x) => (typeof x === 'number' ? String(roundSig(x, 6)) : x)).join(', ');
}

/** A value as plain display text (never HTML). */
export function formatValue(spec: ParamSpec, v: ParamValue): string {
  if (spec.type === 'choice-list' && Array.isArray(v)) return v.length ? (v as string[]).map((c) => own(spec.choiceLabels, c) ?? c).join(', ') : 'none';
  if (Array.isArray(v)) return formatList(v);
  if (typeof v === 'number') return formatNumber(v);
  if (typeof v === 'boolean') return v ? 'on' : 'off';
  if (spec.type === 'choice') return own(spec.choiceLabels, v) ?? v;
  return safeText(String(v), 60);
}

function numberRangeText(min: number, max: number, log?: boolean): string {
  return `${formatNumber(min)} – ${formatNumber(max)}${log ? ' (log)' : ''}`;
}

function rangeText(spec: ParamSpec): string {
  if (isNumberSpec(spec)) return numberRangeText(spec.min, spec.max, spec.log);
  if (spec.type === 'choice') return spec.choices.join(' | ');
  if (spec.type === 'bool') return 'on | off (1/0, true/false, yes/no, on/off; an empty attribute means on)';
  if (spec.type === 'choice-list') return `any of ${spec.choices.join(' | ')}, comma-separated${spec.minLength ? ` (at least ${spec.minLength})` : ''}`;
  if (isListSpec(spec)) {
    const what = spec.type === 'int-list' ? 'whole numbers' : 'numbers';
    return `${spec.minLength} – ${spec.maxLength} ${what}, comma-separated, each ${numberRangeText(spec.min, spec.max)}`;
  }
  return "comma-separated names of this simulation's parameters";
}

function dependsText(spec: ParamSpec): string | undefined {
  if (isNumberSpec(spec) && spec.dependsOn) {
    const parent = spec.dependsOn.param;
    const parts = Object.keys(spec.dependsOn.ranges).map((k) => {
      const { min, max, default: d } = rangeFor(spec, { [parent]: k });
      return `${k} → ${numberRangeText(min, max)}, default ${formatNumber(d)}`;
    });
    return `depends on ${parent}: ${parts.join('; ')}`;
  }
  if (spec.type === 'choice' && spec.dependsOn) {
    const dep = spec.dependsOn;
    const keys = [...new Set([...Object.keys(dep.choices), ...Object.keys(dep.defaults ?? {})])];
    const parts = keys.map((k) => {
      const vals = { [dep.param]: k };
      return `${k} → ${choicesFor(spec, vals).join(' | ')} (default ${choiceDefault(spec, vals)})`;
    });
    return `depends on ${dep.param}: ${parts.join('; ')}`;
  }
  return undefined;
}

/** One entry per param, in schema order, for a docs page. */
export function describeSchema(schema: Schema): ParamDoc[] {
  return schema.params.map((spec) => {
    const doc: ParamDoc = {
      name: spec.name,
      type: spec.type,
      range: rangeText(spec),
      // Choices show the token you type in a URL, not the display label.
      default: spec.type === 'choice' ? spec.default : spec.type === 'choice-list' ? spec.default.join(',') : formatValue(spec, defaultFor(spec, {})),
      help: spec.help,
      label: spec.label,
      aliases: [...(spec.aliases ?? [])],
      live: !!spec.live,
      advanced: !!spec.advanced,
    };
    const dep = dependsText(spec);
    if (dep) doc.dependsOn = dep;
    return doc;
  });
}

// ---------------------------------------------------------------------------------------------
// Sliders

/** Map a value to a 0..SLIDER_MAX position, honouring log scale and the current dependent range. */
export function toSlider(spec: NumberSpec, v: number, values: Values): number {
  const { min, max } = rangeFor(spec, values);
  if (!(max > min) || !Number.isFinite(v)) return 0;
  const x = clamp(v, min, max);
  const t = spec.log ? Math.log(x / min) / Math.log(max / min) : (x - min) / (max - min);
  return Math.round(clamp(t, 0, 1) * SLIDER_MAX);
}

/** Map a slider position back to a value: ends exact, ints whole, others rounded to readable digits. */
export function fromSlider(spec: NumberSpec, pos: number, values: Values): number {
  const { min, max } = rangeFor(spec, values);
  const p = Number.isFinite(pos) ? clamp(pos, 0, SLIDER_MAX) : 0;
  if (p <= 0 || !(max > min)) return min;
  if (p >= SLIDER_MAX) return max;
  const t = p / SLIDER_MAX;
  let v = spec.log ? min * Math.pow(max / min, t) : min + t * (max - min);
  if (spec.step) v = min + Math.round((v - min) / spec.step) * spec.step;
  if (spec.log) v = roundSig(v, 3); // log sliders: 3 significant digits read well (0.0123, 102,000)
  else if (!spec.step) {
    const decimals = Math.max(0, Math.ceil(-Math.log10((max - min) / SLIDER_MAX)));
    v = Number(v.toFixed(Math.min(decimals, 20)));
  }
  v = spec.type === 'int' ? Math.round(v) : roundSig(v, 6);
  return clamp(v, min, max);
}
