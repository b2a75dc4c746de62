import type { ParamValue } from '../losses/loss.js';
import { type ArgSpec, type LossPreset, oneOf, only } from './loss-preset.js';

const FLOAT64_EPS = 2.220446049250313e-16;
const multioutput: ArgSpec = { default: 'uniform_average', convert: only('uniform_average', 'per-output scores are losskit\'s reduction "none" with axis') };
const normalize: ArgSpec = { option: 'reduction', default: true, convert: oneOf(new Map<unknown, ParamValue>([[true, 'mean'], [false, 'sum']])) };

/**
 * scikit-learn's `sklearn.metrics` losses. `sample_weight` is the `weights` input: losskit's
 * `mean` is scikit-learn's weighted average Σ w·l / Σ w.
 */
export const SKLEARN_LOSSES: readonly LossPreset[] = [
  { name: 'mean_squared_error', loss: 'mse', args: { multioutput } },
  { name: 'mean_absolute_error', loss: 'mae', args: { multioutput } },
  { name: 'root_mean_squared_error', loss: 'rmse', args: { multioutput }, note: 'One output: scikit-learn takes the root of each output\'s mean before averaging outputs.' },
  {
    name: 'mean_absolute_percentage_error', loss: 'mape', fixed: { scale: 1, epsilon: FLOAT64_EPS }, args: { multioutput },
    note: 'A fraction, not a percentage; |y| is floored at the float64 machine epsilon.',
  },
  {
    // scikit-learn rejects negative values, so a floor of 0 changes nothing it accepts.
    name: 'mean_squared_log_error', loss: 'msle', fixed: { epsilon: 0 }, args: { multioutput },
    note: 'For values ≥ 0, which scikit-learn requires.',
  },
  { name: 'mean_pinball_loss', loss: 'quantile', args: { alpha: { option: 'quantile', default: 0.5 }, multioutput } },
  {
    name: 'hamming_loss', loss: 'hammingLoss', fixed: { threshold: 0.5 },
    note: 'Multilabel indicator arrays: y_pred holds 0/1 labels (or scores thresholded at 0.5).',
  },
  {
    name: 'zero_one_loss', loss: 'zeroOneLoss', args: { normalize },
    note: 'predictions are per-class scores [n, classes]: their argmax is y_pred; targets are the class indices.',
  },
  {
    // float64 machine epsilon: scikit-learn ≥ 1.5 clips to [eps, 1 − eps] and no longer renormalises.
    name: 'log_loss', loss: 'sparseCategoricalCrossEntropy', fixed: { epsilon: FLOAT64_EPS, normalize: false }, args: { normalize },
    note: 'y_prob is [n, classes]; labels are the indices of the sorted classes (scikit-learn\'s column order).',
  },
  { name: 'hinge_loss', loss: 'hinge', fixed: { targetEncoding: 'auto' }, note: 'Binary case: decision values against {0, 1} or {−1, 1} labels.' },
];
