import { describe, expect, it } from 'vitest';
import { f1, fbeta, precision, precisionRecallFscoreSupport, recall } from './precision-recall.js';

describe('precision, recall, F-scores (scikit-learn semantics)', () => {
  // https://scikit-learn.org/stable/modules/generated/sklearn.metrics.precision_recall_fscore_support.html
  it('precision_recall_fscore_support docs example, string labels', () => {
    const yTrue = ['cat', 'dog', 'pig', 'cat', 'dog', 'pig'];
    const yPred = ['cat', 'pig', 'dog', 'cat', 'cat', 'dog'];
    const macro = precisionRecallFscoreSupport(yTrue, yPred, { average: 'macro' });
    expect(macro.precision).toBeCloseTo(2 / 9, 12);
    expect(macro.recall).toBeCloseTo(1 / 3, 12);
    expect(macro.fScore).toBeCloseTo(0.8 / 3, 12);
    const micro = precisionRecallFscoreSupport(yTrue, yPred, { average: 'micro' });
    expect([micro.precision, micro.recall, micro.fScore]).toEqual([1 / 3, 1 / 3, 1 / 3]);
    expect(precisionRecallFscoreSupport(yTrue, yPred, { average: 'weighted' }).fScore).toBeCloseTo(0.8 / 3, 12);
    const per = precisionRecallFscoreSupport(yTrue, yPred, { average: null, labels: ['pig', 'dog', 'cat'] });
    expect(per.precision).toEqual([0, 0, 2 / 3]);
    expect(per.recall).toEqual([0, 0, 1]);
    expect(per.fScore).toEqual([0, 0, 0.8]);
    expect(per.support).toEqual([2, 2, 2]);
    // F-beta with beta = 0.5 weighs precision more: (1.25 · 2) / (0.25 · 2 + 3) for 'cat'.
    expect(fbeta(yTrue, yPred, { beta: 0.5, average: null, labels: ['cat'] })).toEqual([2.5 / 3.5]);
  });

  // https://scikit-learn.org/stable/modules/generated/sklearn.metrics.precision_score.html
  it('precision_score docs example with every zero_division', () => {
    const yTrue = [0, 1, 2, 0, 1, 2];
    expect(precision(yTrue, [0, 2, 1, 0, 0, 1], { average: 'macro' })).toBeCloseTo(2 / 9, 12);
    expect(precision(yTrue, [0, 2, 1, 0, 0, 1], { average: 'micro' })).toBeCloseTo(1 / 3, 12);
    expect(precision(yTrue, [0, 2, 1, 0, 0, 1], { average: null })).toEqual([2 / 3, 0, 0]);
    const allZero = [0, 0, 0, 0, 0, 0];
    expect(precision(yTrue, allZero, { average: null })).toEqual([1 / 3, 0, 0]);
    expect(precision(yTrue, allZero, { average: null, zeroDivision: 1 })).toEqual([1 / 3, 1, 1]);
    expect(precision(yTrue, allZero, { average: null, zeroDivision: 'nan' })).toEqual([1 / 3, Number.NaN, Number.NaN]);
    // NaN classes drop out of the average (scikit-learn's _nanaverage).
    expect(precision(yTrue, allZero, { average: 'macro', zeroDivision: 'nan' })).toBeCloseTo(1 / 3, 12);
  });

  // https://scikit-learn.org/stable/modules/generated/sklearn.metrics.recall_score.html
  it('recall_score docs example', () => {
    const yTrue = [0, 1, 2, 0, 1, 2];
    const yPred = [0, 2, 1, 0, 0, 1];
    expect(recall(yTrue, yPred, { average: 'macro' })).toBeCloseTo(1 / 3, 12);
    expect(recall(yTrue, yPred, { average: 'weighted' })).toBeCloseTo(1 / 3, 12);
    expect(recall(yTrue, yPred, { average: null })).toEqual([1, 0, 0]);
    expect(recall(yTrue, [0, 0, 0, 0, 0, 0], { average: null, zeroDivision: 1 })).toEqual([1, 0, 0]);
  });

  // https://scikit-learn.org/stable/modules/generated/sklearn.metrics.f1_score.html
  it('f1_score docs example, including the all-negative binary case', () => {
    const yTrue = [0, 1, 2, 0, 1, 2];
    const yPred = [0, 2, 1, 0, 0, 1];
    expect(f1(yTrue, yPred, { average: 'macro' })).toBeCloseTo(0.8 / 3, 12);
    expect(f1(yTrue, yPred, { average: 'micro' })).toBeCloseTo(1 / 3, 12);
    expect(f1(yTrue, yPred, { average: 'weighted' })).toBeCloseTo(0.8 / 3, 12);
    expect(f1(yTrue, yPred, { average: null })).toEqual([0.8, 0, 0]);
    const empty = [0, 0, 0, 0, 0, 0];
    expect(f1(empty, empty)).toBe(0);
    expect(f1(empty, empty, { zeroDivision: 1 })).toBe(1);
    expect(f1(empty, empty, { zeroDivision: 'nan' })).toBeNaN();
  });

  it('binary average scores posLabel; sample weights count', () => {
    // tp = 2, fp = 1, fn = 1 for class 1; for class 0: tp = 1, fp = 1, fn = 1.
    const yTrue = [1, 1, 1, 0, 0];
    const yPred = [1, 1, 0, 1, 0];
    expect(precision(yTrue, yPred)).toBeCloseTo(2 / 3, 12);
    expect(recall(yTrue, yPred, { posLabel: 0 })).toBe(0.5);
    // Weights 2 on the false positive: precision 2 / (2 + 2).
    expect(precision(yTrue, yPred, { sampleWeight: [1, 1, 1, 2, 1] })).toBe(0.5);
  });

  it('rejects what scikit-learn rejects', () => {
    expect(() => precision([0, 1, 2], [0, 1, 2])).toThrow(expect.objectContaining({ code: 'BAD_PARAM', where: 'precisionRecallFscoreSupport.average' }));
    expect(() => precision([0, 2], [0, 2])).toThrow(expect.objectContaining({ code: 'BAD_PARAM', where: 'precisionRecallFscoreSupport.posLabel' }));
    expect(() => precision([0, 1], [0, 1], { zeroDivision: 2 as 1 })).toThrow(expect.objectContaining({ code: 'BAD_PARAM' }));
    expect(() => precision([0, 1], [0])).toThrow(expect.objectContaining({ code: 'SHAPE_MISMATCH' }));
    expect(() => precision([0, 1], [0, 1], { sampleWeight: [1] })).toThrow(expect.objectContaining({ code: 'SHAPE_MISMATCH' }));
    expect(() => precision([0, 1], ['a', 'b'])).toThrow(expect.objectContaining({ code: 'DTYPE' }));
  });
});
