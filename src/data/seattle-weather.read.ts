// The reader of data/seattle-weather.csv (its metadata: ./seattle-weather.ts). Pure TypeScript: runs in the engine worker and in Node;
// kept apart from the metadata so the pages that credit the set do not load its parser.

/** One day as the file has it; a number the file lacks reads NaN. */
export interface WeatherDay {
  /** "2012-01-01" */
  date: string;
  /** mm */
  precipitation: number;
  /** °C */
  temp_max: number;
  temp_min: number;
  /** m/s */
  wind: number;
  /** drizzle, fog, rain, snow or sun, as written (untrimmed) */
  weather: string;
}

/** seattle-weather.csv as records (header date,precipitation,temp_max,temp_min,wind,weather; no quoted fields; blank lines skipped). */
export function readSeattleWeather(text: string): WeatherDay[] {
  const lines = text.replace(/^\uFEFF/, '').split(/\r?\n/).filter((l) => l.trim() !== '');
  const head = (lines[0] ?? '').split(',').map((h) => h.trim());
  const col = (name: string) => head.indexOf(name);
  const [date, precipitation, tempMax, tempMin, wind, weather] = ['date', 'precipitation', 'temp_max', 'temp_min', 'wind', 'weather'].map(col);
  return lines.slice(1).map((line) => {
    const f = line.split(',');
    return {
      date: f[date] ?? '',
      precipitation: Number(f[precipitation]),
      temp_max: Number(f[tempMax]),
      temp_min: Number(f[tempMin]),
      wind: Number(f[wind]),
      weather: f[weather] ?? '',
    };
  });
}
