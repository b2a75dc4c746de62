import type { ParamValue } from '../losses/loss.js';
import { type ArgSpec, type LossPreset, oneOf } from './loss-preset.js';

// Keras 3's reductions; None is 'none'. 'mean' is sum_over_batch_size in Keras 3 (÷ element count);
// 'mean_with_sample_weight' (Keras ≥ 3.7) divides by Σ weights, losskit's 'mean'.
const reduction: ArgSpec = {
  option: 'reduction', default: 'sum_over_batch_size',
  convert: oneOf(new Map<unknown, ParamValue>([
    ['sum_over_batch_size', 'sum-over-batch-size'], ['mean', 'sum-over-batch-size'], ['sum', 'sum'], ['none', 'none'], [null, 'none'],
    ['mean_with_sample_weight', 'mean'],
  ])),
};
const fromLogits: ArgSpec = { option: 'fromLogits', default: false };
const labelSmoothing: ArgSpec = { option: 'labelSmoothing', default: 0 };
const axis: ArgSpec = { option: 'axis', default: -1 };
// Keras's backend epsilon: probabilities are clipped to [1e-7, 1 − 1e-7].
const epsilon = 1e-7;

/**
 * Keras 3's `keras.losses` classes; the snake_case names are the identifiers `model.compile`
 * takes, which Keras wraps with the default reduction.
 */
export const KERAS_LOSSES: readonly LossPreset[] = [
  { name: 'MeanSquaredError', aliases: ['mean_squared_error', 'mse', 'MSE'], loss: 'mse', fixed: { axis: -1 }, args: { reduction } },
  { name: 'MeanAbsoluteError', aliases: ['mean_absolute_error', 'mae', 'MAE'], loss: 'mae', fixed: { axis: -1 }, args: { reduction } },
  { name: 'Huber', aliases: ['huber'], loss: 'huber', fixed: { axis: -1 }, args: { reduction, delta: { option: 'delta', default: 1 } } },
  {
    name: 'BinaryCrossentropy', aliases: ['binary_crossentropy'], loss: 'binaryCrossEntropy', fixed: { epsilon },
    args: { reduction, from_logits: fromLogits, label_smoothing: labelSmoothing, axis },
  },
  {
    name: 'CategoricalCrossentropy', aliases: ['categorical_crossentropy'], loss: 'categoricalCrossEntropy', fixed: { epsilon, normalize: true },
    args: { reduction, from_logits: fromLogits, label_smoothing: labelSmoothing, axis },
    note: 'Probabilities that do not sum to 1 are rescaled first, as Keras does.',
  },
  {
    name: 'SparseCategoricalCrossentropy', aliases: ['sparse_categorical_crossentropy'], loss: 'sparseCategoricalCrossEntropy', fixed: { epsilon, normalize: true },
    args: { reduction, from_logits: fromLogits, ignore_class: { option: 'ignoreIndex', default: null } },
    note: 'The numpy, JAX and torch backends\' order (rescale, then clip); the TensorFlow backend clips first.',
  },
  {
    name: 'Hinge', aliases: ['hinge'], loss: 'hinge', fixed: { axis: -1, targetEncoding: 'auto' }, args: { reduction },
    note: '{0, 1} labels become {−1, 1}, as Keras converts them when every label is 0 or 1.',
  },
];
