import { getContext, onDestroy, setContext } from 'svelte';
import { parseParams, serializeParams, setParam, queryString, type Notice, type Schema, type Values } from '../engine/params';
import type { BackendReport } from '../engine/backend';
import type { RunHandle } from '../engine/client';
import type { Snapshot } from '../engine/protocol';
import { version } from '../../package.json';

export type SimState = 'idle' | 'running' | 'paused' | 'done' | 'error';
/** Params that change how a lab is shown, never its results: setting one keeps the run and its state. */
const VIEW_ONLY: ReadonlySet<string> = new Set(['present', 'hide', 'lock']);
export type Metrics = Record<string, number | null>;

/** What a lab tells the shared frame about its results, so export and events need no lab code. */
export interface LabAdapter<R extends Snapshot = Snapshot> {
  /** the flat metrics shown on screen, at the current (live) params */
  metrics(result: R, values: Values): Metrics;
  /** named series (for export): each { x: number[], y: number[] } */
  series(result: R, live: Snapshot): Record<string, { x: ArrayLike<number>; y: ArrayLike<number> }>;
  predictions(result: R): Record<string, unknown>;
}

export interface PinnedRun<R> {
  values: Values;
  result: R;
  live: Snapshot;
  backend: BackendReport | null;
}

export interface ControllerOptions<R extends Snapshot> {
  id: string;
  schema: Schema;
  adapter: LabAdapter<R>;
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
 * The state of one lab on a page: params and their notices, the run state, the latest snapshots,
 * the final result and a pinned run. Views draw it; only this talks to the engine.
 */
export class SimController<R extends Snapshot = Snapshot> {
  readonly id: string;
  readonly schema: Schema;
  readonly adapter: LabAdapter<R>;
  values: Values = $state({});
  notices: Notice[] = $state([]);
  state: SimState = $state('idle');
  message = $state('');
  /** merged snapshots of the current run, by their `kind` */
  live: Snapshot = $state({});
  result: R | null = $state(null);
  /** true when the shown results belong to params that have since changed */
  stale = $state(false);
  backend: BackendReport | null = $state(null);
  pinned: PinnedRun<R> | null = $state(null);
  hasRun = $state(false);
  private handle: RunHandle | null = null;
  private readonly opts: ControllerOptions<R>;

  constructor(opts: ControllerOptions<R>) {
    this.opts = opts;
    this.id = opts.id;
    this.schema = opts.schema;
    this.adapter = opts.adapter;
    const input = typeof opts.input === 'string' ? new URLSearchParams(opts.input) : opts.input;
    const parsed = parseParams(opts.schema, input);
    this.values = parsed.values;
    this.notices = parsed.notices;
    simHostInContext()?.attach(this as SimController);
  }

  /** metrics at the current params (live params included), or null before a result */
  metrics: Metrics | null = $derived.by(() => (this.result ? this.adapter.metrics(this.result, this.values) : null));
  hidden: Set<string> = $derived(new Set((this.values.hide as string[] | undefined) ?? []));
  locked: Set<string> = $derived(new Set((this.values.lock as string[] | undefined) ?? []));

  set(name: string, raw: unknown): void {
    const spec = this.schema.byName.get(name);
    if (!spec || this.locked.has(spec.name)) return;
    const r = setParam(this.schema, this.values, name, raw);
    const changed = JSON.stringify(r.values) !== JSON.stringify(this.values);
    this.values = r.values;
    // control edits replace that param's old notices
    this.notices = [...this.notices.filter((n) => n.param !== spec.name), ...r.notices];
    if (!changed) return;
    if (VIEW_ONLY.has(spec.name)) {
      // how the lab is shown (presenter mode, hidden or locked controls), not what it computes: results stay
    } else if (!spec.live) {
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
    this.stale = false;
    this.message = '';
    this.hasRun = true;
    this.setState(opts.stepFirst ? 'paused' : 'running');
    const { getEngine } = await import('../engine/client');
    const params = Object.fromEntries(serializeParams(this.schema, this.values, { full: true }));
    const handle = getEngine().start(this.id, params, {
      onStarted: (report) => (this.backend = report),
      onSnapshot: (s) => {
        if (this.handle === handle) this.live = { ...this.live, [String(s.kind ?? 'progress')]: s };
      },
      onState: (st) => {
        if (this.handle === handle) this.setState(st);
      },
    }, { stepFirst: opts.stepFirst });
    this.handle = handle;
    const outcome = await handle.outcome;
    if (this.handle !== handle) return;
    this.handle = null;
    if (outcome.ok) {
      this.result = outcome.result as R;
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
    if (this.state === 'running') this.handle?.pause();
  }
  resume(): void {
    if (this.state === 'paused') this.handle?.resume();
  }
  /** from idle: start and stop after one epoch; while paused: one more epoch */
  step(): void {
    if (this.state === 'paused' && this.handle) this.handle.step();
    else if (this.state !== 'running') void this.run({ stepFirst: true });
  }
  reset(): void {
    this.cancelRun();
    this.live = {};
    this.result = null;
    this.stale = false;
    this.message = '';
    this.setState('idle');
  }
  pin(): void {
    if (!this.result) return;
    this.pinned = { values: { ...this.values }, result: this.result, live: this.live, backend: this.backend };
  }
  unpin(): void {
    this.pinned = null;
  }

  /** DESIGN.md's results JSON: what the screen shows, with the exact predictions behind it */
  exportJson(): Record<string, unknown> | null {
    if (!this.result || !this.metrics) return null;
    const plain = (a: ArrayLike<number>) => Array.from(a);
    const series = Object.fromEntries(
      Object.entries(this.adapter.series(this.result, this.live)).map(([k, s]) => [k, { x: plain(s.x), y: plain(s.y) }]),
    );
    const predictions = Object.fromEntries(
      Object.entries(this.adapter.predictions(this.result)).map(([k, v]) => [k, ArrayBuffer.isView(v) ? plain(v as unknown as ArrayLike<number>) : v]),
    );
    return {
      sim: this.id,
      version,
      params: { ...this.values },
      backend: this.backend?.name ?? null,
      metrics: this.metrics,
      series,
      predictions,
    };
  }

  /** the sandbox link's query (every non-default param) */
  query(full = false): string {
    return queryString(serializeParams(this.schema, this.values, { full, omit: ['run'] }));
  }

  destroy(): void {
    this.cancelRun();
  }

  private cancelRun(): void {
    const h = this.handle;
    this.handle = null;
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
    const q = this.query();
    const hash = `#/sim/${this.id}${q ? `?${q}` : ''}`;
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
export function createLabController<R extends Snapshot>(lab: { id: string; schema: Schema }, adapter: LabAdapter<R>, p: LabProps, schema: Schema = lab.schema): SimController<R> {
  const mode = p.mode ?? 'page';
  const sim = new SimController<R>({ id: lab.id, schema, adapter, input: mode === 'page' ? (p.query ?? '') : (p.props ?? {}), syncUrl: mode === 'page', onEvent: p.onEvent });
  onDestroy(() => sim.destroy());
  if (sim.values.run === '1') void sim.run();
  return sim;
}
