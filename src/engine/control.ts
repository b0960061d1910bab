/** Errors a run ends with, told apart by the view: a cancel is not a failure. */
export class CancelledError extends Error {
  constructor() {
    super('cancelled');
    this.name = 'CancelledError';
  }
}

export class DivergenceError extends Error {
  constructor(detail = '') {
    super(`training diverged — lower the learning rate${detail ? ` (${detail})` : ''}`);
    this.name = 'DivergenceError';
  }
}

export type RunState = 'running' | 'paused';

/**
 * What a running job asks between steps: may I go on? It blocks while paused, stops at the
 * end of an epoch when stepping, throws CancelledError once cancelled, and yields to the event
 * loop every `sliceMs` so messages (pause, cancel) and, on the main thread, rendering get in.
 */
export interface RunControl {
  readonly cancelled: boolean;
  /** `flush` is called before blocking, so the view sees the latest numbers while paused */
  checkpoint(at: 'batch' | 'epoch', flush?: () => Promise<void> | void): Promise<void>;
}

export interface ControlOptions {
  sliceMs: number;
  yieldNow: () => Promise<void>;
  onState: (state: RunState) => void;
  /** start paused after the first epoch (the Step button pressed from idle) */
  stepFirst?: boolean;
}

export class Control implements RunControl {
  cancelled = false;
  private paused = false;
  private stepping: boolean;
  private wake: (() => void) | null = null;
  private lastYield = now();
  private readonly opts: ControlOptions;

  constructor(opts: ControlOptions) {
    this.opts = opts;
    this.stepping = !!opts.stepFirst;
  }

  pause(): void {
    this.stepping = false;
    this.paused = true;
  }
  resume(): void {
    this.stepping = false;
    this.paused = false;
    this.release();
  }
  /** run one more epoch, then pause */
  step(): void {
    this.stepping = true;
    this.paused = false;
    this.release();
  }
  cancel(): void {
    this.cancelled = true;
    this.release();
  }

  async checkpoint(at: 'batch' | 'epoch', flush?: () => Promise<void> | void): Promise<void> {
    if (this.cancelled) throw new CancelledError();
    if (this.stepping && at === 'epoch') {
      this.stepping = false;
      this.paused = true;
    }
    if (this.paused) {
      await flush?.();
      this.opts.onState('paused');
      while (this.paused && !this.cancelled) await new Promise<void>((r) => (this.wake = r));
      if (!this.cancelled) this.opts.onState('running');
      this.lastYield = now();
    } else if (now() - this.lastYield >= this.opts.sliceMs) {
      await this.opts.yieldNow();
      this.lastYield = now();
    }
    if (this.cancelled) throw new CancelledError();
  }

  private release(): void {
    const w = this.wake;
    this.wake = null;
    w?.();
  }
}

/** A control that never pauses: for tests, benchmarks and Node. */
export function freeRunning(sliceMs = 50): RunControl {
  return new Control({ sliceMs, yieldNow: macrotask, onState: () => {} });
}

export function now(): number {
  return typeof performance !== 'undefined' ? performance.now() : Date.now();
}

/**
 * Yield to the event loop. On a page, scheduler.yield lets input and rendering in first. In a
 * worker it must not be used: its continuation outranks incoming messages, so pause and cancel
 * would never arrive while a run goes on — a plain timer task lets them in.
 */
export function macrotask(): Promise<void> {
  const onPage = typeof window !== 'undefined';
  const s = (globalThis as { scheduler?: { yield?: () => Promise<void> } }).scheduler;
  if (onPage && s?.yield) return s.yield();
  if (onPage && typeof MessageChannel !== 'undefined') {
    return new Promise((resolve) => {
      const ch = new MessageChannel();
      ch.port1.onmessage = () => {
        ch.port1.close();
        resolve();
      };
      ch.port2.postMessage(0);
    });
  }
  return new Promise((resolve) => setTimeout(resolve, 0));
}
