import { describe, it, expect } from 'vitest';
import { existsSync, readFileSync } from 'node:fs';
import { dataSets, creditAt, creditLine, labCredit, setsInUse } from '../../src/data';
import { readBirdstrikes, BIRDSTRIKE_COLUMNS } from '../../src/data/birdstrikes.read';
import { readCars } from '../../src/data/cars.read';
import { readSeattleWeather } from '../../src/data/seattle-weather.read';
import { readDiamonds } from '../../src/data/diamonds.read';
import { sims, findSim } from '../../src/sims/catalog';

const file = (path: string) => readFileSync(`public/${path}`, 'utf8');

describe('the data-set registry', () => {
  it('lists every file in public/data/ once, each with its source, licence and credit', () => {
    const shipped = ['birdstrikes.csv', 'cars.json', 'seattle-weather.csv', 'diamonds.csv'].map((f) => `data/${f}`);
    expect(dataSets.map((d) => d.file).sort()).toEqual([...shipped].sort());
    expect(new Set(dataSets.map((d) => d.id)).size).toBe(dataSets.length);
    const readme = file('data/README.md');
    for (const d of dataSets) {
      expect(existsSync(`public/${d.file}`), d.file).toBe(true);
      expect(readme, d.file).toContain(`## ${d.file.slice('data/'.length)}`);
      expect(readme, d.via.name).toContain(`${d.via.name}@${d.via.version}`);
      for (const text of [d.name, d.what, d.source, d.licence, d.credit]) expect(text.trim().length).toBeGreaterThan(0);
      expect(creditLine(d)).toMatch(/^Data: .+\.$/);
    }
  });

  it('says which labs use each set, and each of those labs declares under which params', () => {
    for (const d of dataSets) {
      const declaring = sims.filter((s) => (s.data ?? []).some((u) => u.set.id === d.id)).map((s) => s.id);
      expect(declaring.sort(), d.id).toEqual([...d.labs].sort());
    }
    for (const s of sims) {
      for (const u of s.data ?? []) {
        expect(dataSets, `${s.id} uses a set outside the registry`).toContain(u.set);
        for (const [k, v] of Object.entries(u.when)) {
          const spec = s.schema.byName.get(k);
          expect(spec?.type, `${s.id}: ${k}`).toBe('choice');
          if (spec?.type === 'choice') expect(spec.choices, `${s.id}: ${k}=${v}`).toContain(v);
        }
      }
    }
  });

  it('credits a lab only while the params choose real data, and its embed with every set it can use', () => {
    const imbalance = findSim('imbalance')!;
    expect(creditAt(imbalance.data, { data: 'synthetic' })).toBe('');
    expect(creditAt(imbalance.data, { data: 'birdstrikes' })).toBe('Data: FAA Wildlife Strike Database, 10,000 reports 1990–2002 (public domain), via vega-datasets.');
    expect(imbalance.credit).toBe('Can also run on real data: FAA Wildlife Strike Database, 10,000 reports 1990–2002 (public domain), via vega-datasets.');
    const staleness = findSim('staleness')!;
    expect(setsInUse(staleness.data, { data: 'weather' }).map((d) => d.id)).toEqual(['seattle-weather']);
    expect(staleness.credit).toContain('StatLib');
    expect(staleness.credit).toContain('NOAA');
    // one wording for cars, wherever it is used
    const framing = findSim('framing')!;
    expect(creditAt(framing.data, { task: 'quantity', data: 'cars' })).toBe(creditAt(staleness.data, { data: 'cars' }));
    expect(creditAt(framing.data, { task: 'routing', data: 'requests' })).toBe('');
    expect(findSim('business-metrics')?.credit).toBe('');
    expect(labCredit(undefined)).toBe('');
    expect(labCredit([{ set: imbalance.data![0].set, when: {} }])).toBe(creditLine(imbalance.data![0].set));
  });
});

describe('each set’s reader on the shipped file', () => {
  it('birdstrikes.csv: 10,000 strikes, 14 columns', () => {
    const rows = readBirdstrikes(file('data/birdstrikes.csv'));
    expect(rows.length).toBe(10_000);
    expect(Object.keys(rows[0])).toEqual([...BIRDSTRIKE_COLUMNS]);
    expect(rows.filter((r) => r['Effect Amount of damage'] !== 'None').length).toBe(1_061);
  });

  it('cars.json: 406 cars, 8 without fuel economy, 6 more without horsepower', () => {
    const cars = readCars(file('data/cars.json'));
    expect(cars.length).toBe(406);
    expect(cars.filter((c) => c.Miles_per_Gallon === null).length).toBe(8);
    expect(cars.filter((c) => c.Miles_per_Gallon !== null && c.Horsepower === null).length).toBe(6);
    expect(new Set(cars.map((c) => c.Origin))).toEqual(new Set(['USA', 'Europe', 'Japan']));
  });

  it('seattle-weather.csv: 1,461 days, 2012–2015, no missing value', () => {
    const days = readSeattleWeather(file('data/seattle-weather.csv'));
    expect(days.length).toBe(1_461);
    expect([days[0].date, days[days.length - 1].date]).toEqual(['2012-01-01', '2015-12-31']);
    expect(days.every((d) => [d.precipitation, d.temp_max, d.temp_min, d.wind].every(Number.isFinite))).toBe(true);
  });

  it('diamonds.csv: 53,940 stones with ten numbers each', () => {
    const stones = readDiamonds(file('data/diamonds.csv'));
    expect(stones.length).toBe(53_940);
    expect(Object.values(stones[0]).every(Number.isFinite)).toBe(true);
  });
});
