/// <reference lib="webworker" />
import { createRunner } from './runner';
import type { ToEngine } from './protocol';

// The engine's home on a page: one module Worker shared by every sim, so training never blocks rendering.
const scope = self as unknown as DedicatedWorkerGlobalScope;
const runner = createRunner((msg, transfer) => scope.postMessage(msg, transfer), { sliceMs: 25 });
scope.onmessage = (e: MessageEvent<ToEngine>) => runner.handle(e.data);
scope.postMessage({ type: 'ready' });
