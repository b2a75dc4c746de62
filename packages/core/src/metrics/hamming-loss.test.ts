import { describe, expect, it } from 'vitest';
import { hammingLoss } from './hamming-loss.js';

describe('hammingLoss', () => {
  // https://scikit-learn.org/stable/modules/generated/sklearn.metrics.hamming_loss.html
  it('matches the scikit-learn docs examples', () => {
    expect(hammingLoss([2, 2, 3, 4], [1, 2, 3, 4])).toBe(0.25);
    expect(hammingLoss({ shape: [2, 2], data: [0, 1, 1, 1] }, { shape: [2, 2], data: [0, 0, 0, 0] })).toBe(0.75);
  });

  it('weighs samples; rejects shape mismatches', () => {
    // Row 0 has one wrong label of two (weight 3), row 1 none (weight 1): 3 / (4 · 2).
    expect(hammingLoss({ shape: [2, 2], data: [0, 1, 1, 1] }, { shape: [2, 2], data: [0, 0, 1, 1] }, { sampleWeight: [3, 1] })).toBe(3 / 8);
    expect(() => hammingLoss({ shape: [2, 2], data: [0, 1, 1, 1] }, { shape: [4], data: [0, 1, 1, 1] })).toThrow(expect.objectContaining({ code: 'SHAPE_MISMATCH' }));
  });
});
