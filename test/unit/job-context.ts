import { readFile } from 'node:fs/promises';
import { freeRunning } from '../../src/engine/control';
import type { JobContext } from '../../src/engine/job';
import type { Snapshot } from '../../src/engine/protocol';

/** A job context for Node tests: never pauses, keeps every snapshot, reads shipped files from public/. */
export function testContext(backend: 'cpu' | 'wasm' = 'wasm'): JobContext & { snapshots: Snapshot[] } {
  const snapshots: Snapshot[] = [];
  return {
    snapshots,
    control: freeRunning(),
    backend: { name: backend, requested: backend, reason: 'test', softwareGl: false, renderer: null },
    emit: (s) => snapshots.push(s),
    fetchText: (path) => readFile(`public/${path}`, 'utf8'),
  };
}
