import { describe, expect, it } from 'vitest';
import { explainedVariance, r2 } from './regression.js';

const yTrue2 = { shape: [3, 2], data: [0.5, 1, -1, 1, 7, -6] };
const yPred2 = { shape: [3, 2], data: [0, 2, -1, 2, 8, -5] };

describe('regression scores (scikit-learn semantics; predictions first)', () => {
  // https://scikit-learn.org/stable/modules/generated/sklearn.metrics.r2_score.html
  it('r2 matches the r2_score docs examples', () => {
    expect(r2([2.5, 0, 2, 8], [3, -0.5, 2, 7])).toBeCloseTo(0.9486081370449679, 12);
    expect(r2(yPred2, yTrue2, { multioutput: 'variance_weighted' })).toBeCloseTo(0.9382566585956417, 12);
    expect(r2([1, 2, 3], [1, 2, 3])).toBe(1);
    expect(r2([2, 2, 2], [1, 2, 3])).toBe(0);
    expect(r2([3, 2, 1], [1, 2, 3])).toBe(-3);
    expect(r2([-2, -2, -2], [-2, -2, -2])).toBe(1);
    expect(r2([-2, -2, -2], [-2, -2, -2], { forceFinite: false })).toBeNaN();
    expect(r2([-2, -2, -2 + 1e-8], [-2, -2, -2])).toBe(0);
    expect(r2([-2, -2, -2 + 1e-8], [-2, -2, -2], { forceFinite: false })).toBe(Number.NEGATIVE_INFINITY);
  });

  // https://scikit-learn.org/stable/modules/generated/sklearn.metrics.explained_variance_score.html
  it('explainedVariance matches the explained_variance_score docs examples', () => {
    expect(explainedVariance([2.5, 0, 2, 8], [3, -0.5, 2, 7])).toBeCloseTo(0.9571734475374732, 12);
    expect(explainedVariance(yPred2, yTrue2)).toBeCloseTo(0.9838709677419355, 12);
    expect(explainedVariance([-2, -2, -2], [-2, -2, -2])).toBe(1);
    expect(explainedVariance([-2, -2, -2], [-2, -2, -2], { forceFinite: false })).toBeNaN();
    expect(explainedVariance([-2, -2, -2 + 1e-8], [-2, -2, -2])).toBe(0);
    // A constant bias is not penalised, unlike R².
    expect(explainedVariance([2, 3, 4], [1, 2, 3])).toBe(1);
    expect(r2([2, 3, 4], [1, 2, 3])).toBe(-0.5);
  });

  it('weights samples and rejects bad input', () => {
    // Weight 0 on the last sample: the score of the first two alone.
    expect(r2([1, 2, 100], [1, 3, 5], { sampleWeight: [1, 1, 0] })).toBe(r2([1, 2], [1, 3]));
    expect(() => r2([1], [1])).toThrow(expect.objectContaining({ code: 'EMPTY' }));
    expect(() => r2([1, 2], [1, 2, 3])).toThrow(expect.objectContaining({ code: 'SHAPE_MISMATCH' }));
    expect(() => r2([1, 2], [1, 2], { sampleWeight: [0, 0] })).toThrow(expect.objectContaining({ code: 'BAD_PARAM' }));
    expect(() => r2([1, Number.NaN], [1, 2])).toThrow(expect.objectContaining({ code: 'NON_FINITE' }));
  });
});
