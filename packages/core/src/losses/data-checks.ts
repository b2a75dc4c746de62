import { fail } from '../errors/losskit-error.js';
import type { HostTensor } from '../tensor/host-tensor.js';

/** Every element in [0, 1]: probabilities, or soft labels. */
export function checkProbabilities(t: HostTensor, where: string): void {
  const d = t.data;
  for (let i = 0; i < d.length; i++) {
    const v = d[i] as number;
    if (!(v >= 0 && v <= 1)) fail('NOT_A_PROBABILITY', `expected values in [0, 1], found ${v} at index ${i}`, where);
  }
}

/** Integer labels in [0, classes), except `ignore` where the loss skips a sample. */
export function checkLabels(t: HostTensor, classes: number, ignore: number | null, where: string): void {
  const d = t.data;
  for (let i = 0; i < d.length; i++) {
    const v = d[i] as number;
    if (v === ignore) continue;
    if (v < 0 || v >= classes) {
      fail('LABEL_OUT_OF_RANGE', `expected labels in [0, ${classes})${ignore === null ? '' : ` or ${ignore} (ignored)`}, found ${v} at index ${i}`, where);
    }
  }
}

/** Labels that are all in a given set, such as {-1, 1} or {0, 1}. */
export function checkLabelSet(t: HostTensor, allowed: readonly number[], where: string): void {
  const d = t.data;
  for (let i = 0; i < d.length; i++) {
    const v = d[i] as number;
    if (!allowed.includes(v)) fail('LABEL_OUT_OF_RANGE', `expected labels in {${allowed.join(', ')}}, found ${v} at index ${i}`, where);
  }
}

/**
 * Every element of `t` (or every `stride`-th from `offset`: a packed variance) at least `min`,
 * or above it when `strict`: rates of a Poisson loss, variances of a Gaussian one.
 */
export function checkLowerBound(t: HostTensor, min: number, strict: boolean, where: string, what: string, stride = 1, offset = 0): void {
  const d = t.data;
  for (let i = offset; i < d.length; i += stride) {
    const v = d[i] as number;
    if (strict ? !(v > min) : !(v >= min)) fail('OUT_OF_DOMAIN', `expected ${what} ${strict ? '>' : '≥'} ${min}, found ${v} at index ${i}`, where);
  }
}
