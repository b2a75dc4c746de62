import type { ParamValue } from '../losses/loss.js';
import { fail } from '../errors/losskit-error.js';
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
const perSample = { axis: -1 } as const;

// CategoricalFocalCrossentropy's alpha: a number, or one weight per class (losskit's classWeights with α = 1).
const focalAlpha: ArgSpec = {
  default: 0.25, sets: 'alpha or classWeights',
  expand: (value, where) => {
    if (typeof value === 'number') return { alpha: value };
    if (Array.isArray(value) && value.every((x) => typeof x === 'number')) return { alpha: 1, classWeights: value };
    return fail('BAD_PARAM', `expected a number or a list of per-class numbers, got ${JSON.stringify(value)}`, where);
  },
};

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
    name: 'MeanAbsolutePercentageError', aliases: ['mean_absolute_percentage_error', 'mape', 'MAPE'], loss: 'mape',
    fixed: { ...perSample, scale: 100, epsilon }, args: { reduction },
  },
  {
    name: 'MeanSquaredLogarithmicError', aliases: ['mean_squared_logarithmic_error', 'msle', 'MSLE'], loss: 'msle',
    fixed: { ...perSample, epsilon }, args: { reduction },
  },
  { name: 'LogCosh', aliases: ['log_cosh'], loss: 'logCosh', fixed: perSample, args: { reduction } },
  { name: 'Poisson', aliases: ['poisson'], loss: 'poisson', fixed: { ...perSample, epsilon }, args: { reduction } },
  {
    name: 'KLDivergence', aliases: ['kl_divergence', 'kld', 'KLD'], loss: 'klDivergence', fixed: { ...perSample, epsilon, logPredictions: false, logTarget: false }, args: { reduction },
    note: 'Both sides are clipped to [1e-7, 1] before the log, as Keras does.',
  },
  {
    name: 'CosineSimilarity', aliases: ['cosine_similarity'], loss: 'cosineSimilarity', fixed: { form: 'similarity', epsilon },
    args: { reduction, axis: { option: 'axis', default: -1 } },
  },
  {
    name: 'BinaryFocalCrossentropy', aliases: ['binary_focal_crossentropy'], loss: 'binaryFocal', fixed: { epsilon },
    args: {
      reduction, apply_class_balancing: { option: 'applyClassBalancing', default: false }, alpha: { option: 'alpha', default: 0.25 },
      gamma: { option: 'gamma', default: 2 }, from_logits: fromLogits, label_smoothing: labelSmoothing, axis,
    },
  },
  {
    name: 'CategoricalFocalCrossentropy', aliases: ['categorical_focal_crossentropy'], loss: 'categoricalFocal', fixed: { epsilon, normalize: true },
    args: { reduction, alpha: focalAlpha, gamma: { option: 'gamma', default: 2 }, from_logits: fromLogits, label_smoothing: labelSmoothing, axis },
  },
  {
    // Keras takes p[y] unclipped: the smallest positive ε clips nothing a float can hold.
    name: 'CategoricalGeneralizedCrossEntropy', aliases: ['categorical_generalized_cross_entropy'], loss: 'generalizedCrossEntropy',
    fixed: { epsilon: Number.MIN_VALUE }, args: { reduction, q: { option: 'q', default: 0.5 } },
    note: 'Integer labels and probabilities, as Keras takes them.',
  },
  {
    name: 'SquaredHinge', aliases: ['squared_hinge'], loss: 'squaredHinge', fixed: { ...perSample, targetEncoding: 'auto' }, args: { reduction },
    note: '{0, 1} labels become {−1, 1}, as Keras converts them when every label is 0 or 1.',
  },
  { name: 'CategoricalHinge', aliases: ['categorical_hinge'], loss: 'categoricalHinge', args: { reduction }, note: 'One-hot targets.' },
  {
    name: 'Hinge', aliases: ['hinge'], loss: 'hinge', fixed: { axis: -1, targetEncoding: 'auto' }, args: { reduction },
    note: '{0, 1} labels become {−1, 1}, as Keras converts them when every label is 0 or 1.',
  },
];
