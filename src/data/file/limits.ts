// What #/data accepts. Stated on the page, so a refusal never surprises.

/** The largest file read at all (checked on File.size, before a byte is read). */
export const MAX_FILE_BYTES = 200 * 1024 * 1024;
/** The most text a compressed file may unpack to. */
export const MAX_UNPACKED_BYTES = 1024 * 1024 * 1024;
/** Values (rows × columns) kept in memory at most: beyond it a file is refused, not cut short. */
export const MAX_CELLS = 40_000_000;
/** Distinct values remembered per column; beyond it the column is high-cardinality (an ID or free text). */
export const MAX_DISTINCT = 50_000;
/** A single row longer than this means a quote was opened and never closed. */
export const MAX_ROW_CHARS = 1024 * 1024;
/** Ragged rows listed one by one; the rest are counted. */
export const MAX_LISTED_RAGGED = 100;
/** A class label with more values than this is refused. */
export const MAX_CLASSES = 50;

export const formatBytes = (n: number) =>
  n >= 1024 * 1024 ? `${(n / 1024 / 1024).toFixed(n >= 100 * 1024 * 1024 ? 0 : 1)} MB` : n >= 1024 ? `${(n / 1024).toFixed(0)} KB` : `${n} bytes`;
