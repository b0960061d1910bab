/** Params every simulation has; a function so each simulation picks its own training defaults. */
import type { ParamSpec, Values } from './params';

/** The most seeds one run repeats over (the `seeds` param). */
export const MAX_SEEDS = 10;

const runParams = [
  {
    name: 'seed',
    type: 'int',
    label: 'Random seed',
    help: 'Seeds the data, the initial weights and the batch order. The same seed gives the same run.',
    default: 1,
    min: 0,
    max: 2 ** 31 - 1,
    group: 'run',
  },
  {
    name: 'seeds',
    type: 'int',
    label: 'Repeat over seeds',
    help: 'Also run the same params with the next seeds (this seed, +1, +2, …) and show each number’s range over them, so one seed’s luck is not taken for the rule. 1: this seed only.',
    default: 1,
    min: 1,
    max: MAX_SEEDS,
    advanced: true,
    group: 'run',
  },
  {
    name: 'backend',
    type: 'choice',
    label: 'Compute backend',
    help: 'Where TF.js computes: auto picks the fastest that works in this browser.',
    default: 'auto',
    choices: ['auto', 'webgl', 'wasm', 'cpu'],
    choiceLabels: { auto: 'Automatic', webgl: 'WebGL (GPU)', wasm: 'WebAssembly', cpu: 'Plain JavaScript' },
    advanced: true,
    group: 'run',
  },
  {
    name: 'run',
    type: 'choice',
    label: 'Start',
    help:
      'When training starts. auto: site pages wait for the Run button and embeds start once visible; ' +
      '1: start on load; 0: never start by itself.',
    default: 'auto',
    choices: ['auto', '1', '0'],
    choiceLabels: { auto: 'Automatic', '1': 'On load', '0': 'Only when asked' },
    role: 'url-only',
    group: 'run',
  },
] as const;

/** A training default's `dependsOn`, where the lab gives that hyperparameter other defaults for some values of another param. */
function dependentDefault(by: TrainingDefaultsBy | undefined, key: keyof TrainingDefaults) {
  if (!by) return {};
  const ranges: Record<string, { default: number }> = {};
  for (const [value, d] of Object.entries(by.values)) if (d[key] !== undefined) ranges[value] = { default: d[key] };
  return Object.keys(ranges).length ? { dependsOn: { param: by.param, ranges } } : {};
}

function trainingParams(d: TrainingDefaults & { trainingBy?: TrainingDefaultsBy }) {
  return [
    {
      name: 'lr',
      type: 'float',
      label: 'Learning rate',
      help: 'Step size of the optimiser. Too high diverges, too low barely moves.',
      default: d.lr,
      min: 1e-4,
      max: 1,
      log: true,
      advanced: true,
      group: 'training',
      ...dependentDefault(d.trainingBy, 'lr'),
    },
    {
      name: 'epochs',
      type: 'int',
      label: 'Epochs',
      help: 'Passes over the training set.',
      default: d.epochs,
      min: 1,
      max: 500,
      advanced: true,
      group: 'training',
      ...dependentDefault(d.trainingBy, 'epochs'),
    },
    {
      name: 'batch',
      type: 'int',
      label: 'Batch size',
      help: 'Examples per gradient step. 0 is not allowed; larger than the training set means full batch.',
      default: d.batch,
      min: 1,
      max: 1_000_000,
      log: true,
      advanced: true,
      group: 'training',
      ...dependentDefault(d.trainingBy, 'batch'),
    },
  ] as const;
}

/**
 * Hidden-layer sizes. Named `layers`: `hidden` is HTML's own attribute and reads like "hidden
 * controls"; old links' `hidden=16,8` and `hidden_layers` still arrive here as aliases.
 */
function layersParam(layers: readonly number[], visibleWhen?: (values: Values) => boolean, text?: LayersText) {
  return {
    name: 'layers',
    type: 'int-list',
    aliases: ['hidden', 'hidden_layers'],
    label: text?.label ?? 'Hidden layers',
    help: text?.help ?? 'Units in each hidden layer, comma-separated (e.g. 16,16); empty means no hidden layer.',
    default: layers,
    min: 1,
    max: 256,
    minLength: 0,
    maxLength: 4,
    advanced: true,
    visibleWhen,
    group: 'training',
  } as const;
}

const embedParams = [
  {
    name: 'hide',
    type: 'names',
    label: 'Hidden controls',
    help: 'Comma-separated parameter names whose controls are not shown.',
    default: [],
    role: 'view',
    group: 'embed',
  },
  {
    name: 'lock',
    type: 'names',
    label: 'Locked controls',
    help: 'Comma-separated parameter names whose controls are shown but disabled.',
    default: [],
    role: 'view',
    group: 'embed',
  },
  {
    name: 'present',
    type: 'bool',
    label: 'Presentation mode',
    help: 'Larger text and fewer controls, for showing on a projector.',
    default: false,
    role: 'view',
    group: 'embed',
  },
] as const;

interface TrainingDefaults {
  lr: number;
  epochs: number;
  batch: number;
}
/**
 * Other training defaults for some values of another param (a quantity trains a small model full
 * batch, routing one by mini-batches): each hyperparameter given here `dependsOn` that param.
 */
interface TrainingDefaultsBy {
  param: string;
  values: Record<string, Partial<TrainingDefaults>>;
}

/** The layers control's own words, where a lab's layers belong to one of its models ("Model B's hidden layers"). */
interface LayersText {
  label: string;
  help: string;
}

/** The common params, typed, for a lab whose model has hidden layers (`layersWhen`: only for some models). */
export function commonParams(
  d: TrainingDefaults & { layers: readonly number[]; layersWhen?: (values: Values) => boolean; layersText?: LayersText; trainingBy?: TrainingDefaultsBy },
): readonly [...typeof runParams, ...ReturnType<typeof trainingParams>, ReturnType<typeof layersParam>, ...typeof embedParams];
/** The common params, typed, for a lab whose models have no hidden layers. */
export function commonParams(d: TrainingDefaults & { trainingBy?: TrainingDefaultsBy }): readonly [...typeof runParams, ...ReturnType<typeof trainingParams>, ...typeof embedParams];
export function commonParams(
  d: TrainingDefaults & { layers?: readonly number[]; layersWhen?: (values: Values) => boolean; layersText?: LayersText; trainingBy?: TrainingDefaultsBy },
): readonly ParamSpec[] {
  const layers = d.layers ? [layersParam(d.layers, d.layersWhen, d.layersText)] : [];
  return [...runParams, ...trainingParams(d), ...layers, ...embedParams];
}
