import { defineSchema } from '../../engine/params';
import { commonParams } from '../../engine/common-params';
import { defineLab } from '../../engine/lab';

// The lab `npm run new-lab <id>` copies. Rename what it is about; keep the shape: a schema, the
// snapshots and result the scenario sends, and a catalogue of every number the View shows.

export const schema = defineSchema([
  {
    name: 'noise',
    type: 'float',
    label: 'Label noise',
    help: 'The share of training labels flipped at random; the test labels stay clean.',
    default: 0.1,
    min: 0,
    max: 0.5,
    step: 0.01,
  },
  ...commonParams({ lr: 0.1, epochs: 20, batch: 64 }),
]);

/** Training progress, sent while the model trains. */
export interface ProgressSnapshot {
  epoch: number;
  epochs: number;
  lossEpoch: Float64Array;
  loss: Float64Array;
}

/** The final result, as the scenario returns it. */
export interface TemplateResult {
  accuracy: number;
  lossEpoch: Float64Array;
  loss: Float64Array;
  predictions: { y_true: Uint8Array; y_score: Float32Array };
}

export const meta = defineLab<{ snapshots: { progress: ProgressSnapshot }; result: TemplateResult }>()({
  id: 'template-lab',
  title: 'A new lab',
  question: 'What does this lab show? Say it as one question a learner would ask.',
  schema,
  metrics: {
    accuracy: { label: 'Test accuracy', kind: 'rate', higherIsBetter: true, hint: 'share of clean test rows predicted correctly' },
  },
});
