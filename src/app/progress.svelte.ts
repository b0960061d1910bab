/**
 * The learner's progress: lessons visited and questions answered, kept in this browser's
 * localStorage under the one key `mlsd:progress` and never sent anywhere.
 * Storage may be blocked, full or hold junk: then progress lives in memory for this visit; nothing throws.
 */

import type { LabProgress } from '../ui/host';

export const PROGRESS_KEY = 'mlsd:progress';

export interface Answer {
  correct: boolean;
  at: string;
}
export interface ProgressData {
  version: 1;
  visited: Record<string, string>;
  answers: Record<string, Answer>;
}

// Keys come from storage anyone can edit: only plain ids, so "__proto__" and friends never become keys.
const KEY_RE = /^[A-Za-z0-9][A-Za-z0-9_.:-]{0,99}$/;

const empty = (): ProgressData => ({ version: 1, visited: {}, answers: {} });
const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Whatever was stored, reduced to the valid entries of a version-1 record. */
export function sanitize(raw: unknown): ProgressData {
  const out = empty();
  if (!isObject(raw) || raw.version !== 1) return out;
  if (isObject(raw.visited)) {
    for (const [k, v] of Object.entries(raw.visited)) if (KEY_RE.test(k) && typeof v === 'string') out.visited[k] = v.slice(0, 40);
  }
  if (isObject(raw.answers)) {
    for (const [k, v] of Object.entries(raw.answers)) {
      if (KEY_RE.test(k) && isObject(v) && typeof v.correct === 'boolean') out.answers[k] = { correct: v.correct, at: typeof v.at === 'string' ? v.at.slice(0, 40) : '' };
    }
  }
  return out;
}

function storage(): Storage | null {
  try {
    // Reading the property itself throws a SecurityError where storage is blocked.
    return typeof localStorage === 'undefined' ? null : localStorage;
  } catch {
    return null;
  }
}

function read(): ProgressData {
  try {
    const raw = storage()?.getItem(PROGRESS_KEY);
    return raw ? sanitize(JSON.parse(raw)) : empty();
  } catch {
    return empty();
  }
}

let data: ProgressData = $state(read());
let saved = $state(true);

function write(): void {
  try {
    const s = storage();
    if (!s) throw new Error('no storage');
    s.setItem(PROGRESS_KEY, JSON.stringify(data));
    saved = true;
  } catch {
    saved = false; // quota or blocked: keep the in-memory copy for this visit
  }
}

if (typeof window !== 'undefined') {
  // Another tab changed progress: follow it, so two open tabs never overwrite each other's answers.
  window.addEventListener('storage', (e) => {
    if (e.key === PROGRESS_KEY || e.key === null) data = read();
  });
}

/** Reactive, read-only view of the progress. */
export const progress = {
  get visited(): Readonly<Record<string, string>> {
    return data.visited;
  },
  get answers(): Readonly<Record<string, Answer>> {
    return data.answers;
  },
  /** false when the last write failed: progress lasts only until the tab closes */
  get saved(): boolean {
    return saved;
  },
};

export function markVisited(slug: string): void {
  if (!KEY_RE.test(slug)) return;
  data.visited[slug] = new Date().toISOString();
  write();
}

/** Once a question was answered right, exploring the other options afterwards keeps it right. */
export function recordAnswer(checkId: string, correct: boolean): void {
  if (!KEY_RE.test(checkId)) return;
  const before = data.answers[checkId];
  data.answers[checkId] = { correct: correct || !!before?.correct, at: new Date().toISOString() };
  write();
}

/** The learner's answers as the site hands them to lesson questions (through the lab host, src/ui/host.ts). */
export const siteProgress: LabProgress = {
  answer: (checkId) => (Object.hasOwn(data.answers, checkId) ? data.answers[checkId] : undefined),
  record: recordAnswer,
};

/** How many of these question ids have an answer. */
export function answeredCount(ids: readonly string[]): number {
  return ids.filter((id) => Object.hasOwn(data.answers, id)).length;
}

export function reset(): void {
  data = empty();
  try {
    storage()?.removeItem(PROGRESS_KEY);
    saved = true;
  } catch {
    saved = false;
  }
}
