// Reads a learner's file into columns: size check, gzip, UTF-8 (windows-1252 as the fallback),
// delimiter sniffing and Papa Parse's parser fed chunk by chunk, so a big file never sits in memory as text.
import Papa from 'papaparse';
import { ColumnBuilder, type Table } from './columns';
import { MAX_CELLS, MAX_FILE_BYTES, MAX_LISTED_RAGGED, MAX_ROW_CHARS, MAX_UNPACKED_BYTES, formatBytes } from './limits';
import { DELIMITER_NAMES, isGzip, sniffDecimalComma, sniffDelimiter, sniffNewline, type Delimiter } from './sniff';

export interface RaggedRow {
  line: number;
  fields: number;
}

export interface FileInfo {
  name: string;
  bytes: number;
  gzip: boolean;
  encoding: 'utf-8' | 'windows-1252';
  delimiter: Delimiter;
  decimalComma: boolean;
  /** the header's line and the last line read (1-based) */
  lines: number;
  expectedFields: number;
  ragged: RaggedRow[];
  raggedCount: number;
  /** problems and corrections, one sentence each, for [data-notice="file"] */
  notices: string[];
}

export type LoadResult =
  | { ok: true; table: Table; info: FileInfo }
  | { ok: false; cancelled?: boolean; message: string; notices: string[] };

export interface Progress {
  bytesRead: number;
  totalBytes: number;
  rows: number;
}

export interface LoadOptions {
  name?: string;
  signal?: AbortSignal;
  onProgress?: (p: Progress) => void;
  /** characters of text handed to the parser at a time */
  chunkChars?: number;
  /** values kept at most (rows × columns); `MAX_CELLS` unless a test asks for fewer */
  maxCells?: number;
}

class Refusal extends Error {}
class NotUtf8 extends Error {}
class Cancelled extends Error {}

/** Reads and parses `file`. Never throws: every failure comes back as `{ ok: false, message }`, with nothing half-kept. */
export async function loadFile(file: Blob, opts: LoadOptions = {}): Promise<LoadResult> {
  const name = opts.name ?? (file instanceof File ? file.name : 'file');
  if (file.size > MAX_FILE_BYTES)
    return fail(`${name} is ${formatBytes(file.size)}: files over ${formatBytes(MAX_FILE_BYTES)} are refused before they are read. Take a sample of its rows (or compress it as .csv.gz).`);
  if (file.size === 0) return fail(`${name} is empty: there is nothing to read.`);
  const head = new Uint8Array(await file.slice(0, 2).arrayBuffer());
  const gzip = isGzip(head);
  try {
    return await read(file, name, gzip, 'utf-8', opts);
  } catch (e) {
    if (e instanceof NotUtf8) {
      try {
        const r = await read(file, name, gzip, 'windows-1252', opts);
        if (r.ok) r.info.notices.unshift(`${name} is not valid UTF-8, so it was read as windows-1252 (Western European). If accented letters look wrong, save it as UTF-8 and load it again.`);
        return r;
      } catch (e2) {
        return failure(e2, name);
      }
    }
    return failure(e, name);
  }
}

const fail = (message: string, notices: string[] = []): LoadResult => ({ ok: false, message, notices });

function failure(e: unknown, name: string): LoadResult {
  if (e instanceof Cancelled) return { ok: false, cancelled: true, message: `Loading ${name} was cancelled: nothing was kept.`, notices: [] };
  if (e instanceof Refusal) return fail(e.message);
  return fail(`${name} could not be read: ${e instanceof Error ? e.message : String(e)}.`);
}

async function read(file: Blob, name: string, gzip: boolean, encoding: 'utf-8' | 'windows-1252', opts: LoadOptions): Promise<LoadResult> {
  const chunkChars = opts.chunkChars ?? 1 << 20;
  let bytesRead = 0;
  let stream: ReadableStream<Uint8Array> = file.stream().pipeThrough(
    new TransformStream<Uint8Array, Uint8Array>({
      transform(chunk, ctl) {
        bytesRead += chunk.byteLength;
        ctl.enqueue(chunk);
      },
    }),
  );
  if (gzip) stream = stream.pipeThrough(new DecompressionStream('gzip') as unknown as ReadableWritablePair<Uint8Array, Uint8Array>);
  const reader = stream.getReader();
  const decoder = new TextDecoder(encoding, { fatal: encoding === 'utf-8' });
  const parser = new RowReader(name, file.size, gzip, encoding, opts.onProgress, opts.maxCells ?? MAX_CELLS);
  let unpacked = 0;
  let text = '';
  try {
    for (;;) {
      if (opts.signal?.aborted) throw new Cancelled();
      let next: ReadableStreamReadResult<Uint8Array>;
      try {
        next = await reader.read();
      } catch (e) {
        throw new Refusal(gzip ? `${name} looks gzip-compressed but does not unpack (${e instanceof Error ? e.message : e}): is it complete?` : `${name} could not be read (${e instanceof Error ? e.message : e}).`);
      }
      if (next.done) break;
      unpacked += next.value.byteLength;
      if (unpacked > MAX_UNPACKED_BYTES) throw new Refusal(`${name} unpacks to more than ${formatBytes(MAX_UNPACKED_BYTES)}: too big to read here. Take a sample of its rows.`);
      try {
        text += decoder.decode(next.value, { stream: true });
      } catch {
        throw new NotUtf8();
      }
      if (text.length >= chunkChars) {
        parser.feed(text, false, bytesRead);
        text = '';
      }
    }
    try {
      text += decoder.decode();
    } catch {
      throw new NotUtf8();
    }
    if (opts.signal?.aborted) throw new Cancelled();
    parser.feed(text, true, bytesRead);
    return parser.finish();
  } finally {
    reader.cancel().catch(() => {});
  }
}

/** The rows of the text fed to it, in order: header, then each row into the columns (ragged ones skipped and listed). */
class RowReader {
  private partial = '';
  private sample = '';
  private papa: Papa.Parser | null = null;
  private newline = '\n';
  private delimiter: Delimiter = ',';
  private decimalComma = false;
  private header: string[] | null = null;
  private columns: ColumnBuilder[] = [];
  private line = 1;
  private rows = 0;
  private ragged: RaggedRow[] = [];
  private raggedCount = 0;
  private notices: string[] = [];
  private badQuotes = 0;
  private sawContent = false;

  constructor(
    private readonly name: string,
    private readonly totalBytes: number,
    private readonly gzip: boolean,
    private readonly encoding: 'utf-8' | 'windows-1252',
    private readonly onProgress: ((p: Progress) => void) | undefined,
    private readonly maxCells: number,
  ) {}

  feed(text: string, final: boolean, bytesRead: number) {
    if (!this.papa) {
      // sniff on the first 64 KB (or all of a smaller file); a UTF-8 BOM read as windows-1252 is "ï»¿"
      this.sample += text;
      if (this.encoding === 'windows-1252' && this.sample.startsWith('\u00ef\u00bb\u00bf')) this.sample = this.sample.slice(3);
      if (this.sample.length < 64 * 1024 && !final) return;
      text = this.sample;
      this.sample = '';
      this.start(text);
    }
    const aggregate = this.partial + text;
    this.partial = '';
    const res = this.papa!.parse(aggregate, 0, !final) as { data: string[][]; errors: Papa.ParseError[]; meta: { cursor: number } };
    if (!final) this.partial = aggregate.slice(res.meta.cursor);
    const quoted = aggregate.indexOf('"') >= 0;
    const startLines = quoted ? new Int32Array(res.data.length) : null;
    for (let r = 0; r < res.data.length; r++) {
      const row = res.data[r];
      if (startLines) startLines[r] = this.line;
      this.take(row, this.line);
      this.line += quoted ? 1 + newlinesIn(row) : 1;
    }
    for (const err of res.errors) {
      const line = startLines && err.row !== undefined && err.row < startLines.length ? startLines[err.row] : this.line;
      if (err.code === 'MissingQuotes') throw new Refusal(this.openQuoteMessage(line));
      if (err.code === 'InvalidQuotes' && ++this.badQuotes <= 20) this.notices.push(`Line ${line}: a quote inside a field is not doubled (""), so the field was read as written.`);
    }
    // a row that does not end within a megabyte: an opened quote swallowing the rest of the file
    if (this.partial.length > MAX_ROW_CHARS) throw new Refusal(this.openQuoteMessage(this.line));
    this.onProgress?.({ bytesRead, totalBytes: this.totalBytes, rows: this.rows });
  }

  private openQuoteMessage(line: number) {
    return `${this.name}: a quote (") opened on line ${line} is never closed, so the rest of the file would be one field. Close or remove that quote and load it again.`;
  }

  private start(sample: string) {
    if (sample.trim() === '') throw new Refusal(`${this.name} has no text in it: there is nothing to read.`);
    this.newline = sniffNewline(sample);
    const d = sniffDelimiter(sample, this.newline, this.name);
    if (!d)
      throw new Refusal(
        `${this.name} has only one column: no comma, semicolon, tab or pipe separates its fields. A label and at least one feature are needed (two columns or more).`,
      );
    this.delimiter = d;
    this.papa = new Papa.Parser({ delimiter: d, newline: this.newline as Papa.ParseConfig['newline'], skipEmptyLines: false });
    const preview = (new Papa.Parser({ delimiter: d, newline: this.newline as Papa.ParseConfig['newline'], preview: 200 }).parse(sample, 0, false) as { data: string[][] }).data;
    this.decimalComma = sniffDecimalComma(preview.slice(1), d);
    if (this.decimalComma) this.notices.push(`Numbers are written with decimal commas (1,5 means 1.5), as is usual in ${DELIMITER_NAMES[d]}-separated files; they were read that way.`);
  }

  private take(row: string[], line: number) {
    if (row.length === 1 && row[0].trim() === '') return; // a blank line
    if (!this.header) {
      this.sawContent = true;
      this.header = headerNames(row, this.notices);
      const bytesPerRow = Math.max(8, row.join(',').length);
      const expected = Math.min(5_000_000, Math.ceil(((this.gzip ? 4 : 1) * this.totalBytes) / bytesPerRow / 2) + 16);
      this.columns = this.header.map((h) => new ColumnBuilder(h, this.decimalComma, expected));
      return;
    }
    if (row.length !== this.header.length) {
      if (this.raggedCount++ < MAX_LISTED_RAGGED) this.ragged.push({ line, fields: row.length });
      return;
    }
    const cols = this.columns;
    if ((this.rows + 1) * cols.length > this.maxCells)
      throw new Refusal(
        `${this.name} has more than ${Math.floor(this.maxCells / cols.length).toLocaleString('en')} rows of ${cols.length} columns (${(this.maxCells / 1e6).toLocaleString('en')} million values), more than this page keeps in memory. Take a sample of its rows, or drop columns you do not need.`,
      );
    for (let c = 0; c < cols.length; c++) cols[c].push(row[c]);
    this.rows++;
  }

  finish(): LoadResult {
    const name = this.name;
    if (!this.header || !this.sawContent) return fail(`${name} has no text in it: there is nothing to read.`);
    const k = this.header.length;
    if (k < 2) return fail(`${name} has only one column. A label and at least one feature are needed (two columns or more).`);
    if (this.raggedCount > 0 && this.raggedCount >= this.rows)
      return fail(
        `${name}: ${this.raggedCount.toLocaleString('en')} of ${(this.rows + this.raggedCount).toLocaleString('en')} rows do not have the header's ${k} fields (${DELIMITER_NAMES[this.delimiter]}-separated), so the file was not loaded. Is the header line right?`,
        this.raggedNotices(),
      );
    if (this.rows === 0) return fail(`${name} has a header (${k} columns) but no data rows.`);
    const notices = [...this.notices, ...this.raggedNotices()];
    if (this.badQuotes > 20) notices.push(`…and ${this.badQuotes - 20} more fields with undoubled quotes.`);
    return {
      ok: true,
      table: { rows: this.rows, columns: this.columns.map((c) => c.finish()) },
      info: {
        name,
        bytes: this.totalBytes,
        gzip: this.gzip,
        encoding: this.encoding,
        delimiter: this.delimiter,
        decimalComma: this.decimalComma,
        lines: this.line - 1,
        expectedFields: k,
        ragged: this.ragged,
        raggedCount: this.raggedCount,
        notices,
      },
    };
  }

  private raggedNotices() {
    const k = this.header?.length ?? 0;
    const out = this.ragged.map((r) => `Line ${r.line} has ${r.fields} field${r.fields === 1 ? '' : 's'} instead of ${k}: skipped.`);
    if (this.raggedCount > this.ragged.length) out.push(`…and ${(this.raggedCount - this.ragged.length).toLocaleString('en')} more rows with the wrong number of fields, skipped (${this.raggedCount.toLocaleString('en')} in all).`);
    return out;
  }
}

function newlinesIn(row: string[]) {
  let n = 0;
  for (const f of row) {
    if (f.length < 1 || (f.indexOf('\n') < 0 && f.indexOf('\r') < 0)) continue;
    // \r\n counts once
    n += (f.match(/\r\n|\r|\n/g) ?? []).length;
  }
  return n;
}

/** The header's names, trimmed; a blank gets "column N", a repeat gets "name (2)", each said in a notice. */
function headerNames(row: string[], notices: string[]): string[] {
  const seen = new Set<string>();
  return row.map((raw, i) => {
    let name = raw.trim();
    if (name === '') {
      name = `column ${i + 1}`;
      notices.push(`Column ${i + 1} has no name in the header: it is called “${name}”.`);
    }
    if (seen.has(name)) {
      let j = 2;
      while (seen.has(`${name} (${j})`)) j++;
      notices.push(`Two columns are called “${name}”: the second is “${name} (${j})”.`);
      name = `${name} (${j})`;
    }
    seen.add(name);
    return name;
  });
}
