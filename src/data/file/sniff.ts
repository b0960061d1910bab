// What a file is, from its first bytes and first lines: compressed or not, which delimiter, which line ending, decimal commas.
import Papa from 'papaparse';

export type Delimiter = ',' | ';' | '\t' | '|';
export const DELIMITER_NAMES: Record<Delimiter, string> = { ',': 'comma', ';': 'semicolon', '\t': 'tab', '|': 'pipe' };

/** gzip's magic number (1f 8b), whatever the file is called. */
export const isGzip = (head: Uint8Array) => head.length >= 2 && head[0] === 0x1f && head[1] === 0x8b;

/** The line ending of the first line break: \r\n, \n or \r. */
export function sniffNewline(sample: string): '\r\n' | '\n' | '\r' {
  const n = sample.indexOf('\n');
  if (n > 0 && sample[n - 1] === '\r') return '\r\n';
  if (n >= 0) return '\n';
  return sample.indexOf('\r') >= 0 ? '\r' : '\n';
}

/**
 * The delimiter that splits the sample's first lines into the same number (> 1) of fields most
 * consistently; ties go to more fields. Files named .tsv prefer tabs. Null when none splits anything.
 */
export function sniffDelimiter(sample: string, newline: string, fileName = ''): Delimiter | null {
  const candidates: Delimiter[] = /\.tsv(\.gz)?$/i.test(fileName) ? ['\t', ',', ';', '|'] : [',', ';', '\t', '|'];
  // whole lines only: the sample may end inside one
  const cut = sample.lastIndexOf(newline);
  const text = cut > 0 && sample.length > 64 * 1024 ? sample.slice(0, cut) : sample;
  let best: { d: Delimiter; score: number; fields: number } | null = null;
  for (const d of candidates) {
    const rows = (new Papa.Parser({ delimiter: d, newline: newline as Papa.ParseConfig['newline'], preview: 50 }).parse(text, 0, false) as { data: string[][] }).data.filter(
      (r) => !(r.length === 1 && r[0] === ''),
    );
    if (rows.length === 0) continue;
    const counts = new Map<number, number>();
    for (const r of rows) counts.set(r.length, (counts.get(r.length) ?? 0) + 1);
    const header = rows[0].length;
    if (header < 2) continue;
    const score = (counts.get(header) ?? 0) / rows.length;
    if (!best || score > best.score + 1e-9 || (Math.abs(score - best.score) < 1e-9 && header > best.fields)) best = { d, score, fields: header };
  }
  return best ? best.d : null;
}

/**
 * Whether numbers use a decimal comma: only where commas do not separate fields, and only when
 * more of the sample's number-like fields look like "1,5" than like "1.5".
 */
export function sniffDecimalComma(rows: string[][], delimiter: Delimiter): boolean {
  if (delimiter === ',') return false;
  let comma = 0;
  let dot = 0;
  for (const r of rows)
    for (const f of r) {
      if (/^\s*[+-]?\d+,\d+\s*$/.test(f) || /^\s*[+-]?\d{1,3}(\.\d{3})+,\d+\s*$/.test(f)) comma++;
      else if (/^\s*[+-]?\d*\.\d+\s*$/.test(f)) dot++;
    }
  return comma > dot;
}
