import type { Dim, Value } from '../graph/node.js';
import { add, div, expandDims, greater, greaterEqual, mul, oneHot, square, sub, sum, where } from '../graph/ops.js';
import { classCount, squeezeLabels } from './classification-shared.js';
import { checkLabels } from './data-checks.js';
import { defineLoss } from './loss.js';

/**
 * The sparsemax threshold τ(z) over the last axis, with its support: sparsemax(z) = max(z − τ, 0).
 * No sort: for each z_j, k_j = #{i : z_i ≥ z_j} and s_j = Σ_{z_i ≥ z_j} z_i; j is in the support
 * exactly when 1 + k_j·z_j > s_j (Martins & Astudillo 2016, eq. 3, over the sorted order, which
 * the counts reproduce). The comparisons carry no gradient; τ's does, through Σ_S z.
 */
export function sparsemaxThreshold(z: Value): { readonly tau: Value; readonly support: Value } {
  const zi = expandDims(z, -2); // [..., 1, i]
  const atLeast = greaterEqual(zi, expandDims(z, -1)); // [..., j, i]: z_i ≥ z_j
  const k = sum(where(atLeast, 1, 0), -1);
  const s = sum(where(atLeast, zi, 0), -1);
  const support = greater(add(1, mul(k, z)), s);
  const size = sum(where(support, 1, 0), -1, true);
  const tau = div(sub(sum(where(support, z, 0), -1, true), 1), size);
  return { tau, support };
}

/**
 * The multi-class sparsemax loss (Martins & Astudillo, ICML 2016): the Fenchel–Young loss of
 * sparsemax, −z_y + ½Σ_{j∈S}(z_j² − τ²) + ½. Zero exactly when sparsemax(z) is the one-hot of y;
 * its gradient is sparsemax(z) − onehot(y).
 *
 * @remarks optax's `multiclass_sparsemax_loss(scores, label)` has these numbers; optax's
 * `sparsemax_loss` is the binary (sparse-sigmoid) version, a different loss.
 */
export const sparsemax = defineLoss<Record<never, never>>({
  metadata: {
    id: 'sparsemax',
    title: 'Sparsemax loss',
    task: 'classification',
    description: 'The loss whose gradient is sparsemax(z) − onehot(y): like softmax cross-entropy, but with sparse probabilities.',
    formula: '\\ell(z, y) = -z_y + \\tfrac{1}{2} \\sum_{j \\in S(z)} \\big(z_j^2 - \\tau(z)^2\\big) + \\tfrac{1}{2}',
    predictions: 'class scores (logits) on the last axis',
    targets: 'integer labels in [0, classes), shape of predictions without the class axis',
    targetKind: 'labels',
    defaultReduction: 'mean',
    frameworks: {
      optax: 'optax.losses.multiclass_sparsemax_loss(scores, labels) (not optax.losses.sparsemax_loss, the binary one)',
    },
  },
  params: {},
  checkData: (inputs) => checkLabels(inputs.targets, classCount(inputs.predictions.shape), null, 'targets'),
  perSample: (z, labels) => {
    const hot = oneHot(squeezeLabels(z, labels), z.shape[z.shape.length - 1] as Dim);
    const { tau, support } = sparsemaxThreshold(z);
    const energy = sum(where(support, sub(square(z), square(tau)), 0), -1);
    return add(sub(mul(energy, 0.5), sum(mul(hot, z), -1)), 0.5);
  },
});
