import { fail } from '../errors/losskit-error.js';
import { logSoftmax, softmaxCrossEntropyWithLogits } from '../graph/composites.js';
import type { Value } from '../graph/node.js';
import {
  add, cast, constant, constantTensor, div, equal, exp, expandDims, gather, greater, greaterEqual, log, logicalAnd, logicalNot, maximum, mul, neg, notEqual, oneHot,
  squeeze, sub, sum, where,
} from '../graph/ops.js';
import { formatShape } from '../graph/shape.js';
import type { HostTensor } from '../tensor/host-tensor.js';
import { checkLabels } from './data-checks.js';
import { defineLoss } from './loss.js';

/**
 * Cross-entropy per token of padded sequences: logits [N, T, C] against labels [N, T], where
 * label `padIndex` marks padding. Padding counts nowhere: `mean` averages over the real tokens
 * (PyTorch's `CrossEntropyLoss(ignore_index=pad)` on the flattened tokens), sample weights [N]
 * weigh whole sequences.
 */
export const maskedSequenceCrossEntropy = defineLoss<{ padIndex: number }>({
  metadata: {
    id: 'maskedSequenceCrossEntropy',
    title: 'Masked sequence cross-entropy',
    task: 'sequence',
    description: 'Language modelling and tagging: token cross-entropy over padded sequences, averaged over the real tokens only.',
    formula: '\\ell = \\frac{\\sum_{n,t} [y_{nt} \\ne \\text{pad}] \\cdot -\\log \\operatorname{softmax}(x_{nt})_{y_{nt}}}{\\sum_{n,t} [y_{nt} \\ne \\text{pad}]}',
    predictions: 'logits [N, T, C]',
    targets: 'integer labels in [0, C) [N, T]; padIndex (default −1) marks padding',
    targetKind: 'labels',
    defaultReduction: 'mean',
    frameworks: {
      torch: 'torch.nn.CrossEntropyLoss(ignore_index=pad)(logits.transpose(1, 2), labels)',
      keras: 'keras.losses.SparseCategoricalCrossentropy(from_logits=True, ignore_class=pad) — reduction "sum-over-batch-size"',
      optax: 'optax.losses.softmax_cross_entropy_with_integer_labels(logits, labels, where=labels != pad).sum() / (labels != pad).sum()',
    },
  },
  params: { padIndex: { type: 'integer', default: -1, description: 'The label of padding positions (−1: no class is lost; 0 where token id 0 is padding).' } },
  checkShapes: (p, t) => {
    if (p.length !== 3 || t.length !== 2 || p[0] !== t[0] || p[1] !== t[1]) {
      fail('SHAPE_MISMATCH', `expected logits [N, T, C] and labels [N, T], got ${formatShape(p)} and ${formatShape(t)}`, 'targets');
    }
  },
  checkData: (inputs, o) => checkLabels(inputs.targets, inputs.predictions.shape[2] as number, o.padIndex, 'targets'),
  perSample: (logits, labels, o) => {
    const real = notEqual(labels, o.padIndex);
    // padding gets index −1: oneHot's zero row, so its loss and gradient are exactly 0
    const loss = softmaxCrossEntropyWithLogits(oneHot(where(real, labels, -1), logits.shape[2] as number | string), logits, -1, { labelsSumToOne: true });
    return { loss, mask: cast(real, 'float') };
  },
});
