/** Params every simulation has; a function so each simulation picks its own training defaults. */
import type { ParamSpec } from './params';

export function commonParams(d: {
  lr: number;
  epochs: number;
  batch: number;
  /** omit when the sim's model has no hidden layers */
  hidden?: readonly number[];
}): ParamSpec[] {
  const params: ParamSpec[] = [
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
      group: 'run',
    },
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
    },
  ];
  if (d.hidden) {
    params.push({
      name: 'hidden',
      type: 'int-list',
      label: 'Hidden layers',
      help: 'Units in each hidden layer, comma-separated (e.g. 16,16); empty means no hidden layer.',
      default: d.hidden,
      min: 1,
      max: 256,
      minLength: 0,
      maxLength: 4,
      advanced: true,
      group: 'training',
    });
  }
  params.push(
    {
      name: 'hide',
      type: 'names',
      label: 'Hidden controls',
      help: 'Comma-separated parameter names whose controls are not shown.',
      default: [],
      group: 'embed',
    },
    {
      name: 'lock',
      type: 'names',
      label: 'Locked controls',
      help: 'Comma-separated parameter names whose controls are shown but disabled.',
      default: [],
      group: 'embed',
    },
    {
      name: 'present',
      type: 'bool',
      label: 'Presentation mode',
      help: 'Larger text and fewer controls, for showing on a projector.',
      default: false,
      group: 'embed',
    },
  );
  return params;
}
