import type { ParamValue } from '../losses/loss.js';
import { type ArgSpec, type LossPreset, oneOf, only } from './loss-preset.js';

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
    // float64 machine epsilon: scikit-learn ≥ 1.5 clips to [eps, 1 − eps] and no longer renormalises.
    name: 'log_loss', loss: 'sparseCategoricalCrossEntropy', fixed: { epsilon: 2.220446049250313e-16, normalize: false }, args: { normalize },
    note: 'y_prob is [n, classes]; labels are the indices of the sorted classes (scikit-learn\'s column order).',
  },
  { name: 'hinge_loss', loss: 'hinge', fixed: { targetEncoding: 'auto' }, note: 'Binary case: decision values against {0, 1} or {−1, 1} labels.' },
];
