export * from './ops.js';
export { logSoftmax, logSumExp, sigmoidCrossEntropyWithLogits, softmax, softmaxCrossEntropyWithLogits } from './composites.js';
