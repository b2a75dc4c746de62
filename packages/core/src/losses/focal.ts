import { fail } from '../errors/losskit-error.js';
import { logSoftmax, sigmoidCrossEntropyWithLogits, softmax } from '../graph/composites.js';
import type { Value } from '../graph/node.js';
import { add, clip, div, exp, log, mean, mul, neg, pow, sigmoid, sizeOf, sub, sum } from '../graph/ops.js';
import {
  type ClassWeights, axisParam, checkProbabilityInputs, classVector, classWeights, fromLogits, labelSmoothing, smooth,
} from './classification-shared.js';
import { defineLoss, type ParamSpec } from './loss.js';

const gamma: ParamSpec = { type: 'number', default: 2, min: 0, description: 'The focusing exponent γ of (1 − p_t)^γ; 0 is plain cross-entropy.' };
const focalEpsilon: ParamSpec = {
  type: 'number', default: 1e-7, min: 0, below: 0.5,
  description: 'Probabilities are clipped to [ε, 1 − ε] before the log, as Keras does (also after its sigmoid or softmax of logits); 0 with fromLogits: the exact log-sigmoid / log-softmax (torchvision).',
};

/** (1 − p_t)^γ, skipping the power where γ = 0 (whose gradient at a base of 0 would be 0·∞). */
function focalFactor(oneMinusPt: Value, g: number): Value | undefined {
  return g === 0 ? undefined : pow(oneMinusPt, g);
}

function needsClipOrLogits(id: string, o: { readonly fromLogits: boolean; readonly epsilon: number }): void {
  if (!o.fromLogits && o.epsilon === 0) fail('BAD_PARAM', 'probabilities need epsilon > 0 (a probability of exactly 0 or 1 has an infinite log); use fromLogits for the exact form', `${id}.epsilon`);
}

/**
 * Binary focal cross-entropy (Lin et al., 2017): binary cross-entropy times (1 − p_t)^γ, which
 * down-weights examples the model already gets right.
 *
 * @remarks Keras's `BinaryFocalCrossentropy` applies the sigmoid to logits, then clips to
 * [1e-7, 1 − 1e-7] (the defaults here; `axis: -1` for its per-sample mean). torchvision's
 * `sigmoid_focal_loss` is exact on logits and always balances with α: `fromLogits: true,
 * epsilon: 0, applyClassBalancing: true`.
 */
export const binaryFocal = defineLoss<{
  gamma: number; alpha: number; applyClassBalancing: boolean; fromLogits: boolean; labelSmoothing: number; epsilon: number; axis: number | null; classWeights: ClassWeights;
}>({
  metadata: {
    id: 'binaryFocal',
    title: 'Binary focal cross-entropy',
    task: 'classification',
    description: 'Binary cross-entropy scaled by (1 − p_t)^γ: focuses training on hard, misclassified examples (dense detection).',
    formula: '\\ell(p, t) = -\\alpha_t (1 - p_t)^{\\gamma} \\big(t \\log p + (1 - t) \\log(1 - p)\\big),\\quad p_t = t p + (1 - t)(1 - p)',
    predictions: 'probabilities in [0, 1], or logits with fromLogits',
    targets: 'labels in {0, 1} or soft labels in [0, 1], same shape as predictions',
    targetKind: 'values',
    defaultReduction: 'mean',
    frameworks: {
      keras: 'keras.losses.BinaryFocalCrossentropy(apply_class_balancing, alpha, gamma, from_logits, label_smoothing) — axis: -1, reduction "sum-over-batch-size"',
      torch: 'torchvision.ops.sigmoid_focal_loss(inputs, targets, alpha, gamma, reduction) — fromLogits: true, epsilon: 0, applyClassBalancing: true (alpha < 0 there: false)',
      optax: 'optax.losses.sigmoid_focal_loss(logits, labels, alpha, gamma) — fromLogits: true, epsilon: 0; alpha=None (its default): applyClassBalancing: false',
    },
  },
  params: {
    gamma,
    alpha: { type: 'number', default: 0.25, min: 0, max: 1, description: 'With applyClassBalancing, positives weigh α and negatives 1 − α.' },
    applyClassBalancing: { type: 'boolean', default: false, description: 'Weigh positives by α and negatives by 1 − α (Keras: off by default; torchvision: on).' },
    fromLogits,
    labelSmoothing: { ...labelSmoothing, description: 'Squeeze the targets towards 0.5: t(1 − s) + s/2.' },
    epsilon: focalEpsilon,
    axis: axisParam,
    classWeights: { ...classWeights, description: 'One weight per entry of the last axis, multiplying each loss. null: all 1.' },
  },
  validate: (o) => needsClipOrLogits('binaryFocal', o),
  checkData: (inputs, o) => checkProbabilityInputs(inputs, o.fromLogits, o.classWeights, 'binaryFocal.classWeights'),
  perSample: (p, t, o) => {
    const ts = o.labelSmoothing === 0 ? t : add(mul(t, 1 - o.labelSmoothing), 0.5 * o.labelSmoothing);
    let bce: Value;
    let oneMinusPt: Value;
    if (o.fromLogits) {
      // σ(−x) and σ(x) stay accurate where 1 − σ(x) would round to 0.
      oneMinusPt = add(mul(ts, sigmoid(neg(p))), mul(sub(1, ts), sigmoid(p)));
      if (o.epsilon === 0) {
        bce = sigmoidCrossEntropyWithLogits(ts, p);
      } else {
        const q = clip(sigmoid(p), o.epsilon, 1 - o.epsilon);
        bce = neg(add(mul(ts, log(q)), mul(sub(1, ts), log(sub(1, q)))));
      }
    } else {
      oneMinusPt = add(mul(ts, sub(1, p)), mul(sub(1, ts), p));
      const q = clip(p, o.epsilon, 1 - o.epsilon);
      bce = neg(add(mul(ts, log(q)), mul(sub(1, ts), log(sub(1, q)))));
    }
    const factor = focalFactor(oneMinusPt, o.gamma);
    let l = factor === undefined ? bce : mul(factor, bce);
    if (o.applyClassBalancing) l = mul(add(mul(ts, o.alpha), mul(sub(1, ts), 1 - o.alpha)), l);
    if (o.classWeights !== null) l = mul(l, classVector(o.classWeights, p.shape, -1, 'binaryFocal.classWeights'));
    return o.axis === null ? l : mean(l, o.axis);
  },
});

/**
 * Categorical focal cross-entropy: −Σ_k α·(1 − p_k)^γ·t_k·log p_k.
 *
 * @remarks As Keras's `CategoricalFocalCrossentropy`: logits go through a softmax, rows are
 * renormalised and clipped to [1e-7, 1 − 1e-7], and the clipped probability enters the focal
 * factor too. Keras's list-valued `alpha` is `classWeights` here (times the scalar α).
 */
export const categoricalFocal = defineLoss<{
  alpha: number; gamma: number; fromLogits: boolean; labelSmoothing: number; epsilon: number; normalize: boolean; axis: number; classWeights: ClassWeights;
}>({
  metadata: {
    id: 'categoricalFocal',
    title: 'Categorical focal cross-entropy',
    task: 'classification',
    description: 'Categorical cross-entropy scaled by α(1 − p_k)^γ per class: for imbalanced multi-class problems.',
    formula: '\\ell(p, t) = -\\sum_k \\alpha\\, w_k\\, (1 - p_k)^{\\gamma}\\, t_k \\log p_k',
    predictions: 'class probabilities along axis, or logits with fromLogits',
    targets: 'one-hot or soft labels, same shape as predictions',
    targetKind: 'values',
    defaultReduction: 'mean',
    frameworks: {
      keras: 'keras.losses.CategoricalFocalCrossentropy(alpha, gamma, from_logits, label_smoothing, axis) — reduction "sum-over-batch-size"; a list alpha: classWeights',
    },
  },
  params: {
    alpha: { type: 'number', default: 0.25, min: 0, description: 'A weight for every class (Keras: 0.25, the paper\'s value).' },
    gamma,
    fromLogits, labelSmoothing,
    epsilon: focalEpsilon,
    normalize: { type: 'boolean', default: true, description: 'Divide probabilities by their sum over the class axis first, as Keras does.' },
    axis: { type: 'axis', default: -1, description: 'The class axis.' },
    classWeights,
  },
  validate: (o) => needsClipOrLogits('categoricalFocal', o),
  checkData: (inputs, o) => checkProbabilityInputs(inputs, o.fromLogits, o.classWeights, 'categoricalFocal.classWeights', o.axis),
  perSample: (p, t, o) => {
    const ts = smooth(t, o.labelSmoothing, sizeOf(p, o.axis));
    let logP: Value;
    let prob: Value;
    if (o.fromLogits && o.epsilon === 0) {
      logP = logSoftmax(p, o.axis);
      prob = exp(logP);
    } else {
      const q = o.fromLogits ? softmax(p, o.axis) : p;
      prob = clip(o.normalize ? div(q, sum(q, o.axis, true)) : q, o.epsilon, 1 - o.epsilon);
      logP = log(prob);
    }
    const factor = focalFactor(sub(1, prob), o.gamma);
    const weighted = o.classWeights === null ? mul(ts, o.alpha) : mul(ts, mul(classVector(o.classWeights, p.shape, o.axis, 'categoricalFocal.classWeights'), o.alpha));
    const term = mul(weighted, neg(logP));
    return sum(factor === undefined ? term : mul(factor, term), o.axis);
  },
});
