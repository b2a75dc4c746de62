import type { LossOptions, ParamValue } from '@losskit/core';
import {
  kerasBinaryCrossEntropy, kerasBinaryFocal, kerasCategoricalCrossEntropy, kerasCategoricalFocal, kerasCategoricalHinge, kerasCosineSimilarity,
  kerasHinge, kerasHuber, kerasKLDivergence, kerasLogCosh, kerasMape, kerasMsle, kerasPoisson, kerasRowMeans, kerasSquaredHinge, reduce,
} from './plain-losses.js';
import { STRUCTURED_GOLDEN_CASES } from './golden-structured.js';

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

// MeanAbsolutePercentageError, MeanSquaredLogarithmicError and CosineSimilarity docstrings.
const kMapeTrue = [[2, 1], [2, 3]];
const kMapePred = [[1, 1], [1, 0]];
const kMslePred = [[1, 1], [1, 0]];
// LogCosh and Poisson docstrings.
const kLogCoshPred = [[1, 1], [0, 0]];
const kCosTrue = [[0, 1], [1, 1]];
const kCosPred = [[1, 0], [1, 1]];

/** Per-row values of each Keras example, from plain Math. */
const K = {
  mse: sq(kMsePred, kTrue),
  mae: ab(kMsePred, kTrue),
  bce: kerasBinaryCrossEntropy(kPred, kTrue),
  cce: kerasCategoricalCrossEntropy(kCcePred, kCceTrue),
  huber: kerasHuber(kPred, kTrue, 1),
  hinge: kerasHinge(kPred, kTrue),
  logCosh: kerasLogCosh(kLogCoshPred, kTrue),
  mape: kerasMape(kMapePred, kMapeTrue),
  msle: kerasMsle(kMslePred, kTrue),
  poisson: kerasPoisson(kLogCoshPred, kTrue),
  cosine: kerasCosineSimilarity(kCosPred, kCosTrue),
  kl: kerasKLDivergence(kPred, kTrue),
  squaredHinge: kerasSquaredHinge(kPred, kTrue),
  categoricalHinge: kerasCategoricalHinge(kPred, kTrue),
  categoricalFocal: kerasCategoricalFocal(kCcePred, kCceTrue, 0.25, 2),
};
const softplus = (x: number): number => Math.log1p(Math.exp(x));
/** −log softmax(logits)[y] in plain Math. */
const ceLogits = (logits: number[], y: number): number => Math.log(logits.reduce((s, v) => s + Math.exp(v), 0)) - (logits[y] as number);

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
  ...kerasFamily('LogCosh', 'logCosh', 'keras.losses.LogCosh', flat(kLogCoshPred), flat(kTrue), K.logCosh, [0.8, 0.2],
    { value: 0.108, weighted: 0.087, sum: 0.217, none: [0.217, 0] }),
  ...kerasFamily('MeanAbsolutePercentageError', 'mape', 'keras.losses.MeanAbsolutePercentageError', flat(kMapePred), flat(kMapeTrue), K.mape, [0.7, 0.3],
    { value: 50, weighted: 20, sum: 100, none: [25, 75] }),
  ...kerasFamily('MeanSquaredLogarithmicError', 'msle', 'keras.losses.MeanSquaredLogarithmicError', flat(kMslePred), flat(kTrue), K.msle, [0.7, 0.3],
    { value: 0.240, weighted: 0.120, sum: 0.480, none: [0.240, 0.240] }),
  {
    name: 'Keras Poisson', source: 'keras.losses.Poisson docstring example: y_true [[0, 1], [0, 0]], y_pred [[1, 1], [0, 0]] → 0.5',
    loss: 'poisson', options: keras, predictions: flat(kLogCoshPred), targets: flat(kTrue), expected: reduce(K.poisson, 'sum-over-batch-size'), documented: 0.5,
  },
  {
    name: 'Keras CosineSimilarity', source: 'tf.keras.losses.CosineSimilarity(axis=1) docstring example: y_true [[0, 1], [1, 1]], y_pred [[1, 0], [1, 1]] → -0.5',
    loss: 'cosineSimilarity', options: { reduction: 'sum-over-batch-size' }, predictions: flat(kCosPred), targets: flat(kCosTrue),
    expected: reduce(K.cosine, 'sum-over-batch-size'), documented: -0.5,
  },
  {
    name: 'Keras CosineSimilarity, sample_weight=[0.8, 0.2]', source: 'tf.keras.losses.CosineSimilarity(axis=1) docstring example: sample_weight=[0.8, 0.2] → -0.0999',
    loss: 'cosineSimilarity', options: { reduction: 'sum-over-batch-size' }, predictions: flat(kCosPred), targets: flat(kCosTrue), weights: m([2], [0.8, 0.2]),
    expected: reduce(K.cosine, 'sum-over-batch-size', [0.8, 0.2]), documented: -0.0999,
  },
  {
    name: 'Keras 3 cosine_similarity function example',
    source: 'keras.losses.cosine_similarity docstring (Keras 3): y_true [[0, 1], [1, 1], [1, 1]], y_pred [[1, 0], [1, 1], [-1, -1]] → [-0., -0.99999994, 0.99999994]',
    loss: 'cosineSimilarity', options: { reduction: 'none' }, predictions: m([3, 2], [1, 0, 1, 1, -1, -1]), targets: m([3, 2], [0, 1, 1, 1, 1, 1]),
    expected: kerasCosineSimilarity([[1, 0], [1, 1], [-1, -1]], [[0, 1], [1, 1], [1, 1]]), documented: [0, -0.99999994, 0.99999994],
  },
  {
    name: 'optax cosine_distance, by hand',
    source: 'hand-derived: optax.losses.cosine_distance = 1 − cos; rows [3, 4]·[4, 3] → cos 24/25, [1, 0]·[0, 2] → cos 0: [0.04, 1]',
    loss: 'cosineSimilarity', options: { form: 'distance', reduction: 'none' }, predictions: m([2, 2], [3, 4, 1, 0]), targets: m([2, 2], [4, 3, 0, 2]),
    expected: [1 - 24 / 25, 1],
  },
  {
    name: 'scikit-learn mean_absolute_percentage_error example',
    source: 'sklearn.metrics.mean_absolute_percentage_error docstring: y_true=[3, -0.5, 2, 7], y_pred=[2.5, 0.0, 2, 8] → 0.3273 (scale 1, ε = float64 machine epsilon)',
    loss: 'mape', options: { scale: 1, epsilon: 2.220446049250313e-16 }, predictions: m([4], [2.5, 0, 2, 8]), targets: m([4], [3, -0.5, 2, 7]),
    expected: (0.5 / 3 + 0.5 / 0.5 + 0 + 1 / 7) / 4, documented: 0.3273,
  },
  ...([[0.1, [0, 2, 3], 0.1 / 3, 0.03333], [0.9, [0, 2, 3], 0.9 / 3, 0.3], [0.1, [1, 2, 4], 0.9 / 3, 0.3], [0.9, [1, 2, 4], 0.1 / 3, 0.03333]] as const)
    .map(([alpha, pred, expected, documented]): GoldenCase => ({
      name: `scikit-learn mean_pinball_loss, alpha=${alpha}, y_pred=[${pred.join(', ')}]`,
      source: `sklearn.metrics.mean_pinball_loss docstring: y_true=[1, 2, 3], y_pred=[${pred.join(', ')}], alpha=${alpha} → ${documented}`,
      loss: 'quantile', options: { quantile: alpha }, predictions: m([3], [...pred]), targets: m([3], [1, 2, 3]), expected, documented,
    })),
  {
    name: 'PyTorch SmoothL1Loss, by hand',
    source: 'hand-derived from the torch.nn.SmoothL1Loss formula: residuals [0.25, −2] with β = 0.5 → [0.5·0.25²/0.5, 2 − 0.25] = [0.0625, 1.75]',
    loss: 'smoothL1', options: { beta: 0.5, reduction: 'none' }, predictions: m([2], [0.25, -2]), targets: m([2], [0, 0]), expected: [0.0625, 1.75],
  },
  {
    name: 'PyTorch SmoothL1Loss with beta 0 is L1',
    source: 'torch.nn.SmoothL1Loss docs: "if beta == 0, then torch.nn.L1Loss"; residuals [0.25, −2] → mean 1.125',
    loss: 'smoothL1', options: { beta: 0 }, predictions: m([2], [0.25, -2]), targets: m([2], [0, 0]), expected: 1.125,
  },
  {
    name: 'PyTorch PoissonNLLLoss, by hand',
    source: 'hand-derived from the torch.nn.PoissonNLLLoss formula (log_input=True): exp(x) − t·x for x = [0, ln 2], t = [1, 3] → [1, 2 − 3 ln 2]',
    loss: 'poissonNLL', options: { reduction: 'none' }, predictions: m([2], [0, Math.log(2)]), targets: m([2], [1, 3]), expected: [1, 2 - 3 * Math.log(2)],
  },
  {
    name: 'PyTorch PoissonNLLLoss full=True, by hand',
    source: 'hand-derived from the torch.nn.PoissonNLLLoss docs: Stirling term t·log t − t + ½·log(2πt) added only where t > 1; ' +
      'x = [0, ln 2], t = [1, 3] → [1, 2 − 3 ln 2 + 3 ln 3 − 3 + ½ ln 6π]',
    loss: 'poissonNLL', options: { full: true, reduction: 'none' }, predictions: m([2], [0, Math.log(2)]), targets: m([2], [1, 3]),
    expected: [1, 2 - 3 * Math.log(2) + 3 * Math.log(3) - 3 + 0.5 * Math.log(6 * Math.PI)],
  },
  {
    name: 'PyTorch PoissonNLLLoss log_input=False, by hand',
    source: 'hand-derived from the torch.nn.PoissonNLLLoss formula: x − t·log(x + eps), eps = 1e-8, x = [2, 0.5], t = [1, 0] → [2 − log(2 + 1e-8), 0.5]',
    loss: 'poissonNLL', options: { logInput: false, reduction: 'none' }, predictions: m([2], [2, 0.5]), targets: m([2], [1, 0]),
    expected: [2 - Math.log(2 + 1e-8), 0.5],
  },
  {
    name: 'PyTorch GaussianNLLLoss, by hand',
    source: 'hand-derived from the torch.nn.GaussianNLLLoss formula ½(log max(var, eps) + (input − target)²/max(var, eps)): ' +
      'μ = [1, 0], var = [4, 1e-8 → clamped to 1e-6], t = [3, 0] → [½(ln 4 + 1), ½ ln 1e-6]',
    loss: 'gaussianNLL', options: { reduction: 'none' }, predictions: m([2, 2], [1, 4, 0, 1e-8]), targets: m([2], [3, 0]),
    expected: [0.5 * (Math.log(4) + 1), 0.5 * Math.log(1e-6)],
  },
  {
    name: 'PyTorch GaussianNLLLoss full=True, by hand',
    source: 'hand-derived: full adds ½·log 2π to each element; μ = 1, var = 4, t = 3 → ½(ln 4 + 1) + ½ ln 2π',
    loss: 'gaussianNLL', options: { full: true }, predictions: m([1, 2], [1, 4]), targets: m([1], [3]),
    expected: 0.5 * (Math.log(4) + 1) + 0.5 * Math.log(2 * Math.PI),
  },
  // classification: class weights, and the losses of the classification catalogue
  ...kerasFamily('KLDivergence', 'klDivergence', 'keras.losses.KLDivergence', flat(kPred), flat(kTrue), K.kl, [0.8, 0.2],
    { value: 0.458, weighted: 0.366, sum: 0.916, none: [0.916, -3.08e-6] }, { reduction: 'sum-over-batch-size' }),
  {
    name: 'PyTorch KLDivLoss: "mean" averages elements, "batchmean" samples (frameworks disagree)',
    source: 'torch.nn.KLDivLoss docs: reduction="mean" divides by the number of elements and "does not return the true KL divergence"; ' +
      'Keras data, input = log y_pred, target = y_true: only element [0][1] counts, 1·(log 1 − log 0.4), over 4 elements → 0.229 (Keras 0.458)',
    loss: 'klDivergence', options: { logPredictions: true, epsilon: 0, axis: null },
    predictions: flat(kPred.map((r) => r.map(Math.log))), targets: flat(kTrue), expected: -Math.log(0.4) / 4,
  },
  {
    name: 'PyTorch KLDivLoss reduction="batchmean" is axis -1 with mean',
    source: 'torch.nn.KLDivLoss docs: "batchmean" divides the sum by the batch size: −log 0.4 / 2',
    loss: 'klDivergence', options: { logPredictions: true, epsilon: 0, axis: -1 },
    predictions: flat(kPred.map((r) => r.map(Math.log))), targets: flat(kTrue), expected: -Math.log(0.4) / 2,
  },
  {
    name: 'PyTorch KLDivLoss log_target=True',
    source: 'torch.nn.KLDivLoss docs: with log_target, l = exp(t)·(t − input); t = log[0.5, 0.5], input = log[0.25, 0.75] → ½·log 2 + ½·log(2/3)',
    loss: 'klDivergence', options: { logPredictions: true, logTarget: true, epsilon: 0, reduction: 'sum' },
    predictions: m([1, 2], [Math.log(0.25), Math.log(0.75)]), targets: m([1, 2], [Math.log(0.5), Math.log(0.5)]),
    expected: 0.5 * Math.log(2) + 0.5 * Math.log(2 / 3),
  },
  {
    name: 'Keras binary_focal_crossentropy example, gamma=2',
    source: 'keras.losses.binary_focal_crossentropy docstring: y_true=[[0, 1], [0, 0]], y_pred=[[0.6, 0.4], [0.4, 0.6]], gamma=2 → [0.330, 0.206]',
    loss: 'binaryFocal', options: { axis: -1, reduction: 'none' }, predictions: flat(kPred), targets: flat(kTrue),
    expected: kerasBinaryFocal(kPred, kTrue, 2), documented: [0.33, 0.206],
  },
  ...[false, true].map((balanced): GoldenCase => {
    // Keras clips σ(x) to [1e-7, 1 − 1e-7] before its BCE; p_t uses the unclipped σ(x)
    const x = [-18.6, 0.51, 2.94, -12.8];
    const y = [0, 1, 0, 0];
    const terms = x.map((xi, i) => {
      const p = sigmoid(xi);
      const c = Math.min(Math.max(p, 1e-7), 1 - 1e-7);
      const yi = y[i] as number;
      const focal = (1 - (yi * p + (1 - yi) * (1 - p))) ** 2 * -(yi * Math.log(c) + (1 - yi) * Math.log(1 - c));
      return balanced ? (yi * 0.25 + (1 - yi) * 0.75) * focal : focal;
    });
    return {
      name: `Keras BinaryFocalCrossentropy(gamma=2, from_logits=True${balanced ? ', apply_class_balancing=True' : ''})`,
      source: `keras.losses.BinaryFocalCrossentropy docstring: y_true=[0, 1, 0, 0], y_pred=[-18.6, 0.51, 2.94, -12.8] → ${balanced ? '0.51' : '0.691'}`,
      loss: 'binaryFocal', options: { fromLogits: true, applyClassBalancing: balanced, ...keras },
      predictions: m([4], x), targets: m([4], y), expected: terms.reduce((a, b) => a + b, 0) / 4, documented: balanced ? 0.51 : 0.691,
    };
  }),
  {
    name: 'torchvision sigmoid_focal_loss, by hand',
    source: 'hand-derived from torchvision.ops.sigmoid_focal_loss: ce·(1 − p_t)^γ·α_t, α = 0.25, γ = 2; logits [1, −2], targets [1, 0]',
    loss: 'binaryFocal', options: { fromLogits: true, epsilon: 0, applyClassBalancing: true, reduction: 'none' },
    predictions: m([2], [1, -2]), targets: m([2], [1, 0]),
    expected: [0.25 * (1 - sigmoid(1)) ** 2 * bceLogit(1, 1), 0.75 * sigmoid(-2) ** 2 * bceLogit(-2, 0)],
  },
  ...kerasFamily('CategoricalFocalCrossentropy', 'categoricalFocal', 'keras.losses.CategoricalFocalCrossentropy', flat(kCcePred), flat(kCceTrue), K.categoricalFocal, [0.3, 0.7],
    { value: 0.23315276, weighted: 0.1632, sum: 0.46631, none: [3.2058331e-5, 0.46627346] }, { reduction: 'sum-over-batch-size' }),
  ...kerasFamily('SquaredHinge', 'squaredHinge', 'keras.losses.SquaredHinge', flat(kPred), flat(kTrue), K.squaredHinge, [1, 0],
    { value: 1.86, weighted: 0.73, sum: 3.72, none: [1.46, 2.26] }),
  ...kerasFamily('CategoricalHinge', 'categoricalHinge', 'keras.losses.CategoricalHinge', flat(kPred), flat(kTrue), K.categoricalHinge, [1, 0],
    { value: 1.4, weighted: 0.6, sum: 2.8, none: [1.2, 1.6] }, { reduction: 'sum-over-batch-size' }),
  {
    name: 'PyTorch CrossEntropyLoss(weight): the mean divides by Σ w_y',
    source: 'torch.nn.CrossEntropyLoss docs (weighted mean: Σ l_n / Σ w_{y_n}); probabilities [0.25, 0.75] label 1 and [0.5, 0.5] label 0, weight [2, 1] → ' +
      '(1·−log 0.75 + 2·−log 0.5) / 3',
    loss: 'sparseCategoricalCrossEntropy', options: { epsilon: 0, classWeights: [2, 1] },
    predictions: m([2, 2], [0.25, 0.75, 0.5, 0.5]), targets: labels([1, 0]), expected: (-Math.log(0.75) - 2 * Math.log(0.5)) / 3,
  },
  {
    name: 'the same class weights, divided by the batch size (frameworks disagree: Keras\'s sum-over-batch-size)',
    source: 'Keras divides a weighted sum by the number of samples (keras.losses.Loss reduction "sum_over_batch_size"): (1·−log 0.75 + 2·−log 0.5) / 2',
    loss: 'sparseCategoricalCrossEntropy', options: { epsilon: 0, classWeights: [2, 1], reduction: 'sum-over-batch-size' },
    predictions: m([2, 2], [0.25, 0.75, 0.5, 0.5]), targets: labels([1, 0]), expected: (-Math.log(0.75) - 2 * Math.log(0.5)) / 2,
  },
  {
    name: 'PyTorch NLLLoss(weight, ignore_index), by hand',
    source: 'torch.nn.NLLLoss docs: l_n = −w_{y_n}·x_{n,y_n}, mean over Σ w_{y_n} of the samples not ignored; x = log[[.25, .75], [.5, .5], [.1, .9]], y = [1, −100, 0], w = [2, 1]',
    loss: 'nll', options: { classWeights: [2, 1], ignoreIndex: -100 },
    predictions: m([3, 2], [0.25, 0.75, 0.5, 0.5, 0.1, 0.9].map(Math.log)), targets: labels([1, -100, 0]), expected: (-Math.log(0.75) - 2 * Math.log(0.1)) / 3,
  },
  {
    name: 'PyTorch BCEWithLogitsLoss(pos_weight), by hand',
    source: 'torch.nn.BCEWithLogitsLoss docs: l = −[p_c·y·log σ(x) + (1 − y)·log(1 − σ(x))]; x = [1, −2], y = [1, 0], pos_weight = [3, 3]',
    loss: 'binaryCrossEntropy', options: { fromLogits: true, posWeight: [3, 3] }, predictions: m([1, 2], [1, -2]), targets: m([1, 2], [1, 0]),
    expected: (3 * bceLogit(1, 1) + bceLogit(-2, 0)) / 2,
  },
  {
    name: 'PyTorch MultiMarginLoss docs example',
    source: 'torch.nn.MultiMarginLoss docs: x = [[0.1, 0.2, 0.4, 0.8]], y = [3] → ¼·((1 − (0.8 − 0.1)) + (1 − (0.8 − 0.2)) + (1 − (0.8 − 0.4))) = 0.3250',
    loss: 'multiMargin', options: {}, predictions: m([1, 4], [0.1, 0.2, 0.4, 0.8]), targets: labels([3]), expected: 0.325, documented: 0.325,
  },
  {
    name: 'PyTorch MultiLabelMarginLoss docs example',
    source: 'torch.nn.MultiLabelMarginLoss docs: x = [[0.1, 0.2, 0.4, 0.8]], y = [[3, 0, −1, 1]] (1 after −1 ignored) → 0.8500',
    loss: 'multiLabelMargin', options: {}, predictions: m([1, 4], [0.1, 0.2, 0.4, 0.8]), targets: { shape: [1, 4], data: [3, 0, -1, 1], labels: true },
    expected: 0.25 * ((1 - (0.1 - 0.2)) + (1 - (0.1 - 0.4)) + (1 - (0.8 - 0.2)) + (1 - (0.8 - 0.4))), documented: 0.85,
  },
  {
    name: 'PyTorch SoftMarginLoss, by hand',
    source: 'torch.nn.SoftMarginLoss docs: Σ log(1 + exp(−y·x)) / n; x = [2, −1], y = [1, 1]',
    loss: 'softMargin', options: {}, predictions: m([2], [2, -1]), targets: m([2], [1, 1]), expected: (softplus(-2) + softplus(1)) / 2,
  },
  {
    name: 'PyTorch MultiLabelSoftMarginLoss(weight), by hand',
    source: 'torch.nn.MultiLabelSoftMarginLoss docs: −(1/C)·Σ_i w_i·[y_i log σ(x_i) + (1 − y_i) log σ(−x_i)]; x = [1, −2, 0.5], y = [1, 0, 0], w = [1, 2, 3]',
    loss: 'multiLabelSoftMargin', options: { classWeights: [1, 2, 3] }, predictions: m([1, 3], [1, -2, 0.5]), targets: m([1, 3], [1, 0, 0]),
    expected: (bceLogit(1, 1) + 2 * bceLogit(-2, 0) + 3 * bceLogit(0.5, 0)) / 3,
  },
  {
    name: 'optax perceptron_loss, by hand',
    source: 'optax.losses.perceptron_loss docs: max(0, −y·x); x = [0.5, −2, 3], y = [1, 1, −1] → [0, 2, 3]',
    loss: 'perceptron', options: { reduction: 'none' }, predictions: m([3], [0.5, -2, 3]), targets: m([3], [1, 1, -1]), expected: [0, 2, 3],
  },
  {
    name: 'multiclass sparsemax loss, by hand',
    source: 'hand-derived (Martins & Astudillo 2016; optax.losses.multiclass_sparsemax_loss): z = [1.5, 1, −1] → τ = 0.75, sparsemax [0.75, 0.25, 0]; ' +
      'label 0: −1.5 + ½(1.6875 + 0.4375) + ½ = 0.0625; label 2: 1 + 1.0625 + 0.5 = 2.5625',
    loss: 'sparsemax', options: { reduction: 'none' }, predictions: m([2, 3], [1.5, 1, -1, 1.5, 1, -1]), targets: labels([0, 2]), expected: [0.0625, 2.5625],
  },
  {
    name: 'generalized cross-entropy, by hand',
    source: 'Zhang & Sabuncu 2018, eq. 6: (1 − p_y^q)/q; p = [0.25, 0.75], y = 1, q = 0.5 → 2(1 − √0.75); q = 1 is 1 − p_y (MAE)',
    loss: 'generalizedCrossEntropy', options: { q: 0.5 }, predictions: m([1, 2], [0.25, 0.75]), targets: labels([1]), expected: 2 * (1 - Math.sqrt(0.75)),
  },
  {
    name: 'Poly-1 cross-entropy, by hand',
    source: 'Leng et al. 2022, eq. 3: CE + ε(1 − p_t); logits [0, ln 3] → p = [¼, ¾], label 1, ε = 2 → −log ¾ + 2·¼',
    loss: 'poly1', options: { fromLogits: true, polyEpsilon: 2 }, predictions: m([1, 2], [0, Math.log(3)]), targets: labels([1]),
    expected: ceLogits([0, Math.log(3)], 1) + 0.5,
  },
  ...STRUCTURED_GOLDEN_CASES,
];
