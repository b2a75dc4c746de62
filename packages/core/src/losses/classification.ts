import { fail } from '../errors/losskit-error.js';
import { logSoftmax, sigmoidCrossEntropyWithLogits, softmaxCrossEntropyWithLogits } from '../graph/composites.js';
import type { Value } from '../graph/node.js';
import {
  add, clip, div, exp, greater, log, maximum, mean, mul, neg, relu, sizeOf, sub, sum, where,
} from '../graph/ops.js';
import {
  type ClassWeights, axisParam, checkClassVector, checkProbabilityInputs, checkTargetEncoding, classCount, classVector, classWeights, epsilon, fromLogits, ignoreIndex,
  labelLoss, labelSmoothing, labelTargets, signedTargets, smooth, stableSoftplus, targetEncoding,
} from './classification-shared.js';
import { checkLabels, checkProbabilities } from './data-checks.js';
import { defineLoss, type ParamSpec } from './loss.js';
const logEpsilon: ParamSpec = {
  type: 'number', default: 0, min: 0, below: 0.5,
  description: 'Added inside each log: log(p + ε) (tfjs\'s logLoss: 1e-7).',
};
const logFloor: ParamSpec = {
  type: 'number', default: null, nullable: true,
  description: 'Clamp each log-probability from below (PyTorch\'s BCELoss clamps at −100); null: no clamp.',
};

function safeLog(p: Value, floor: number | null, eps: number): Value {
  const x = eps === 0 ? p : add(p, eps);
  if (floor === null) return log(x);
  // log 0 = −∞ has derivative ∞, and the clamp's zero times ∞ is a NaN gradient: take the log
  // of 1 where x = 0 (the double-where idiom), so a clamped element's gradient is 0.
  const positive = greater(x, 0);
  return maximum(where(positive, log(where(positive, x, 1)), floor), floor);
}

/**
 * Binary cross-entropy on probabilities or (with `fromLogits`) logits.
 *
 * @remarks Keras clips probabilities to [1e-7, 1 − 1e-7]; PyTorch's `BCELoss` does not clip but
 * clamps the log at −100 (`epsilon: 0, logFloor: -100`); tfjs's `logLoss` adds ε inside the log
 * (`epsilon: 0, logEpsilon: 1e-7`). With logits, every framework computes
 * the same stable expression max(x, 0) − x·t + log(1 + e^{−|x|}).
 */
export const binaryCrossEntropy = defineLoss<{
  fromLogits: boolean; labelSmoothing: number; epsilon: number; logEpsilon: number; logFloor: number | null; axis: number | null;
  classWeights: ClassWeights; posWeight: ClassWeights;
}>({
  metadata: {
    id: 'binaryCrossEntropy',
    title: 'Binary cross-entropy',
    task: 'classification',
    description: 'The negative log-likelihood of independent Bernoulli targets: binary and multi-label classification.',
    formula: '\\ell(p, t) = -w_c\\big(\\rho_c\\, t \\log p + (1 - t) \\log(1 - p)\\big)',
    predictions: 'probabilities in [0, 1], or logits with fromLogits',
    targets: 'labels in {0, 1} or soft labels in [0, 1], same shape as predictions',
    targetKind: 'values',
    defaultReduction: 'mean',
    frameworks: {
      torch: 'torch.nn.BCELoss(weight) — epsilon: 0, logFloor: -100, classWeights; torch.nn.BCEWithLogitsLoss(weight, pos_weight) — fromLogits: true, classWeights, posWeight',
      keras: 'keras.losses.BinaryCrossentropy(from_logits, label_smoothing) — axis: -1, reduction "sum-over-batch-size"',
      tfjs: 'tf.losses.sigmoidCrossEntropy(labels, logits, weights, labelSmoothing) — fromLogits: true; tf.losses.logLoss(labels, predictions, weights, 1e-7) — epsilon: 0, logEpsilon: 1e-7; both reduction "sum-by-nonzero-weights"',
      onnx: 'no single op; lowered as a composition',
      sklearn: 'sklearn.metrics.log_loss(y_true, y_prob) — epsilon: machine epsilon of the dtype',
      optax: 'optax.losses.sigmoid_binary_cross_entropy(logits, labels) — fromLogits: true',
    },
  },
  params: {
    fromLogits, labelSmoothing, epsilon, logEpsilon, logFloor, axis: axisParam,
    classWeights: { ...classWeights, description: 'One weight per entry of the last axis (PyTorch\'s `weight`, broadcast to the input), multiplying each loss; the mean stays the plain mean. null: all 1.' },
    posWeight: {
      type: 'numbers', default: null, nullable: true, min: 0,
      description: 'Weight ρ of the positive term, one number or one per class on the last axis (PyTorch\'s BCEWithLogitsLoss pos_weight). null: 1.',
    },
  },
  checkData: (inputs, o) => {
    checkProbabilityInputs(inputs, o.fromLogits, o.classWeights, 'binaryCrossEntropy.classWeights');
    checkClassVector(o.posWeight, classCount(inputs.predictions.shape), 'binaryCrossEntropy.posWeight');
  },
  perSample: (p, t, o) => {
    const ts = o.labelSmoothing === 0 ? t : add(mul(t, 1 - o.labelSmoothing), 0.5 * o.labelSmoothing);
    const rho = o.posWeight === null ? undefined : classVector(o.posWeight, p.shape, -1, 'binaryCrossEntropy.posWeight');
    let l: Value;
    if (o.fromLogits) {
      // PyTorch's pos_weight form: (1 − t)·x + (1 + (ρ − 1)·t)·log(1 + e^{−x}), stable for any x.
      l = rho === undefined ? sigmoidCrossEntropyWithLogits(ts, p) : add(mul(sub(1, ts), p), mul(add(1, mul(sub(rho, 1), ts)), stableSoftplus(neg(p))));
    } else {
      const pc = o.epsilon === 0 ? p : clip(p, o.epsilon, 1 - o.epsilon);
      const positive = mul(ts, safeLog(pc, o.logFloor, o.logEpsilon));
      l = neg(add(rho === undefined ? positive : mul(rho, positive), mul(sub(1, ts), safeLog(sub(1, pc), o.logFloor, o.logEpsilon))));
    }
    if (o.classWeights !== null) l = mul(l, classVector(o.classWeights, p.shape, -1, 'binaryCrossEntropy.classWeights'));
    return o.axis === null ? l : mean(l, o.axis);
  },
});

function crossEntropy(p: Value, t: Value, o: { fromLogits: boolean; epsilon: number; normalize: boolean }, axis: number, oneHotTargets = false): Value {
  if (o.fromLogits) return softmaxCrossEntropyWithLogits(t, p, axis, { labelsSumToOne: oneHotTargets });
  const pn = o.normalize ? div(p, sum(p, axis, true)) : p;
  if (o.epsilon === 0) {
    // Unclipped, a class of probability 0 has log 0 = −∞; where its target is 0 the term is
    // 0·log 0 = 0 (PyTorch's NLLLoss, scipy's xlogy), not NaN, and so is its gradient.
    const on = greater(t, 0);
    return neg(sum(where(on, mul(t, log(where(on, pn, 1))), 0), axis));
  }
  return neg(sum(mul(t, log(clip(pn, o.epsilon, 1 - o.epsilon))), axis));
}

const normalize: ParamSpec = {
  type: 'boolean', default: true,
  description: 'Divide probabilities by their sum over the class axis first, as Keras does.',
};

/**
 * Categorical cross-entropy against one-hot or soft targets.
 *
 * @remarks PyTorch's `CrossEntropyLoss` with probability targets takes logits: `fromLogits: true`.
 * Keras renormalises probabilities and clips them to [1e-7, 1 − 1e-7] (the defaults here).
 */
export const categoricalCrossEntropy = defineLoss<{ fromLogits: boolean; labelSmoothing: number; epsilon: number; normalize: boolean; axis: number; classWeights: ClassWeights }>({
  metadata: {
    id: 'categoricalCrossEntropy',
    title: 'Categorical cross-entropy',
    task: 'classification',
    description: 'The negative log-likelihood of the target distribution under the predicted one: multi-class classification.',
    formula: '\\ell(p, t) = -\\sum_k w_k t_k \\log p_k',
    predictions: 'class probabilities along axis, or logits with fromLogits',
    targets: 'one-hot or soft labels, same shape as predictions',
    targetKind: 'values',
    defaultReduction: 'mean',
    frameworks: {
      torch: 'torch.nn.CrossEntropyLoss(weight, label_smoothing) with probability targets — fromLogits: true, classWeights (the mean stays Σ/N)',
      keras: 'keras.losses.CategoricalCrossentropy(from_logits, label_smoothing, axis) — reduction "sum-over-batch-size"',
      tfjs: 'tf.losses.softmaxCrossEntropy(onehotLabels, logits, weights, labelSmoothing) — fromLogits: true, reduction "sum-by-nonzero-weights"',
      onnx: 'SoftmaxCrossEntropyLoss (index labels only); composition otherwise',
      optax: 'optax.losses.softmax_cross_entropy(logits, labels) — fromLogits: true',
    },
  },
  params: {
    fromLogits, labelSmoothing, epsilon, normalize, axis: { type: 'axis', default: -1, description: 'The class axis.' },
    classWeights: { ...classWeights, description: 'One weight per class along axis (PyTorch\'s `weight`), multiplying each class\'s term; with probability targets PyTorch\'s mean stays Σ/N. null: all 1.' },
  },
  checkData: (inputs, o) => checkProbabilityInputs(inputs, o.fromLogits, o.classWeights, 'categoricalCrossEntropy.classWeights', o.axis),
  perSample: (p, t, o) => {
    const ts = smooth(t, o.labelSmoothing, sizeOf(p, o.axis));
    if (o.classWeights === null) return crossEntropy(p, ts, o, o.axis);
    return crossEntropy(p, mul(ts, classVector(o.classWeights, p.shape, o.axis, 'categoricalCrossEntropy.classWeights')), o, o.axis);
  },
});

/**
 * Cross-entropy against integer labels; the classes are the last axis of the predictions.
 *
 * @remarks With `ignoreIndex`, samples with that label count nowhere: PyTorch's mean divides by
 * the number of the others, as here. Labels may be int32, int64 or integral floats.
 */
export const sparseCategoricalCrossEntropy = defineLoss<{ fromLogits: boolean; labelSmoothing: number; epsilon: number; normalize: boolean; ignoreIndex: number | null; classWeights: ClassWeights }>({
  metadata: {
    id: 'sparseCategoricalCrossEntropy',
    title: 'Sparse categorical cross-entropy',
    task: 'classification',
    description: 'Categorical cross-entropy with integer class labels instead of one-hot targets.',
    formula: '\\ell(p, y) = -w_y \\log p_y,\\quad \\text{mean} = \\textstyle\\sum_n \\ell_n / \\sum_n w_{y_n}',
    predictions: 'class probabilities on the last axis, or logits with fromLogits',
    targets: 'integer labels in [0, classes), shape of predictions without the class axis',
    targetKind: 'labels',
    defaultReduction: 'mean',
    frameworks: {
      torch: 'torch.nn.CrossEntropyLoss(weight, ignore_index, label_smoothing) — fromLogits: true, classWeights, ignoreIndex: -100; torch.nn.NLLLoss on log-probabilities: nll',
      keras: 'keras.losses.SparseCategoricalCrossentropy(from_logits, ignore_class) — reduction "sum-over-batch-size"',
      onnx: 'SoftmaxCrossEntropyLoss(reduction, ignore_index) — fromLogits: true',
      optax: 'optax.losses.softmax_cross_entropy_with_integer_labels(logits, labels) — fromLogits: true',
    },
  },
  params: { fromLogits, labelSmoothing, epsilon, normalize, ignoreIndex, classWeights },
  checkData: (inputs, o) => {
    const classes = classCount(inputs.predictions.shape);
    if (!o.fromLogits) checkProbabilities(inputs.predictions, 'predictions');
    checkLabels(inputs.targets, classes, o.ignoreIndex, 'targets');
    checkClassVector(o.classWeights, classes, 'sparseCategoricalCrossEntropy.classWeights');
  },
  perSample: (p, labels, o) => {
    const lt = labelTargets(p, labels, o, 'sparseCategoricalCrossEntropy.classWeights');
    // Weighted rows no longer sum to one, which the composite's short gradient assumes.
    const loss = crossEntropy(p, lt.targets, o, -1, o.classWeights === null);
    return { loss, mask: lt.mask, meanWeight: lt.meanWeight };
  },
});

/**
 * Hinge loss max(0, 1 − t·p) for margins `p` and labels ±1.
 *
 * @remarks `targetEncoding: 'auto'` converts {0, 1} labels to {−1, 1} as Keras does; tfjs always
 * converts (`'binary'`).
 */
export const hinge = defineLoss<{ targetEncoding: string; axis: number | null }>({
  metadata: {
    id: 'hinge',
    title: 'Hinge loss',
    task: 'classification',
    description: 'The SVM loss: zero once a sample is on the right side with margin 1, linear otherwise.',
    formula: '\\ell(p, t) = \\max(0, 1 - t\\,p)',
    predictions: 'margins (raw scores)',
    targets: 'labels in {-1, 1} (or {0, 1}, converted)',
    targetKind: 'values',
    defaultReduction: 'mean',
    frameworks: {
      keras: 'keras.losses.Hinge() — axis: -1',
      tfjs: 'tf.losses.hingeLoss(labels, predictions) — targetEncoding: "binary", reduction "sum-by-nonzero-weights"',
      sklearn: 'sklearn.metrics.hinge_loss(y_true, decision) (binary case)',
      optax: 'optax.losses.hinge_loss(scores, targets)',
    },
  },
  params: {
    targetEncoding,
    axis: axisParam,
  },
  checkData: (inputs, o) => checkTargetEncoding(inputs.targets, o.targetEncoding, 'targets'),
  perSample: (p, t, o) => {
    const l = relu(sub(1, mul(signedTargets(t, o.targetEncoding), p)));
    return o.axis === null ? l : mean(l, o.axis);
  },
});

/**
 * Negative log-likelihood of integer labels under log-probabilities: PyTorch's `NLLLoss`, the
 * second half of `CrossEntropyLoss` after a `LogSoftmax`.
 *
 * @remarks With `classWeights`, the mean divides by Σ w_{y_n} over the samples that are not
 * ignored, as PyTorch does; Keras has no class weights in its losses. Predictions are not checked
 * to be ≤ 0 (PyTorch does not either).
 */
export const nll = defineLoss<{ labelSmoothing: number; ignoreIndex: number | null; classWeights: ClassWeights }>({
  metadata: {
    id: 'nll',
    title: 'Negative log-likelihood',
    task: 'classification',
    description: 'Minus the log-probability of the target class, for models that output log-probabilities.',
    formula: '\\ell(x, y) = -w_y\\, x_y,\\quad \\text{mean} = \\textstyle\\sum_n \\ell_n / \\sum_n w_{y_n}',
    predictions: 'log-probabilities on the last axis (a log-softmax output)',
    targets: 'integer labels in [0, classes), shape of predictions without the class axis',
    targetKind: 'labels',
    defaultReduction: 'mean',
    frameworks: {
      torch: 'torch.nn.NLLLoss(weight, ignore_index) — classWeights, ignoreIndex: -100',
      onnx: 'NegativeLogLikelihoodLoss(reduction, ignore_index) with weight input',
      keras: 'keras.losses.SparseCategoricalCrossentropy on exp of the log-probabilities (no class weights)',
    },
  },
  params: {
    labelSmoothing: { ...labelSmoothing, description: 'Mix the one-hot targets with the uniform distribution, as CrossEntropyLoss(label_smoothing) does after its log-softmax.' },
    ignoreIndex, classWeights,
  },
  checkData: (inputs, o) => {
    const classes = classCount(inputs.predictions.shape);
    checkLabels(inputs.targets, classes, o.ignoreIndex, 'targets');
    checkClassVector(o.classWeights, classes, 'nll.classWeights');
  },
  perSample: (x, labels, o) => labelLoss(neg(x), labelTargets(x, labels, o, 'nll.classWeights')),
});

/**
 * Kullback–Leibler divergence KL(t ‖ p) = Σ t·(log t − log p).
 *
 * @remarks Keras's `KLDivergence` (the defaults) clips both distributions to [1e-7, 1] and sums
 * over the last axis. PyTorch's `KLDivLoss` takes log-probabilities (`logPredictions: true`), does
 * not clip (`epsilon: 0`: 0·log 0 = 0) and is elementwise (`axis: null`): its default 'mean'
 * divides by the number of elements, not of samples — `reduction: 'batchmean'` there is `axis: -1`
 * with `mean` here, the true KL per sample.
 */
export const klDivergence = defineLoss<{ logPredictions: boolean; logTarget: boolean; epsilon: number; axis: number | null }>({
  metadata: {
    id: 'klDivergence',
    title: 'Kullback–Leibler divergence',
    task: 'classification',
    description: 'How far the predicted distribution is from the target distribution: distillation, variational models.',
    formula: '\\ell(p, t) = \\sum_k t_k \\big(\\log t_k - \\log p_k\\big)',
    predictions: 'probabilities, or log-probabilities with logPredictions',
    targets: 'probabilities, or log-probabilities with logTarget; same shape as predictions',
    targetKind: 'values',
    defaultReduction: 'mean',
    frameworks: {
      keras: 'keras.losses.KLDivergence() — the defaults, reduction "sum-over-batch-size"',
      torch: 'torch.nn.KLDivLoss(reduction, log_target) — logPredictions: true, epsilon: 0, axis: null ("mean" averages elements); "batchmean" is axis: -1 with "mean"',
      tfjs: 'tf.metrics.kullbackLeiblerDivergence(yTrue, yPred) (clips to [ε, 1] with tfjs\'s ε: epsilon)',
      optax: 'optax.losses.kl_divergence(log_predictions, targets) — logPredictions: true, epsilon: 0',
    },
  },
  params: {
    logPredictions: { type: 'boolean', default: false, description: 'Predictions are log-probabilities (PyTorch\'s input) rather than probabilities (Keras).' },
    logTarget: { type: 'boolean', default: false, description: 'Targets are log-probabilities (PyTorch\'s log_target).' },
    epsilon: { type: 'number', default: 1e-7, min: 0, below: 1, description: 'Probabilities (not log-probabilities) are clipped to [ε, 1] first, as Keras does (1e-7); 0: no clipping, 0·log 0 = 0 (PyTorch).' },
    axis: { type: 'axis', default: -1, nullable: true, description: 'Sum over this axis (Keras: -1); null: elementwise, as PyTorch.' },
  },
  checkData: (inputs, o) => {
    if (!o.logPredictions) checkProbabilities(inputs.predictions, 'predictions');
    if (!o.logTarget) checkProbabilities(inputs.targets, 'targets');
  },
  perSample: (p, t, o) => {
    let l: Value;
    if (o.logTarget) {
      const logQ = o.logPredictions ? p : log(o.epsilon === 0 ? p : clip(p, o.epsilon, 1));
      l = mul(exp(t), sub(t, logQ));
    } else if (o.epsilon > 0) {
      const tc = clip(t, o.epsilon, 1);
      l = mul(tc, sub(log(tc), o.logPredictions ? p : log(clip(p, o.epsilon, 1))));
    } else {
      // Where t = 0 the term is 0 (xlogy), and so is its gradient even where p = 0.
      const on = greater(t, 0);
      const logQ = o.logPredictions ? p : log(where(on, p, 1));
      l = where(on, mul(t, sub(log(where(on, t, 1)), logQ)), 0);
    }
    return o.axis === null ? l : sum(l, o.axis);
  },
});

const clipEpsilon: ParamSpec = {
  type: 'number', default: 1e-7, above: 0, below: 0.5,
  description: 'Probabilities (not logits) are clipped to [ε, 1 − ε] before the log, as Keras does.',
};

/** log p on the last axis: a stable log-softmax of logits, or the log of clipped probabilities. */
function logProbabilities(p: Value, o: { readonly fromLogits: boolean; readonly epsilon: number }): Value {
  return o.fromLogits ? logSoftmax(p, -1) : log(clip(p, o.epsilon, 1 - o.epsilon));
}

/**
 * Generalized cross-entropy (Zhang & Sabuncu, NeurIPS 2018): (1 − p_y^q)/q, a Box–Cox blend of
 * cross-entropy (q → 0) and mean absolute error (q = 1), robust to noisy labels.
 *
 * @remarks With label smoothing the loss is Σ_c t_c·(1 − p_c^q)/q over the smoothed targets.
 * "Truncated" L_q (the paper's pruning) is not included.
 */
export const generalizedCrossEntropy = defineLoss<{ q: number; fromLogits: boolean; labelSmoothing: number; epsilon: number; ignoreIndex: number | null; classWeights: ClassWeights }>({
  metadata: {
    id: 'generalizedCrossEntropy',
    title: 'Generalized cross-entropy (L_q)',
    task: 'classification',
    description: 'A noise-robust cross-entropy: between cross-entropy (q → 0) and MAE on probabilities (q = 1).',
    formula: '\\ell(p, y) = w_y \\frac{1 - p_y^{\\,q}}{q}',
    predictions: 'class probabilities on the last axis, or logits with fromLogits',
    targets: 'integer labels in [0, classes), shape of predictions without the class axis',
    targetKind: 'labels',
    defaultReduction: 'mean',
    frameworks: {
      keras: 'keras.losses.CategoricalGeneralizedCrossEntropy(q=0.5) — q: 0.5 (Keras does not clip; ε = 1e-7 differs only at p within 1e-7 of 0 or 1)',
      torch: 'no built-in; the paper\'s formula (Zhang & Sabuncu 2018, arXiv:1805.07836) on softmax(logits) — fromLogits: true',
    },
  },
  params: {
    q: { type: 'number', default: 0.7, above: 0, max: 1, description: 'The Box–Cox exponent in (0, 1]; the paper uses 0.7.' },
    fromLogits, labelSmoothing, epsilon: clipEpsilon, ignoreIndex, classWeights,
  },
  checkData: (inputs, o) => {
    const classes = classCount(inputs.predictions.shape);
    if (!o.fromLogits) checkProbabilities(inputs.predictions, 'predictions');
    checkLabels(inputs.targets, classes, o.ignoreIndex, 'targets');
    checkClassVector(o.classWeights, classes, 'generalizedCrossEntropy.classWeights');
  },
  perSample: (p, labels, o) => {
    const pq = exp(mul(logProbabilities(p, o), o.q));
    return labelLoss(div(sub(1, pq), o.q), labelTargets(p, labels, o, 'generalizedCrossEntropy.classWeights'));
  },
});

/**
 * Poly-1 loss (Leng et al., ICLR 2022, "PolyLoss"): cross-entropy plus ε·(1 − p_t), the first
 * term of its Taylor expansion in (1 − p_t) with its coefficient moved by ε.
 *
 * @remarks With label smoothing and class weights, p_t and the cross-entropy both use the
 * smoothed, weighted targets: Σ_c w_c t_c (−log p_c + ε(1 − p_c)), as the paper's code does.
 */
export const poly1 = defineLoss<{ polyEpsilon: number; fromLogits: boolean; labelSmoothing: number; epsilon: number; ignoreIndex: number | null; classWeights: ClassWeights }>({
  metadata: {
    id: 'poly1',
    title: 'Poly-1 cross-entropy',
    task: 'classification',
    description: 'Cross-entropy with the weight of its leading polynomial term adjusted by ε: a drop-in replacement for cross-entropy.',
    formula: '\\ell(p, y) = w_y \\big(-\\log p_y + \\epsilon\\,(1 - p_y)\\big)',
    predictions: 'class probabilities on the last axis, or logits with fromLogits',
    targets: 'integer labels in [0, classes), shape of predictions without the class axis',
    targetKind: 'labels',
    defaultReduction: 'mean',
    frameworks: {
      torch: 'no built-in; CrossEntropyLoss + ε·(1 − p_t) as in the paper (Leng et al. 2022, arXiv:2204.12511) — fromLogits: true',
      optax: 'optax.losses.poly_loss_cross_entropy(logits, labels, epsilon=2.0) — fromLogits: true (one-hot labels there)',
      keras: 'no built-in; CategoricalCrossentropy + ε·(1 − p_t) — fromLogits: true',
    },
  },
  params: {
    polyEpsilon: { type: 'number', default: 2, min: -1, description: 'ε, added to the coefficient of (1 − p_t) (optax: 2, the paper\'s ImageNet value; −1 for detection); 0 is cross-entropy.' },
    fromLogits, labelSmoothing, epsilon: clipEpsilon, ignoreIndex, classWeights,
  },
  checkData: (inputs, o) => {
    const classes = classCount(inputs.predictions.shape);
    if (!o.fromLogits) checkProbabilities(inputs.predictions, 'predictions');
    checkLabels(inputs.targets, classes, o.ignoreIndex, 'targets');
    checkClassVector(o.classWeights, classes, 'poly1.classWeights');
  },
  perSample: (p, labels, o) => {
    const logP = logProbabilities(p, o);
    return labelLoss(add(neg(logP), mul(sub(1, exp(logP)), o.polyEpsilon)), labelTargets(p, labels, o, 'poly1.classWeights'));
  },
});
