import { fail } from '../errors/losskit-error.js';
import { type Label, type LabelsLike, labelPair, uniqueSorted } from './labels.js';

export interface ConfusionMatrixOptions {
  /** The classes, in the order of the rows and columns (default: every label seen, sorted). */
  readonly labels?: readonly Label[];
  /** One weight per sample (default 1). */
  readonly sampleWeight?: readonly number[];
  /**
   * Divide by each row's sum (`'true'`: recall per class on the diagonal), each column's
   * (`'pred'`: precision) or the total (`'all'`); an empty row or column gives 0, as in scikit-learn.
   */
  readonly normalize?: 'true' | 'pred' | 'all';
}

export interface ConfusionMatrix {
  readonly labels: readonly Label[];
  /** `matrix[i][j]`: samples of true class `labels[i]` predicted as `labels[j]`. */
  readonly matrix: readonly (readonly number[])[];
}

/** Checks sample weights against the number of samples: finite, one per sample. */
export function checkSampleWeight(w: readonly number[] | undefined, n: number, where: string): readonly number[] | undefined {
  if (w === undefined) return undefined;
  if (w.length !== n) fail('SHAPE_MISMATCH', `${w.length} sample weights for ${n} samples`, where);
  w.forEach((v, i) => {
    if (!Number.isFinite(v)) fail('NON_FINITE', `expected finite weights, found ${String(v)} at index ${i}`, where);
  });
  return w;
}

/**
 * scikit-learn's `confusion_matrix`: rows are true classes, columns predicted ones. Samples whose
 * true or predicted label is not among `labels` are left out, as in scikit-learn.
 */
export function confusionMatrix(yTrue: LabelsLike, yPred: LabelsLike, options: ConfusionMatrixOptions = {}): ConfusionMatrix {
  const { t, p } = labelPair(yTrue, yPred, 'confusionMatrix');
  const labels = options.labels ?? uniqueSorted(t, p);
  if (labels.length === 0) fail('BAD_PARAM', "'labels' should contain at least one label", 'confusionMatrix.labels');
  const index = new Map<Label, number>(labels.map((l, i) => [l, i]));
  if (index.size !== labels.length) fail('BAD_PARAM', `labels must be distinct, got [${labels.join(', ')}]`, 'confusionMatrix.labels');
  if (options.labels !== undefined && !t.some((v) => index.has(v))) {
    fail('BAD_PARAM', 'none of the given labels occurs in yTrue', 'confusionMatrix.labels');
  }
  const w = checkSampleWeight(options.sampleWeight, t.length, 'confusionMatrix.sampleWeight');
  const matrix = labels.map(() => new Array<number>(labels.length).fill(0));
  for (let i = 0; i < t.length; i++) {
    const r = index.get(t[i] as Label);
    const c = index.get(p[i] as Label);
    if (r === undefined || c === undefined) continue;
    (matrix[r] as number[])[c] = ((matrix[r] as number[])[c] as number) + (w === undefined ? 1 : (w[i] as number));
  }
  const norm = options.normalize;
  if (norm === undefined) return { labels, matrix };
  if (norm !== 'true' && norm !== 'pred' && norm !== 'all') fail('BAD_PARAM', `normalize must be 'true', 'pred' or 'all', got ${JSON.stringify(norm)}`, 'confusionMatrix.normalize');
  const rowSums = matrix.map((row) => row.reduce((a, b) => a + b, 0));
  const colSums = labels.map((_, j) => matrix.reduce((a, row) => a + (row[j] as number), 0));
  const total = rowSums.reduce((a, b) => a + b, 0);
  const divisor = (i: number, j: number): number => (norm === 'true' ? (rowSums[i] as number) : norm === 'pred' ? (colSums[j] as number) : total);
  return { labels, matrix: matrix.map((row, i) => row.map((x, j) => (divisor(i, j) === 0 ? 0 : x / divisor(i, j)))) };
}
