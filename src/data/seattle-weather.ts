import type { DataSet } from './dataset';

/** Daily weather at Seattle, 2012–15 (public/data/README.md has its checksums). */
export const seattleWeather: DataSet = {
  id: 'seattle-weather',
  name: 'Seattle weather',
  file: 'data/seattle-weather.csv',
  what: 'Daily weather in Seattle, 2012–2015: precipitation, temperatures, wind and the day’s weather label',
  source: 'NOAA National Climatic Data Center',
  url: 'https://www.ncdc.noaa.gov/cdo-web/datatools/records',
  licence: 'U.S. Government work (public domain)',
  via: { name: 'vega-datasets', version: '3.2.1', url: 'https://github.com/vega/vega-datasets', licence: 'BSD-3-Clause' },
  credit: 'daily Seattle weather 2012–15 (NOAA National Climatic Data Center, U.S. Government work; via vega-datasets)',
  labs: ['staleness'],
};
