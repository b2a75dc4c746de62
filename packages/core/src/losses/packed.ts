import { fail } from '../errors/losskit-error.js';
import type { Value } from '../graph/node.js';
import { constant, gather } from '../graph/ops.js';
import { formatShape } from '../graph/shape.js';

/** One slot of a packed axis (x1 of an [N, 2] pair, the anchor of an [N, 3, D] triplet); the axis is removed. */
export function pick(x: Value, axis: number, index: number): Value {
  return gather(x, constant(index, 'int'), axis);
}

/**
 * Checks packed inputs: predictions of rank `rank` whose axis 1 has `slots` entries (a pair, a
 * triplet), and targets of shape [N] with the predictions' N.
 */
export function checkPacked(predictions: readonly number[], targets: readonly number[], rank: number, slots: number | null, layout: string): void {
  if (predictions.length !== rank || (slots !== null && predictions[1] !== slots)) {
    fail('SHAPE_MISMATCH', `predictions must be ${layout}, got ${formatShape(predictions)}`, 'predictions');
  }
  if (targets.length !== 1 || targets[0] !== predictions[0]) {
    fail('SHAPE_MISMATCH', `targets must be [${predictions[0]}] (one per sample of predictions ${formatShape(predictions)}), got ${formatShape(targets)}`, 'targets');
  }
}
