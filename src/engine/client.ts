import type { BackendChoice, BackendReport } from './backend';
import type { ControlAction, FromEngine, Snapshot, ToEngine } from './protocol';
import { takeEngineConfig, type EngineConfig } from './engine-config';
import wasmPlain from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm?url';
import wasmSimd from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-simd.wasm?url';
import wasmThreaded from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-threaded-simd.wasm?url';

/** The page side of the engine. Imports no TF.js: the worker (or the main-thread fallback) loads it on first use. */
export type RunOutcome =
  | { ok: true; result: Snapshot; ms: number }
  | { ok: false; reason: 'cancelled' | 'diverged' | 'error'; message: string };

export interface RunCallbacks {
  onStarted?: (report: BackendReport) => void;
  onSnapshot?: (data: Snapshot) => void;
  onState?: (state: 'running' | 'paused') => void;
}

export interface RunHandle {
  readonly id: number;
  pause(): void;
  resume(): void;
  /** one more epoch, then pause */
  step(): void;
  cancel(): void;
  readonly outcome: Promise<RunOutcome>;
}

export interface Engine {
  /** where the engine runs: in a Worker, or on the main thread in time slices */
  readonly where: Promise<'worker' | 'main-thread'>;
  start(kind: string, params: Record<string, unknown>, callbacks?: RunCallbacks, opts?: { backend?: BackendChoice; stepFirst?: boolean; assetBase?: string }): RunHandle;
}

interface Pending extends RunCallbacks {
  resolve: (o: RunOutcome) => void;
}

function wasmPaths(): Record<string, string> {
  const abs = (u: string) => new URL(u, import.meta.url).href;
  return {
    'tfjs-backend-wasm.wasm': abs(wasmPlain),
    'tfjs-backend-wasm-simd.wasm': abs(wasmSimd),
    'tfjs-backend-wasm-threaded-simd.wasm': abs(wasmThreaded),
  };
}

function createEngine(config: Readonly<EngineConfig>): Engine {
  const pending = new Map<number, Pending>();
  let nextId = 1;
  let backendSent = false;

  const receive = (msg: FromEngine) => {
    if (msg.type === 'ready' || msg.type === 'backend') return;
    const p = pending.get(msg.id);
    if (!p) return;
    if (msg.type === 'started') p.onStarted?.(msg.report);
    else if (msg.type === 'snapshot') p.onSnapshot?.(msg.data);
    else if (msg.type === 'state') p.onState?.(msg.state);
    else {
      pending.delete(msg.id);
      p.resolve(msg.type === 'done' ? { ok: true, result: msg.result, ms: msg.ms } : { ok: false, reason: msg.reason, message: msg.message });
    }
  };

  // Try the Worker; if it cannot start (no module workers, a CSP, an error on load), run on the main thread.
  const send = new Promise<{ post: (m: ToEngine) => void; where: 'worker' | 'main-thread' }>((resolve) => {
    const fallback = async () => {
      const { createRunner } = await import('./runner');
      const runner = createRunner((m) => receive(m), { sliceMs: 8, loadJob: config.loadJob });
      resolve({ post: (m) => runner.handle(m), where: 'main-thread' });
    };
    const listen = (worker: Worker) => {
      const timer = setTimeout(() => {
        worker.terminate();
        void fallback();
      }, 15000);
      worker.onerror = (e) => {
        e.preventDefault();
        clearTimeout(timer);
        worker.terminate();
        void fallback();
      };
      worker.onmessage = (e: MessageEvent<FromEngine>) => {
        if (e.data.type === 'ready') {
          clearTimeout(timer);
          worker.onerror = null;
          resolve({ post: (m) => worker.postMessage(m), where: 'worker' });
        }
        receive(e.data);
      };
    };
    const createWorker = config.createWorker;
    if (!createWorker) void fallback();
    else Promise.resolve().then(createWorker).then(listen, () => void fallback());
  });

  return {
    where: send.then((s) => s.where),
    start(kind, params, callbacks = {}, opts = {}) {
      const id = nextId++;
      const backend = opts.backend ?? ((params.backend as BackendChoice | undefined) ?? 'auto');
      const outcome = new Promise<RunOutcome>((resolve) => pending.set(id, { ...callbacks, resolve }));
      const post = (m: ToEngine) => void send.then((s) => s.post(m));
      if (!backendSent) {
        // the first sim on the page chooses the backend; the wasm binaries are served by our host
        backendSent = true;
        post({ type: 'backend', backend, wasmPaths: wasmPaths() });
      }
      post({ type: 'start', id, kind, params, backend, stepFirst: opts.stepFirst, assetBase: opts.assetBase ?? config.assetBase ?? document.baseURI });
      const control = (action: ControlAction) => post({ type: 'control', id, action });
      return {
        id,
        outcome,
        pause: () => control('pause'),
        resume: () => control('resume'),
        step: () => control('step'),
        cancel: () => control('cancel'),
      };
    },
  };
}

// One engine per page, shared by every sim on it (the page-side twin of the engine's backend holder).
let engine: Engine | null = null;

export function getEngine(): Engine {
  return (engine ??= createEngine(takeEngineConfig()));
}
