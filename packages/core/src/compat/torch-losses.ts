import { type ArgSpec, type LossPreset, plainReduction } from './loss-preset.js';

const reduction: ArgSpec = { option: 'reduction', default: 'mean', convert: plainReduction };
const elementWeight: ArgSpec = {
  unsupported: 'a per-element rescaling is the `weights` input at evaluation, with reduction "sum-over-batch-size" (PyTorch\'s mean divides by the element count, not by Σ weight)',
};

/** PyTorch's `torch.nn` loss classes (their constructor arguments). */
export const TORCH_LOSSES: readonly LossPreset[] = [
  { name: 'MSELoss', loss: 'mse', args: { reduction } },
  { name: 'L1Loss', loss: 'mae', args: { reduction } },
  { name: 'HuberLoss', loss: 'huber', args: { reduction, delta: { option: 'delta', default: 1 } } },
  {
    name: 'BCELoss', loss: 'binaryCrossEntropy', fixed: { epsilon: 0, logFloor: -100 },
    args: { reduction, weight: elementWeight },
    note: 'No clipping; each log is clamped at −100, as PyTorch does.',
  },
  {
    name: 'BCEWithLogitsLoss', loss: 'binaryCrossEntropy', fixed: { fromLogits: true },
    args: { reduction, weight: elementWeight, pos_weight: { option: 'posWeight' } },
  },
  {
    name: 'CrossEntropyLoss', loss: 'sparseCategoricalCrossEntropy', fixed: { fromLogits: true },
    args: {
      reduction, weight: { option: 'classWeights' }, ignore_index: { option: 'ignoreIndex', default: -100 },
      label_smoothing: { option: 'labelSmoothing', default: 0 },
    },
    note: 'Class-index targets, classes on the last axis (PyTorch: axis 1; move it last). For probability targets use categoricalCrossEntropy({ fromLogits: true }).',
  },
  {
    name: 'NLLLoss', loss: 'sparseCategoricalCrossEntropy', fixed: { fromLogits: true },
    args: { reduction, weight: { option: 'classWeights' }, ignore_index: { option: 'ignoreIndex', default: -100 } },
    note: 'Inputs are log-probabilities; log-softmax leaves them unchanged, so the logits path gives −input[y]. Classes on the last axis.',
  },
];
