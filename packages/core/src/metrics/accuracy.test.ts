import { describe, expect, it } from 'vitest';
import { accuracy, accuracyScore, binaryAccuracy, categoricalAccuracy, sparseCategoricalAccuracy, topKAccuracy } from './accuracy.js';

const t2 = (rows: number[][]) => ({ shape: [rows.length, (rows[0] as number[]).length], data: rows.flat() });

describe('accuracy metrics', () => {
  // https://keras.io/api/metrics/accuracy_metrics/ (BinaryAccuracy example): 0.75.
  it('binaryAccuracy cuts at the threshold with ">" as Keras does', () => {
    expect(binaryAccuracy(t2([[0.98], [1], [0], [0.6]]), t2([[1], [1], [0], [0]]))).toBe(0.75);
    expect(binaryAccuracy([0.5, 0.5], [0, 1])).toBe(0.5); // 0.5 is not > 0.5
    expect(binaryAccuracy([-0.1, 0.2], [0, 1], { threshold: 0 })).toBe(1);
  });

  // https://keras.io/api/metrics/accuracy_metrics/ (CategoricalAccuracy, SparseCategoricalAccuracy examples): 0.5.
  it('categorical and sparse categorical accuracy', () => {
    const scores = t2([[0.1, 0.9, 0.8], [0.05, 0.95, 0]]);
    expect(categoricalAccuracy(scores, t2([[0, 0, 1], [0, 1, 0]]))).toBe(0.5);
    expect(sparseCategoricalAccuracy(t2([[0.1, 0.6, 0.3], [0.05, 0.95, 0]]), [2, 1])).toBe(0.5);
    expect(accuracy(scores, [2, 1])).toBe(0.5);
    expect(accuracy(scores, t2([[0, 1, 0], [0, 1, 0]]))).toBe(1);
  });

  // https://scikit-learn.org/stable/modules/generated/sklearn.metrics.top_k_accuracy_score.html: 0.75 and 3.
  it('topKAccuracy as scikit-learn top_k_accuracy_score', () => {
    const scores = t2([[0.5, 0.2, 0.2], [0.3, 0.4, 0.2], [0.2, 0.4, 0.3], [0.7, 0.2, 0.1]]);
    expect(topKAccuracy(scores, [0, 1, 2, 2], { k: 2 })).toBe(0.75);
    expect(topKAccuracy(scores, [0, 1, 2, 2], { k: 2, normalize: false })).toBe(3);
    // https://keras.io/api/metrics/accuracy_metrics/ (TopKCategoricalAccuracy, k=1): 0.5, one-hot targets.
    expect(topKAccuracy(t2([[0.1, 0.9, 0.8], [0.05, 0.95, 0]]), t2([[0, 0, 1], [0, 1, 0]]), { k: 1 })).toBe(0.5);
  });

  // https://scikit-learn.org/stable/modules/generated/sklearn.metrics.accuracy_score.html
  it('accuracyScore as scikit-learn accuracy_score, multi-label rows included', () => {
    expect(accuracyScore([0, 1, 2, 3], [0, 2, 1, 3])).toBe(0.5);
    expect(accuracyScore([0, 1, 2, 3], [0, 2, 1, 3], { normalize: false })).toBe(2);
    expect(accuracyScore(t2([[0, 1], [1, 1]]), t2([[1, 1], [1, 1]]))).toBe(0.5);
    expect(accuracyScore(['a', 'b'], ['a', 'a'])).toBe(0.5);
  });

  it('rejects bad input with typed errors', () => {
    expect(() => sparseCategoricalAccuracy(t2([[0.1, 0.9]]), [2])).toThrow(expect.objectContaining({ code: 'LABEL_OUT_OF_RANGE' }));
    expect(() => binaryAccuracy([0.1, 0.9], [1])).toThrow(expect.objectContaining({ code: 'SHAPE_MISMATCH' }));
    expect(() => binaryAccuracy([0.1], [2])).toThrow(expect.objectContaining({ code: 'LABEL_OUT_OF_RANGE' }));
    expect(() => binaryAccuracy([Number.NaN], [1])).toThrow(expect.objectContaining({ code: 'NON_FINITE' }));
    expect(() => topKAccuracy(t2([[0.1, 0.9]]), [1], { k: 0 })).toThrow(expect.objectContaining({ code: 'BAD_PARAM' }));
    expect(() => accuracyScore([], [])).toThrow(expect.objectContaining({ code: 'EMPTY' }));
    expect(() => accuracyScore([1, 'a'] as unknown as number[], [1, 2])).toThrow(expect.objectContaining({ code: 'DTYPE' }));
  });
});
