import { fail } from '../errors/losskit-error.js';
import { sigmoidCrossEntropyWithLogits, softmaxCrossEntropyWithLogits } from '../graph/composites.js';
import type { Value } from '../graph/node.js';
import {
  add, cast, clip, div, greater, greaterEqual, log, maximum, mean, min, mul, neg, notEqual, oneHot, relu, reshape, sizeOf, sub, sum, where,
} from '../graph/ops.js';
import { checkLabels, checkLabelSet, checkProbabilities } from './data-checks.js';
import { defineLoss, type ParamSpec } from './loss.js';

const fromLogits: ParamSpec = { type: 'boolean', default: false, description: 'Predictions are logits (unnormalised scores) rather than probabilities.' };
const labelSmoothing: ParamSpec = { type: 'number', default: 0, min: 0, max: 1, description: 'Mix the targets with the uniform distribution: t(1 − s) + s/K.' };
const epsilon: ParamSpec = {
  type: 'number', default: 1e-7, min: 0, below: 0.5,
  description: 'Probabilities are clipped to [ε, 1 − ε] before the log (Keras: 1e-7; PyTorch: 0 with logFloor −100).',
};
const logEpsilon: ParamSpec = {
  type: 'number', default: 0, min: 0, below: 0.5,
  description: 'Added inside each log: log(p + ε) (tfjs\'s logLoss: 1e-7).',
};
const logFloor: ParamSpec = {
  type: 'number', default: null, nullable: true,
  description: 'Clamp each log-probability from below (PyTorch\'s BCELoss clamps at −100); null: no clamp.',
};
const axisParam: ParamSpec = {
  type: 'axis', default: null, nullable: true,
  description: 'Average over this axis first, as Keras does with -1 (null: elementwise, as PyTorch and tfjs).',
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
export const binaryCrossEntropy = defineLoss<{ fromLogits: boolean; labelSmoothing: number; epsilon: number; logEpsilon: number; logFloor: number | null; axis: number | null }>({
  metadata: {
    id: 'binaryCrossEntropy',
    title: 'Binary cross-entropy',
    task: 'classification',
    description: 'The negative log-likelihood of independent Bernoulli targets: binary and multi-label classification.',
    formula: '\\ell(p, t) = -\\big(t \\log p + (1 - t) \\log(1 - p)\\big)',
    predictions: 'probabilities in [0, 1], or logits with fromLogits',
    targets: 'labels in {0, 1} or soft labels in [0, 1], same shape as predictions',
    targetKind: 'values',
    defaultReduction: 'mean',
    frameworks: {
      torch: 'torch.nn.BCELoss() — epsilon: 0, logFloor: -100; torch.nn.BCEWithLogitsLoss() — fromLogits: true',
      keras: 'keras.losses.BinaryCrossentropy(from_logits, label_smoothing) — axis: -1, reduction "sum-over-batch-size"',
      tfjs: 'tf.losses.sigmoidCrossEntropy(labels, logits, weights, labelSmoothing) — fromLogits: true; tf.losses.logLoss(labels, predictions, weights, 1e-7) — epsilon: 0, logEpsilon: 1e-7; both reduction "sum-by-nonzero-weights"',
      onnx: 'no single op; lowered as a composition',
      sklearn: 'sklearn.metrics.log_loss(y_true, y_prob) — epsilon: machine epsilon of the dtype',
      optax: 'optax.losses.sigmoid_binary_cross_entropy(logits, labels) — fromLogits: true',
    },
  },
  params: { fromLogits, labelSmoothing, epsilon, logEpsilon, logFloor, axis: axisParam },
  checkData: (inputs, o) => {
    if (!o.fromLogits) checkProbabilities(inputs.predictions, 'predictions');
    checkProbabilities(inputs.targets, 'targets');
  },
  perSample: (p, t, o) => {
    const ts = o.labelSmoothing === 0 ? t : add(mul(t, 1 - o.labelSmoothing), 0.5 * o.labelSmoothing);
    let l: Value;
    if (o.fromLogits) {
      l = sigmoidCrossEntropyWithLogits(ts, p);
    } else {
      const pc = o.epsilon === 0 ? p : clip(p, o.epsilon, 1 - o.epsilon);
      l = neg(add(mul(ts, safeLog(pc, o.logFloor, o.logEpsilon)), mul(sub(1, ts), safeLog(sub(1, pc), o.logFloor, o.logEpsilon))));
    }
    return o.axis === null ? l : mean(l, o.axis);
  },
});

function smooth(t: Value, s: number, classes: Value): Value {
  return s === 0 ? t : add(mul(t, 1 - s), div(s, classes));
}

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
export const categoricalCrossEntropy = defineLoss<{ fromLogits: boolean; labelSmoothing: number; epsilon: number; normalize: boolean; axis: number }>({
  metadata: {
    id: 'categoricalCrossEntropy',
    title: 'Categorical cross-entropy',
    task: 'classification',
    description: 'The negative log-likelihood of the target distribution under the predicted one: multi-class classification.',
    formula: '\\ell(p, t) = -\\sum_k t_k \\log p_k',
    predictions: 'class probabilities along axis, or logits with fromLogits',
    targets: 'one-hot or soft labels, same shape as predictions',
    targetKind: 'values',
    defaultReduction: 'mean',
    frameworks: {
      torch: 'torch.nn.CrossEntropyLoss() with probability targets — fromLogits: true',
      keras: 'keras.losses.CategoricalCrossentropy(from_logits, label_smoothing, axis) — reduction "sum-over-batch-size"',
      tfjs: 'tf.losses.softmaxCrossEntropy(onehotLabels, logits, weights, labelSmoothing) — fromLogits: true, reduction "sum-by-nonzero-weights"',
      onnx: 'SoftmaxCrossEntropyLoss (index labels only); composition otherwise',
      optax: 'optax.losses.softmax_cross_entropy(logits, labels) — fromLogits: true',
    },
  },
  params: { fromLogits, labelSmoothing, epsilon, normalize, axis: { type: 'axis', default: -1, description: 'The class axis.' } },
  checkData: (inputs, o) => {
    if (!o.fromLogits) checkProbabilities(inputs.predictions, 'predictions');
    checkProbabilities(inputs.targets, 'targets');
  },
  perSample: (p, t, o) => crossEntropy(p, smooth(t, o.labelSmoothing, sizeOf(p, o.axis)), o, o.axis),
});

/**
 * Cross-entropy against integer labels; the classes are the last axis of the predictions.
 *
 * @remarks With `ignoreIndex`, samples with that label count nowhere: PyTorch's mean divides by
 * the number of the others, as here. Labels may be int32, int64 or integral floats.
 */
export const sparseCategoricalCrossEntropy = defineLoss<{ fromLogits: boolean; labelSmoothing: number; epsilon: number; normalize: boolean; ignoreIndex: number | null }>({
  metadata: {
    id: 'sparseCategoricalCrossEntropy',
    title: 'Sparse categorical cross-entropy',
    task: 'classification',
    description: 'Categorical cross-entropy with integer class labels instead of one-hot targets.',
    formula: '\\ell(p, y) = -\\log p_y',
    predictions: 'class probabilities on the last axis, or logits with fromLogits',
    targets: 'integer labels in [0, classes), shape of predictions without the class axis',
    targetKind: 'labels',
    defaultReduction: 'mean',
    frameworks: {
      torch: 'torch.nn.CrossEntropyLoss(ignore_index, label_smoothing) — fromLogits: true; torch.nn.NLLLoss on log-probabilities',
      keras: 'keras.losses.SparseCategoricalCrossentropy(from_logits, ignore_class) — reduction "sum-over-batch-size"',
      onnx: 'SoftmaxCrossEntropyLoss(reduction, ignore_index) — fromLogits: true',
      optax: 'optax.losses.softmax_cross_entropy_with_integer_labels(logits, labels) — fromLogits: true',
    },
  },
  params: {
    fromLogits, labelSmoothing, epsilon, normalize,
    ignoreIndex: { type: 'integer', default: null, nullable: true, description: 'A label value whose samples are skipped (PyTorch: -100).' },
  },
  checkData: (inputs, o) => {
    const classes = inputs.predictions.shape[inputs.predictions.shape.length - 1] as number;
    if (!o.fromLogits) checkProbabilities(inputs.predictions, 'predictions');
    checkLabels(inputs.targets, classes, o.ignoreIndex, 'targets');
  },
  perSample: (p, labels, o) => {
    if (p.shape.length === 0) fail('SHAPE_MISMATCH', 'predictions need a class axis', 'predictions');
    const classes = p.shape[p.shape.length - 1] as number | string;
    const y = labels.shape.length === p.shape.length ? reshape(labels, labels.shape.slice(0, -1)) : labels;
    const valid = o.ignoreIndex === null ? undefined : notEqual(y, o.ignoreIndex);
    // An ignored sample gets index −1, out of range: a zero target row (oneHot's contract), so
    // its loss and gradient are exactly 0 even where log p is −∞ (ε = 0).
    const safe = valid === undefined ? y : where(valid, y, -1);
    const t = smooth(oneHot(safe, classes), o.labelSmoothing, sizeOf(p, -1));
    const loss = crossEntropy(p, t, o, -1, true);
    return valid === undefined ? loss : { loss, mask: cast(valid, 'float') };
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
    targetEncoding: { type: 'enum', default: 'auto', values: ['auto', 'signed', 'binary'], description: 'auto: {0,1} labels become {-1,1}; signed: labels are ±1; binary: labels are {0,1}.' },
    axis: axisParam,
  },
  checkData: (inputs, o) => {
    const allowed = o.targetEncoding === 'signed' ? [-1, 1] : o.targetEncoding === 'binary' ? [0, 1] : [-1, 0, 1];
    checkLabelSet(inputs.targets, allowed, 'targets');
    if (o.targetEncoding === 'auto') {
      const d = inputs.targets.data;
      if (d.includes(0) && d.includes(-1)) fail('LABEL_OUT_OF_RANGE', 'labels mix 0 and -1; use {-1, 1} or {0, 1}', 'targets');
    }
  },
  perSample: (p, t, o) => {
    const binary = sub(mul(t, 2), 1);
    const signed = o.targetEncoding === 'signed' ? t : o.targetEncoding === 'binary' ? binary : where(greaterEqual(min(t), 0), binary, t);
    const l = relu(sub(1, mul(signed, p)));
    return o.axis === null ? l : mean(l, o.axis);
  },
});
