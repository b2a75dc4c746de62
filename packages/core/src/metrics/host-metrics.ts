import { fail } from '../errors/losskit-error.js';
import type { HostTensor } from '../tensor/host-tensor.js';

function rows(t: HostTensor): { n: number; k: number } {
  const n = t.shape[0] ?? 1;
  return { n, k: n === 0 ? 0 : t.data.length / n };
}

/**
 * The fraction of samples classified right. `predictions` are [n, classes] scores (argmax wins)
 * or [n] / [n, 1] binary scores, cut at `threshold` (0 for logits, 0.5 for probabilities).
 */
export function accuracy(predictions: HostTensor, labels: HostTensor, options: { readonly threshold?: number } = {}): number {
  const { n, k } = rows(predictions);
  if (labels.data.length !== n) fail('SHAPE_MISMATCH', `${labels.data.length} labels for ${n} predictions`, 'accuracy');
  if (n === 0) fail('EMPTY', 'no samples', 'accuracy');
  let right = 0;
  for (let i = 0; i < n; i++) {
    let cls: number;
    if (k === 1) {
      cls = (predictions.data[i] as number) > (options.threshold ?? 0.5) ? 1 : 0;
    } else {
      cls = 0;
      for (let c = 1; c < k; c++) if ((predictions.data[i * k + c] as number) > (predictions.data[i * k + cls] as number)) cls = c;
    }
    if (cls === labels.data[i]) right++;
  }
  return right / n;
}

/** The coefficient of determination, 1 − SS_res / SS_tot over all elements (scikit-learn's r2_score for one output). */
export function r2(predictions: HostTensor, targets: HostTensor): number {
  const n = targets.data.length;
  if (predictions.data.length !== n) fail('SHAPE_MISMATCH', `${predictions.data.length} predictions for ${n} targets`, 'r2');
  if (n === 0) fail('EMPTY', 'no samples', 'r2');
  let mean = 0;
  for (let i = 0; i < n; i++) mean += targets.data[i] as number;
  mean /= n;
  let res = 0;
  let tot = 0;
  for (let i = 0; i < n; i++) {
    const t = targets.data[i] as number;
    res += (t - (predictions.data[i] as number)) ** 2;
    tot += (t - mean) ** 2;
  }
  // scikit-learn: a constant target gives 1 for a perfect fit and 0 otherwise.
  if (tot === 0) return res === 0 ? 1 : 0;
  return 1 - res / tot;
}

export const metrics = { accuracy, r2 } as const;
