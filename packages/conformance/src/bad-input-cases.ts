import {
  type Backend, type FloatDType, type LossKitErrorCode, type Reduction, createLoss, grad, losses, ops, optimizers, trace,
} from '@losskit/core';
import { floatTensor, intTensor } from './random.js';

export interface BadInputCase {
  /** What is wrong, for the test name. */
  readonly name: string;
  /** The code every backend must raise. */
  readonly code: LossKitErrorCode;
  readonly run: (backend: Backend<unknown>, dtype: FloatDType) => Promise<unknown>;
}

const sparse = losses.sparseCategoricalCrossEntropy;
const twoInputs = trace('add', { a: { shape: ['n'], dtype: 'float' }, b: { shape: ['n'], dtype: 'float' } }, ({ a, b }) => ops.add(a, b));
const fixedInput = trace('sum', { x: { shape: [2, 3], dtype: 'float' } }, ({ x }) => ops.sum(x));

/**
 * Inputs every backend must refuse with the same `LossKitError` code (messages may differ).
 * Each case runs in every dtype the backend supports; floats are built in that dtype.
 */
export const BAD_INPUT_CASES: readonly BadInputCase[] = [
  // shapes
  { name: 'predictions and targets of different shapes', code: 'SHAPE_MISMATCH', run: (b, d) => b.evaluate(losses.mse(), { predictions: floatTensor(d, [3], [1, 2, 3]), targets: floatTensor(d, [2], [1, 2]) }) },
  { name: 'weights that do not broadcast', code: 'SHAPE_MISMATCH', run: (b, d) => b.evaluate(losses.mse(), { predictions: floatTensor(d, [2, 2], [1, 2, 3, 4]), targets: floatTensor(d, [2, 2], [1, 2, 3, 4]), weights: floatTensor(d, [3], [1, 1, 1]) }) },
  { name: 'labels of the wrong shape', code: 'SHAPE_MISMATCH', run: (b, d) => b.evaluate(sparse(), { predictions: floatTensor(d, [2, 2], [0.5, 0.5, 0.5, 0.5]), targets: intTensor([3], [0, 1, 0]) }) },
  { name: 'a symbolic dim bound to two sizes', code: 'SHAPE_MISMATCH', run: (b, d) => b.run(twoInputs, { a: floatTensor(d, [2], [1, 2]), b: floatTensor(d, [3], [1, 2, 3]) }) },
  { name: 'margin-ranking pairs not packed as [N, 2]', code: 'SHAPE_MISMATCH', run: (b, d) => b.evaluate(losses.marginRanking(), { predictions: floatTensor(d, [2, 3], [1, 2, 3, 4, 5, 6]), targets: floatTensor(d, [2], [1, -1]) }) },
  { name: 'triplets with targets that are not [N]', code: 'SHAPE_MISMATCH', run: (b, d) => b.evaluate(losses.tripletMargin(), { predictions: floatTensor(d, [1, 3, 1], [0, 1, 2]), targets: floatTensor(d, [3], [0, 0, 0]) }) },
  { name: 'an input of the wrong fixed shape', code: 'SHAPE_MISMATCH', run: (b, d) => b.run(fixedInput, { x: floatTensor(d, [3, 2], [1, 2, 3, 4, 5, 6]) }) },
  // dtypes
  { name: 'int predictions', code: 'DTYPE', run: (b, d) => b.evaluate(losses.mse(), { predictions: intTensor([2], [1, 2]), targets: floatTensor(d, [2], [1, 2]) }) },
  { name: 'non-integer float labels', code: 'DTYPE', run: (b, d) => b.evaluate(sparse(), { predictions: floatTensor(d, [1, 2], [0.5, 0.5]), targets: floatTensor(d, [1], [0.5]) }) },
  // labels
  { name: 'a label ≥ classes', code: 'LABEL_OUT_OF_RANGE', run: (b, d) => b.evaluate(sparse(), { predictions: floatTensor(d, [1, 2], [0.5, 0.5]), targets: intTensor([1], [2]) }) },
  { name: 'a negative label', code: 'LABEL_OUT_OF_RANGE', run: (b, d) => b.evaluate(sparse({ fromLogits: true }), { predictions: floatTensor(d, [1, 2], [0.5, 0.5]), targets: intTensor([1], [-1]) }) },
  { name: 'a hinge label of 2', code: 'LABEL_OUT_OF_RANGE', run: (b, d) => b.evaluate(losses.hinge(), { predictions: floatTensor(d, [2], [0.5, 0.5]), targets: floatTensor(d, [2], [1, 2]) }) },
  { name: 'a hinge label of 0 with signed targets', code: 'LABEL_OUT_OF_RANGE', run: (b, d) => b.evaluate(losses.hinge({ targetEncoding: 'signed' }), { predictions: floatTensor(d, [2], [0.5, 0.5]), targets: floatTensor(d, [2], [1, 0]) }) },
  { name: 'class weights of the wrong length', code: 'SHAPE_MISMATCH', run: (b, d) => b.evaluate(sparse({ classWeights: [1, 2, 3] }), { predictions: floatTensor(d, [1, 2], [0.5, 0.5]), targets: intTensor([1], [0]) }) },
  { name: 'a multi-label margin index below -1', code: 'LABEL_OUT_OF_RANGE', run: (b, d) => b.evaluate(losses.multiLabelMargin(), { predictions: floatTensor(d, [1, 2], [0.5, 0.5]), targets: intTensor([1, 2], [-2, 0]) }) },
  { name: 'a CTC target that is the blank', code: 'LABEL_OUT_OF_RANGE', run: (b, d) => b.evaluate(losses.ctc({ fromLogits: true }), { predictions: floatTensor(d, [1, 2, 2], [0, 0, 0, 0]), targets: intTensor([1, 1], [0]) }) },
  // probabilities
  { name: 'a probability of 1.5', code: 'NOT_A_PROBABILITY', run: (b, d) => b.evaluate(losses.binaryCrossEntropy(), { predictions: floatTensor(d, [2], [1.5, 0.5]), targets: floatTensor(d, [2], [1, 0]) }) },
  { name: 'a negative soft label', code: 'NOT_A_PROBABILITY', run: (b, d) => b.evaluate(losses.binaryCrossEntropy({ fromLogits: true }), { predictions: floatTensor(d, [2], [1.5, 0.5]), targets: floatTensor(d, [2], [-0.1, 0]) }) },
  // finiteness
  { name: 'NaN in predictions', code: 'NON_FINITE', run: (b, d) => b.evaluate(losses.mse(), { predictions: floatTensor(d, [2], [Number.NaN, 1]), targets: floatTensor(d, [2], [1, 1]) }) },
  { name: 'Infinity in targets', code: 'NON_FINITE', run: (b, d) => b.evaluate(losses.mae(), { predictions: floatTensor(d, [2], [1, 1]), targets: floatTensor(d, [2], [1, Number.POSITIVE_INFINITY]) }) },
  { name: 'NaN in weights', code: 'NON_FINITE', run: (b, d) => b.evaluate(losses.mse(), { predictions: floatTensor(d, [2], [1, 1]), targets: floatTensor(d, [2], [1, 1]), weights: floatTensor(d, [2], [1, Number.NaN]) }) },
  { name: 'NaN in an optimizer gradient', code: 'NON_FINITE', run: async (b, d) => (await b.optimizer(optimizers.sgd({ learningRate: 0.1 }), { w: floatTensor(d, [2], [1, 2]) })).step({ w: floatTensor(d, [2], [Number.NaN, 0]) }) },
  // emptiness
  { name: 'empty predictions', code: 'EMPTY', run: (b, d) => b.evaluate(losses.mse(), { predictions: floatTensor(d, [0], []), targets: floatTensor(d, [0], []) }) },
  // parameters
  { name: 'a negative Huber delta', code: 'BAD_PARAM', run: async () => losses.huber({ delta: -1 }) },
  { name: 'label smoothing of 2', code: 'BAD_PARAM', run: async () => losses.binaryCrossEntropy({ labelSmoothing: 2 }) },
  { name: 'a NaN class weight', code: 'BAD_PARAM', run: async () => losses.sparseCategoricalCrossEntropy({ classWeights: [1, Number.NaN] }) },
  { name: 'an unknown parameter', code: 'BAD_PARAM', run: async () => createLoss('mse', { dleta: 1 }) },
  { name: 'an unknown reduction', code: 'BAD_PARAM', run: async () => createLoss('mse', { reduction: 'average' as Reduction }) },
  { name: 'an unknown loss', code: 'UNKNOWN_LOSS', run: async () => createLoss('nope') },
  { name: 'a gradient of the wrong shape', code: 'SHAPE_MISMATCH', run: async (b, d) => (await b.optimizer(optimizers.sgd({ learningRate: 0.1 }), { w: floatTensor(d, [2], [1, 2]) })).step({ w: floatTensor(d, [3], [1, 2, 3]) }) },
  // state
  {
    name: 'an optimizer state of another shape', code: 'BAD_STATE',
    run: async (b, d) => (await b.optimizer(optimizers.adam({ learningRate: 0.1 }), { w: floatTensor(d, [2], [1, 2]) })).setState({ 0: { count: intTensor([], [1]) } }),
  },
  // differentiability
  { name: 'the gradient of a program through round', code: 'NOT_DIFFERENTIABLE', run: async () => grad(trace('r', { x: { shape: [2], dtype: 'float' } }, ({ x }) => ops.sum(ops.round(x))), { wrt: ['x'] }) },
  // domains of the probabilistic losses
  { name: 'a negative Poisson rate', code: 'OUT_OF_DOMAIN', run: (b, d) => b.evaluate(losses.poisson(), { predictions: floatTensor(d, [2], [1, -0.5]), targets: floatTensor(d, [2], [1, 2]) }) },
  { name: 'a negative rate for poissonNLL without logInput', code: 'OUT_OF_DOMAIN', run: (b, d) => b.evaluate(losses.poissonNLL({ logInput: false }), { predictions: floatTensor(d, [2], [1, -0.5]), targets: floatTensor(d, [2], [1, 2]) }) },
  { name: 'a negative Gaussian variance', code: 'OUT_OF_DOMAIN', run: (b, d) => b.evaluate(losses.gaussianNLL(), { predictions: floatTensor(d, [2, 2], [0, 1, 0, -1]), targets: floatTensor(d, [2], [0, 0]) }) },
  { name: 'Gaussian predictions without the (mean, variance) axis', code: 'SHAPE_MISMATCH', run: (b, d) => b.evaluate(losses.gaussianNLL(), { predictions: floatTensor(d, [2], [0, 1]), targets: floatTensor(d, [2], [0, 0]) }) },
  { name: 'a quantile of 1', code: 'BAD_PARAM', run: async () => losses.quantile({ quantile: 1 }) },
];
