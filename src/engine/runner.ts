import { initBackend, type BackendChoice } from './backend';
import { CancelledError, Control, DivergenceError, macrotask, now } from './control';
import { loadJob } from './jobs';
import { transferables, type FromEngine, type ToEngine } from './protocol';

export interface RunnerOptions {
  /** how long a job may run before it yields to the event loop: short on the main thread */
  sliceMs: number;
}

/**
 * Runs jobs for every sim on the page. Jobs interleave at their yields, so six embeds on one
 * page all make progress and all finish; each has its own control (pause, step, cancel).
 */
export function createRunner(post: (msg: FromEngine, transfer: Transferable[]) => void, opts: RunnerOptions) {
  const controls = new Map<number, Control>();

  async function start(msg: Extract<ToEngine, { type: 'start' }>) {
    const { id } = msg;
    const control = new Control({
      sliceMs: opts.sliceMs,
      yieldNow: macrotask,
      onState: (state) => post({ type: 'state', id, state }, []),
      stepFirst: msg.stepFirst,
    });
    controls.set(id, control);
    const t0 = now();
    try {
      const job = await loadJob(msg.kind);
      if (!job) throw new Error(`no simulation called “${msg.kind}”`);
      const report = await initBackend(msg.backend);
      post({ type: 'started', id, report }, []);
      const result = await job(msg.params, {
        control,
        backend: report,
        emit: (data) => post({ type: 'snapshot', id, data }, transferables(data)),
        fetchText: async (path) => {
          const res = await fetch(new URL(path, msg.assetBase));
          if (!res.ok) throw new Error(`could not load ${path} (HTTP ${res.status})`);
          return res.text();
        },
      });
      post({ type: 'done', id, result, ms: now() - t0 }, transferables(result));
    } catch (e) {
      const reason = e instanceof CancelledError ? 'cancelled' : e instanceof DivergenceError ? 'diverged' : 'error';
      post({ type: 'failed', id, reason, message: e instanceof Error ? e.message : String(e) }, []);
    } finally {
      controls.delete(id);
    }
  }

  return {
    handle(msg: ToEngine): void {
      if (msg.type === 'start') void start(msg);
      else if (msg.type === 'control') {
        const c = controls.get(msg.id);
        if (c) c[msg.action]();
      } else if (msg.type === 'backend') {
        void initBackend(msg.backend as BackendChoice, { wasmPaths: msg.wasmPaths }).then(
          (report) => post({ type: 'backend', report }, []),
          (e) => post({ type: 'failed', id: -1, reason: 'error', message: String(e) }, []),
        );
      }
    },
  };
}
