import { fail } from '../errors/losskit-error.js';
import { type ArgSpec, type LossPreset, only } from './loss-preset.js';

// optax returns unreduced losses: the caller takes .mean() or .sum().
const none = { reduction: 'none' } as const;

// optax's default ε = 0 divides by the bare norm; the smallest positive float32 normal floors only
// norms no float32 vector reaches except 0, where optax gives NaN and losskit gives cos = 0.
const cosineEpsilon: ArgSpec = {
  option: 'epsilon', default: 0,
  convert: (value, where) => {
    if (typeof value !== 'number' || !(value >= 0)) fail('BAD_PARAM', `expected a number ≥ 0, got ${JSON.stringify(value)}`, where);
    return value === 0 ? 1.1754943508222875e-38 : value;
  },
};

// sigmoid_focal_loss's alpha=None (its default) is no α-balancing.
const focalAlpha: ArgSpec = {
  default: null, sets: 'alpha, applyClassBalancing',
  expand: (value) => (value === null ? { applyClassBalancing: false } : { applyClassBalancing: true, alpha: value }),
};

/** optax's `optax.losses` functions (their keyword arguments). */
export const OPTAX_LOSSES: readonly LossPreset[] = [
  { name: 'squared_error', loss: 'mse', fixed: none },
  { name: 'huber_loss', loss: 'huber', fixed: none, args: { delta: { option: 'delta', default: 1 } } },
  { name: 'log_cosh', loss: 'logCosh', fixed: none },
  { name: 'sigmoid_binary_cross_entropy', loss: 'binaryCrossEntropy', fixed: { ...none, fromLogits: true } },
  { name: 'softmax_cross_entropy', loss: 'categoricalCrossEntropy', fixed: { ...none, fromLogits: true }, args: { axis: { option: 'axis', default: -1 } } },
  {
    name: 'softmax_cross_entropy_with_integer_labels', loss: 'sparseCategoricalCrossEntropy', fixed: { ...none, fromLogits: true },
    args: { axis: { default: -1, convert: only(-1, 'classes are the last axis') } },
  },
  {
    name: 'kl_divergence', loss: 'klDivergence', fixed: { ...none, logPredictions: true, epsilon: 0, axis: -1 },
    note: 'Predictions are log-probabilities; targets are probabilities (0 · log 0 = 0).',
  },
  {
    name: 'cosine_distance', loss: 'cosineSimilarity', fixed: { ...none, form: 'distance', axis: -1 }, args: { epsilon: cosineEpsilon },
    note: 'A zero vector gives NaN in optax (ε = 0) and a distance of 1 here.',
  },
  {
    name: 'sigmoid_focal_loss', loss: 'binaryFocal', fixed: { ...none, fromLogits: true, epsilon: 0 },
    args: { alpha: focalAlpha, gamma: { option: 'gamma', default: 2 } },
  },
  { name: 'hinge_loss', loss: 'hinge', fixed: { ...none, targetEncoding: 'signed' }, note: 'Targets are ±1, as optax expects.' },
  { name: 'perceptron_loss', loss: 'perceptron', fixed: { ...none, targetEncoding: 'signed' }, note: 'Targets are ±1, as optax expects.' },
  {
    name: 'poly_loss_cross_entropy', loss: 'poly1', fixed: { ...none, fromLogits: true }, args: { epsilon: { option: 'polyEpsilon', default: 2 } },
    note: 'One-hot labels, given as their class indices.',
  },
  { name: 'multiclass_sparsemax_loss', loss: 'sparsemax', fixed: none, note: 'Integer labels.' },
  {
    name: 'ntxent', loss: 'ntXent', fixed: { reduction: 'mean' }, args: { temperature: { option: 'temperature', default: 0.07 } },
    note: 'A scalar, as optax returns it. optax floors the squared norm at the machine epsilon, losskit the norm at 1e-12: they differ only for near-zero embeddings.',
  },
  {
    name: 'ctc_loss', loss: 'ctc', fixed: { ...none, fromLogits: true }, args: { blank_id: { option: 'blank', default: 0 } },
    note: 'Logits [N, T, C]; labels [N, S] padded with −1 where label_paddings is 1; logit_paddings as input lengths in column 0 of the targets (inputLengthsInTargets).',
  },
];
