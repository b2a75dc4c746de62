import { fail } from '../errors/losskit-error.js';
import { sigmoidCrossEntropyWithLogits } from '../graph/composites.js';
import type { Dim, Value } from '../graph/node.js';
import {
  constantTensor, div, equal, expandDims, less, max, mean, minimum, mul, neg, oneHot, relu, square, sub, sum, where,
} from '../graph/ops.js';
import { formatShape } from '../graph/shape.js';
import type { HostTensor } from '../tensor/host-tensor.js';
import {
  type ClassWeights, axisParam, checkClassVector, checkTargetEncoding, classCount, classVector, classWeights, signedTargets, squeezeLabels,
  stableSoftplus, targetEncoding,
} from './classification-shared.js';
import { checkLabels, checkProbabilities } from './data-checks.js';
import { defineLoss } from './loss.js';

const signedEncoding = { ...targetEncoding, default: 'signed' } as const;

/**
 * Squared hinge max(0, 1 − t·p)², for margins `p` and labels ±1 ({0, 1} converted as Keras does).
 */
export const squaredHinge = defineLoss<{ targetEncoding: string; axis: number | null }>({
  metadata: {
    id: 'squaredHinge',
    title: 'Squared hinge loss',
    task: 'classification',
    description: 'The hinge loss squared: differentiable at the margin, and harder on large violations.',
    formula: '\\ell(p, t) = \\max(0, 1 - t\\,p)^2',
    predictions: 'margins (raw scores)',
    targets: 'labels in {-1, 1} (or {0, 1}, converted)',
    targetKind: 'values',
    defaultReduction: 'mean',
    frameworks: {
      keras: 'keras.losses.SquaredHinge() — axis: -1, reduction "sum-over-batch-size"',
      sklearn: 'the loss of sklearn.svm.LinearSVC(loss="squared_hinge")',
      optax: 'optax.losses.hinge_loss(scores, targets) ** 2',
    },
  },
  params: { targetEncoding, axis: axisParam },
  checkData: (inputs, o) => checkTargetEncoding(inputs.targets, o.targetEncoding, 'targets'),
  perSample: (p, t, o) => {
    const l = square(relu(sub(1, mul(signedTargets(t, o.targetEncoding), p))));
    return o.axis === null ? l : mean(l, o.axis);
  },
});

/**
 * Categorical hinge (Crammer–Singer style): max(0, 1 + max_{k≠y} p_k − p_y) with one-hot targets.
 *
 * @remarks As Keras: the positive score is Σ t·p and the negative one max((1 − t)·p), so soft or
 * all-zero target rows give Keras's numbers too.
 */
export const categoricalHinge = defineLoss<Record<never, never>>({
  metadata: {
    id: 'categoricalHinge',
    title: 'Categorical hinge loss',
    task: 'classification',
    description: 'A multi-class hinge: the best wrong class must score at least 1 below the right one.',
    formula: '\\ell(p, t) = \\max\\big(0,\\ 1 + \\max_k (1 - t_k) p_k - \\textstyle\\sum_k t_k p_k\\big)',
    predictions: 'class scores on the last axis',
    targets: 'one-hot labels in {0, 1}, same shape as predictions',
    targetKind: 'values',
    defaultReduction: 'mean',
    frameworks: {
      keras: 'keras.losses.CategoricalHinge() — reduction "sum-over-batch-size"',
      tfjs: 'tf.metrics.categoricalHinge / the "categoricalHinge" loss of tfjs-layers (same formula)',
    },
  },
  params: {},
  checkData: (inputs) => checkProbabilities(inputs.targets, 'targets'),
  perSample: (p, t) => {
    if (p.shape.length === 0) fail('SHAPE_MISMATCH', 'predictions need a class axis', 'predictions');
    const pos = sum(mul(t, p), -1);
    const negative = max(mul(sub(1, t), p), -1);
    return relu(sub(negative, sub(pos, 1)));
  },
});

/**
 * PyTorch's `MultiMarginLoss`: Σ_{i≠y} max(0, margin − x_y + x_i)^p / C, times the class weight
 * of y; the mean is the plain mean over samples (PyTorch does not divide by Σ w_y here).
 */
export const multiMargin = defineLoss<{ p: number; margin: number; classWeights: ClassWeights }>({
  metadata: {
    id: 'multiMargin',
    title: 'Multi-class margin loss',
    task: 'classification',
    description: 'A multi-class SVM loss (Weston–Watkins): every wrong class must score margin below the right one.',
    formula: '\\ell(x, y) = \\frac{w_y}{C} \\sum_{i \\ne y} \\max(0,\\ \\text{margin} - x_y + x_i)^p',
    predictions: 'class scores on the last axis',
    targets: 'integer labels in [0, classes), shape of predictions without the class axis',
    targetKind: 'labels',
    defaultReduction: 'mean',
    frameworks: {
      torch: 'torch.nn.MultiMarginLoss(p, margin, weight) — classWeights',
    },
  },
  params: {
    p: { type: 'integer', default: 1, min: 1, max: 2, description: 'The power of each hinge: 1 or 2.' },
    margin: { type: 'number', default: 1, min: 0, description: 'The margin the right class must win by.' },
    classWeights: { ...classWeights, description: 'One weight per class; each sample\'s loss is scaled by its label\'s (PyTorch\'s weight). null: all 1.' },
  },
  checkData: (inputs, o) => {
    const classes = classCount(inputs.predictions.shape);
    checkLabels(inputs.targets, classes, null, 'targets');
    checkClassVector(o.classWeights, classes, 'multiMargin.classWeights');
  },
  perSample: (x, labels, o) => {
    const hot = oneHot(squeezeLabels(x, labels), x.shape[x.shape.length - 1] as Dim);
    const xy = sum(mul(hot, x), -1, true);
    const hinge = relu(sub(x, sub(xy, o.margin)));
    const terms = mul(o.p === 2 ? square(hinge) : hinge, sub(1, hot));
    const l = mean(terms, -1);
    return o.classWeights === null ? l : mul(l, sum(mul(hot, classVector(o.classWeights, x.shape, -1, 'multiMargin.classWeights')), -1));
  },
});

function checkPaddedLabels(t: HostTensor, classes: number, where: string): void {
  const d = t.data;
  for (let i = 0; i < d.length; i++) {
    const v = d[i] as number;
    if (v < -1 || v >= classes) fail('LABEL_OUT_OF_RANGE', `expected class indices in [0, ${classes}) or -1 (end of the list), found ${v} at index ${i}`, where);
  }
}

/**
 * PyTorch's `MultiLabelMarginLoss`: each row of targets lists the sample's classes, ended by the
 * first −1 (entries after it are ignored); every listed class must beat every unlisted one by 1.
 */
export const multiLabelMargin = defineLoss<Record<never, never>>({
  metadata: {
    id: 'multiLabelMargin',
    title: 'Multi-label margin loss',
    task: 'classification',
    description: 'A multi-label hinge: each target class must score at least 1 above each non-target class.',
    formula: '\\ell(x, y) = \\frac{1}{C} \\sum_{j \\in y} \\sum_{i \\notin y} \\max(0,\\ 1 - (x_j - x_i))',
    predictions: 'class scores on the last axis',
    targets: 'integer class indices, same shape as predictions, each row ended by -1 (the rest ignored)',
    targetKind: 'labels',
    defaultReduction: 'mean',
    frameworks: {
      torch: 'torch.nn.MultiLabelMarginLoss()',
    },
  },
  params: {},
  checkShapes: (p, t) => {
    if (p.length === 0 || p.length > 2) fail('SHAPE_MISMATCH', `predictions must be [C] or [N, C], got ${formatShape(p)}`, 'predictions');
    if (t.length !== p.length || t.some((d, i) => d !== p[i])) fail('SHAPE_MISMATCH', `targets ${formatShape(t)} and predictions ${formatShape(p)} must have one shape`, 'targets');
  },
  checkData: (inputs) => checkPaddedLabels(inputs.targets, classCount(inputs.predictions.shape), 'targets'),
  perSample: (x, y) => {
    const classes = x.shape[x.shape.length - 1] as Dim;
    if (typeof classes !== 'number') fail('SHAPE_MISMATCH', `multiLabelMargin needs a concrete class count, got ${formatShape(x.shape)}`, 'predictions');
    // Position j is listed while no −1 occurs at or before it: count the −1s over k ≤ j.
    const upTo = new Float64Array(classes * classes);
    for (let j = 0; j < classes; j++) for (let k = 0; k <= j; k++) upTo[j * classes + k] = 1;
    const tri = constantTensor({ dtype: 'float64', shape: [classes, classes], data: upTo });
    const ended = sum(mul(expandDims(where(less(y, 0), 1, 0), -2), tri), -1);
    const listed = equal(ended, 0);
    const hot = oneHot(where(listed, y, -1), classes); // [..., j, c]
    const isTarget = minimum(sum(hot, -2), 1); // [..., c]
    const xj = sum(mul(hot, expandDims(x, -2)), -1); // [..., j]
    const hinge = relu(sub(1, sub(expandDims(xj, -1), expandDims(x, -2)))); // [..., j, i]
    const keep = mul(expandDims(where(listed, 1.0, 0.0), -1), expandDims(sub(1, isTarget), -2));
    return div(sum(mul(hinge, keep), [-2, -1]), classes);
  },
});

/** PyTorch's `SoftMarginLoss`: log(1 + e^{−y·x}), a smooth hinge (logistic loss on ±1 labels). */
export const softMargin = defineLoss<{ targetEncoding: string }>({
  metadata: {
    id: 'softMargin',
    title: 'Soft margin loss',
    task: 'classification',
    description: 'The logistic loss on margins with ±1 labels: a smooth version of the hinge.',
    formula: '\\ell(x, y) = \\log\\big(1 + e^{-y x}\\big)',
    predictions: 'margins (raw scores)',
    targets: 'labels in {-1, 1} (or {0, 1} with targetEncoding)',
    targetKind: 'values',
    defaultReduction: 'mean',
    frameworks: {
      torch: 'torch.nn.SoftMarginLoss()',
      sklearn: 'the loss of sklearn.linear_model.SGDClassifier(loss="log_loss") on ±1 labels',
    },
  },
  params: { targetEncoding: signedEncoding },
  checkData: (inputs, o) => checkTargetEncoding(inputs.targets, o.targetEncoding, 'targets'),
  // Written out stably: e^{1e4} overflows, log(1 + e^{−|z|}) + max(−z, 0) does not.
  perSample: (x, t, o) => stableSoftplus(neg(mul(signedTargets(t, o.targetEncoding), x))),
});

/**
 * PyTorch's `MultiLabelSoftMarginLoss`: the mean over classes of each class's binary
 * cross-entropy on logits, each times its class weight (the mean is over C, not Σ w).
 */
export const multiLabelSoftMargin = defineLoss<{ classWeights: ClassWeights }>({
  metadata: {
    id: 'multiLabelSoftMargin',
    title: 'Multi-label soft margin loss',
    task: 'classification',
    description: 'One-versus-all logistic loss for multi-label classification, averaged over classes.',
    formula: '\\ell(x, y) = -\\frac{1}{C} \\sum_c w_c \\big(y_c \\log \\sigma(x_c) + (1 - y_c) \\log \\sigma(-x_c)\\big)',
    predictions: 'logits on the last axis',
    targets: 'labels in {0, 1} (or soft labels in [0, 1]), same shape as predictions',
    targetKind: 'values',
    defaultReduction: 'mean',
    frameworks: {
      torch: 'torch.nn.MultiLabelSoftMarginLoss(weight) — classWeights',
      keras: 'keras.losses.BinaryCrossentropy(from_logits=True) with its per-sample mean over the last axis (no class weights)',
    },
  },
  params: { classWeights },
  checkData: (inputs, o) => {
    checkProbabilities(inputs.targets, 'targets');
    checkClassVector(o.classWeights, classCount(inputs.predictions.shape), 'multiLabelSoftMargin.classWeights');
  },
  perSample: (x, t, o) => {
    if (x.shape.length === 0) fail('SHAPE_MISMATCH', 'predictions need a class axis', 'predictions');
    const l = sigmoidCrossEntropyWithLogits(t, x);
    return mean(o.classWeights === null ? l : mul(l, classVector(o.classWeights, x.shape, -1, 'multiLabelSoftMargin.classWeights')), -1);
  },
});

/** The perceptron criterion max(0, −y·x): optax's `perceptron_loss`. */
export const perceptron = defineLoss<{ targetEncoding: string }>({
  metadata: {
    id: 'perceptron',
    title: 'Perceptron loss',
    task: 'classification',
    description: 'Rosenblatt\'s perceptron criterion: zero when the sign is right, linear in the margin when wrong.',
    formula: '\\ell(x, y) = \\max(0, -y\\,x)',
    predictions: 'margins (raw scores)',
    targets: 'labels in {-1, 1} (or {0, 1} with targetEncoding)',
    targetKind: 'values',
    defaultReduction: 'mean',
    frameworks: {
      optax: 'optax.losses.perceptron_loss(predictor_outputs, targets)',
      sklearn: 'the loss of sklearn.linear_model.Perceptron (SGDClassifier(loss="perceptron"))',
    },
  },
  params: { targetEncoding: signedEncoding },
  checkData: (inputs, o) => checkTargetEncoding(inputs.targets, o.targetEncoding, 'targets'),
  perSample: (x, t, o) => relu(neg(mul(signedTargets(t, o.targetEncoding), x))),
});
