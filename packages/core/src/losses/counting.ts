import { fail } from '../errors/losskit-error.js';
import { cast, constantTensor, expandDims, greater, greaterEqual, less, logicalAnd, logicalOr, max, mul, notEqual, oneHot, reshape, sum } from '../graph/ops.js';
import { formatShape } from '../graph/shape.js';
import { checkLabels, checkLabelSet } from './data-checks.js';
import { defineLoss } from './loss.js';

/**
 * Hamming loss: the fraction of labels predicted wrong, for multi-label (or binary) targets.
 * A prediction is label 1 where it is above `threshold`. Counting has no derivative:
 * `valueAndGrad` raises `NOT_DIFFERENTIABLE`; use it to evaluate, not to train.
 *
 * @example
 * ```ts
 * // sklearn's docstring: hamming_loss([[0, 1], [1, 1]], np.zeros((2, 2))) == 0.75
 * await backend.evaluate(losses.hammingLoss(), { predictions: { shape: [2, 2], data: [0, 0, 0, 0] }, targets: { shape: [2, 2], data: [0, 1, 1, 1] } });
 * ```
 */
export const hammingLoss = defineLoss<{ threshold: number }>({
  metadata: {
    id: 'hammingLoss',
    title: 'Hamming loss',
    task: 'classification',
    description: 'The fraction of labels that are wrong: a multi-label error rate (not differentiable).',
    formula: '\\ell(p, t) = [\\, [p > \\theta] \\ne t \\,]',
    predictions: 'scores or probabilities, thresholded into labels {0, 1} (label 1 where p > threshold)',
    targets: 'labels in {0, 1}, same shape as predictions',
    targetKind: 'values',
    defaultReduction: 'mean',
    differentiable: false,
    frameworks: {
      sklearn: 'sklearn.metrics.hamming_loss(y_true, y_pred) — predictions are the labels (threshold 0.5 on {0, 1})',
      keras: '1 − keras.metrics.BinaryAccuracy(threshold) (it counts p > threshold as 1)',
    },
  },
  params: { threshold: { type: 'number', default: 0.5, description: 'Predictions above it count as label 1 (0.5 for probabilities, 0 for logits).' } },
  checkData: (inputs) => checkLabelSet(inputs.targets, [0, 1], 'targets'),
  perSample: (p, t, o) => cast(notEqual(cast(greater(p, o.threshold), 'float'), t), 'float'),
});

/**
 * Zero-one loss: 1 where the predicted class (the first index of the largest score, numpy's
 * argmax) is not the label, 0 where it is. The mean is the error rate, one minus accuracy;
 * the sum counts the misclassified samples (sklearn's `normalize=False`). Not differentiable.
 */
export const zeroOneLoss = defineLoss<Record<never, never>>({
  metadata: {
    id: 'zeroOneLoss',
    title: 'Zero-one loss',
    task: 'classification',
    description: 'The misclassification indicator of each sample; its mean is the error rate (not differentiable).',
    formula: '\\ell(p, y) = [\\operatorname{argmax}_c p_c \\ne y]',
    predictions: 'class scores or probabilities [N, C]; the predicted class is the first largest (argmax)',
    targets: 'integer labels in [0, C), shape [N]',
    targetKind: 'labels',
    defaultReduction: 'mean',
    differentiable: false,
    frameworks: {
      sklearn: 'sklearn.metrics.zero_one_loss(y_true, y_pred.argmax(1)) — reduction "sum" for normalize=False',
      keras: '1 − keras.metrics.SparseCategoricalAccuracy()',
    },
  },
  params: {},
  checkData: (inputs) => checkLabels(inputs.targets, inputs.predictions.shape[inputs.predictions.shape.length - 1] as number, null, 'targets'),
  perSample: (p, labels) => {
    const classes = p.shape[p.shape.length - 1];
    if (p.shape.length < 1 || typeof classes !== 'number') return fail('SHAPE_MISMATCH', `zeroOneLoss needs a concrete class axis, got ${formatShape(p.shape)}`, 'predictions');
    const y = labels.shape.length === p.shape.length ? reshape(labels, labels.shape.slice(0, -1)) : labels;
    const truth = sum(mul(p, oneHot(y, classes)), -1, true);
    const index = constantTensor({ dtype: 'int32', shape: [classes], data: Int32Array.from({ length: classes }, (_, i) => i) });
    // class c wins over y if it scores higher, or scores the same and comes first (argmax takes the first maximum)
    const beats = logicalOr(greater(p, truth), logicalAnd(less(index, expandDims(y, -1)), greaterEqual(p, truth)));
    return max(cast(beats, 'float'), -1);
  },
});
