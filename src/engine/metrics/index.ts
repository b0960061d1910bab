// Metrics: pure float64 TypeScript, no DOM, TF.js or Svelte. Undefined values are null, never NaN.

export * from './binary';
export * from './multiclass';
export * from './multilabel';
export * from './regression';
