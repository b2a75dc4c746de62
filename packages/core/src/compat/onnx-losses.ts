import { type ArgSpec, type LossPreset, plainReduction } from './loss-preset.js';

const args: Readonly<Record<string, ArgSpec>> = {
  reduction: { option: 'reduction', default: 'mean', convert: plainReduction },
  ignore_index: { option: 'ignoreIndex' },
  // The operator's optional third input, class weights of shape [C]; the mean divides by Σ weights[y].
  weights: { option: 'classWeights' },
};
const note = 'ONNX puts classes on axis 1: move them last ([N, C, d…] → [N, d…, C]); labels keep their shape.';

/** ONNX operators (their attributes; `weights` is the optional input). */
export const ONNX_LOSSES: readonly LossPreset[] = [
  { name: 'SoftmaxCrossEntropyLoss', loss: 'sparseCategoricalCrossEntropy', fixed: { fromLogits: true }, args, note },
  { name: 'NegativeLogLikelihoodLoss', loss: 'nll', args, note: `${note} Inputs are log-probabilities.` },
];
