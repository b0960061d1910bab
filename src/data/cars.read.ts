// The reader of data/cars.json (its metadata: ./cars.ts). Pure TypeScript: runs in the engine worker and in Node;
// kept apart from the metadata so the pages that credit the set do not load its parser.

/** One car as the file has it: its nine fields, null where the file has none (or not a finite number). */
export interface Car {
  Name: string | null;
  Miles_per_Gallon: number | null;
  Cylinders: number | null;
  Displacement: number | null;
  Horsepower: number | null;
  Weight_in_lbs: number | null;
  Acceleration: number | null;
  /** the model year as written, e.g. "1970-01-01" */
  Year: string | null;
  /** USA, Europe or Japan */
  Origin: string | null;
}

const num = (v: unknown) => (typeof v === 'number' && Number.isFinite(v) ? v : null);
const str = (v: unknown) => (typeof v === 'string' ? v : null);
const field = (r: unknown, k: string): unknown => (typeof r === 'object' && r !== null ? Object.getOwnPropertyDescriptor(r, k)?.value : undefined);

/** cars.json as records, every car kept (each lab drops the ones it cannot use). */
export function readCars(text: string): Car[] {
  const raw: unknown = JSON.parse(text);
  if (!Array.isArray(raw)) throw new Error('cars.json: expected an array of cars');
  return raw.map((r: unknown) => ({
    Name: str(field(r, 'Name')),
    Miles_per_Gallon: num(field(r, 'Miles_per_Gallon')),
    Cylinders: num(field(r, 'Cylinders')),
    Displacement: num(field(r, 'Displacement')),
    Horsepower: num(field(r, 'Horsepower')),
    Weight_in_lbs: num(field(r, 'Weight_in_lbs')),
    Acceleration: num(field(r, 'Acceleration')),
    Year: str(field(r, 'Year')),
    Origin: str(field(r, 'Origin')),
  }));
}
