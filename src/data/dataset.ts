/**
 * What the site says about a real data set it ships in public/data/: where the file comes from,
 * under which terms, and the one line that credits it inside a lab. Pure data and a few string
 * helpers — no parser, no TF.js — so a lab's meta.ts can import it eagerly.
 */
export interface DataSet {
  /** registry key, e.g. `birdstrikes` */
  id: string;
  /** a short name, the heading on #/about */
  name: string;
  /** the file under public/data/: the path a lab fetches (`ctx.fetchText(set.file)`) and the site links to */
  file: string;
  /** what the file holds, one phrase */
  what: string;
  /** who made the data */
  source: string;
  /** the address of the original source, as public/data/README.md gives it */
  url?: string;
  /** the terms the data itself comes under */
  licence: string;
  /** the package the file was taken from, its version, address and own licence */
  via: { name: string; version: string; url: string; licence: string };
  /** how the shipped file differs from the packaged one, if it does */
  changes?: string;
  /** the in-lab credit, without the leading "Data: " */
  credit: string;
  /** the ids of the labs that can use it (each lab's meta says under which params) */
  labs: readonly string[];
}

/** A lab's use of a data set: the param values that select it, e.g. `{ data: 'birdstrikes' }`. */
export interface DataUse {
  readonly set: DataSet;
  readonly when: Readonly<Record<string, string>>;
}

/** The credit a lab shows while it runs on the set: "Data: …." */
export function creditLine(set: DataSet): string {
  return `Data: ${set.credit}.`;
}

/** The data sets a lab uses at these param values (none: it generates its data). */
export function setsInUse(uses: readonly DataUse[] | undefined, values: Readonly<Record<string, unknown>>): DataSet[] {
  return unique((uses ?? []).filter((u) => Object.entries(u.when).every(([k, v]) => String(values[k]) === v)).map((u) => u.set));
}

/** The in-lab credit at these param values: the line of each set in use, or '' when none is. */
export function creditAt(uses: readonly DataUse[] | undefined, values: Readonly<Record<string, unknown>>): string {
  return setsInUse(uses, values).map(creditLine).join(' ');
}

/**
 * The credit of every data set a lab can use, for its embed's footer ('' for none): "Can also run on
 * real data: …; …." where some params choose generated data instead, "Data: …." where none do.
 */
export function labCredit(uses: readonly DataUse[] | undefined): string {
  const sets = unique((uses ?? []).map((u) => u.set));
  if (!sets.length) return '';
  const always = (uses ?? []).some((u) => Object.keys(u.when).length === 0);
  return `${always ? 'Data' : 'Can also run on real data'}: ${sets.map((s) => s.credit).join('; ')}.`;
}

function unique(sets: DataSet[]): DataSet[] {
  return sets.filter((s, i) => sets.indexOf(s) === i);
}
