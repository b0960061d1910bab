// Small, dependency-free helpers shared by the export actions.

/** Save `data` as a file named `name` (a download, never a new tab). */
export function download(name: string, data: Blob | string, type = 'application/octet-stream'): void {
  const blob = typeof data === 'string' ? new Blob([data], { type }) : data;
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  a.rel = 'noopener';
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/** "ROC curve at threshold 0.5" → "roc-curve-at-threshold-0-5": safe in every file system. */
export function fileSlug(text: string): string {
  return (
    text
      .normalize('NFKD')
      .replace(/[\u0300-\u036f]/g, '')
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-+|-+$/g, '')
      .slice(0, 60) || 'chart'
  );
}

type SeriesMap = Record<string, { x: ArrayLike<number>; y: ArrayLike<number> }>;

const csvCell = (s: string) => (/[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s);
// Full precision (the shortest text that reads back to the same double, as in the JSON); undefined points are empty.
const csvNumber = (v: number | undefined) => (v === undefined || !Number.isFinite(v) ? '' : String(v));

/**
 * Every series of a run in one long ("tidy") table: `series,x,y`, one row a point, series in the
 * order the lab names them. One file opens anywhere (spreadsheets, pandas, R) and keeps series of
 * different lengths and x values apart.
 */
export function seriesCsv(series: SeriesMap): string {
  const rows = ['series,x,y'];
  for (const [name, s] of Object.entries(series)) {
    const n = Math.max(s.x.length, s.y.length);
    const cell = csvCell(name);
    for (let i = 0; i < n; i++) rows.push(`${cell},${csvNumber(s.x[i])},${csvNumber(s.y[i])}`);
  }
  return rows.join('\r\n') + '\r\n';
}

/** One exported table as CSV: a header of its columns, then a row per record (text quoted where it must be). */
export function tableCsv(columns: readonly string[], rows: readonly Record<string, string | number | null>[]): string {
  const cell = (v: string | number | null | undefined) => (typeof v === 'number' ? csvNumber(v) : v == null ? '' : csvCell(v));
  const lines = [columns.map(csvCell).join(',')];
  for (const r of rows) lines.push(columns.map((c) => cell(r[c])).join(','));
  return lines.join('\r\n') + '\r\n';
}
