import { abs, add, div, log1p, maximum, mul, softplus, square, sub } from '../graph/ops.js';
import { defineLoss } from './loss.js';
import { axisParam, huberTerm, overAxis } from './regression.js';

/**
 * Smooth L1 loss (PyTorch's `SmoothL1Loss`): ½r²/β for |r| < β, |r| − ½β beyond.
 *
 * @example
 * ```ts
 * await backend.evaluate(losses.smoothL1({ beta: 0.5 }), { predictions, targets });
 * ```
 *
 * @remarks It is Huber with δ = β divided by β, so its linear part has slope 1 whatever β is
 * (Huber's has slope δ). β = 0 is exactly the L1 loss, as in PyTorch. Fast R-CNN (Girshick, 2015).
 */
export const smoothL1 = defineLoss<{ beta: number; axis: number | null }>({
  metadata: {
    id: 'smoothL1',
    title: 'Smooth L1 loss',
    task: 'regression',
    description: 'L1 with its kink at zero rounded off by a parabola of width beta; beta = 0 is L1.',
    formula: '\\ell(p, t) = \\begin{cases} \\tfrac{0.5\\, r^2}{\\beta} & |r| < \\beta \\\\ |r| - \\tfrac12\\beta & \\text{otherwise} \\end{cases},\\; r = p - t',
    predictions: 'values',
    targets: 'values, same shape as predictions',
    targetKind: 'values',
    defaultReduction: 'mean',
    frameworks: {
      torch: 'torch.nn.SmoothL1Loss(beta=1.0)',
      keras: 'keras.losses.Huber(delta=beta) / beta — axis: -1',
      optax: 'optax.losses.huber_loss(predictions, targets, delta=beta) / beta',
    },
  },
  params: { beta: { type: 'number', default: 1, min: 0, description: 'Width of the quadratic zone; 0 makes it the L1 loss.' }, axis: axisParam },
  perSample: (p, t, o) => {
    const r = sub(p, t);
    // β = 0 would put 0/0 in the unused branch, and its NaN into the gradient.
    if (o.beta === 0) return overAxis(abs(r), o.axis);
    return overAxis(mul(huberTerm(r, o.beta), 1 / o.beta), o.axis);
  },
});

/**
 * Log-cosh loss (Keras's `LogCosh`): log cosh(p − t).
 *
 * @remarks Computed as |r| + softplus(−2|r|) − log 2, which equals log cosh r and never forms
 * cosh r (which overflows float32 beyond |r| ≈ 89): a residual of 1e4 costs 1e4 − log 2.
 */
export const logCosh = defineLoss<{ axis: number | null }>({
  metadata: {
    id: 'logCosh',
    title: 'Log-cosh loss',
    task: 'regression',
    description: 'About r²/2 for small residuals and |r| − log 2 for large ones, smooth everywhere.',
    formula: '\\ell(p, t) = \\log\\cosh(p - t)',
    predictions: 'values',
    targets: 'values, same shape as predictions',
    targetKind: 'values',
    defaultReduction: 'mean',
    frameworks: {
      keras: 'keras.losses.LogCosh() — axis: -1, reduction "sum-over-batch-size"',
      tfjs: 'model.compile({ loss: "logcosh" }) in tfjs-layers — axis: -1',
      optax: 'optax.losses.log_cosh(predictions, targets)',
    },
  },
  params: { axis: axisParam },
  perSample: (p, t, o) => {
    const a = abs(sub(p, t));
    return overAxis(sub(add(a, softplus(mul(a, -2))), Math.LN2), o.axis);
  },
});

/**
 * Mean absolute percentage error: scale·|t − p| / max(|t|, ε).
 *
 * @remarks Keras multiplies by 100 and uses ε = 1e-7 (the defaults); scikit-learn's
 * `mean_absolute_percentage_error` returns a fraction (`scale: 1`) and uses the machine epsilon
 * of float64 (`epsilon: 2.220446049250313e-16`). Not differentiable in t, and steep near t = 0.
 */
export const mape = defineLoss<{ scale: number; epsilon: number; axis: number | null }>({
  metadata: {
    id: 'mape',
    title: 'Mean absolute percentage error',
    task: 'regression',
    description: 'The absolute error relative to the size of the target, in percent by default.',
    formula: '\\ell(p, t) = s\\,\\frac{|t - p|}{\\max(|t|, \\varepsilon)}',
    predictions: 'values',
    targets: 'values, same shape as predictions; far from 0 for a meaningful percentage',
    targetKind: 'values',
    defaultReduction: 'mean',
    frameworks: {
      keras: 'keras.losses.MeanAbsolutePercentageError() — axis: -1, reduction "sum-over-batch-size"',
      tfjs: 'model.compile({ loss: "meanAbsolutePercentageError" }) in tfjs-layers — axis: -1',
      sklearn: 'sklearn.metrics.mean_absolute_percentage_error(y_true, y_pred) — scale: 1, epsilon: 2.220446049250313e-16',
    },
  },
  params: {
    scale: { type: 'number', default: 100, above: 0, description: 'Factor on the ratio: 100 for percent (Keras), 1 for a fraction (scikit-learn).' },
    epsilon: { type: 'number', default: 1e-7, above: 0, description: 'Floor on |t| in the denominator (Keras: 1e-7; scikit-learn: float64 machine epsilon).' },
    axis: axisParam,
  },
  perSample: (p, t, o) => overAxis(mul(div(abs(sub(t, p)), maximum(abs(t), o.epsilon)), o.scale), o.axis),
});

/**
 * Mean squared logarithmic error (Keras's `MeanSquaredLogarithmicError`):
 * (log(max(p, ε) + 1) − log(max(t, ε) + 1))².
 *
 * @remarks Keras clamps both sides at ε = 1e-7, so negative values count as ε rather than
 * failing; scikit-learn's `mean_squared_log_error` refuses them instead.
 */
export const msle = defineLoss<{ epsilon: number; axis: number | null }>({
  metadata: {
    id: 'msle',
    title: 'Mean squared logarithmic error',
    task: 'regression',
    description: 'The squared error of log(1 + x): relative errors for positive targets spanning orders of magnitude.',
    formula: '\\ell(p, t) = \\big(\\log(1 + \\max(p, \\varepsilon)) - \\log(1 + \\max(t, \\varepsilon))\\big)^2',
    predictions: 'values, clamped at epsilon from below',
    targets: 'values, same shape as predictions, clamped at epsilon from below',
    targetKind: 'values',
    defaultReduction: 'mean',
    frameworks: {
      keras: 'keras.losses.MeanSquaredLogarithmicError() — axis: -1, reduction "sum-over-batch-size"',
      tfjs: 'model.compile({ loss: "meanSquaredLogarithmicError" }) in tfjs-layers — axis: -1',
      sklearn: 'sklearn.metrics.mean_squared_log_error(y_true, y_pred) — for non-negative values',
    },
  },
  params: {
    epsilon: { type: 'number', default: 1e-7, min: 0, description: 'Both sides are clamped to at least ε before the log (Keras: 1e-7).' },
    axis: axisParam,
  },
  perSample: (p, t, o) => overAxis(square(sub(log1p(maximum(p, o.epsilon)), log1p(maximum(t, o.epsilon)))), o.axis),
});

/**
 * Quantile (pinball) loss: τ·(t − p) when t ≥ p, (1 − τ)·(p − t) otherwise.
 *
 * @remarks Minimised by the τ-quantile of the targets; τ = ½ is half the absolute error.
 * Koenker & Bassett, Regression Quantiles (1978).
 */
export const quantile = defineLoss<{ quantile: number; axis: number | null }>({
  metadata: {
    id: 'quantile',
    title: 'Quantile (pinball) loss',
    task: 'regression',
    description: 'An asymmetric absolute error whose minimiser is the quantile tau of the targets: quantile regression.',
    formula: '\\ell(p, t) = \\max\\big(\\tau (t - p),\\; (\\tau - 1)(t - p)\\big)',
    predictions: 'values',
    targets: 'values, same shape as predictions',
    targetKind: 'values',
    defaultReduction: 'mean',
    frameworks: {
      sklearn: 'sklearn.metrics.mean_pinball_loss(y_true, y_pred, alpha=quantile)',
      keras: 'no built-in loss (TensorFlow Addons had tfa.losses.PinballLoss(tau)) — axis: -1',
      torch: 'no built-in loss',
    },
  },
  params: {
    quantile: { type: 'number', default: 0.5, above: 0, below: 1, description: 'The quantile τ to estimate; under-prediction costs τ, over-prediction 1 − τ.' },
    axis: axisParam,
  },
  perSample: (p, t, o) => {
    const d = sub(t, p);
    return overAxis(maximum(mul(d, o.quantile), mul(d, o.quantile - 1)), o.axis);
  },
});
