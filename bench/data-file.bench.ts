import { it } from 'vitest';
import { loadFile } from '../src/data/file/parse';
import { profileTable } from '../src/data/file/profile';
import { checkLeakage } from '../src/data/file/leakage';
import { randomLcg } from 'd3-random';
import { median, ms, runs } from './stats';

// #/data's reading of a learner's file, Node: a generated 1,000,000 rows × 20 columns CSV (numbers, categories,
// dates, an ID, a binary label) parsed, profiled and checked for leakage against the label. The goal
// is under 15 s in Chromium; this is the Node figure (same code, run in the parse worker there).
const ROWS = 1_000_000;
const REPEATS = 3;

function generate(): Blob {
  const rng = randomLcg(1);
  const cities = ['Lisbon', 'Porto', 'Braga', 'Faro', 'Coimbra', 'Aveiro', 'Evora', 'Viseu'];
  const header = ['id', ...Array.from({ length: 12 }, (_, i) => `x${i + 1}`), 'city', 'plan', 'grade', 'signup', 'visits', 'spend', 'y'];
  const parts: string[] = [header.join(',') + '\n'];
  let buf = '';
  for (let r = 0; r < ROWS; r++) {
    const f: (string | number)[] = [r + 1];
    for (let i = 0; i < 12; i++) f.push((rng() * 100 - 50).toFixed(3));
    f.push(cities[Math.floor(rng() * cities.length)], rng() < 0.3 ? 'pro' : 'free', 'ABCDE'[Math.floor(rng() * 5)]);
    const d = 1 + Math.floor(rng() * 28);
    f.push(`2024-${String(1 + (r % 12)).padStart(2, '0')}-${String(d).padStart(2, '0')}`, Math.floor(rng() * 40), rng() < 0.05 ? '' : (rng() * 500).toFixed(2), rng() < 0.2 ? 1 : 0);
    buf += f.join(',') + '\n';
    if (buf.length > 1 << 20) (parts.push(buf), (buf = ''));
  }
  parts.push(buf);
  return new Blob(parts);
}

it('parse and profile a 1,000,000 × 20 CSV, Node', async () => {
  const t0 = performance.now();
  const blob = generate();
  console.log(`generated ${(blob.size / 1024 / 1024).toFixed(0)} MB in ${ms(performance.now() - t0)}`);
  const read: number[] = [];
  const prof: number[] = [];
  const leak: number[] = [];
  for (let i = 0; i < REPEATS; i++) {
    const a = performance.now();
    const r = await loadFile(blob, { name: 'bench.csv' });
    const b = performance.now();
    if (!r.ok) throw new Error(r.message);
    const p = profileTable(r.table, r.info);
    const c = performance.now();
    checkLeakage(r.table, p.columns, 'y', 'binary', '1', p.columns.filter((x) => !x.problem).map((x) => x.name));
    leak.push(performance.now() - c);
    read.push(b - a);
    prof.push(c - b);
    if (i === 0) console.log(`  ${p.rows.toLocaleString('en')} rows; types: ${p.columns.map((x) => x.type).join(' ')}`);
  }
  const total = read.map((r, i) => r + prof[i]);
  console.log(
    `data-file 1,000,000 × 20 (Node): read+parse median ${ms(median(read))} [${runs(read)}], profile ${ms(median(prof))} [${runs(prof)}], total ${ms(median(total))}; leakage check vs the label ${ms(median(leak))} [${runs(leak)}] (goal: < 15 s in Chromium)`,
  );
});
