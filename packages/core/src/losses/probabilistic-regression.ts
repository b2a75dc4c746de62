import { fail } from '../errors/losskit-error.js';
import type { Value } from '../graph/node.js';
import { add, constant, div, exp, gather, greater, log, maximum, mul, square, sub, where } from '../graph/ops.js';
import { formatShape } from '../graph/shape.js';
import type { HostTensor } from '../tensor/host-tensor.js';
import { checkLowerBound } from './data-checks.js';
import { defineLoss, type ParamSpec } from './loss.js';
import { axisParam, overAxis } from './regression.js';

const HALF_LOG_2PI = 0.5 * Math.log(2 * Math.PI);

/** Rates must be positive, or non-negative when ε keeps the log finite. */
function checkRates(predictions: HostTensor, epsilon: number): void {
  checkLowerBound(predictions, 0, epsilon === 0, 'predictions', 'Poisson rates');
}

/** Counts are non-negative (scikit-learn's mean_poisson_deviance refuses negative targets too). */
const poissonTargets = 'non-negative counts or rates, same shape as predictions';

/**
 * Poisson loss (Keras's `Poisson`): p − t·log(p + ε), the negative log-likelihood of counts t
 * under rates p without the constant log t!.
 *
 * @remarks Predictions are rates, not log-rates; PyTorch's `PoissonNLLLoss` takes log-rates by
 * default (see {@link poissonNLL}). Negative rates or targets raise `OUT_OF_DOMAIN`.
 */
export const poisson = defineLoss<{ epsilon: number; axis: number | null }>({
  metadata: {
    id: 'poisson',
    title: 'Poisson loss',
    task: 'regression',
    description: 'The Poisson negative log-likelihood of count targets given predicted rates, up to a constant.',
    formula: '\\ell(p, t) = p - t \\log(p + \\varepsilon)',
    predictions: 'rates ≥ 0 (> 0 when epsilon is 0)',
    targets: poissonTargets,
    targetKind: 'values',
    defaultReduction: 'mean',
    frameworks: {
      keras: 'keras.losses.Poisson() — axis: -1, reduction "sum-over-batch-size"',
      torch: 'torch.nn.PoissonNLLLoss(log_input=False, eps=1e-7) — the poissonNLL loss with logInput: false',
      tfjs: 'model.compile({ loss: "poisson" }) in tfjs-layers — axis: -1',
    },
  },
  params: {
    epsilon: { type: 'number', default: 1e-7, min: 0, description: 'Added to the rate inside the log (Keras: 1e-7).' },
    axis: axisParam,
  },
  checkData: (inputs, o) => {
    checkRates(inputs.predictions, o.epsilon);
    checkLowerBound(inputs.targets, 0, false, 'targets', 'counts');
  },
  perSample: (p, t, o) => overAxis(sub(p, mul(t, log(add(p, o.epsilon)))), o.axis),
});

/** t·log t − t + ½·log(2πt) where t > 1, else 0: Stirling's approximation of log t!. */
function stirling(t: Value): Value {
  const big = greater(t, 1);
  // log of 1 where t ≤ 1, so a target of 0 puts no log 0 into the unused branch.
  const tt = where(big, t, 1);
  const term = add(sub(mul(tt, log(tt)), tt), mul(log(mul(tt, 2 * Math.PI)), 0.5));
  return where(big, term, 0);
}

/**
 * Poisson negative log-likelihood (PyTorch's `PoissonNLLLoss`): exp(p) − t·p for log-rates p
 * (`logInput`, the default), p − t·log(p + ε) for rates; `full` adds Stirling's approximation
 * of log t! where t > 1.
 *
 * @remarks With log-rates the loss is finite for any real prediction; with rates, negative
 * ones raise `OUT_OF_DOMAIN` (PyTorch returns NaN).
 */
export const poissonNLL = defineLoss<{ logInput: boolean; full: boolean; epsilon: number; axis: number | null }>({
  metadata: {
    id: 'poissonNLL',
    title: 'Poisson negative log-likelihood',
    task: 'regression',
    description: 'The Poisson negative log-likelihood of count targets given predicted log-rates (or rates).',
    formula: '\\ell(p, t) = e^{p} - t\\,p \\;\\text{(logInput)},\\quad p - t \\log(p + \\varepsilon) \\;\\text{(rates)};\\; + \\big(t \\log t - t + \\tfrac12 \\log 2\\pi t\\big)[t > 1] \\;\\text{(full)}',
    predictions: 'log-rates (logInput), or rates ≥ 0',
    targets: poissonTargets,
    targetKind: 'values',
    defaultReduction: 'mean',
    frameworks: {
      torch: 'torch.nn.PoissonNLLLoss(log_input=True, full=False, eps=1e-8)',
      keras: 'keras.losses.Poisson() — logInput: false, epsilon: 1e-7, axis: -1 (or the poisson loss)',
    },
  },
  params: {
    logInput: { type: 'boolean', default: true, description: 'Predictions are log-rates (PyTorch\'s default); false: rates.' },
    full: { type: 'boolean', default: false, description: 'Add Stirling\'s approximation of log t! (where t > 1), making it the full negative log-likelihood.' },
    epsilon: { type: 'number', default: 1e-8, min: 0, description: 'Added to rates inside the log when logInput is false (PyTorch: 1e-8).' },
    axis: axisParam,
  },
  checkData: (inputs, o) => {
    if (!o.logInput) checkRates(inputs.predictions, o.epsilon);
    checkLowerBound(inputs.targets, 0, false, 'targets', 'counts');
  },
  perSample: (p, t, o) => {
    const nll = o.logInput ? sub(exp(p), mul(t, p)) : sub(p, mul(t, log(add(p, o.epsilon))));
    return overAxis(o.full ? add(nll, stirling(t)) : nll, o.axis);
  },
});

const gaussianEpsilon: ParamSpec = { type: 'number', default: 1e-6, above: 0, description: 'Variances are clamped to at least ε (PyTorch: 1e-6).' };

/**
 * Gaussian negative log-likelihood (PyTorch's `GaussianNLLLoss`):
 * ½(log max(σ², ε) + (μ − t)² / max(σ², ε)), plus ½·log 2π with `full`.
 *
 * Predictions pack the mean and the variance along a last axis of size 2 (`[..., 2]`: μ, σ²);
 * targets have the shape without it (`[...]`).
 *
 * @remarks PyTorch clamps the variance under `no_grad`, so its gradient passes the clamp as if
 * it were not there; here a clamped variance gets no gradient. The two agree wherever σ² > ε.
 * Negative variances raise `OUT_OF_DOMAIN` (PyTorch raises ValueError). Nix & Weigend (1994).
 */
export const gaussianNLL = defineLoss<{ full: boolean; epsilon: number; axis: number | null }>({
  metadata: {
    id: 'gaussianNLL',
    title: 'Gaussian negative log-likelihood',
    task: 'regression',
    description: 'The Gaussian negative log-likelihood of the targets under a predicted mean and variance: heteroscedastic regression.',
    formula: '\\ell(\\mu, \\sigma^2, t) = \\tfrac12\\Big(\\log \\max(\\sigma^2, \\varepsilon) + \\frac{(\\mu - t)^2}{\\max(\\sigma^2, \\varepsilon)}\\Big) \\;[+ \\tfrac12 \\log 2\\pi]',
    predictions: 'mean and variance ≥ 0 packed along a last axis of size 2: [..., 2]',
    targets: 'values of shape [...], the predictions\' shape without the last axis',
    targetKind: 'values',
    defaultReduction: 'mean',
    frameworks: {
      torch: 'torch.nn.GaussianNLLLoss(full=False, eps=1e-6)(mean, target, var) with predictions = torch.stack([mean, var], -1)',
    },
  },
  params: {
    full: { type: 'boolean', default: false, description: 'Add the constant ½·log 2π.' },
    epsilon: gaussianEpsilon,
    axis: axisParam,
  },
  checkShapes: (p, t) => {
    const ok = p.length === t.length + 1 && p[p.length - 1] === 2 && t.every((d, i) => d === p[i]);
    if (!ok) fail('SHAPE_MISMATCH', `predictions must be targets' shape plus a last axis of 2 (mean, variance): expected ${formatShape([...t, 2])}, got ${formatShape(p)}`, 'predictions');
  },
  checkData: (inputs) => checkLowerBound(inputs.predictions, 0, false, 'predictions', 'variances (odd entries of the last axis)', 2, 1),
  perSample: (p, t, o) => {
    const mean = gather(p, constant(0, 'int'), -1);
    const variance = maximum(gather(p, constant(1, 'int'), -1), o.epsilon);
    const nll = mul(add(log(variance), div(square(sub(mean, t)), variance)), 0.5);
    return overAxis(o.full ? add(nll, HALF_LOG_2PI) : nll, o.axis);
  },
});
