import type { Value } from '../graph/node.js';
import { div, maximum, mul, neg, sqrt, square, sub, sum } from '../graph/ops.js';
import { defineLoss } from './loss.js';

/**
 * x / max(‖x‖, ε) along `axis` (Keras's `normalize`), written as x / √max(Σx², ε²): the same
 * value, and a zero vector then has a finite gradient (the square root never sees 0).
 */
function normalize(x: Value, axis: number, epsilon: number): Value {
  return div(x, sqrt(maximum(sum(square(x), axis, true), epsilon * epsilon)));
}

/**
 * Cosine similarity loss along `axis`: −cos(p, t) (Keras's `CosineSimilarity`, the default
 * `form: 'similarity'`) or 1 − cos(p, t) (optax's `cosine_distance`, `form: 'distance'`).
 * Each vector is l2-normalised as x / max(‖x‖, ε) first; the axis is reduced away.
 *
 * @example
 * ```ts
 * // Keras docstring: y_true [[0, 1], [1, 1]], y_pred [[1, 0], [1, 1]] → -0.5
 * await backend.evaluate(losses.cosineSimilarity({ reduction: 'sum-over-batch-size' }), { predictions, targets });
 * ```
 *
 * @remarks Keras uses ε = 1e-7 on the norm; optax defaults to ε = 0 (a zero vector divides by
 * zero there; any tiny ε matches it elsewhere); tfjs-layers' `cosineProximity` puts its 1e-7 on
 * the squared norm (ε = √1e-7 here); PyTorch's `F.cosine_similarity` clamps each norm at 1e-8.
 * optax's `cosine_similarity` is +cos: the negative of this loss's default form.
 */
export const cosineSimilarity = defineLoss<{ form: string; epsilon: number; axis: number }>({
  metadata: {
    id: 'cosineSimilarity',
    title: 'Cosine similarity loss',
    task: 'regression',
    description: 'The negative cosine of the angle between prediction and target vectors (or one minus it): direction, not length.',
    formula: '\\ell(p, t) = -\\frac{p \\cdot t}{\\max(\\lVert p \\rVert, \\varepsilon)\\,\\max(\\lVert t \\rVert, \\varepsilon)} \\;\\text{(similarity)},\\quad 1 + \\ell \\;\\text{(distance)}',
    predictions: 'vectors along axis',
    targets: 'vectors along axis, same shape as predictions',
    targetKind: 'values',
    defaultReduction: 'mean',
    frameworks: {
      keras: 'keras.losses.CosineSimilarity(axis=-1) — reduction "sum-over-batch-size"',
      optax: 'optax.losses.cosine_distance(predictions, targets, epsilon) — form: "distance"; optax.losses.cosine_similarity is −1 × the default form',
      torch: '-torch.nn.functional.cosine_similarity(p, t, dim=-1, eps=1e-8) — epsilon: 1e-8',
      tfjs: 'model.compile({ loss: "cosineProximity" }) in tfjs-layers — epsilon: Math.sqrt(1e-7)',
    },
  },
  params: {
    form: { type: 'enum', default: 'similarity', values: ['similarity', 'distance'], description: '"similarity": −cos (Keras); "distance": 1 − cos (optax cosine_distance).' },
    epsilon: { type: 'number', default: 1e-7, above: 0, description: 'Floor on each vector\'s norm (Keras: 1e-7; PyTorch: 1e-8).' },
    axis: { type: 'axis', default: -1, description: 'The axis the vectors lie along; it is reduced away.' },
  },
  perSample: (p, t, o) => {
    const cos = sum(mul(normalize(p, o.axis, o.epsilon), normalize(t, o.axis, o.epsilon)), o.axis);
    return o.form === 'distance' ? sub(1, cos) : neg(cos);
  },
});
