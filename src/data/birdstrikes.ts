import type { DataSet } from './dataset';

/** FAA wildlife strikes on aircraft, 1990–2002 (public/data/README.md has its checksums). */
export const birdstrikes: DataSet = {
  id: 'birdstrikes',
  name: 'FAA bird strikes',
  file: 'data/birdstrikes.csv',
  what: 'FAA Wildlife Strike Database, 10,000 strike reports 1990–2002',
  source: 'U.S. Federal Aviation Administration (FAA)',
  url: 'http://wildlife.faa.gov',
  licence: 'U.S. Government work (public domain)',
  via: { name: 'vega-datasets', version: '3.2.1', url: 'https://github.com/vega/vega-datasets', licence: 'BSD-3-Clause' },
  credit: 'FAA Wildlife Strike Database, 10,000 reports 1990–2002 (public domain), via vega-datasets',
  labs: ['imbalance'],
};
