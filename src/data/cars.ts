import type { DataSet } from './dataset';

/** 406 cars of 1970–82 (public/data/README.md has its checksums). */
export const cars: DataSet = {
  id: 'cars',
  name: 'Cars',
  file: 'data/cars.json',
  what: '406 cars of model years 1970–1982: miles per gallon, horsepower, weight and more',
  source: 'StatLib, Carnegie Mellon University (1983 ASA data exposition)',
  url: 'http://lib.stat.cmu.edu/datasets/',
  licence: 'distributed in 1982 for educational and scientific purposes (no further terms stated)',
  via: { name: 'vega-datasets', version: '3.2.1', url: 'https://github.com/vega/vega-datasets', licence: 'BSD-3-Clause' },
  credit: 'cars.json, 406 cars of 1970–82 from the StatLib archive (Carnegie Mellon; shared for education and research), via vega-datasets',
  labs: ['framing', 'staleness'],
};
