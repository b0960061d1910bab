import { initBackend, switchBackend, watchWebGlLoss, type BackendChoice } from './backend';
import { CancelledError, Control, DivergenceError, macrotask, now } from './control';
import { loadBuiltInJob, type LoadJob } from './jobs';
import { carrySlots } from './job';
import { transferables, type ControlAction, type FromEngine, type Snapshot, type ToEngine } from './protocol';

export interface RunnerOptions {
  /** how long a job may run before it yields to the event loop: short on the main thread */
  sliceMs: number;
  /** the jobs it runs besides the engine's built-in ones: the labs' registry, given by the page or worker that hosts it */
  loadJob?: LoadJob;
}

/**
 * Runs jobs for every sim on the page. Jobs interleave at their yields, so six embeds on one
 * page all make progress and all finish; each has its own control (pause, step, cancel).
 */
export function createRunner(post: (msg: FromEngine, transfer: Transferable[]) => void, opts: RunnerOptions) {
  const controls = new Map<number, Control>();
  // what a job kind leaves for its next run (JobContext.carry): owned by this runner, one per kind
  const carryFor = carrySlots();
  // Controls pressed while a run is still loading its job and backend (before its Control exists),
  // in order: a Resume after a Step, or a Cancel, must not be lost in that gap.
  const early = new Map<number, ControlAction[]>();

  const LOST = Symbol('webgl context lost');
  const LOST_REASON = 'the WebGL context was lost (the GPU reset, or the browser took it back), so the run started again on WASM';

  async function start(msg: Extract<ToEngine, { type: 'start' }>) {
    const { id } = msg;
    const t0 = now();
    early.set(id, []);
    try {
      const job = (await loadBuiltInJob(msg.kind)) ?? (await opts.loadJob?.(msg.kind)) ?? null;
      if (!job) throw new Error(`no simulation called “${msg.kind}”`);
      let report = await initBackend(msg.backend);
      for (;;) {
        const control = new Control({
          sliceMs: opts.sliceMs,
          yieldNow: macrotask,
          onState: (state) => post({ type: 'state', id, state }, []),
          stepFirst: msg.stepFirst,
        });
        controls.set(id, control);
        for (const action of early.get(id) ?? []) control[action]();
        early.delete(id);
        if (control.cancelled) throw new CancelledError();
        post({ type: 'started', id, report }, []);
        // an attempt abandoned after a lost context must not speak for the run any more
        let live = true;
        const loss = watchWebGlLoss();
        const run = job(msg.params, {
          control,
          backend: report,
          emit: (data) => live && post({ type: 'snapshot', id, data }, transferables(data)),
          carry: carryFor(msg.kind),
          fetchText: async (path) => {
            const res = await fetch(new URL(path, msg.assetBase));
            if (!res.ok) throw new Error(`could not load ${path} (HTTP ${res.status})`);
            return res.text();
          },
        });
        try {
          // TF.js waits forever on a read-back from a lost context: race the job against the loss
          const outcome = loss ? await Promise.race([run, loss.lost.then(() => LOST)]) : await run;
          if (outcome !== LOST && !loss?.isLost()) {
            post({ type: 'done', id, result: outcome as Snapshot, ms: now() - t0 }, transferables(outcome));
            return;
          }
        } catch (e) {
          if (!loss?.isLost()) throw e;
        } finally {
          loss?.dispose();
        }
        // the context is gone, and with it every tensor of this attempt: start again on WASM
        live = false;
        control.cancel();
        run.catch(() => {});
        report = await switchBackend('wasm', LOST_REASON);
        post({ type: 'backend', report }, []);
      }
    } catch (e) {
      const reason = e instanceof CancelledError ? 'cancelled' : e instanceof DivergenceError ? 'diverged' : 'error';
      post({ type: 'failed', id, reason, message: e instanceof Error ? e.message : String(e) }, []);
    } finally {
      controls.delete(id);
      early.delete(id);
    }
  }

  return {
    handle(msg: ToEngine): void {
      if (msg.type === 'start') void start(msg);
      else if (msg.type === 'control') {
        const c = controls.get(msg.id);
        if (c) c[msg.action]();
        else early.get(msg.id)?.push(msg.action);
      } else if (msg.type === 'backend') {
        void initBackend(msg.backend as BackendChoice, { wasmPaths: msg.wasmPaths }).then(
          (report) => post({ type: 'backend', report }, []),
          (e) => post({ type: 'failed', id: -1, reason: 'error', message: String(e) }, []),
        );
      }
    },
  };
}
