import { fail } from '../errors/losskit-error.js';
import type { ParamValue } from '../losses/loss.js';
import { type ArgSpec, type LossPreset, oneOf, plainReduction } from './loss-preset.js';

const reduction: ArgSpec = { option: 'reduction', default: 'mean', convert: plainReduction };
// torch.nn's per-class `weight` ([C], broadcast along the last axis); the mean stays Σ/N where PyTorch keeps it.
const weight: ArgSpec = { option: 'classWeights' };
const packed = (what: string): string => `Inputs packed along axis 1: predictions = torch.stack((${what}), dim=1).`;

// KLDivLoss's 'batchmean' is Σ ÷ batch size: the sum over the last axis of [N, C] inputs, then the mean over N.
const klReductions = oneOf(new Map<unknown, ParamValue>([['none', 'none'], ['mean', 'mean'], ['sum', 'sum'], ['batchmean', 'mean']]));
const klReduction: ArgSpec = {
  default: 'mean', sets: 'reduction, axis',
  expand: (value, where) => ({ reduction: klReductions(value, where), axis: value === 'batchmean' ? -1 : null }),
};

// CTCLoss's 'mean' divides each sequence's loss by its target length before averaging the batch.
const ctcReduction: ArgSpec = {
  default: 'mean', sets: 'reduction, divideByTargetLength',
  expand: (value, where) => ({ reduction: plainReduction(value, where), divideByTargetLength: value === 'mean' }),
};

// torchvision's alpha < 0 switches the α-balancing off.
const focalAlpha: ArgSpec = {
  default: 0.25, sets: 'alpha, applyClassBalancing',
  expand: (value, where) => {
    if (typeof value !== 'number' || !Number.isFinite(value) || value > 1) fail('BAD_PARAM', `expected a number ≤ 1 (< 0: no balancing), got ${JSON.stringify(value)}`, where);
    return value < 0 ? { applyClassBalancing: false } : { applyClassBalancing: true, alpha: value };
  },
};

/** PyTorch's `torch.nn` loss classes (their constructor arguments), and torchvision's focal loss. */
export const TORCH_LOSSES: readonly LossPreset[] = [
  { name: 'MSELoss', loss: 'mse', args: { reduction } },
  { name: 'L1Loss', loss: 'mae', args: { reduction } },
  { name: 'HuberLoss', loss: 'huber', args: { reduction, delta: { option: 'delta', default: 1 } } },
  { name: 'SmoothL1Loss', loss: 'smoothL1', args: { reduction, beta: { option: 'beta', default: 1 } } },
  {
    name: 'BCELoss', loss: 'binaryCrossEntropy', fixed: { epsilon: 0, logFloor: -100 },
    args: { reduction, weight },
    note: 'No clipping; each log is clamped at −100, as PyTorch does. `weight` is a vector along the last axis; a weight of the input\'s full shape is the `weights` input with reduction "sum-over-batch-size" (PyTorch\'s mean divides by the element count, not by Σ weight).',
  },
  {
    name: 'BCEWithLogitsLoss', loss: 'binaryCrossEntropy', fixed: { fromLogits: true },
    args: { reduction, weight, pos_weight: { option: 'posWeight' } },
    note: '`weight` and `pos_weight` are vectors along the last axis (the classes); a full-shape `weight` is the `weights` input with reduction "sum-over-batch-size".',
  },
  {
    name: 'CrossEntropyLoss', loss: 'sparseCategoricalCrossEntropy', fixed: { fromLogits: true },
    args: {
      reduction, weight, ignore_index: { option: 'ignoreIndex', default: -100 },
      label_smoothing: { option: 'labelSmoothing', default: 0 },
    },
    note: 'Class-index targets, classes on the last axis (PyTorch: axis 1; move it last). The weighted mean divides by Σ weight[y]. For probability targets use categoricalCrossEntropy({ fromLogits: true }).',
  },
  {
    name: 'NLLLoss', loss: 'nll',
    args: { reduction, weight, ignore_index: { option: 'ignoreIndex', default: -100 } },
    note: 'Inputs are log-probabilities with classes on the last axis (PyTorch: axis 1). The weighted mean divides by Σ weight[y].',
  },
  {
    name: 'KLDivLoss', loss: 'klDivergence', fixed: { logPredictions: true, epsilon: 0 },
    args: { reduction: klReduction, log_target: { option: 'logTarget', default: false } },
    note: 'Predictions are log-probabilities. "batchmean" (Σ ÷ N) is exact for [N, C] inputs: flatten the rest into C.',
  },
  {
    name: 'PoissonNLLLoss', loss: 'poissonNLL',
    args: { reduction, log_input: { option: 'logInput', default: true }, full: { option: 'full', default: false }, eps: { option: 'epsilon', default: 1e-8 } },
  },
  {
    name: 'GaussianNLLLoss', loss: 'gaussianNLL',
    args: { reduction, full: { option: 'full', default: false }, eps: { option: 'epsilon', default: 1e-6 } },
    note: 'predictions = torch.stack((input, var), dim=-1): the mean and the variance side by side on a new last axis.',
  },
  { name: 'MarginRankingLoss', loss: 'marginRanking', args: { reduction, margin: { option: 'margin', default: 0 } }, note: packed('input1, input2') },
  { name: 'HingeEmbeddingLoss', loss: 'hingeEmbedding', args: { reduction, margin: { option: 'margin', default: 1 } } },
  { name: 'CosineEmbeddingLoss', loss: 'cosineEmbedding', args: { reduction, margin: { option: 'margin', default: 0 } }, note: packed('input1, input2') },
  {
    name: 'TripletMarginLoss', loss: 'tripletMargin',
    args: {
      reduction, margin: { option: 'margin', default: 1 }, p: { option: 'p', default: 2 },
      eps: { option: 'eps', default: 1e-6 }, swap: { option: 'swap', default: false },
    },
    note: `${packed('anchor, positive, negative')} Targets are ignored: pass zeros [N].`,
  },
  {
    name: 'MultiMarginLoss', loss: 'multiMargin',
    args: { reduction, p: { option: 'p', default: 1, convert: oneOf(new Map<unknown, ParamValue>([[1, 1], [2, 2]])) }, margin: { option: 'margin', default: 1 }, weight },
  },
  { name: 'MultiLabelMarginLoss', loss: 'multiLabelMargin', args: { reduction }, note: 'Targets are class indices padded with −1, as PyTorch takes them.' },
  { name: 'SoftMarginLoss', loss: 'softMargin', fixed: { targetEncoding: 'signed' }, args: { reduction }, note: 'Targets are ±1.' },
  { name: 'MultiLabelSoftMarginLoss', loss: 'multiLabelSoftMargin', args: { reduction, weight } },
  {
    name: 'CTCLoss', loss: 'ctc', fixed: { fromLogits: false },
    args: { blank: { option: 'blank', default: 0 }, reduction: ctcReduction, zero_infinity: { option: 'zeroInfinity', default: false } },
    note: 'Log-probabilities [N, T, C] (PyTorch: (T, N, C); transpose the first two axes). Targets [N, S] padded with −1 after each sequence; input_lengths shorter than T go in column 0 with inputLengthsInTargets.',
  },
  {
    name: 'torchvision.ops.sigmoid_focal_loss', aliases: ['sigmoid_focal_loss'], loss: 'binaryFocal', fixed: { fromLogits: true, epsilon: 0 },
    args: {
      alpha: focalAlpha, gamma: { option: 'gamma', default: 2 },
      reduction: { option: 'reduction', default: 'none', convert: plainReduction },
    },
    note: 'Logits and {0, 1} targets; alpha < 0 turns the α-balancing off.',
  },
];
