import type { LossOptions, ParamValue } from '@losskit/core';
import { STRUCTURED_GOLDEN_CASES } from './golden-structured.js';
import { kerasBinaryCrossEntropy, kerasCategoricalCrossEntropy, kerasHinge, kerasHuber, kerasRowMeans, reduce } from './plain-losses.js';

/** Plain numbers for a golden case's input; `labels` marks integer class labels. */
export interface GoldenTensor {
  readonly shape: readonly number[];
  readonly data: readonly number[];
  readonly labels?: boolean;
}

export interface GoldenCase {
  readonly name: string;
  /** Where the expected number comes from: a documentation page, or the arithmetic by hand. */
  readonly source: string;
  /** A key of `losses`. */
  readonly loss: string;
  readonly options: LossOptions<Record<string, ParamValue>>;
  readonly predictions: GoldenTensor;
  readonly targets: GoldenTensor;
  readonly weights?: GoldenTensor;
  /**
   * The exact value, computed here with plain Math from the framework's documented algorithm
   * (never by losskit); checked at the dtype's tolerance.
   */
  readonly expected: number | readonly number[];
  /** The value as the documentation prints it (rounded): checked to `DOCUMENTED_TOLERANCE`. */
  readonly documented?: number | readonly number[];
}

const m = (shape: number[], data: number[]): GoldenTensor => ({ shape, data });
const labels = (data: number[]): GoldenTensor => ({ shape: [data.length], data, labels: true });

// The data of the Keras loss docstrings (keras.io/api/losses, tf.keras.losses.*).
const kTrue = [[0, 1], [0, 0]];
const kPred = [[0.6, 0.4], [0.4, 0.6]];
const kMsePred = [[1, 1], [1, 0]];
const kCceTrue = [[0, 1, 0], [0, 0, 1]];
const kCcePred = [[0.05, 0.95, 0], [0.1, 0.8, 0.1]];
const flat = (rows: number[][]): GoldenTensor => m([rows.length, (rows[0] as number[]).length], rows.flat());
const keras = { axis: -1, reduction: 'sum-over-batch-size' } as const;

const sq = (p: number[][], t: number[][]): number[] => kerasRowMeans(p, t, (a, b) => (a - b) ** 2);
const ab = (p: number[][], t: number[][]): number[] => kerasRowMeans(p, t, (a, b) => Math.abs(a - b));
const sigmoid = (x: number): number => 1 / (1 + Math.exp(-x));
/** −[t·log σ(x) + (1 − t)·log(1 − σ(x))], the textbook form (fine for small |x|). */
const bceLogit = (x: number, t: number): number => -(t * Math.log(sigmoid(x)) + (1 - t) * Math.log(1 - sigmoid(x)));

/** Per-row values of each Keras example, from plain Math. */
const K = {
  mse: sq(kMsePred, kTrue),
  mae: ab(kMsePred, kTrue),
  bce: kerasBinaryCrossEntropy(kPred, kTrue),
  cce: kerasCategoricalCrossEntropy(kCcePred, kCceTrue),
  huber: kerasHuber(kPred, kTrue, 1),
  hinge: kerasHinge(kPred, kTrue),
};

/** The four reductions a Keras docstring shows: default, sample_weight, SUM, NONE. */
function kerasFamily(
  title: string, loss: string, doc: string, pred: GoldenTensor, targets: GoldenTensor, rows: number[],
  weights: number[], documented: { value: number; weighted: number; sum: number; none: number[] }, options: LossOptions<Record<string, ParamValue>> = keras,
): GoldenCase[] {
  const source = `${doc} docstring example`;
  return [
    { name: `Keras ${title}`, source: `${source}: → ${documented.value}`, loss, options, predictions: pred, targets, expected: reduce(rows, 'sum-over-batch-size'), documented: documented.value },
    {
      name: `Keras ${title}, sample_weight=[${weights.join(', ')}]`, source: `${source}: sample_weight=[${weights.join(', ')}] → ${documented.weighted}`,
      loss, options, predictions: pred, targets, weights: m([2], weights), expected: reduce(rows, 'sum-over-batch-size', weights), documented: documented.weighted,
    },
    { name: `Keras ${title}, reduction SUM`, source: `${source}: reduction=SUM → ${documented.sum}`, loss, options: { ...options, reduction: 'sum' }, predictions: pred, targets, expected: reduce(rows, 'sum'), documented: documented.sum },
    { name: `Keras ${title}, reduction NONE`, source: `${source}: reduction=NONE → [${documented.none.join(', ')}]`, loss, options: { ...options, reduction: 'none' }, predictions: pred, targets, expected: rows, documented: documented.none },
  ];
}

/**
 * Known answers. Documentation examples keep the number as printed there (`documented`) and the
 * exact value recomputed here in plain Math (`expected`); hand-derived cases spell out their
 * arithmetic. None of these numbers comes from losskit.
 */
export const GOLDEN_CASES: readonly GoldenCase[] = [
  {
    name: 'scikit-learn mean_squared_error example',
    source: 'sklearn.metrics.mean_squared_error docstring: y_true=[3, -0.5, 2, 7], y_pred=[2.5, 0.0, 2, 8] → 0.375',
    loss: 'mse', options: {}, predictions: m([4], [2.5, 0, 2, 8]), targets: m([4], [3, -0.5, 2, 7]), expected: 0.375, documented: 0.375,
  },
  {
    name: 'scikit-learn mean_absolute_error example',
    source: 'sklearn.metrics.mean_absolute_error docstring: same data → 0.5',
    loss: 'mae', options: {}, predictions: m([4], [2.5, 0, 2, 8]), targets: m([4], [3, -0.5, 2, 7]), expected: 0.5, documented: 0.5,
  },
  {
    name: 'scikit-learn mean_squared_error, multioutput',
    source: 'sklearn.metrics.mean_squared_error docstring: y_true=[[0.5, 1], [-1, 1], [7, -6]], y_pred=[[0, 2], [-1, 2], [8, -5]] → 0.708 (= 4.25 / 6)',
    loss: 'mse', options: {}, predictions: m([3, 2], [0, 2, -1, 2, 8, -5]), targets: m([3, 2], [0.5, 1, -1, 1, 7, -6]), expected: 4.25 / 6, documented: 0.708,
  },
  {
    name: 'scikit-learn mean_absolute_error, multioutput',
    source: 'sklearn.metrics.mean_absolute_error docstring: same data → 0.75 (= 4.5 / 6)',
    loss: 'mae', options: {}, predictions: m([3, 2], [0, 2, -1, 2, 8, -5]), targets: m([3, 2], [0.5, 1, -1, 1, 7, -6]), expected: 0.75, documented: 0.75,
  },
  {
    name: 'scikit-learn log_loss example',
    source: 'sklearn.metrics.log_loss docstring: ["spam", "ham", "ham", "spam"] with [[.1, .9], [.9, .1], [.8, .2], [.35, .65]] → 0.21616 (ham = 0, spam = 1)',
    loss: 'sparseCategoricalCrossEntropy', options: {},
    predictions: m([4, 2], [0.1, 0.9, 0.9, 0.1, 0.8, 0.2, 0.35, 0.65]), targets: labels([1, 0, 0, 1]),
    expected: -(Math.log(0.9) + Math.log(0.9) + Math.log(0.8) + Math.log(0.65)) / 4, documented: 0.21616,
  },
  ...kerasFamily('MeanSquaredError', 'mse', 'keras.losses.MeanSquaredError', flat(kMsePred), flat(kTrue), K.mse, [0.7, 0.3],
    { value: 0.5, weighted: 0.25, sum: 1.0, none: [0.5, 0.5] }),
  ...kerasFamily('MeanAbsoluteError', 'mae', 'keras.losses.MeanAbsoluteError', flat(kMsePred), flat(kTrue), K.mae, [0.7, 0.3],
    { value: 0.5, weighted: 0.25, sum: 1.0, none: [0.5, 0.5] }),
  ...kerasFamily('BinaryCrossentropy', 'binaryCrossEntropy', 'keras.losses.BinaryCrossentropy', flat(kPred), flat(kTrue), K.bce, [1, 0],
    { value: 0.815, weighted: 0.458, sum: 1.630, none: [0.916, 0.714] }),
  ...kerasFamily('CategoricalCrossentropy', 'categoricalCrossEntropy', 'keras.losses.CategoricalCrossentropy', flat(kCcePred), flat(kCceTrue), K.cce, [0.3, 0.7],
    { value: 1.177, weighted: 0.814, sum: 2.354, none: [0.0513, 2.303] }, { reduction: 'sum-over-batch-size' }),
  ...kerasFamily('SparseCategoricalCrossentropy', 'sparseCategoricalCrossEntropy', 'keras.losses.SparseCategoricalCrossentropy', flat(kCcePred), labels([1, 2]), K.cce, [0.3, 0.7],
    { value: 1.177, weighted: 0.814, sum: 2.354, none: [0.0513, 2.303] }, { reduction: 'sum-over-batch-size' }),
  ...kerasFamily('Huber', 'huber', 'keras.losses.Huber', flat(kPred), flat(kTrue), K.huber, [1, 0],
    { value: 0.155, weighted: 0.09, sum: 0.31, none: [0.18, 0.13] }),
  ...kerasFamily('Hinge', 'hinge', 'keras.losses.Hinge', flat(kPred), flat(kTrue), K.hinge, [1, 0],
    { value: 1.3, weighted: 0.55, sum: 2.6, none: [1.1, 1.5] }),
  {
    name: 'PyTorch BCEWithLogitsLoss, by hand',
    source: 'hand-derived: torch.nn.BCEWithLogitsLoss = mean of −[t·log σ(x) + (1−t)·log(1−σ(x))], x=[1, −2, 0.5], t=[1, 0, 0]',
    loss: 'binaryCrossEntropy', options: { fromLogits: true }, predictions: m([3], [1, -2, 0.5]), targets: m([3], [1, 0, 0]),
    expected: (bceLogit(1, 1) + bceLogit(-2, 0) + bceLogit(0.5, 0)) / 3,
  },
  {
    name: 'PyTorch BCELoss on a certain wrong answer',
    source: 'torch.nn.BCELoss docs: log clamped at −100, so p=0, t=1 costs 100; p=1, t=1 costs 0 → mean 50',
    loss: 'binaryCrossEntropy', options: { epsilon: 0, logFloor: -100 }, predictions: m([2], [0, 1]), targets: m([2], [1, 1]), expected: 50,
  },
  {
    name: 'PyTorch CrossEntropyLoss with label_smoothing, by hand',
    source: 'hand-derived: logits [0, ln 3] → p = [1/4, 3/4]; label 1 smoothed by 0.2 over 2 classes → t = [0.1, 0.9]; −(0.1·ln ¼ + 0.9·ln ¾)',
    loss: 'sparseCategoricalCrossEntropy', options: { fromLogits: true, labelSmoothing: 0.2 }, predictions: m([1, 2], [0, Math.log(3)]), targets: labels([1]),
    expected: -(0.1 * Math.log(1 / 4) + 0.9 * Math.log(3 / 4)),
  },
  {
    name: 'PyTorch CrossEntropyLoss ignore_index drops a sample from the mean',
    source: 'hand-derived: logits rows [0, 0] and [ln 3, 0] with labels [−100, 0] → −log(3/4), the ignored row counts nowhere',
    loss: 'sparseCategoricalCrossEntropy', options: { fromLogits: true, ignoreIndex: -100 },
    predictions: m([2, 2], [0, 0, Math.log(3), 0]), targets: labels([-100, 0]), expected: -Math.log(3 / 4),
  },
  {
    name: 'PyTorch HuberLoss with delta 0.5, by hand',
    source: 'hand-derived: residuals [0.25, −2] with δ = 0.5 → [½·0.25², 0.5·(2 − ½·0.5)] = [0.03125, 0.875], mean 0.453125',
    loss: 'huber', options: { delta: 0.5 }, predictions: m([2], [0.25, -2]), targets: m([2], [0, 0]), expected: (0.03125 + 0.875) / 2,
  },
  ...(['mean', 'sum', 'sum-over-batch-size', 'sum-by-nonzero-weights'] as const).map((reduction): GoldenCase => ({
    name: `weighted reduction ${reduction}`,
    source: 'hand-derived: squared errors [1, 4, 9] with weights [2, 0.5, 0]: Σw·l = 4; mean = Σw·l/Σw = 4/2.5, sum = 4, ' +
      'sum-over-batch-size = Σw·l/n = 4/3, sum-by-nonzero-weights = Σw·l/#(w≠0) = 4/2',
    loss: 'mse', options: { reduction }, predictions: m([3], [1, 2, 3]), targets: m([3], [0, 0, 0]), weights: m([3], [2, 0.5, 0]),
    expected: { mean: 4 / 2.5, sum: 4, 'sum-over-batch-size': 4 / 3, 'sum-by-nonzero-weights': 2 }[reduction],
  })),
  ...(['mean', 'sum-over-batch-size', 'none'] as const).map((reduction): GoldenCase => ({
    name: `per-sample weights broadcast over features, ${reduction}`,
    source: 'hand-derived: squared errors [[1, 4], [9, 16]] with weights [1, 0.5] per row → [[1, 4], [4.5, 8]]; ' +
      'mean divides 17.5 by the broadcast weights\' sum 3, sum-over-batch-size by 4',
    loss: 'mse', options: { reduction }, predictions: m([2, 2], [1, 2, 3, 4]), targets: m([2, 2], [0, 0, 0, 0]), weights: m([2], [1, 0.5]),
    expected: { mean: 17.5 / 3, 'sum-over-batch-size': 17.5 / 4, none: [1, 4, 4.5, 8] }[reduction],
  })),
  {
    name: 'RMSE is the square root of the MSE',
    source: 'hand-derived: √0.375 for the scikit-learn data (sklearn.metrics.root_mean_squared_error)',
    loss: 'rmse', options: {}, predictions: m([4], [2.5, 0, 2, 8]), targets: m([4], [3, -0.5, 2, 7]), expected: Math.sqrt(0.375),
  },
  ...STRUCTURED_GOLDEN_CASES,
];
