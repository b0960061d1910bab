// The registry of the real data sets shipped in public/data/. Each set is src/data/<set>.ts, its
// metadata (file, source, licence, credit, the labs that use it), and src/data/<set>.read.ts, its one
// reader (the file's text in, its rows out; each lab picks its features from those). The two are
// apart because a module goes into one chunk whole: pages and lab metas import the metadata eagerly,
// while only a lab's scenario, in the engine worker, imports a reader.
import { birdstrikes } from './birdstrikes';
import { cars } from './cars';
import { seattleWeather } from './seattle-weather';
import { diamonds } from './diamonds';
import type { DataSet } from './dataset';

export type { DataSet, DataUse } from './dataset';
export { creditAt, creditLine, labCredit, setsInUse } from './dataset';

/** Every data set the site ships, in the order #/about lists them. */
export const dataSets: readonly DataSet[] = [birdstrikes, cars, seattleWeather, diamonds];
