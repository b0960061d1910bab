import { describe, it, expect } from 'vitest';
import { rmse, mae } from '../../src/engine/metrics';

// Expected values from scikit-learn 1.2.1: mean_squared_error(squared=False) and mean_absolute_error.

describe('regression', () => {
  const yTrue = [3.0, -0.5, 2.0, 7.0];
  const yPred = new Float64Array([2.5, 0.0, 2.0, 8.0]);

  it('RMSE and MAE match sklearn', () => {
    expect(rmse(yTrue, yPred)).toBeCloseTo(0.6123724356957945, 15);
    expect(mae(yTrue, yPred)).toBe(0.5);
  });

  it('perfect prediction is 0', () => {
    expect(rmse([1, 2], [1, 2])).toBe(0);
    expect(mae(new Float32Array([1, 2]), [1, 2])).toBe(0);
  });

  it('empty input is null; a length mismatch throws', () => {
    expect(rmse([], [])).toBeNull();
    expect(mae([], [])).toBeNull();
    expect(() => rmse([1], [1, 2])).toThrow(RangeError);
  });
});
