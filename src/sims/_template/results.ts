import { defineResults } from '../../engine/lab';
import { meta } from './meta';

/** What the View draws and the export carries, derived once per result (and live param). */
export const results = defineResults(meta, {
  view: (r) => ({ metrics: { accuracy: r.accuracy } }),
  series: (r) => ({ training_loss: { x: r.lossEpoch, y: r.loss } }),
  predictions: (r) => ({ y_true: r.predictions.y_true, y_score: r.predictions.y_score }),
});
