import { describe, expect, it } from 'vitest';
import { confusionMatrix } from './confusion-matrix.js';

describe('confusionMatrix', () => {
  // https://scikit-learn.org/stable/modules/generated/sklearn.metrics.confusion_matrix.html
  it('matches the scikit-learn docs examples', () => {
    expect(confusionMatrix([2, 0, 2, 2, 0, 1], [0, 0, 2, 2, 0, 2])).toEqual({ labels: [0, 1, 2], matrix: [[2, 0, 0], [0, 0, 1], [1, 0, 2]] });
    const m = confusionMatrix(['cat', 'ant', 'cat', 'cat', 'ant', 'bird'], ['ant', 'ant', 'cat', 'cat', 'ant', 'cat'], { labels: ['ant', 'bird', 'cat'] });
    expect(m.matrix).toEqual([[2, 0, 0], [0, 0, 1], [1, 0, 2]]);
    // tn, fp, fn, tp = 0, 2, 1, 1
    expect(confusionMatrix([0, 1, 0, 1], [1, 1, 1, 0]).matrix.flat()).toEqual([0, 2, 1, 1]);
  });

  it('normalizes over rows, columns or all, as scikit-learn (hand-derived from the docs matrix)', () => {
    const yTrue = [2, 0, 2, 2, 0, 1];
    const yPred = [0, 0, 2, 2, 0, 2];
    expect(confusionMatrix(yTrue, yPred, { normalize: 'true' }).matrix).toEqual([[1, 0, 0], [0, 0, 1], [1 / 3, 0, 2 / 3]]);
    // Column 1 is empty: 0, not NaN.
    expect(confusionMatrix(yTrue, yPred, { normalize: 'pred' }).matrix).toEqual([[2 / 3, 0, 0], [0, 0, 1 / 3], [1 / 3, 0, 2 / 3]]);
    expect(confusionMatrix(yTrue, yPred, { normalize: 'all' }).matrix).toEqual([[2 / 6, 0, 0], [0, 0, 1 / 6], [1 / 6, 0, 2 / 6]]);
    expect(() => confusionMatrix(yTrue, yPred, { normalize: 'rows' as 'all' })).toThrow(expect.objectContaining({ code: 'BAD_PARAM' }));
  });

  it('leaves out labels not asked for, weighs samples, rejects bad labels', () => {
    expect(confusionMatrix([0, 1, 2], [0, 2, 2], { labels: [2, 0] }).matrix).toEqual([[1, 0], [0, 1]]);
    expect(confusionMatrix([0, 1], [0, 0], { sampleWeight: [0.5, 2] }).matrix).toEqual([[0.5, 0], [2, 0]]);
    expect(() => confusionMatrix([0, 1], [0, 1], { labels: [5] })).toThrow(expect.objectContaining({ code: 'BAD_PARAM' }));
    expect(() => confusionMatrix([0, 1], [0, 1], { labels: [1, 1] })).toThrow(expect.objectContaining({ code: 'BAD_PARAM' }));
  });
});
