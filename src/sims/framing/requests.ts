import type { Rng } from '../../engine/rng';

/**
 * Synthetic customer requests to a bank's support desk, each concerning one department or two,
 * written as short English sentences, and the bag-of-words features a model reads them by.
 */

export const DEPARTMENTS = ['accounting', 'inventory', 'hr', 'it'] as const;
/** The department that arrives later ("A new department arrives"). */
export const NEW_DEPARTMENT = 'legal';
export type Department = (typeof DEPARTMENTS)[number] | typeof NEW_DEPARTMENT;
export const ALL_DEPARTMENTS: readonly Department[] = [...DEPARTMENTS, NEW_DEPARTMENT];
export const DEPARTMENT_LABELS: Record<Department, string> = { accounting: 'Accounting', inventory: 'Inventory', hr: 'HR', it: 'IT', legal: 'Legal' };

/** Words only one department's requests use. */
const OWN_WORDS: Record<Department, readonly string[]> = {
  accounting: ['invoice', 'refund', 'reimbursement', 'expenses', 'budget', 'tax', 'receipt', 'ledger', 'billing', 'audit', 'statement', 'overdue', 'wire transfer', 'reconciliation'],
  inventory: ['stock', 'shipment', 'delivery', 'warehouse', 'supplies', 'pallets', 'restock', 'backorder', 'crates', 'courier', 'stationery', 'office chairs', 'spare parts', 'packaging'],
  hr: ['vacation', 'parental leave', 'hiring', 'onboarding', 'benefits', 'pension', 'resignation', 'interview', 'appraisal', 'overtime', 'recruitment', 'sick days', 'job offer', 'promotion'],
  it: ['password', 'login', 'vpn', 'email', 'printer', 'software', 'wifi', 'server', 'install', 'monitor', 'keyboard', 'outage', 'firewall', 'two-factor'],
  legal: ['compliance', 'lawsuit', 'nda', 'liability', 'regulation', 'subpoena', 'clause', 'gdpr', 'litigation', 'trademark', 'dispute', 'counsel', 'court', 'signature'],
};

/** Words two departments share: what makes routing genuinely ambiguous. */
const SHARED_WORDS: readonly [string, readonly Department[]][] = [
  ['payroll', ['accounting', 'hr']],
  ['salary', ['accounting', 'hr']],
  ['laptop', ['inventory', 'it']],
  ['equipment', ['inventory', 'it']],
  ['account', ['accounting', 'it']],
  ['vendor', ['accounting', 'inventory']],
  ['purchase order', ['accounting', 'inventory']],
  ['training', ['hr', 'it']],
  ['access badge', ['hr', 'it']],
  ['contract', ['hr', 'legal']],
  ['agreement', ['accounting', 'legal']],
  ['data deletion', ['it', 'legal']],
];

function sharedOf(dept: Department): string[] {
  return SHARED_WORDS.filter(([, ds]) => ds.includes(dept)).map(([w]) => w);
}

/** Chance that a topic word is one of the department's shared words rather than its own. */
export const SHARED_RATE = 0.3;
/** How often each department is a request's (first) department, before and after Legal arrives. */
export const PRIOR: Record<Department, number> = { accounting: 0.25, inventory: 0.2, hr: 0.2, it: 0.35, legal: 0 };
export const PRIOR_WITH_LEGAL: Record<Department, number> = { accounting: 0.2, inventory: 0.15, hr: 0.15, it: 0.25, legal: 0.25 };

const GREETINGS = ['Hi,', 'Hello,', 'Good morning,', 'Hey team,', 'Dear support,', ''];
const ASKS = ['I need help with', 'can someone look at', 'please check', 'we have a problem with', 'I have a question about', 'could you sort out', 'quick request about', 'nothing works with'];
const JOINS = ['and', 'and also', 'plus'];
const SECOND = ['Also', 'And', 'Separately,', 'On top of that,'];
const SECOND_ASKS = ['there is an issue with', 'I need', 'please look at', 'what about'];
const ENDINGS = ['Thanks!', 'Thank you.', 'Urgent, please.', 'Cheers.', '', 'Any update would help.'];

function pick<T>(rng: Rng, list: readonly T[]): T {
  return list[rng.int(list.length)];
}

function categorical(rng: Rng, weights: Record<Department, number>, exclude?: Department): Department {
  const ds = ALL_DEPARTMENTS.filter((d) => d !== exclude && weights[d] > 0);
  const total = ds.reduce((a, d) => a + weights[d], 0);
  let u = rng.uniform() * total;
  for (const d of ds) {
    u -= weights[d];
    if (u < 0) return d;
  }
  return ds[ds.length - 1];
}

/** `count` distinct topic words of a department, each shared with another department at SHARED_RATE. */
function topicWords(rng: Rng, dept: Department, count: number): string[] {
  const own = OWN_WORDS[dept];
  const shared = sharedOf(dept);
  const out: string[] = [];
  for (let tries = 0; out.length < count && tries < 20; tries++) {
    const w = rng.uniform() < SHARED_RATE ? pick(rng, shared) : pick(rng, own);
    if (!out.includes(w)) out.push(w);
  }
  return out;
}

const listOf = (rng: Rng, words: string[]) =>
  words.length === 1 ? `the ${words[0]}` : `the ${words.slice(0, -1).join(', the ')} ${pick(rng, JOINS)} the ${words[words.length - 1]}`;

export interface Request {
  text: string;
  /** departments in order: the first is the one a single-label system files it under */
  departments: Department[];
}

/** One request: one department, or (with probability `multi`) two, each named through its own words. */
export function generateRequest(rng: Rng, multi: number, prior: Record<Department, number>): Request {
  const first = categorical(rng, prior);
  const two = rng.uniform() < multi;
  const departments: Department[] = two ? [first, categorical(rng, prior, first)] : [first];
  const greet = pick(rng, GREETINGS);
  const lead = (s: string) => (greet ? `${greet} ${s}` : s.charAt(0).toUpperCase() + s.slice(1));
  let text: string;
  if (!two) {
    text = `${lead(`${pick(rng, ASKS)} ${listOf(rng, topicWords(rng, first, 1 + rng.int(3)))}.`)}`;
  } else {
    const a = topicWords(rng, departments[0], 1 + rng.int(2));
    const b = topicWords(rng, departments[1], 1 + rng.int(2)).filter((w) => !a.includes(w));
    text = `${lead(`${pick(rng, ASKS)} ${listOf(rng, a)}.`)}${b.length ? ` ${pick(rng, SECOND)} ${pick(rng, SECOND_ASKS)} ${listOf(rng, b)}.` : ''}`;
  }
  const end = pick(rng, ENDINGS);
  return { text: end ? `${text} ${end}` : text, departments };
}

export function generateRequests(n: number, multi: number, prior: Record<Department, number>, rng: Rng): Request[] {
  return Array.from({ length: n }, () => generateRequest(rng, multi, prior));
}

/** Lower-case words: what a bag-of-words model reads. */
export function tokens(text: string): string[] {
  return text.toLowerCase().match(/[a-z0-9]+(?:-[a-z0-9]+)*/g) ?? [];
}

/** Sorted words of some requests; `after` keeps an older vocabulary's order and appends the new words (sorted). */
export function buildVocabulary(requests: readonly Request[], after: readonly string[] = []): string[] {
  const seen = new Set(after);
  const fresh = new Set<string>();
  for (const r of requests) for (const t of tokens(r.text)) if (!seen.has(t)) fresh.add(t);
  return [...after, ...[...fresh].sort()];
}

/** Bag of words: row i, column j is 1 when request i uses word j of the vocabulary (words outside it are ignored). */
export function bagOfWords(requests: readonly Request[], vocabulary: readonly string[]): Float32Array {
  const index = new Map(vocabulary.map((w, j) => [w, j]));
  const d = vocabulary.length;
  const x = new Float32Array(requests.length * d);
  requests.forEach((r, i) => {
    for (const t of tokens(r.text)) {
      const j = index.get(t);
      if (j !== undefined) x[i * d + j] = 1;
    }
  });
  return x;
}

/** n × L 0/1 indicators of each request's departments among `labels`. */
export function labelMatrix(requests: readonly Request[], labels: readonly Department[]): Uint8Array {
  const L = labels.length;
  const y = new Uint8Array(requests.length * L);
  requests.forEach((r, i) => {
    for (const d of r.departments) {
      const j = labels.indexOf(d);
      if (j >= 0) y[i * L + j] = 1;
    }
  });
  return y;
}
