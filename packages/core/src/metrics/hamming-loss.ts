import { fail } from '../errors/losskit-error.js';
import { checkSampleWeight } from './confusion-matrix.js';
import { type LabelsLike, readLabels } from './labels.js';

/**
 * scikit-learn's `hamming_loss`: the fraction of labels predicted wrong. For 1-D labels that is
 * the misclassification rate; for [n, labels] multi-label indicators, wrong entries over n × labels.
 * A metric computed on the host: it has no gradient (it is a count).
 */
export function hammingLoss(yTrue: LabelsLike, yPred: LabelsLike, options: { readonly sampleWeight?: readonly number[] } = {}): number {
  const t = readLabels(yTrue, 'hammingLoss.yTrue');
  const p = readLabels(yPred, 'hammingLoss.yPred');
  if (t.shape.length > 2) fail('SHAPE_MISMATCH', `expected 1-D labels or 2-D indicators, got shape [${t.shape.join(', ')}]`, 'hammingLoss.yTrue');
  if (t.shape.length !== p.shape.length || t.shape.some((d, i) => d !== p.shape[i])) {
    fail('SHAPE_MISMATCH', `yTrue [${t.shape.join(', ')}] and yPred [${p.shape.join(', ')}] must have one shape`, 'hammingLoss');
  }
  const n = t.shape[0] ?? 0;
  if (n === 0 || t.values.length === 0) fail('EMPTY', 'no samples', 'hammingLoss');
  const width = t.values.length / n;
  const w = checkSampleWeight(options.sampleWeight, n, 'hammingLoss.sampleWeight');
  let wrong = 0;
  let total = 0;
  for (let i = 0; i < n; i++) {
    const wi = w === undefined ? 1 : (w[i] as number);
    let diff = 0;
    for (let j = 0; j < width; j++) if (t.values[i * width + j] !== p.values[i * width + j]) diff++;
    wrong += wi * diff;
    total += wi;
  }
  if (total === 0) fail('BAD_PARAM', 'sample weights sum to 0', 'hammingLoss.sampleWeight');
  return wrong / (total * width);
}
