import { fail } from '../errors/losskit-error.js';
import type { Dim, Value } from '../graph/node.js';
import {
  abs, add, cast, constant, constantTensor, div, exp, greaterEqual, log1p, min, mul, neg, notEqual, oneHot, relu, reshape, sizeOf, sub, sum, where,
} from '../graph/ops.js';
import type { HostTensor } from '../tensor/host-tensor.js';
import { checkLabelSet, checkProbabilities } from './data-checks.js';
import type { LossInputs, ParamSpec, PerSampleLoss } from './loss.js';

/** Parameters shared by the classification losses. */
export const fromLogits: ParamSpec = { type: 'boolean', default: false, description: 'Predictions are logits (unnormalised scores) rather than probabilities.' };
export const labelSmoothing: ParamSpec = { type: 'number', default: 0, min: 0, max: 1, description: 'Mix the targets with the uniform distribution: t(1 − s) + s/K.' };
export const epsilon: ParamSpec = {
  type: 'number', default: 1e-7, min: 0, below: 0.5,
  description: 'Probabilities are clipped to [ε, 1 − ε] before the log (Keras: 1e-7; PyTorch: 0 with logFloor −100).',
};
export const classWeights: ParamSpec = {
  type: 'numbers', default: null, nullable: true, min: 0,
  description: 'One weight per class (PyTorch\'s `weight`), multiplying each class\'s term; with integer labels the mean divides by Σ w_{y_n}, as PyTorch does. null: all 1.',
};
export const ignoreIndex: ParamSpec = { type: 'integer', default: null, nullable: true, description: 'A label value whose samples are skipped (PyTorch: -100).' };
export const targetEncoding: ParamSpec = {
  type: 'enum', default: 'auto', values: ['auto', 'signed', 'binary'],
  description: 'auto: {0,1} labels become {-1,1}; signed: labels are ±1; binary: labels are {0,1}.',
};

export const axisParam: ParamSpec = {
  type: 'axis', default: null, nullable: true,
  description: 'Average over this axis first, as Keras does with -1 (null: elementwise, as PyTorch and tfjs).',
};

export type ClassWeights = number | readonly number[] | null;

/** The class count along `axis` of a concrete shape. */
export function classCount(shape: readonly number[], axis = -1): number {
  return shape[axis < 0 ? shape.length + axis : axis] as number;
}

/** A per-class vector must have one entry per class: checked on concrete shapes at prepare time. */
export function checkClassVector(w: ClassWeights, classes: Dim, where: string): void {
  if (w === null || typeof w === 'number' || typeof classes !== 'number') return;
  if (w.length !== classes) fail('SHAPE_MISMATCH', `expected ${classes} entries, one per class of the predictions, got ${w.length}`, where);
}

/**
 * A per-class vector (or one number) as a constant laid along `axis` of a value of this shape
 * (`[K, 1, …]` for a class axis that is not last), so that it broadcasts against it. The length
 * is checked here whenever the class axis is concrete, so tracing fails as early as preparing.
 */
export function classVector(w: number | readonly number[], shape: readonly Dim[], axis: number, where: string): Value {
  if (typeof w === 'number') return constant(w);
  const a = axis < 0 ? shape.length + axis : axis;
  checkClassVector(w, shape[a] as Dim, where);
  const along = shape.map((_, i) => (i === a ? w.length : 1)).slice(a);
  return constantTensor({ dtype: 'float64', shape: along, data: Float64Array.from(w) });
}

export function smooth(t: Value, s: number, classes: Value): Value {
  return s === 0 ? t : add(mul(t, 1 - s), div(s, classes));
}

/** Integer labels with the class axis dropped: `[N]` or `[N, 1]` against `[N, K]` predictions. */
export function squeezeLabels(p: Value, labels: Value): Value {
  if (p.shape.length === 0) fail('SHAPE_MISMATCH', 'predictions need a class axis', 'predictions');
  return labels.shape.length === p.shape.length ? reshape(labels, labels.shape.slice(0, -1)) : labels;
}

/** Targets built from integer labels, for Σ_c t_c·f(p_c) over the class (last) axis. */
export interface LabelTargets {
  /** Smoothed one-hot rows, times the class weights; a zero row for an ignored sample. */
  readonly targets: Value;
  /** The one-hot rows (zero for an ignored sample), unsmoothed and unweighted. */
  readonly oneHot: Value;
  readonly mask?: Value | undefined;
  readonly meanWeight?: Value | undefined;
}

/**
 * One-hot targets from labels with label smoothing, class weights and an ignored label. The
 * weighted per-sample loss is Σ_c w_c·t_c·f(p_c), and the mean divides by Σ w_{y_n}: PyTorch's
 * `CrossEntropyLoss(weight, label_smoothing)` and `NLLLoss(weight)`.
 */
export function labelTargets(p: Value, labels: Value, o: { readonly labelSmoothing: number; readonly ignoreIndex: number | null; readonly classWeights: ClassWeights }, at: string): LabelTargets {
  const y = squeezeLabels(p, labels);
  const classes = p.shape[p.shape.length - 1] as Dim;
  const valid = o.ignoreIndex === null ? undefined : notEqual(y, o.ignoreIndex);
  // An ignored sample gets index −1, out of range: a zero target row (oneHot's contract), so
  // its loss and gradient are exactly 0 even where log p is −∞.
  const hot = oneHot(valid === undefined ? y : where(valid, y, -1), classes);
  let targets = smooth(hot, o.labelSmoothing, sizeOf(p, -1));
  let meanWeight: Value | undefined;
  if (o.classWeights !== null) {
    const w = classVector(o.classWeights, p.shape, -1, at);
    targets = mul(targets, w);
    meanWeight = sum(mul(hot, w), -1);
  }
  return { targets, oneHot: hot, mask: valid === undefined ? undefined : cast(valid, 'float'), meanWeight };
}

/** The per-sample loss Σ_c t_c·f_c over the last axis, with the label targets' mask and mean weights. */
export function labelLoss(terms: Value, lt: LabelTargets): PerSampleLoss {
  return { loss: sum(mul(lt.targets, terms), -1), mask: lt.mask, meanWeight: lt.meanWeight };
}

/** Labels in {−1, 1} from targets in the given encoding (`auto`: {0, 1} becomes {−1, 1}, as Keras). */
export function signedTargets(t: Value, encoding: string): Value {
  const binary = sub(mul(t, 2), 1);
  return encoding === 'signed' ? t : encoding === 'binary' ? binary : where(greaterEqual(min(t), 0), binary, t);
}

export function checkTargetEncoding(t: HostTensor, encoding: string, where: string): void {
  const allowed = encoding === 'signed' ? [-1, 1] : encoding === 'binary' ? [0, 1] : [-1, 0, 1];
  checkLabelSet(t, allowed, where);
  if (encoding === 'auto' && t.data.includes(0) && t.data.includes(-1)) fail('LABEL_OUT_OF_RANGE', 'labels mix 0 and -1; use {-1, 1} or {0, 1}', where);
}

/** log(1 + e^x) without overflow for any x: max(x, 0) + log1p(e^{−|x|}). */
export function stableSoftplus(x: Value): Value {
  return add(relu(x), log1p(exp(neg(abs(x)))));
}

/**
 * The data checks of a loss on probability (or soft) targets: predictions are probabilities
 * unless they are logits, and `classWeights` has one entry per class along `axis`.
 */
export function checkProbabilityInputs(inputs: LossInputs, fromLogits: boolean, weights: ClassWeights, where: string, axis = -1): void {
  if (!fromLogits) checkProbabilities(inputs.predictions, 'predictions');
  checkProbabilities(inputs.targets, 'targets');
  checkClassVector(weights, classCount(inputs.predictions.shape, axis), where);
}
