// Keeps the learner's file for this browser session in IndexedDB (on this device only), so #/data
// and later the labs can reopen it. A token in sessionStorage ties it to the tab's session: a file
// kept by an earlier session is deleted, not reopened. Every failure here just means "not kept".
const DB = 'mlsd-data';
const STORE = 'files';
const KEY = 'current';
const TOKEN = 'mlsd:data-session';

export interface Kept {
  file: Blob;
  name: string;
  choices: { label: string | null; time: string | null; kind: string | null; positive: string | null; ticks: Record<string, boolean> };
}

function open(): Promise<IDBDatabase> {
  return new Promise((resolve, reject) => {
    const req = indexedDB.open(DB, 1);
    req.onupgradeneeded = () => req.result.createObjectStore(STORE);
    req.onsuccess = () => resolve(req.result);
    req.onerror = () => reject(req.error);
  });
}

async function tx<T>(mode: IDBTransactionMode, fn: (s: IDBObjectStore) => IDBRequest<T>): Promise<T> {
  const db = await open();
  try {
    return await new Promise<T>((resolve, reject) => {
      const req = fn(db.transaction(STORE, mode).objectStore(STORE));
      req.onsuccess = () => resolve(req.result);
      req.onerror = () => reject(req.error);
    });
  } finally {
    db.close();
  }
}

function sessionToken(): string {
  let t = sessionStorage.getItem(TOKEN);
  if (!t) {
    t = `${Date.now()}-${Math.floor(performance.now() * 1000)}`;
    sessionStorage.setItem(TOKEN, t);
  }
  return t;
}

export async function keepFile(k: Kept): Promise<boolean> {
  try {
    await tx('readwrite', (s) => s.put({ ...k, session: sessionToken() }, KEY));
    return true;
  } catch {
    return false;
  }
}

export async function keptFile(): Promise<Kept | null> {
  try {
    const v = (await tx('readonly', (s) => s.get(KEY))) as (Kept & { session: string }) | undefined;
    if (!v) return null;
    if (v.session !== sessionStorage.getItem(TOKEN)) {
      await forgetFile();
      return null;
    }
    return { file: v.file, name: v.name, choices: v.choices };
  } catch {
    return null;
  }
}

export async function updateChoices(choices: Kept['choices']): Promise<void> {
  try {
    const v = (await tx('readonly', (s) => s.get(KEY))) as (Kept & { session: string }) | undefined;
    if (v) await tx('readwrite', (s) => s.put({ ...v, choices }, KEY));
  } catch {
    /* not kept: nothing to update */
  }
}

export async function forgetFile(): Promise<void> {
  try {
    await tx('readwrite', (s) => s.delete(KEY));
  } catch {
    /* nothing kept */
  }
}
