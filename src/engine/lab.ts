/**
 * The typed lab contract. A lab is one definition (`defineLab`: id, texts, params schema, metric
 * catalogue, the shape of its snapshots and result), one scenario (`defineRun`: executed in the
 * engine worker) and one results adapter (`defineResults`: what its view draws and exports).
 * Types flow from the schema and the catalogue, so `values.threshold` is a number, a snapshot is
 * typed by its kind and a misspelt metric name does not compile. Pure TypeScript: no DOM, no Svelte.
 */
import { parseParams, type Schema, type SchemaValues } from './params';
import type { JobContext, JobFn } from './job';
import type { Snapshot } from './protocol';
import { seedsOf, type Repeated } from './spread';

/**
 * How a metric's number reads: a fraction in [0, 1], a count, money, a loss, a plain number, a duration,
 * or a fraction in [0, 1] shown as a whole percentage ("42 %": a share of money, not a score).
 */
export type MetricKind = 'rate' | 'count' | 'money' | 'loss' | 'number' | 'ms' | 'percent';

/** One metric, declared once: its label, how it reads, and why it can be undefined. */
export interface MetricSpec {
  label: string;
  kind: MetricKind;
  /** why the value is undefined when it is ("—" with this as its tooltip) */
  why?: string;
  /** true: higher is better; false: lower is better; absent: neither (a count, a threshold) */
  higherIsBetter?: boolean;
  /** a short explanation shown as the number's tooltip */
  hint?: string;
  /** a change rather than a level: shown with its sign ("+0.089", "−0.029") */
  signed?: boolean;
  /**
   * Only some runs have it (one part of a lab, a run with a spam wave): absent from those runs'
   * metrics, screen and export, rather than undefined ("—") in them.
   */
  optional?: boolean;
}
export type MetricCatalogue = Readonly<Record<string, MetricSpec>>;
/** The names of a catalogue's optional metrics. */
type OptionalNames<M extends MetricCatalogue> = { [K in keyof M]: M[K] extends { optional: true } ? K : never }[keyof M];
/** A catalogue's values, flat: name → number, or null where undefined; optional metrics may be absent. */
export type MetricValues<M extends MetricCatalogue> = { [K in Exclude<keyof M, OptionalNames<M>>]: number | null } & {
  [K in OptionalNames<M>]?: number | null;
};

/** What a lab's scenario sends: snapshots by their kind during the run, and its final result. */
export interface LabShape {
  snapshots: Record<string, object>;
  result: object;
}

export interface LabBase {
  id: string;
  title: string;
  /** the one-line question the lab answers */
  question: string;
  schema: Schema;
  metrics: MetricCatalogue;
}

/** A lab definition, carrying its snapshot and result types for inference only. */
export type Lab<D extends LabBase = LabBase, Sh extends LabShape = LabShape> = D & { readonly shape?: Sh };

export type LabValues<L extends Lab> = SchemaValues<L['schema']>;
export type LabMetrics<L extends Lab> = MetricValues<L['metrics']>;
export type LabMetricName<L extends Lab> = keyof L['metrics'] & string;
export type LabSnapshots<L extends Lab> = NonNullable<L['shape']>['snapshots'];
export type LabResult<L extends Lab> = NonNullable<L['shape']>['result'];

/**
 * Define a lab: `defineLab<{ snapshots: {...}; result: R }>()({ id, title, question, schema, metrics })`.
 * (Curried so the shape is given and the rest inferred.)
 */
export function defineLab<Sh extends LabShape>() {
  return <const D extends LabBase>(def: D): Lab<D, Sh> => def;
}

/** The context a scenario runs in: the engine's, with `emit` typed by snapshot kind. */
export interface LabRunContext<S extends Record<string, object>> extends Omit<JobContext, 'emit'> {
  /** send a snapshot of one kind to the view; its typed arrays are transferred, so never reuse them after */
  emit<K extends keyof S & string>(kind: K, snapshot: S[K]): void;
}

/**
 * A lab's job: raw params in (a URL's text or typed values), parsed by the lab's schema; its typed
 * result out, with the further seeds' results when `seeds` > 1.
 */
export type LabJob<L extends Lab> = (params: Record<string, unknown>, ctx: JobContext) => Promise<LabResult<L> & { kind: 'result' } & Partial<Repeated<LabResult<L>>>>;

/**
 * A lab's scenario as the engine's job registry runs it: raw params in, parsed by the lab's schema,
 * typed. With `seeds` = n > 1 the same params run again for the next n − 1 seeds, one after the
 * other: those runs send no snapshots of their own (only a `repeat` progress snapshot before each)
 * and leave the runner's carry slot to the run of the seed asked for.
 */
export function defineRun<L extends Lab>(
  lab: L,
  run: (params: LabValues<L>, ctx: LabRunContext<LabSnapshots<L>>) => Promise<LabResult<L>>,
): LabJob<L> & JobFn {
  return async (raw, ctx) => {
    const values: LabValues<L> = parseParams(lab.schema, raw).values;
    const result = await run(values, { ...ctx, emit: (kind, snapshot) => ctx.emit(withKind(snapshot, kind)) });
    const seeds = seedsOf(values);
    if (seeds.length < 2) return { ...result, kind: 'result' };
    const repeats: LabResult<L>[] = [];
    for (let i = 1; i < seeds.length; i++) {
      ctx.emit({ kind: 'repeat', done: i - 1, of: seeds.length - 1, seed: seeds[i] });
      const again: LabValues<L> = parseParams(lab.schema, { ...raw, seed: seeds[i], seeds: 1 }).values;
      repeats.push(await run(again, { ...ctx, carry: undefined, emit: () => {} }));
    }
    ctx.emit({ kind: 'repeat', done: seeds.length - 1, of: seeds.length - 1, seed: seeds[seeds.length - 1] });
    return { ...result, kind: 'result', seedRuns: { seeds, results: repeats } };
  };
}

/** A snapshot as the protocol carries it: plain data with its kind. */
function withKind(snapshot: object, kind: string): Snapshot {
  return { ...snapshot, kind };
}

/** The least a results view holds: the flat metrics at the current params. */
export interface ViewBase {
  metrics: Record<string, number | null>;
}

export type Series = Record<string, { x: ArrayLike<number>; y: ArrayLike<number> }>;

/** One cell of an exported table: plain values only. */
export type Cell = string | number | null;
/**
 * A named table a lab exports beside its series (a project log): each becomes a key of the results
 * JSON (so it must not be one of the JSON's own keys) and a CSV of its own (`data-export="<name>-csv"`).
 */
export type Tables = Record<string, { label: string; columns: readonly string[]; rows: readonly Record<string, Cell>[] }>;

/**
 * What the shared frame needs from a lab's results, so export, events and pinned runs need no lab code.
 * `view` derives everything the View draws from a result and the params (live ones included): the
 * controller memoises it for the current and the pinned run, so Views only draw.
 */
export interface LabResults<L extends Lab = Lab, D extends ViewBase = ViewBase> {
  lab: L;
  view(result: LabResult<L>, values: LabValues<L>): D;
  /** named series for export, each { x, y } */
  series(result: LabResult<L>, view: D, live: Partial<LabSnapshots<L>>): Series;
  /** the exact, unrounded values the metrics were computed from (the view: those of the part on screen) */
  predictions(result: LabResult<L>, view: D): Record<string, unknown>;
  /** tables it exports (absent: none) */
  tables?(result: LabResult<L>, view: D): Tables;
}

/**
 * A lab's results adapter. Its view's `metrics` must hold every metric of the catalogue (a missing or
 * misspelt one does not compile); annotate the function that builds them with `LabMetrics<typeof lab>`
 * so an undeclared extra one does not compile either.
 */
export function defineResults<L extends Lab, D extends ViewBase & { metrics: LabMetrics<L> }>(lab: L, adapter: Omit<LabResults<L, D>, 'lab'>): LabResults<L, D> {
  return { lab, view: adapter.view, series: adapter.series, predictions: adapter.predictions, tables: adapter.tables };
}
