import type { DataSet } from './dataset';

/** ggplot2's 53,940 diamonds, categories recoded as ordinal numbers (public/data/README.md has the codes and checksums). */
export const diamonds: DataSet = {
  id: 'diamonds',
  name: 'Diamonds',
  file: 'data/diamonds.csv',
  what: '53,940 round-cut diamonds: carat, cut, colour, clarity, proportions and price',
  source: 'the R package ggplot2 (its “diamonds” data set)',
  url: 'https://github.com/tidyverse/ggplot2/blob/master/data-raw/diamonds.csv',
  licence: 'MIT (ggplot2)',
  via: { name: '@observablehq/sample-datasets', version: '1.0.1', url: 'https://github.com/observablehq/sample-datasets', licence: 'ISC' },
  changes: 'categories recoded as numbers',
  credit: 'the diamonds data set of ggplot2 (MIT), 53,940 stones, via @observablehq/sample-datasets',
  labs: ['data-vs-algorithm'],
};
