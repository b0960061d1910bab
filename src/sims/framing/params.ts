/** The framing lab's params as the schema in meta.ts resolves them. */
export interface FramingParams {
  task: 'routing' | 'quantity';
  data: 'requests' | 'cars' | 'houses';
  framing: 'binary' | 'multiclass' | 'multilabel' | 'regression' | 'classification';
  n: number;
  multi: number;
  change: 'none' | 'legal';
  buckets: number;
  splits: number;
  threshold: number;
  seed: number;
  lr: number;
  epochs: number;
  batch: number;
}
