import type { Value } from '../graph/node.js';
import { abs, mean, mul, square, sqrt, sub, where, lessEqual } from '../graph/ops.js';
import { defineLoss, type ParamSpec } from './loss.js';

/** Keras's per-sample mean over an axis before weighting; shared by the regression losses. */
export const axisParam: ParamSpec = {
  type: 'axis',
  default: null,
  nullable: true,
  description: 'Average the elementwise losses over this axis first, as Keras does with -1 (null: elementwise, as PyTorch and tfjs).',
};

export function overAxis(x: Value, axis: number | null): Value {
  return axis === null ? x : mean(x, axis);
}

/**
 * Mean squared error: (p − t)².
 *
 * @example
 * ```ts
 * await backend.evaluate(losses.mse(), { predictions, targets }); // sklearn: 0.375 for [2.5,0,2,8] vs [3,-0.5,2,7]
 * ```
 */
export const mse = defineLoss<{ axis: number | null }>({
  metadata: {
    id: 'mse',
    title: 'Mean squared error',
    task: 'regression',
    description: 'The squared residual; punishes large errors quadratically.',
    formula: '\\ell(p, t) = (p - t)^2',
    predictions: 'values',
    targets: 'values, same shape as predictions',
    targetKind: 'values',
    defaultReduction: 'mean',
    frameworks: {
      torch: 'torch.nn.MSELoss(reduction="mean")',
      keras: 'keras.losses.MeanSquaredError() — set axis: -1 for Keras\'s per-sample mean before weighting',
      tfjs: 'tf.losses.meanSquaredError(labels, predictions, weights) — set reduction "sum-by-nonzero-weights"',
      sklearn: 'sklearn.metrics.mean_squared_error(y_true, y_pred)',
      optax: 'optax.losses.squared_error(predictions, targets).mean()',
    },
  },
  params: { axis: axisParam },
  perSample: (p, t, o) => overAxis(square(sub(p, t)), o.axis),
});

/** Mean absolute error: |p − t|. */
export const mae = defineLoss<{ axis: number | null }>({
  metadata: {
    id: 'mae',
    title: 'Mean absolute error',
    task: 'regression',
    description: 'The absolute residual; robust to outliers, constant gradient.',
    formula: '\\ell(p, t) = |p - t|',
    predictions: 'values',
    targets: 'values, same shape as predictions',
    targetKind: 'values',
    defaultReduction: 'mean',
    frameworks: {
      torch: 'torch.nn.L1Loss(reduction="mean")',
      keras: 'keras.losses.MeanAbsoluteError() — axis: -1',
      tfjs: 'tf.losses.absoluteDifference(labels, predictions, weights) — reduction "sum-by-nonzero-weights"',
      sklearn: 'sklearn.metrics.mean_absolute_error(y_true, y_pred)',
    },
  },
  params: { axis: axisParam },
  perSample: (p, t, o) => overAxis(abs(sub(p, t)), o.axis),
});

/**
 * Root mean squared error: the square root of the reduced squared residuals.
 *
 * @remarks The square root comes after the reduction, so with `reduction: 'none'` the values are |p − t|.
 * Its gradient is undefined (NaN) when every residual is zero, as in every framework.
 */
export const rmse = defineLoss<{ axis: number | null }>({
  metadata: {
    id: 'rmse',
    title: 'Root mean squared error',
    task: 'regression',
    description: 'The square root of the MSE, in the units of the targets.',
    formula: '\\sqrt{\\tfrac{1}{n}\\textstyle\\sum_i (p_i - t_i)^2}',
    predictions: 'values',
    targets: 'values, same shape as predictions',
    targetKind: 'values',
    defaultReduction: 'mean',
    frameworks: {
      keras: 'keras.metrics.RootMeanSquaredError()',
      sklearn: 'sklearn.metrics.root_mean_squared_error(y_true, y_pred)',
      torch: 'torch.sqrt(torch.nn.MSELoss()(p, t))',
    },
  },
  params: { axis: axisParam },
  perSample: (p, t, o) => overAxis(square(sub(p, t)), o.axis),
  finalize: (v) => sqrt(v),
});

/** Huber's ½r² for |r| ≤ δ, δ(|r| − ½δ) beyond: shared with smooth L1, which is this over δ. */
export function huberTerm(r: Value, delta: number): Value {
  const a = abs(r);
  return where(lessEqual(a, delta), mul(square(r), 0.5), mul(sub(a, 0.5 * delta), delta));
}

/**
 * Huber loss: ½r² for |r| ≤ δ, δ(|r| − ½δ) beyond.
 *
 * @remarks PyTorch's `SmoothL1Loss` is Huber divided by δ; use the smooth L1 loss for that.
 */
export const huber = defineLoss<{ delta: number; axis: number | null }>({
  metadata: {
    id: 'huber',
    title: 'Huber loss',
    task: 'regression',
    description: 'Quadratic near zero, linear beyond delta: MSE for small residuals, MAE for outliers.',
    formula: '\\ell(p, t) = \\begin{cases} \\tfrac12 r^2 & |r| \\le \\delta \\\\ \\delta(|r| - \\tfrac12\\delta) & \\text{otherwise} \\end{cases},\\; r = p - t',
    predictions: 'values',
    targets: 'values, same shape as predictions',
    targetKind: 'values',
    defaultReduction: 'mean',
    frameworks: {
      torch: 'torch.nn.HuberLoss(delta=1.0)',
      keras: 'keras.losses.Huber(delta=1.0) — axis: -1',
      tfjs: 'tf.losses.huberLoss(labels, predictions, weights, delta) — reduction "sum-by-nonzero-weights"',
      optax: 'optax.losses.huber_loss(predictions, targets, delta)',
    },
  },
  params: { delta: { type: 'number', default: 1, above: 0, description: 'Where the loss turns from quadratic to linear.' }, axis: axisParam },
  perSample: (p, t, o) => overAxis(huberTerm(sub(p, t), o.delta), o.axis),
});
