import type { BackendChoice, BackendReport } from './backend';

/** What the page can ask of a run in progress. */
export type ControlAction = 'pause' | 'resume' | 'step' | 'cancel';

/** Messages between the page and the engine (a Worker, or the same code on the main thread). Plain data only. */
export type ToEngine =
  | { type: 'start'; id: number; kind: string; params: Record<string, unknown>; backend: BackendChoice; stepFirst?: boolean; assetBase: string }
  | { type: 'control'; id: number; action: ControlAction }
  | { type: 'backend'; backend: BackendChoice; wasmPaths?: Record<string, string> };

export type FromEngine =
  | { type: 'ready' }
  | { type: 'backend'; report: BackendReport }
  | { type: 'started'; id: number; report: BackendReport }
  | { type: 'state'; id: number; state: 'running' | 'paused' }
  | { type: 'snapshot'; id: number; data: Snapshot }
  | { type: 'done'; id: number; result: Snapshot; ms: number }
  | { type: 'failed'; id: number; reason: 'cancelled' | 'diverged' | 'error'; message: string };

/** A snapshot: numbers, strings, typed arrays, arrays and objects of them — never tensors. */
export type Snapshot = Record<string, unknown>;

/** Every typed array's buffer in a snapshot, so postMessage can transfer rather than copy them. */
export function transferables(value: unknown, out: Transferable[] = [], seen = new Set<unknown>()): Transferable[] {
  if (value === null || typeof value !== 'object' || seen.has(value)) return out;
  seen.add(value);
  if (ArrayBuffer.isView(value)) {
    const buf = value.buffer;
    if (buf instanceof ArrayBuffer && !seen.has(buf)) {
      seen.add(buf);
      out.push(buf);
    }
    return out;
  }
  for (const v of Array.isArray(value) ? value : Object.values(value)) transferables(v, out, seen);
  return out;
}
