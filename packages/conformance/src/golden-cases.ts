import type { HostTensorLike, LossOptions, ParamValue, Reduction } from '@losskit/core';

export interface GoldenCase {
  readonly name: string;
  /** Where the expected number comes from. */
  readonly source: string;
  readonly loss: string;
  readonly options: LossOptions<Record<string, ParamValue>> & { readonly reduction?: Reduction };
  readonly predictions: HostTensorLike;
  readonly targets: HostTensorLike;
  readonly weights?: HostTensorLike;
  readonly expected: number;
  /** Documentation values are printed rounded; hand-derived ones are exact. */
  readonly tolerance: number;
}

const m = (shape: number[], data: number[]): HostTensorLike => ({ shape, data });
const kerasTrue = m([2, 2], [0, 1, 0, 0]);
const kerasPred = m([2, 2], [0.6, 0.4, 0.4, 0.6]);
const ln = Math.log;
const sigmoid = (x: number): number => 1 / (1 + Math.exp(-x));
const bceLogit = (x: number, t: number): number => -(t * ln(sigmoid(x)) + (1 - t) * ln(1 - sigmoid(x)));

/**
 * Known answers. Documentation examples are rounded as printed there; the hand-derived cases
 * spell out their arithmetic with plain Math, independent of losskit.
 */
export const GOLDEN_CASES: readonly GoldenCase[] = [
  {
    name: 'scikit-learn mean_squared_error example',
    source: 'sklearn.metrics.mean_squared_error docstring: y_true=[3,-0.5,2,7], y_pred=[2.5,0.0,2,8] → 0.375',
    loss: 'mse', options: {}, predictions: m([4], [2.5, 0, 2, 8]), targets: m([4], [3, -0.5, 2, 7]), expected: 0.375, tolerance: 1e-12,
  },
  {
    name: 'scikit-learn mean_absolute_error example',
    source: 'sklearn.metrics.mean_absolute_error docstring: same data → 0.5',
    loss: 'mae', options: {}, predictions: m([4], [2.5, 0, 2, 8]), targets: m([4], [3, -0.5, 2, 7]), expected: 0.5, tolerance: 1e-12,
  },
  {
    name: 'Keras MeanSquaredError example',
    source: 'keras.losses.MeanSquaredError docs: y_true=[[0,1],[0,0]], y_pred=[[1,1],[1,0]] → 0.5',
    loss: 'mse', options: { axis: -1, reduction: 'sum-over-batch-size' }, predictions: m([2, 2], [1, 1, 1, 0]), targets: kerasTrue, expected: 0.5, tolerance: 1e-12,
  },
  {
    name: 'Keras BinaryCrossentropy example',
    source: 'keras.losses.BinaryCrossentropy docs: y_true=[[0,1],[0,0]], y_pred=[[0.6,0.4],[0.4,0.6]] → 0.815',
    loss: 'binaryCrossEntropy', options: { axis: -1, reduction: 'sum-over-batch-size' }, predictions: kerasPred, targets: kerasTrue, expected: 0.815, tolerance: 1e-3,
  },
  {
    name: 'Keras CategoricalCrossentropy example',
    source: 'keras.losses.CategoricalCrossentropy docs: y_true=[[0,1,0],[0,0,1]], y_pred=[[0.05,0.95,0],[0.1,0.8,0.1]] → 1.177',
    loss: 'categoricalCrossEntropy', options: { reduction: 'sum-over-batch-size' },
    predictions: m([2, 3], [0.05, 0.95, 0, 0.1, 0.8, 0.1]), targets: m([2, 3], [0, 1, 0, 0, 0, 1]), expected: 1.177, tolerance: 1e-3,
  },
  {
    name: 'Keras SparseCategoricalCrossentropy example',
    source: 'keras.losses.SparseCategoricalCrossentropy docs: y_true=[1,2], same y_pred → 1.177',
    loss: 'sparseCategoricalCrossEntropy', options: { reduction: 'sum-over-batch-size' },
    predictions: m([2, 3], [0.05, 0.95, 0, 0.1, 0.8, 0.1]), targets: { shape: [2], data: [1, 2], dtype: 'int32' }, expected: 1.177, tolerance: 1e-3,
  },
  {
    name: 'Keras Huber example',
    source: 'keras.losses.Huber docs: y_true=[[0,1],[0,0]], y_pred=[[0.6,0.4],[0.4,0.6]] → 0.155',
    loss: 'huber', options: { axis: -1, reduction: 'sum-over-batch-size' }, predictions: kerasPred, targets: kerasTrue, expected: 0.155, tolerance: 1e-3,
  },
  {
    name: 'Keras Hinge example',
    source: 'keras.losses.Hinge docs: y_true=[[0,1],[0,0]], y_pred=[[0.6,0.4],[0.4,0.6]] → 1.3',
    loss: 'hinge', options: { axis: -1, reduction: 'sum-over-batch-size' }, predictions: kerasPred, targets: kerasTrue, expected: 1.3, tolerance: 1e-3,
  },
  {
    name: 'BCE with logits, by hand',
    source: 'hand-derived: −[t·log σ(x) + (1−t)·log(1−σ(x))] for x=[1,−2,0.5], t=[1,0,0], mean',
    loss: 'binaryCrossEntropy', options: { fromLogits: true }, predictions: m([3], [1, -2, 0.5]), targets: m([3], [1, 0, 0]),
    expected: (bceLogit(1, 1) + bceLogit(-2, 0) + bceLogit(0.5, 0)) / 3, tolerance: 1e-12,
  },
  {
    name: 'PyTorch BCELoss on a certain wrong answer',
    source: 'torch.nn.BCELoss clamps log at −100: p=0, t=1 → 100 (PyTorch docs, BCELoss)',
    loss: 'binaryCrossEntropy', options: { epsilon: 0, logFloor: -100 }, predictions: m([2], [0, 1]), targets: m([2], [1, 1]), expected: 50, tolerance: 1e-12,
  },
  {
    name: 'weighted mean divides by the sum of weights',
    source: 'hand-derived: squared errors [1,4,9] with weights [1,2,0] → (1+8)/3',
    loss: 'mse', options: { reduction: 'mean' }, predictions: m([3], [1, 2, 3]), targets: m([3], [0, 0, 0]), weights: m([3], [1, 2, 0]), expected: 3, tolerance: 1e-12,
  },
  {
    name: 'sum-over-batch-size divides by the number of losses',
    source: 'hand-derived: (1·1 + 2·4 + 0·9) / 3',
    loss: 'mse', options: { reduction: 'sum-over-batch-size' }, predictions: m([3], [1, 2, 3]), targets: m([3], [0, 0, 0]), weights: m([3], [1, 2, 0]), expected: 3, tolerance: 1e-12,
  },
  {
    name: 'sum-by-nonzero-weights divides by the count of nonzero weights',
    source: 'hand-derived (tfjs computeWeightedLoss SUM_BY_NONZERO_WEIGHTS): (1 + 8) / 2',
    loss: 'mse', options: { reduction: 'sum-by-nonzero-weights' }, predictions: m([3], [1, 2, 3]), targets: m([3], [0, 0, 0]), weights: m([3], [1, 2, 0]), expected: 4.5, tolerance: 1e-12,
  },
  {
    name: 'sum of weighted losses',
    source: 'hand-derived: 1 + 8',
    loss: 'mse', options: { reduction: 'sum' }, predictions: m([3], [1, 2, 3]), targets: m([3], [0, 0, 0]), weights: m([3], [1, 2, 0]), expected: 9, tolerance: 1e-12,
  },
  {
    name: 'ignoreIndex drops a sample from the mean (PyTorch CrossEntropyLoss)',
    source: 'hand-derived: logits rows [0,0] and [ln 3, 0] with labels [−100, 0] → −log(3/4)',
    loss: 'sparseCategoricalCrossEntropy', options: { fromLogits: true, ignoreIndex: -100 },
    predictions: m([2, 2], [0, 0, Math.log(3), 0]), targets: { shape: [2], data: [-100, 0], dtype: 'int32' }, expected: -Math.log(3 / 4), tolerance: 1e-12,
  },
  {
    name: 'RMSE is the square root of the MSE',
    source: 'hand-derived: √0.375 for the scikit-learn data',
    loss: 'rmse', options: {}, predictions: m([4], [2.5, 0, 2, 8]), targets: m([4], [3, -0.5, 2, 7]), expected: Math.sqrt(0.375), tolerance: 1e-12,
  },
];
