import { getContext, onDestroy, setContext } from 'svelte';
import { isLive, parseParams, serializeParams, setParam, queryString, type Notice } from '../engine/params';
import type { BackendReport } from '../engine/backend';
import type { RunHandle } from '../engine/client';
import type { Lab, LabMetrics, LabResult, LabResults, LabSnapshots, LabValues, Series, Tables, ViewBase } from '../engine/lab';
import { version } from '../../package.json';
import { labHost } from './host';
import { seedRunsOf, spreadOf, type Spread } from '../engine/spread';

export type SimState = 'idle' | 'running' | 'paused' | 'done' | 'error';
export type Metrics = Record<string, number | null>;

/** A run kept beside the current one: its params, result and what its view derived, fixed at pin time. */
export interface PinnedRun<L extends Lab, D extends ViewBase> {
  values: LabValues<L>;
  result: LabResult<L>;
  live: Partial<LabSnapshots<L>>;
  view: D;
  backend: BackendReport | null;
}

export interface ControllerOptions<L extends Lab, D extends ViewBase> {
  results: LabResults<L, D>;
  /** raw params: a URL query string, element attributes or a lesson's props */
  input: string | Record<string, string | number | boolean | null | undefined>;
  /** site pages keep the URL in step with the params */
  syncUrl?: boolean;
  onEvent?: (type: 'state' | 'done', detail: Record<string, unknown>) => void;
}

/** Whoever embeds a lab (embed.html, <mlsd-sim>) and needs the controller its View creates, e.g. to start it once visible. */
export interface SimHost {
  attach(sim: SimController): void;
}
const SIM_HOST = Symbol('mlsd:sim-host');

/** Call while a component initialises: every lab's controller created below it attaches to `host`. */
export function provideSimHost(host: SimHost): void {
  setContext(SIM_HOST, host);
}

function simHostInContext(): SimHost | undefined {
  try {
    return getContext<SimHost | undefined>(SIM_HOST);
  } catch {
    return undefined; // created outside a component (unit tests): nobody to attach to
  }
}

/**
 * Holds the controller's options before its fields initialise: a subclass's field initialisers run
 * right after `super()`, so the params can be parsed from the options there (a class's own
 * initialisers run before its constructor body, where `this.opts` would still be unset).
 */
class WithOptions<L extends Lab, D extends ViewBase> {
  protected readonly opts: ControllerOptions<L, D>;
  constructor(opts: ControllerOptions<L, D>) {
    this.opts = opts;
  }
}

/**
 * The state of one lab on a page: params and their notices, the run state, the latest snapshots,
 * the final result, what the lab's view derives from it, and a pinned run. Views draw it; only this
 * talks to the engine.
 */
export class SimController<L extends Lab = Lab, D extends ViewBase = ViewBase> extends WithOptions<L, D> {
  readonly id: string;
  readonly lab: L;
  readonly schema: L['schema'];
  readonly results: LabResults<L, D>;
  values: LabValues<L> = $state.raw(this.initial().values);
  notices: Notice[] = $state(this.initial().notices);
  state: SimState = $state('idle');
  message = $state('');
  /** merged snapshots of the current run, by their `kind` */
  live: Partial<LabSnapshots<L>> = $state.raw({});
  result: LabResult<L> | null = $state.raw(null);
  /** true when the shown results belong to params that have since changed */
  stale = $state(false);
  backend: BackendReport | null = $state(null);
  pinned: PinnedRun<L, D> | null = $state.raw(null);
  hasRun = $state(false);
  /** `seeds` > 1: the further seeds' results (the result's own seed first in `runSeeds`), and the repeats' progress */
  repeats: LabResult<L>[] = $state.raw([]);
  runSeeds: number[] = $state.raw([]);
  repeat: { done: number; of: number } | null = $state(null);
  private handle: RunHandle | null = null;
  // A run's handle exists only once the engine client has loaded (an await): `ticket` lets a newer
  // run or a reset win over a run still loading, and `queued` keeps a pause, resume or step pressed
  // in that gap, so it reaches the run instead of being lost.
  private ticket = 0;
  private queued: 'pause' | 'resume' | 'step' | null = null;
  // set by the first initial() call, while `values` initialises; only used while the fields initialise
  private parsed?: { values: LabValues<L>; notices: Notice[] };
  /** the page's host (site, embed): how the sim page's URL is written; read while the View initialises */
  private readonly host = labHost();

  constructor(opts: ControllerOptions<L, D>) {
    super(opts);
    this.results = opts.results;
    this.lab = opts.results.lab;
    this.id = this.lab.id;
    this.schema = this.lab.schema;
    simHostInContext()?.attach(this);
  }

  /** the params as parsed from the input, once (read by the field initialisers, after `super()` stored the options) */
  private initial(): { values: LabValues<L>; notices: Notice[] } {
    if (!this.parsed) {
      const input = typeof this.opts.input === 'string' ? new URLSearchParams(this.opts.input) : this.opts.input;
      const values: LabValues<L> = parseParams(this.opts.results.lab.schema, input).values;
      this.parsed = { values, notices: parseParams(this.opts.results.lab.schema, input).notices };
    }
    return this.parsed;
  }

  /** everything the View draws from the result at the current params (live ones included), derived once */
  view: D | null = $derived.by(() => (this.result ? this.results.view(this.result, this.values) : null));
  /** metrics at the current params, or null before a result */
  metrics: LabMetrics<L> | null = $derived.by(() => (this.view ? this.metricsOf(this.view) : null));
  hiddenControls: Set<string> = $derived(new Set(namesIn(this.values, 'hide')));
  locked: Set<string> = $derived(new Set(namesIn(this.values, 'lock')));

  /** each metric's range over the seeds the run repeated over, at the current params; null for a run of one seed */
  spread: Spread | null = $derived.by(() => {
    if (!this.metrics || this.repeats.length === 0) return null;
    const values = this.values;
    return spreadOf(this.runSeeds, [this.metrics, ...this.repeats.map((r) => this.results.view(r, values).metrics)]);
  });
  /** the pinned run's metrics (fixed at pin time) */
  get pinnedMetrics(): LabMetrics<L> | null {
    return this.pinned ? this.metricsOf(this.pinned.view) : null;
  }

  set(name: string, raw: unknown): void {
    const spec = this.schema.byName.get(name);
    if (!spec || this.locked.has(spec.name)) return;
    const before = this.values;
    const r = setParam(this.schema, before, name, raw);
    const changed = JSON.stringify(r.values) !== JSON.stringify(before);
    this.values = r.values;
    // control edits replace that param's old notices
    this.notices = [...this.notices.filter((n) => n.param !== spec.name), ...r.notices];
    if (!changed) return;
    if (spec.role === 'view') {
      // how the lab is shown (presenter mode, hidden or locked controls), not what it computes: results stay
    } else if (!isLive(spec, before)) {
      if (this.state === 'running' || this.state === 'paused') this.cancelRun();
      if (this.result || this.hasRun) this.stale = true;
      this.setState('idle');
    } else if (this.state === 'done' && this.result) {
      this.emitDone();
    }
    this.writeUrl();
  }

  /** a warning about the run (not a param correction), shown once in the notices list */
  warn(param: string, message: string): void {
    if (!this.notices.some((n) => n.param === param && n.message === message)) this.notices = [...this.notices, { param, message }];
  }

  dismissNotice(n: Notice): void {
    this.notices = this.notices.filter((x) => x !== n);
  }

  async run(opts: { stepFirst?: boolean } = {}): Promise<void> {
    this.cancelRun();
    this.live = {};
    this.result = null;
    this.clearRepeats();
    this.stale = false;
    this.message = '';
    this.hasRun = true;
    this.setState(opts.stepFirst ? 'paused' : 'running');
    const ticket = ++this.ticket;
    const { getEngine } = await import('../engine/client');
    if (ticket !== this.ticket) return; // a newer run or a reset came while the client loaded
    const params = Object.fromEntries(serializeParams(this.schema, this.values, { full: true }));
    const handle = getEngine().start(this.id, params, {
      onStarted: (report) => (this.backend = report),
      onSnapshot: (s) => {
        if (this.handle !== handle) return;
        // the further seeds send only their progress; what the View draws is the asked seed's run
        if (s.kind === 'repeat') this.repeat = { done: Number(s.done), of: Number(s.of) };
        else this.live = { ...this.live, [String(s.kind ?? 'progress')]: s };
      },
      onState: (st) => {
        if (this.handle === handle) this.setState(st);
      },
    }, { stepFirst: opts.stepFirst });
    this.handle = handle;
    const queued = this.queued;
    this.queued = null;
    if (queued) handle[queued]();
    const outcome = await handle.outcome;
    if (this.handle !== handle) return;
    this.handle = null;
    if (outcome.ok) {
      const { seedRuns, ...own } = outcome.result;
      const again = seedRunsOf(seedRuns);
      this.result = resultOf<L>(own);
      this.repeats = again.results.map((r) => resultOf<L>(r));
      this.runSeeds = again.seeds;
      this.repeat = null;
      this.setState('done');
      this.emitDone();
    } else if (outcome.reason === 'cancelled') {
      this.setState('idle');
    } else {
      this.message = outcome.message;
      this.setState('error');
    }
  }

  pause(): void {
    if (this.state === 'running') this.send('pause');
  }
  resume(): void {
    if (this.state === 'paused') this.send('resume');
  }
  /** from idle: start and stop after one epoch; while paused: one more epoch */
  step(): void {
    if (this.state === 'paused') this.send('step');
    else if (this.state !== 'running') void this.run({ stepFirst: true });
  }
  /** to the run now, or, while its handle is still on its way, as soon as it arrives */
  private send(action: 'pause' | 'resume' | 'step'): void {
    if (this.handle) this.handle[action]();
    else this.queued = action;
  }
  reset(): void {
    this.cancelRun();
    this.live = {};
    this.result = null;
    this.clearRepeats();
    this.stale = false;
    this.message = '';
    this.setState('idle');
  }
  pin(): void {
    if (!this.result || !this.view) return;
    this.pinned = { values: { ...this.values }, result: this.result, live: this.live, view: this.view, backend: this.backend };
  }
  unpin(): void {
    this.pinned = null;
  }

  /** the named series of the current run, as exported (JSON and CSV) */
  series(): Series | null {
    return this.result && this.view ? this.results.series(this.result, this.view, this.live) : null;
  }

  /** the tables the lab exports beside its series (a project log), at the current params */
  tables(): Tables {
    return this.result && this.view && this.results.tables ? this.results.tables(this.result, this.view) : {};
  }

  /** DESIGN.md's results JSON: what the screen shows, with the exact predictions behind it */
  exportJson(): Record<string, unknown> | null {
    const series = this.series();
    if (!this.result || !this.view || !this.metrics || !series) return null;
    const plain = (a: ArrayLike<number>) => Array.from(a);
    const predictions = Object.fromEntries(
      Object.entries(this.results.predictions(this.result, this.view)).map(([k, v]) => [k, isNumberArray(v) ? plain(v) : v]),
    );
    return {
      sim: this.id,
      version,
      params: { ...this.values },
      backend: this.backend?.name ?? null,
      metrics: this.metrics,
      metric_labels: Object.fromEntries(Object.keys(this.metrics).map((k) => [k, this.lab.metrics[k]?.label ?? k])),
      series: Object.fromEntries(Object.entries(series).map(([k, s]) => [k, { x: plain(s.x), y: plain(s.y) }])),
      predictions,
      ...(this.spread ? { spread: this.spread } : {}),
      ...Object.fromEntries(Object.entries(this.tables()).map(([name, t]) => [name, t.rows])),
    };
  }

  /** the sandbox link's query (every non-default param) */
  query(full = false): string {
    return queryString(serializeParams(this.schema, this.values, { full, omit: ['run'] }));
  }

  destroy(): void {
    this.cancelRun();
  }

  /** a view's metrics in catalogue order, so the screen, the export and `mlsd:done` list them alike */
  private metricsOf(view: D): LabMetrics<L> {
    const all: Metrics = view.metrics;
    const ordered: Metrics = {};
    for (const k of Object.keys(this.lab.metrics)) if (Object.hasOwn(all, k)) ordered[k] = all[k];
    for (const k of Object.keys(all)) if (!Object.hasOwn(ordered, k)) ordered[k] = all[k];
    return metricsAs<L>(ordered);
  }

  private clearRepeats(): void {
    this.repeats = [];
    this.runSeeds = [];
    this.repeat = null;
  }

  private cancelRun(): void {
    const h = this.handle;
    this.handle = null;
    this.ticket++;
    this.queued = null;
    h?.cancel();
  }

  private setState(s: SimState): void {
    if (this.state === s) return;
    this.state = s;
    this.opts.onEvent?.('state', { sim: this.id, state: s });
  }

  private emitDone(): void {
    if (this.metrics) this.opts.onEvent?.('done', { sim: this.id, metrics: this.metrics, params: { ...this.values } });
  }

  private writeUrl(): void {
    if (!this.opts.syncUrl || typeof location === 'undefined') return;
    const hash = this.host.simHref(this.id, this.query());
    if (location.hash !== hash) history.replaceState(history.state, '', hash);
  }
}

/** What every lab's View takes: where it is shown, and its raw params. */
export interface LabProps {
  mode?: 'page' | 'lesson' | 'embed';
  /** the sim page's URL query */
  query?: string;
  /** a lesson's or an embed's params */
  props?: Record<string, string | number | boolean>;
  onEvent?: (type: 'state' | 'done', detail: Record<string, unknown>) => void;
}

/**
 * A lab View's controller, made while the View initialises: its params come from the URL on the
 * sim page (kept in step with it) or from a lesson's or an embed's props; it is destroyed with the
 * View and starts at once when its params say run=1.
 */
export function createLabController<L extends Lab, D extends ViewBase>(results: LabResults<L, D>, p: LabProps): SimController<L, D> {
  const mode = p.mode ?? 'page';
  const sim = new SimController<L, D>({ results, input: mode === 'page' ? (p.query ?? '') : (p.props ?? {}), syncUrl: mode === 'page', onEvent: p.onEvent });
  onDestroy(() => sim.destroy());
  if (sim.values.run === '1') void sim.run();
  return sim;
}

function namesIn(values: Record<string, unknown>, key: string): string[] {
  const v = values[key];
  return Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : [];
}

function isNumberArray(v: unknown): v is ArrayLike<number> {
  return ArrayBuffer.isView(v) && !(v instanceof DataView);
}

/** The engine's final snapshot is the lab's result: the scenario's typed return value, sent as plain data. */
function resultOf<L extends Lab>(snapshot: unknown): LabResult<L> {
  return snapshot as LabResult<L>;
}

/** Metrics in catalogue order keep the view's keys, so they are the lab's metrics still. */
function metricsAs<L extends Lab>(m: Record<string, number | null>): LabMetrics<L> {
  return m as LabMetrics<L>;
}
