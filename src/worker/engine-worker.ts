/// <reference lib="webworker" />
import { createRunner } from '../engine/runner';
import type { ToEngine } from '../engine/protocol';
import { loadJob } from '../sims/jobs';

// The engine's home on a page: one module Worker shared by every sim, so training never blocks
// rendering. It lives outside src/engine/ because it is where the engine meets the labs: the
// runner is the engine's, the job registry (every src/sims/<id>/scenario.ts) is the labs'.
declare const self: DedicatedWorkerGlobalScope;
const runner = createRunner((msg, transfer) => self.postMessage(msg, transfer), { sliceMs: 25, loadJob });
self.onmessage = (e: MessageEvent<ToEngine>) => runner.handle(e.data);
self.postMessage({ type: 'ready' });
