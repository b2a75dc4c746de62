import { fail } from '../errors/losskit-error.js';
import type { Dim, Value } from '../graph/node.js';
import { broadcastTo, cast, divNoNan, expandDims, mean, mul, notEqual, reshape, sum } from '../graph/ops.js';
import { broadcastShapes, formatShape } from '../graph/shape.js';

/**
 * How per-sample losses become the loss value.
 * - `none`: the weighted per-sample losses;
 * - `sum`: Σ w·l;
 * - `mean`: Σ w·l / Σ w (PyTorch's weighted mean; the plain mean without weights);
 * - `sum-over-batch-size`: Σ w·l / number of losses (Keras's default);
 * - `sum-by-nonzero-weights`: Σ w·l / number of nonzero weights (tfjs's default).
 */
export type Reduction = 'none' | 'sum' | 'mean' | 'sum-over-batch-size' | 'sum-by-nonzero-weights';

export const REDUCTIONS: readonly Reduction[] = ['none', 'sum', 'mean', 'sum-over-batch-size', 'sum-by-nonzero-weights'];

export function checkReduction(r: unknown, where: string): Reduction {
  if (!REDUCTIONS.includes(r as Reduction)) fail('BAD_PARAM', `reduction must be one of ${REDUCTIONS.join(', ')}, got '${String(r)}'`, where);
  return r as Reduction;
}

/**
 * Aligns sample weights with per-sample losses as Keras does: weights line up with the leading
 * (batch) axes, so `[batch]` weights against `[batch, d]` losses get a trailing axis, and
 * trailing size-1 axes beyond the losses' rank are dropped. Then numpy broadcasting applies.
 */
export function alignWeights(weights: Value, lossShape: readonly Dim[]): Value {
  let w = weights;
  while (w.shape.length > lossShape.length && w.shape[w.shape.length - 1] === 1) {
    w = reshape(w, w.shape.slice(0, -1));
  }
  while (w.shape.length < lossShape.length && w.shape.length > 0) w = expandDims(w, w.shape.length);
  const out = broadcastShapesOrFail(w.shape, lossShape);
  if (out.length !== lossShape.length || out.some((d, i) => d !== lossShape[i] && typeof lossShape[i] === 'number')) {
    fail('SHAPE_MISMATCH', `weights of shape ${formatShape(weights.shape)} do not broadcast to the losses' shape ${formatShape(lossShape)}`, 'weights');
  }
  return w;
}

function broadcastShapesOrFail(a: readonly Dim[], b: readonly Dim[]): Dim[] {
  return broadcastShapes(a, b, 'weights');
}

/**
 * The one shared reduction step every loss uses. `mask` (1 keep, 0 drop) comes from the loss
 * itself (an `ignoreIndex`), and acts as a weight: dropped elements count nowhere. `meanWeight`
 * (class weights of the targets) counts in the `mean` denominator only: Σ w·l / Σ w·meanWeight.
 */
export function applyReduction(losses: Value, reduction: Reduction, weights?: Value, mask?: Value, meanWeight?: Value): Value {
  let w = weights === undefined ? undefined : alignWeights(weights, losses.shape);
  if (mask !== undefined) w = w === undefined ? mask : mul(w, mask);
  const weighted = w === undefined ? losses : mul(losses, w);
  switch (reduction) {
    case 'none':
      return weighted;
    case 'sum':
      return sum(weighted);
    case 'mean': {
      const share = meanWeight === undefined ? w : w === undefined ? meanWeight : mul(w, meanWeight);
      return share === undefined ? mean(losses) : divNoNan(sum(weighted), sum(broadcastTo(share, losses.shape)));
    }
    case 'sum-over-batch-size':
      // With a mask, Keras divides by the number of unmasked elements.
      return mask === undefined ? mean(weighted) : divNoNan(sum(weighted), sum(broadcastTo(mask, losses.shape)));
    case 'sum-by-nonzero-weights':
      return w === undefined ? mean(weighted) : divNoNan(sum(weighted), sum(cast(notEqual(broadcastTo(w, losses.shape), 0), 'float')));
  }
}
