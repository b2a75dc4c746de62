import type { ParamValue } from '../losses/loss.js';
import { type ArgSpec, type LossPreset, oneOf } from './loss-preset.js';

// tf.Reduction is a numeric enum (NONE = 0, MEAN, SUM, SUM_BY_NONZERO_WEIGHTS); its names are accepted too.
const reduction: ArgSpec = {
  option: 'reduction', default: 'SUM_BY_NONZERO_WEIGHTS',
  convert: oneOf(new Map<unknown, ParamValue>([
    ['NONE', 'none'], ['MEAN', 'mean'], ['SUM', 'sum'], ['SUM_BY_NONZERO_WEIGHTS', 'sum-by-nonzero-weights'],
    [0, 'none'], [1, 'mean'], [2, 'sum'], [3, 'sum-by-nonzero-weights'],
  ])),
};
const labelSmoothing: ArgSpec = { option: 'labelSmoothing', default: 0 };
// tfjs-layers: the loss's per-sample values (mean or sum over the last axis), times the sample
// weights, averaged over the samples by model.fit / evaluate.
const layers = { reduction: 'sum-over-batch-size' } as const;
const epsilon = 1e-7;

/**
 * TensorFlow.js: the `tf.losses.*` functions by name (their optional arguments by the names in
 * tfjs's docs), and the tfjs-layers loss identifiers of `model.compile({ loss })` as `layers.<id>`.
 */
export const TFJS_LOSSES: readonly LossPreset[] = [
  { name: 'meanSquaredError', loss: 'mse', args: { reduction } },
  { name: 'absoluteDifference', loss: 'mae', args: { reduction } },
  { name: 'huberLoss', loss: 'huber', args: { reduction, delta: { option: 'delta', default: 1 } } },
  { name: 'hingeLoss', loss: 'hinge', fixed: { targetEncoding: 'binary' }, args: { reduction }, note: 'Labels are {0, 1}; tfjs always maps them to {−1, 1}.' },
  {
    name: 'logLoss', loss: 'binaryCrossEntropy', fixed: { epsilon: 0 }, args: { reduction, epsilon: { option: 'logEpsilon', default: 1e-7 } },
    note: 'ε is added inside each log, without clipping.',
  },
  { name: 'sigmoidCrossEntropy', loss: 'binaryCrossEntropy', fixed: { fromLogits: true }, args: { reduction, labelSmoothing } },
  {
    name: 'softmaxCrossEntropy', loss: 'categoricalCrossEntropy', fixed: { fromLogits: true, axis: -1 }, args: { reduction, labelSmoothing },
    note: 'Weights are per example ([batch]).',
  },
  { name: 'layers.meanSquaredError', aliases: ['layers.mse', 'layers.MSE'], loss: 'mse', fixed: { ...layers, axis: -1 } },
  { name: 'layers.meanAbsoluteError', aliases: ['layers.mae', 'layers.MAE'], loss: 'mae', fixed: { ...layers, axis: -1 } },
  { name: 'layers.binaryCrossentropy', loss: 'binaryCrossEntropy', fixed: { ...layers, axis: -1, epsilon } },
  { name: 'layers.categoricalCrossentropy', loss: 'categoricalCrossEntropy', fixed: { ...layers, epsilon, normalize: true } },
  { name: 'layers.sparseCategoricalCrossentropy', loss: 'sparseCategoricalCrossEntropy', fixed: { ...layers, epsilon, normalize: true } },
  { name: 'layers.meanAbsolutePercentageError', aliases: ['layers.mape', 'layers.MAPE'], loss: 'mape', fixed: { ...layers, axis: -1, scale: 100, epsilon } },
  { name: 'layers.meanSquaredLogarithmicError', aliases: ['layers.msle', 'layers.MSLE'], loss: 'msle', fixed: { ...layers, axis: -1, epsilon } },
  { name: 'layers.squaredHinge', loss: 'squaredHinge', fixed: { ...layers, axis: -1, targetEncoding: 'signed' }, note: 'Labels must be ±1: tfjs-layers does not convert them.' },
  { name: 'layers.categoricalHinge', loss: 'categoricalHinge', fixed: layers, note: 'One-hot targets.' },
  { name: 'layers.logcosh', loss: 'logCosh', fixed: { ...layers, axis: -1 } },
  { name: 'layers.poisson', loss: 'poisson', fixed: { ...layers, axis: -1, epsilon } },
  {
    // l2Normalize divides by sqrt(max(Σx², ε)): a floor of √ε on the norm.
    name: 'layers.cosineProximity', loss: 'cosineSimilarity', fixed: { ...layers, form: 'similarity', axis: -1, epsilon: Math.sqrt(epsilon) },
  },
  { name: 'layers.hinge', loss: 'hinge', fixed: { ...layers, axis: -1, targetEncoding: 'signed' }, note: 'Labels must be ±1: tfjs-layers does not convert them.' },
];
