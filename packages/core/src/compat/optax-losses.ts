import { type LossPreset, only } from './loss-preset.js';

// optax returns unreduced losses: the caller takes .mean() or .sum().
const none = { reduction: 'none' } as const;

/** optax's `optax.losses` functions (their keyword arguments). */
export const OPTAX_LOSSES: readonly LossPreset[] = [
  { name: 'squared_error', loss: 'mse', fixed: none },
  { name: 'huber_loss', loss: 'huber', fixed: none, args: { delta: { option: 'delta', default: 1 } } },
  { name: 'sigmoid_binary_cross_entropy', loss: 'binaryCrossEntropy', fixed: { ...none, fromLogits: true } },
  { name: 'softmax_cross_entropy', loss: 'categoricalCrossEntropy', fixed: { ...none, fromLogits: true }, args: { axis: { option: 'axis', default: -1 } } },
  {
    name: 'softmax_cross_entropy_with_integer_labels', loss: 'sparseCategoricalCrossEntropy', fixed: { ...none, fromLogits: true },
    args: { axis: { default: -1, convert: only(-1, 'classes are the last axis') } },
  },
  { name: 'hinge_loss', loss: 'hinge', fixed: { ...none, targetEncoding: 'signed' }, note: 'Targets are ±1, as optax expects.' },
];
