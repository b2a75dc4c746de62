import { describe, expect, it } from 'vitest';
import { classificationReport, formatClassificationReport, formatFixed } from './classification-report.js';

// https://scikit-learn.org/stable/modules/generated/sklearn.metrics.classification_report.html (both examples).
describe('classificationReport', () => {
  it('numbers and text of the first docs example', () => {
    const r = classificationReport([0, 1, 2, 2, 2], [0, 0, 2, 2, 1], { targetNames: ['class 0', 'class 1', 'class 2'] });
    expect(r.classes.map((c) => c.scores)).toEqual([
      { precision: 0.5, recall: 1, f1Score: 2 / 3, support: 1 },
      { precision: 0, recall: 0, f1Score: 0, support: 1 },
      { precision: 1, recall: 2 / 3, f1Score: 0.8, support: 3 },
    ]);
    expect(r.accuracy).toBe(0.6);
    expect(r.microAvg).toBeUndefined();
    expect(r.macroAvg.recall).toBeCloseTo(5 / 9, 12);
    expect(r.weightedAvg.precision).toBeCloseTo(0.7, 12);
    expect(formatClassificationReport(r)).toBe([
      '              precision    recall  f1-score   support',
      '',
      '     class 0       0.50      1.00      0.67         1',
      '     class 1       0.00      0.00      0.00         1',
      '     class 2       1.00      0.67      0.80         3',
      '',
      '    accuracy                           0.60         5',
      '   macro avg       0.50      0.56      0.49         5',
      'weighted avg       0.70      0.60      0.61         5',
      '',
    ].join('\n'));
  });

  it('labels that leave classes out give a micro avg row (second docs example)', () => {
    const r = classificationReport([1, 1, 1], [1, 1, 0], { labels: [1, 2, 3] });
    expect(r.accuracy).toBeUndefined();
    expect(formatClassificationReport(r)).toBe([
      '              precision    recall  f1-score   support',
      '',
      '           1       1.00      0.67      0.80         3',
      '           2       0.00      0.00      0.00         0',
      '           3       0.00      0.00      0.00         0',
      '',
      '   micro avg       1.00      0.67      0.80         3',
      '   macro avg       0.33      0.22      0.27         3',
      'weighted avg       1.00      0.67      0.80         3',
      '',
    ].join('\n'));
  });

  it('formats as Python does: ties round half to even', () => {
    expect(formatFixed(0.125, 2)).toBe('0.12'); // exact tie in binary: even
    expect(formatFixed(0.375, 2)).toBe('0.38');
    expect(formatFixed(2 / 3, 2)).toBe('0.67');
    expect(formatFixed(0.5, 0)).toBe('0');
    expect(formatFixed(Number.NaN, 2)).toBe('nan');
  });

  it('rejects target names that do not match the labels', () => {
    expect(() => classificationReport([0, 1], [0, 1], { targetNames: ['a'] })).toThrow(expect.objectContaining({ code: 'BAD_PARAM' }));
  });
});
