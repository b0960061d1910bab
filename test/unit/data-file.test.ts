import { describe, it, expect } from 'vitest';
import { gzipSync } from 'node:zlib';
import { openAsBlob } from 'node:fs';
import { mkdtempSync, openSync, ftruncateSync, closeSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadFile, type LoadResult } from '../../src/data/file/parse';
import { profileTable, type FileProfile } from '../../src/data/file/profile';
import { inferLabel } from '../../src/data/file/label';
import { checkLeakage, bestCut } from '../../src/data/file/leakage';
import { columnStates, defaultLabel, features, timeProblem } from '../../src/data/file/selection';
import { isMissing, parseCommaNumber, parseDateTime, parsePlainNumber } from '../../src/data/file/values';
import { sniffDelimiter, sniffNewline } from '../../src/data/file/sniff';
import { MAX_FILE_BYTES } from '../../src/data/file/limits';

// #/data's pure logic: reading a learner's file (every kind of bad input), profiling it, the label and the leakage check.

const blob = (text: string | Uint8Array) => new Blob([text as BlobPart]);
async function load(text: string | Uint8Array, name = 'f.csv', chunkChars?: number) {
  return loadFile(blob(text), { name, chunkChars });
}
async function loaded(text: string | Uint8Array, name = 'f.csv', chunkChars?: number): Promise<Extract<LoadResult, { ok: true }> & { profile: FileProfile }> {
  const r = await load(text, name, chunkChars);
  if (!r.ok) throw new Error(r.message);
  return { ...r, profile: profileTable(r.table, r.info) };
}
const col = (p: FileProfile, name: string) => p.columns.find((c) => c.name === name)!;

describe('values', () => {
  it('reads numbers, decimal commas, missing markers and dates', () => {
    expect(parsePlainNumber('-12.5')).toBe(-12.5);
    expect(parsePlainNumber('1e3')).toBe(1000);
    expect(parsePlainNumber(' 7 ')).toBe(7);
    expect(parsePlainNumber('0x1f')).toBeNaN();
    expect(parsePlainNumber('0b11')).toBeNaN();
    expect(parsePlainNumber('Infinity')).toBeNaN();
    expect(parsePlainNumber('12a')).toBeNaN();
    expect(parseCommaNumber('1,5')).toBe(1.5);
    expect(parseCommaNumber('1.234,5')).toBe(1234.5);
    expect(parseCommaNumber('-3')).toBe(-3);
    for (const m of ['', 'NA', 'n/a', 'null', 'None', '?', 'NaN']) expect(isMissing(m)).toBe(true);
    for (const v of ['0', '-1', 'no', 'Nancy']) expect(isMissing(v)).toBe(false);
    expect(parseDateTime('2024-03-31')).toBe(Date.UTC(2024, 2, 31));
    expect(parseDateTime('2024-03-31T14:05:00Z')).toBe(Date.UTC(2024, 2, 31, 14, 5));
    expect(parseDateTime('2024-03-31 14:05+02:00')).toBe(Date.UTC(2024, 2, 31, 12, 5));
    expect(parseDateTime('31/03/2024')).toBe(Date.UTC(2024, 2, 31));
    expect(parseDateTime('2024-02-30')).toBeNaN();
    expect(parseDateTime('next week')).toBeNaN();
  });

  it('sniffs the delimiter and line ending', () => {
    expect(sniffNewline('a,b\r\n1,2')).toBe('\r\n');
    expect(sniffDelimiter('a;b;c\n1,5;2;3\n', '\n')).toBe(';');
    expect(sniffDelimiter('a\tb\n1\t2\n', '\n')).toBe('\t');
    expect(sniffDelimiter('a,b\n"x;y",2\n', '\n')).toBe(',');
    expect(sniffDelimiter('just one\ncolumn\n', '\n')).toBeNull();
  });
});

describe('reading a file: bad input gets a clear message and nothing half-loaded', () => {
  it('an empty file, or only blank lines', async () => {
    expect(await load('')).toMatchObject({ ok: false, message: expect.stringContaining('is empty') });
    expect(await load('\n\n  \n')).toMatchObject({ ok: false, message: expect.stringContaining('no text') });
  });

  it('a header only', async () => {
    expect(await load('a,b,c\n')).toMatchObject({ ok: false, message: expect.stringContaining('no data rows') });
  });

  it('one column', async () => {
    expect(await load('x\n1\n2\n')).toMatchObject({ ok: false, message: expect.stringContaining('only one column') });
  });

  it('ragged rows are skipped, counted and listed with their line numbers (a quoted newline counts as a line)', async () => {
    const r = await loaded('a,b,y\n1,2,0\n3,"multi\nline",1\n4,5\n6,7,1,8\n\n9,9,0\n');
    expect(r.table.rows).toBe(3);
    expect(r.info.raggedCount).toBe(2);
    expect(r.info.ragged).toEqual([
      { line: 5, fields: 2 },
      { line: 6, fields: 4 },
    ]);
    expect(r.info.notices).toContain('Line 5 has 2 fields instead of 3: skipped.');
    expect(r.info.notices).toContain('Line 6 has 4 fields instead of 3: skipped.');
  });

  it('line numbers hold across parser chunks', async () => {
    const rows = Array.from({ length: 5000 }, (_, i) => (i === 4321 ? '1,2' : `${i},x${i % 3},${i % 2}`));
    const r = await loaded('a,b,y\n' + rows.join('\n'), 'f.csv', 4096);
    expect(r.info.ragged).toEqual([{ line: 4323, fields: 2 }]);
    expect(r.table.rows).toBe(4999);
  });

  it('a file where most rows are ragged is refused', async () => {
    const r = await load('a,b,c\n1,2\n3,4\n5,6,7\n');
    expect(r).toMatchObject({ ok: false, message: expect.stringContaining('do not have the header') });
  });

  it('a quote left open', async () => {
    const r = await load('a,b\n1,2\n3,"4\n5,6\n7,8\n');
    expect(r).toMatchObject({ ok: false, message: expect.stringContaining('opened on line 3 is never closed') });
    // in a big file too, found before the whole rest is read into one field
    const big = 'a,b\n1,"2\n' + '3,4\n'.repeat(400_000);
    expect(await load(big, 'big.csv', 64 * 1024)).toMatchObject({ ok: false, message: expect.stringContaining('opened on line 2') });
  });

  it('a BOM is dropped from the first header name', async () => {
    const r = await loaded('\ufeffname,y\nA,1\nB,0\n');
    expect(r.table.columns.map((c) => c.name)).toEqual(['name', 'y']);
  });

  it('Latin-1 bytes: read as windows-1252, and said so', async () => {
    const bytes = new Uint8Array([...new TextEncoder().encode('ville,y\n'), ...Buffer.from('Orl\xe9ans,1\nN\xeemes,0\n\x80uro,1\n', 'latin1')]);
    const r = await loaded(bytes);
    expect(r.info.encoding).toBe('windows-1252');
    expect(col(r.profile, 'ville').values!.map((v) => v.value).sort()).toEqual(['Nîmes', 'Orléans', '€uro']);
    expect(r.info.notices[0]).toContain('windows-1252');
  });

  it('decimal commas in a semicolon file', async () => {
    const r = await loaded('prix;poids;y\n1,5;1.234,5;a\n2,25;10;b\n-3,0;7,5;a\n');
    expect(r.info.delimiter).toBe(';');
    expect(r.info.decimalComma).toBe(true);
    expect(Array.from(r.table.columns[0].nums!)).toEqual([1.5, 2.25, -3]);
    expect(Array.from(r.table.columns[1].nums!)).toEqual([1234.5, 10, 7.5]);
    expect(col(r.profile, 'prix').type).toBe('number');
    expect(r.info.notices.join(' ')).toContain('decimal commas');
  });

  it('tab-separated and gzip-compressed files', async () => {
    const r = await loaded(gzipSync(Buffer.from('a\tb\ty\n1\t2\t0\n3\t4\t1\n')), 'f.tsv.gz');
    expect(r.info).toMatchObject({ gzip: true, delimiter: '\t' });
    expect(r.table.rows).toBe(2);
    const broken = gzipSync(Buffer.from('a,b\n'.repeat(1000))).subarray(0, 40);
    expect(await load(broken, 'cut.csv.gz')).toMatchObject({ ok: false, message: expect.stringContaining('does not unpack') });
  });

  it('a 300 MB file is refused from its size, before it is read (a sparse file)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'mlsd-'));
    const path = join(dir, 'big.csv');
    const fd = openSync(path, 'w');
    ftruncateSync(fd, 300 * 1024 * 1024);
    closeSync(fd);
    try {
      const file = await openAsBlob(path);
      expect(file.size).toBeGreaterThan(MAX_FILE_BYTES);
      const t0 = performance.now();
      const r = await loadFile(file, { name: 'big.csv' });
      expect(r).toMatchObject({ ok: false, message: expect.stringContaining('refused before they are read') });
      expect(performance.now() - t0).toBeLessThan(200);
    } finally {
      rmSync(dir, { recursive: true });
    }
  });

  it('a cancelled load keeps nothing', async () => {
    const ctl = new AbortController();
    const r = await loadFile(blob('a,b\n' + '1,2\n'.repeat(200_000)), { name: 'c.csv', signal: ctl.signal, chunkChars: 4096, onProgress: () => ctl.abort() });
    expect(r).toMatchObject({ ok: false, cancelled: true });
  });

  it('blank and repeated header names get names of their own, each said', async () => {
    const r = await loaded('a,,a\n1,2,3\n4,5,6\n');
    expect(r.table.columns.map((c) => c.name)).toEqual(['a', 'column 2', 'a (2)']);
    expect(r.info.notices.length).toBe(2);
  });
});

describe('the profile', () => {
  const n = 300;
  const rows = Array.from({ length: n }, (_, i) =>
    [i + 1, (i * 7) % 50, ['red', 'green', 'blue'][i % 3], `2024-01-${String(1 + (i % 28)).padStart(2, '0')}`, `user said thing number ${i} about the product`, `u${(i * 7919) % 100_003}x`, 'same', i % 10 ? '' : 'x', `c${i % 40}`].join(','),
  );
  const csv = 'row_id,score,colour,day,comment,token,const,sparse,city\n' + rows.join('\n');

  it('infers each type and the default exclusions', async () => {
    const { profile } = await loaded(csv);
    const t = Object.fromEntries(profile.columns.map((c) => [c.name, [c.type, c.problem]]));
    expect(t).toEqual({
      row_id: ['id', 'id'],
      score: ['number', null],
      colour: ['category', null],
      day: ['datetime', null],
      comment: ['text', 'text'],
      token: ['id', 'id'],
      const: ['category', 'constant'],
      sparse: ['category', 'constant'],
      city: ['category', null],
    });
    const score = col(profile, 'score');
    expect(score.bins!.reduce((s, b) => s + b.count, 0)).toBe(n);
    expect([score.min, score.max]).toEqual([0, 49]);
    expect(col(profile, 'sparse').missingShare).toBeCloseTo(0.9);
    expect(col(profile, 'colour').top.map((x) => x.value).sort()).toEqual(['blue', 'green', 'red']);
    expect(col(profile, 'city').warnings[0]).toContain('High cardinality: 40 distinct values');
    expect(col(profile, 'day').bins!.reduce((s, b) => s + b.count, 0)).toBe(n);
  });

  it('an all-missing column is empty', async () => {
    const { profile } = await loaded('a,b,y\n1,,0\n2,NA,1\n3,,0\n');
    expect(col(profile, 'b')).toMatchObject({ problem: 'empty', missingShare: 1 });
  });
});

describe('the label', () => {
  it('binary (with its positive value), multiclass, numeric, and an override', async () => {
    const rows = Array.from({ length: 200 }, (_, i) => `${i % 2 ? 'yes' : 'no'},${i % 4},${(i * 1.37).toFixed(2)},${i % 5 === 0 ? 'up' : 'down'}`);
    const { profile } = await loaded('churn,stars,price,status\n' + rows.join('\n'));
    expect(inferLabel(col(profile, 'churn'))).toMatchObject({ kind: 'binary', positive: 'yes', problem: null });
    expect(inferLabel(col(profile, 'churn'), null, 'no')).toMatchObject({ kind: 'binary', positive: 'no' });
    expect(inferLabel(col(profile, 'stars'))).toMatchObject({ kind: 'multiclass', kinds: ['multiclass', 'numeric'] });
    expect(inferLabel(col(profile, 'stars'), 'numeric')).toMatchObject({ kind: 'numeric' });
    expect(inferLabel(col(profile, 'price'))).toMatchObject({ kind: 'numeric' });
    // neither is spelled as the positive one: the rarer
    expect(inferLabel(col(profile, 'status')).positive).toBe('up');
    expect(defaultLabel(profile.columns)).toBe('churn');
  });

  it('a label with one class, and one with 500 classes, are refused with the reason', async () => {
    const rows = Array.from({ length: 1000 }, (_, i) => `${i},only,c${i % 500}`);
    const { profile } = await loaded('x,one,many\n' + rows.join('\n'));
    expect(inferLabel(col(profile, 'one'))).toMatchObject({ kind: null, problem: expect.stringContaining('one class only') });
    expect(inferLabel(col(profile, 'many'))).toMatchObject({ kind: null, problem: expect.stringContaining('500 classes') });
  });
});

describe('leakage', () => {
  // y from a noisy score; `copy` is the label spelled differently, `after` one cut of a number, `strong` agrees on 95 %
  const n = 2000;
  const y = Array.from({ length: n }, (_, i) => ((i * 7919) % 13) % 3 === 0);
  const rows = y.map((v, i) => {
    const copy = v ? 'refunded' : 'kept';
    const after = (v ? 1000 : 0) + ((i * 31) % 997);
    const strong = i % 20 === 0 ? !v : v;
    return `${v ? 1 : 0},${copy},${after},${strong ? 'hi' : 'lo'},${(i * 17) % 97},${['a', 'b', 'c', 'd'][i % 4]}`;
  });
  const csv = 'y,copy,after,strong,noise,group\n' + rows.join('\n');

  it('flags one label per category value and one cut of a number, not a strong but imperfect predictor', async () => {
    const { table, profile } = await loaded(csv);
    const flags = checkLeakage(table, profile.columns, 'y', 'binary', '1', ['copy', 'after', 'strong', 'noise', 'group']);
    expect(flags.map((f) => f.column)).toEqual(['copy', 'after']);
    expect(flags[0].share).toBe(1);
    expect(flags[1].why).toContain('One cut of “after” (≥ 1000)');
    const states = columnStates(profile, flags, { label: 'y', time: null, ticks: {} });
    expect(Object.fromEntries(states.map((s) => [s.name, s.excluded]))).toEqual({ y: 'label', copy: 'leakage', after: 'leakage', strong: null, noise: null, group: null });
  });

  it('for a numeric label: a near-exact function of it is flagged', async () => {
    const rows = Array.from({ length: 500 }, (_, i) => `${i * 2.5 + ((i * 13) % 7)},${i * 2.5},${(i * 37) % 101}`);
    const { table, profile } = await loaded('price,price_eur,noise\n' + rows.join('\n'));
    const flags = checkLeakage(table, profile.columns, 'price', 'numeric', null, ['price_eur', 'noise']);
    expect(flags.map((f) => f.column)).toEqual(['price_eur']);
  });

  it('bestCut finds the threshold and its share', () => {
    const x = Float64Array.from([1, 2, 3, 4, 5, 6]);
    expect(bestCut(x, Int32Array.from([0, 0, 0, 1, 1, 1]))).toEqual({ at: 4, above: true, share: 1 });
    expect(bestCut(x, Int32Array.from([1, 1, 0, 0, 0, 0]))).toEqual({ at: 3, above: false, share: 1 });
    expect(bestCut(x, Int32Array.from([0, 1, 0, 1, 0, 1]))!.share).toBeLessThan(0.99);
  });
});

describe('choosing features', () => {
  it('label, time, the learner\'s ticks, and every feature excluded', async () => {
    const { profile } = await loaded('id,a,b,when,y\n' + Array.from({ length: 50 }, (_, i) => `${i + 1},${i % 5},${i % 3},2024-01-${String(1 + (i % 28)).padStart(2, '0')},${i % 2}`).join('\n'));
    let s = columnStates(profile, [], { label: 'y', time: 'when', ticks: {} });
    expect(s.map((x) => x.excluded)).toEqual(['id', null, null, 'time', 'label']);
    s = columnStates(profile, [], { label: 'y', time: null, ticks: { a: false, id: true } });
    expect(s.map((x) => x.excluded)).toEqual([null, 'user', null, null, 'label']);
    s = columnStates(profile, [], { label: 'y', time: 'when', ticks: { a: false, b: false } });
    expect(features(s)).toEqual([]);
  });

  it('a time column that does not parse is refused with an example', async () => {
    const { profile } = await loaded('when,y\n' + Array.from({ length: 30 }, (_, i) => `${i % 2 ? 'soon' : 'later'},${i % 2}`).join('\n'));
    expect(timeProblem(col(profile, 'when'))).toMatch(/does not parse as dates or times: 0 of 30 values do \(“(soon|later)” does not\)/);
    const ok = await loaded('when,y\n2024-01-01,1\n2024-01-02,0\n');
    expect(timeProblem(col(ok.profile, 'when'))).toBeNull();
  });
});

describe('memory', () => {
  it('a file with more values than the page keeps is refused, not cut short', async () => {
    const r = await loadFile(blob('a,b,y\n' + '1,2,0\n'.repeat(1000)), { name: 'wide.csv', maxCells: 1500 });
    expect(r).toMatchObject({ ok: false, message: expect.stringContaining('more than 500 rows of 3 columns') });
  });
});
