import type { SimController } from '../sim-controller.svelte';
import type { ChartEntry } from '../frame-context';
import { download, fileSlug, seriesCsv, tableCsv } from './files';
import { standaloneSvg, svgToPng } from './chart-image';

// What the export menu does, loaded the first time someone opens it (the lab page needs none of it to run).

const base = (sim: SimController) => `mlsd-${sim.id}-seed${sim.values.seed}`;

export function exportJson(sim: SimController): boolean {
  const data = sim.exportJson();
  if (!data) return false;
  download(`${base(sim)}.json`, JSON.stringify(data, null, 2), 'application/json');
  return true;
}

/** The same series as the JSON export, as one CSV with columns series, x, y. */
export function exportCsv(sim: SimController): boolean {
  if (!sim.result) return false;
  download(`${base(sim)}-series.csv`, seriesCsv(sim.series() ?? {}), 'text/csv');
  return true;
}

/** One of the lab's tables (a project log) as its own CSV. */
export function exportTable(sim: SimController, name: string): boolean {
  const t = sim.tables()[name];
  if (!t) return false;
  download(`${base(sim)}-${fileSlug(name)}.csv`, tableCsv(t.columns, t.rows), 'text/csv');
  return true;
}

export async function exportChart(sim: SimController, chart: ChartEntry, format: 'svg' | 'png'): Promise<boolean> {
  const svg = chart.svg;
  if (!svg) return false;
  const file = standaloneSvg(svg, chart.title, chart.legend);
  const name = `mlsd-${sim.id}-${fileSlug(chart.title)}`;
  if (format === 'svg') download(`${name}.svg`, file.text, 'image/svg+xml');
  else download(`${name}.png`, await svgToPng(file, 2));
  return true;
}
