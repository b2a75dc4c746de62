import { fail } from '../errors/losskit-error.js';
import type { HostTensor } from '../tensor/host-tensor.js';
import { type LabelsLike, type ValuesLike, labelPair, readValues } from './labels.js';

function rows(t: HostTensor, where: string): { n: number; k: number } {
  if (t.shape.length === 0) fail('SHAPE_MISMATCH', 'expected predictions with a batch axis, got a scalar', where);
  const n = t.shape[0] as number;
  if (n === 0) fail('EMPTY', 'no samples', where);
  return { n, k: t.data.length / n };
}

function argmaxRow(d: ArrayLike<number>, offset: number, k: number): number {
  let best = 0;
  for (let c = 1; c < k; c++) if ((d[offset + c] as number) > (d[offset + best] as number)) best = c;
  return best;
}

function sparseLabels(labels: HostTensor, n: number, classes: number, where: string): Int32Array {
  if (labels.data.length !== n) fail('SHAPE_MISMATCH', `${labels.data.length} labels for ${n} samples`, where);
  const out = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    const v = labels.data[i] as number;
    if (!Number.isInteger(v) || v < 0 || v >= classes) fail('LABEL_OUT_OF_RANGE', `label ${v} at index ${i} is not a class in [0, ${classes})`, where);
    out[i] = v;
  }
  return out;
}

/**
 * Keras's `BinaryAccuracy`: the fraction of elements where `prediction > threshold` equals the
 * 0/1 target. Use threshold 0 for logits.
 */
export function binaryAccuracy(predictions: ValuesLike, targets: ValuesLike, options: { readonly threshold?: number } = {}): number {
  const p = readValues(predictions, 'binaryAccuracy.predictions');
  const t = readValues(targets, 'binaryAccuracy.targets');
  const threshold = options.threshold ?? 0.5;
  if (p.data.length !== t.data.length) fail('SHAPE_MISMATCH', `${p.data.length} predictions for ${t.data.length} targets`, 'binaryAccuracy');
  if (p.data.length === 0) fail('EMPTY', 'no samples', 'binaryAccuracy');
  let right = 0;
  for (let i = 0; i < p.data.length; i++) {
    const y = t.data[i] as number;
    if (y !== 0 && y !== 1) fail('LABEL_OUT_OF_RANGE', `targets must be 0 or 1, found ${y} at index ${i}`, 'binaryAccuracy.targets');
    if (((p.data[i] as number) > threshold ? 1 : 0) === y) right++;
  }
  return right / p.data.length;
}

/** Keras's `CategoricalAccuracy`: argmax of the scores against argmax of one-hot targets, per row. */
export function categoricalAccuracy(predictions: ValuesLike, targets: ValuesLike): number {
  const p = readValues(predictions, 'categoricalAccuracy.predictions');
  const t = readValues(targets, 'categoricalAccuracy.targets');
  const { n, k } = rows(p, 'categoricalAccuracy.predictions');
  if (t.data.length !== p.data.length) fail('SHAPE_MISMATCH', `one-hot targets hold ${t.data.length} values, predictions ${p.data.length}`, 'categoricalAccuracy.targets');
  let right = 0;
  for (let i = 0; i < n; i++) if (argmaxRow(p.data, i * k, k) === argmaxRow(t.data, i * k, k)) right++;
  return right / n;
}

/** Keras's `SparseCategoricalAccuracy`: argmax of [n, classes] scores against integer labels. */
export function sparseCategoricalAccuracy(predictions: ValuesLike, labels: ValuesLike): number {
  const p = readValues(predictions, 'sparseCategoricalAccuracy.predictions');
  const { n, k } = rows(p, 'sparseCategoricalAccuracy.predictions');
  const y = sparseLabels(readValues(labels, 'sparseCategoricalAccuracy.labels'), n, k, 'sparseCategoricalAccuracy.labels');
  let right = 0;
  for (let i = 0; i < n; i++) if (argmaxRow(p.data, i * k, k) === y[i]) right++;
  return right / n;
}

/**
 * The fraction of samples whose true class is among the `k` highest scores (scikit-learn's
 * `top_k_accuracy_score`, Keras's `SparseTopKCategoricalAccuracy`). `labels` are integer classes
 * or, with the shape of the scores, one-hot rows (Keras's `TopKCategoricalAccuracy`).
 *
 * @remarks Ties at the boundary count as in the top k, as `tf.math.in_top_k` does: a sample is
 * right when fewer than k classes score strictly higher than its own.
 */
export function topKAccuracy(predictions: ValuesLike, labels: ValuesLike, options: { readonly k?: number; readonly normalize?: boolean } = {}): number {
  const p = readValues(predictions, 'topKAccuracy.predictions');
  const { n, k: classes } = rows(p, 'topKAccuracy.predictions');
  const k = options.k ?? 5;
  if (!Number.isInteger(k) || k < 1) fail('BAD_PARAM', `k must be an integer ≥ 1, got ${k}`, 'topKAccuracy.k');
  const l = readValues(labels, 'topKAccuracy.labels');
  const y = l.data.length === p.data.length && classes > 1
    ? Int32Array.from({ length: n }, (_, i) => argmaxRow(l.data, i * classes, classes))
    : sparseLabels(l, n, classes, 'topKAccuracy.labels');
  let right = 0;
  for (let i = 0; i < n; i++) {
    const own = p.data[i * classes + (y[i] as number)] as number;
    let higher = 0;
    for (let c = 0; c < classes; c++) if ((p.data[i * classes + c] as number) > own) higher++;
    if (higher < k) right++;
  }
  return options.normalize === false ? right : right / n;
}

/**
 * Accuracy of a model's outputs: [n, classes] scores (argmax wins) against integer labels or
 * one-hot rows, or [n] / [n, 1] binary scores cut at `threshold` (0 for logits, 0.5 for
 * probabilities) against 0/1 labels.
 */
export function accuracy(predictions: ValuesLike, labels: ValuesLike, options: { readonly threshold?: number } = {}): number {
  const p = readValues(predictions, 'accuracy.predictions');
  const { k } = rows(p, 'accuracy.predictions');
  if (k === 1) return binaryAccuracy(p, labels, options);
  const l = readValues(labels, 'accuracy.labels');
  return l.data.length === p.data.length ? categoricalAccuracy(p, l) : sparseCategoricalAccuracy(p, l);
}

/**
 * scikit-learn's `accuracy_score`: the fraction (or, with `normalize: false`, the number) of
 * samples whose predicted label equals the true one. For 2-D label arrays (multi-label), a
 * sample is right only when its whole row matches.
 */
export function accuracyScore(yTrue: LabelsLike, yPred: LabelsLike, options: { readonly normalize?: boolean } = {}): number {
  const { t, p } = labelPair(yTrue, yPred, 'accuracyScore');
  const shape = Array.isArray(yTrue) ? [t.length] : (yTrue as { shape: readonly number[] }).shape;
  const n = shape.length === 2 ? (shape[0] as number) : t.length;
  const width = t.length / n;
  let right = 0;
  for (let i = 0; i < n; i++) {
    let ok = true;
    for (let j = 0; j < width && ok; j++) ok = t[i * width + j] === p[i * width + j];
    if (ok) right++;
  }
  return options.normalize === false ? right : right / n;
}
