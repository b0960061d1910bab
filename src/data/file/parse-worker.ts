/// <reference lib="webworker" />
// The parse worker of #/data: reads the learner's file off the main thread and keeps its columns here,
// so a label change can be checked for leakage without sending the data back and forth.
import type { Table } from './columns';
import { checkLeakage } from './leakage';
import { loadFile } from './parse';
import { profileTable, type FileProfile } from './profile';
import type { FromParser, ToParser } from './protocol';

declare const self: DedicatedWorkerGlobalScope;
let table: Table | null = null;
let profile: FileProfile | null = null;
const post = (m: FromParser) => self.postMessage(m);

self.onmessage = async (e: MessageEvent<ToParser>) => {
  try {
    await handle(e.data);
  } catch (err) {
    // a leakage check that fails flags nothing; a failure the reader did not foresee ends the load, with nothing kept
    if (e.data.type === 'leakage') return post({ type: 'leakage', request: e.data.request, flags: [], ms: 0 });
    table = null;
    profile = null;
    post({ type: 'failed', message: `The file could not be profiled: ${err instanceof Error ? err.message : String(err)}.`, notices: [] });
  }
};

async function handle(msg: ToParser) {
  if (msg.type === 'load') {
    table = null;
    profile = null;
    const t0 = performance.now();
    let last = 0;
    const r = await loadFile(msg.file, {
      name: msg.name,
      onProgress: (p) => {
        const now = performance.now();
        if (now - last > 100) (last = now), post({ type: 'progress', ...p });
      },
    });
    if (!r.ok) return post({ type: 'failed', message: r.message, notices: r.notices });
    const t1 = performance.now();
    table = r.table;
    profile = profileTable(r.table, r.info);
    post({ type: 'loaded', profile, ms: { read: t1 - t0, profile: performance.now() - t1 } });
  } else if (msg.type === 'leakage') {
    if (!table || !profile) return;
    const t0 = performance.now();
    const flags = checkLeakage(table, profile.columns, msg.label, msg.kind, msg.positive, msg.candidates);
    post({ type: 'leakage', request: msg.request, flags, ms: performance.now() - t0 });
  }
}
