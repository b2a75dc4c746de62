import { fail } from '../errors/losskit-error.js';
import { logSoftmax, logSumExp, softmaxCrossEntropyWithLogits } from '../graph/composites.js';
import type { Value } from '../graph/node.js';
import {
  add, cast, constantTensor, div, equal, exp, expandDims, gather, greaterEqual, less, log, logicalAnd, logicalOr, maximum, mul, neg, notEqual, oneHot, sub, sum, where,
} from '../graph/ops.js';
import { formatShape } from '../graph/shape.js';
import { checkLabels } from './data-checks.js';
import { defineLoss, type LossInputs } from './loss.js';
import { pick } from './packed.js';

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

/** Stands in for log 0 in the CTC recursion: exp of it is 0, and unlike −∞ it never makes ∞ − ∞ = NaN. */
const LOG_ZERO = -1e30;

const ints = (values: readonly number[]): Value => constantTensor({ dtype: 'int32', shape: [values.length], data: Int32Array.from(values) });
const flags = (values: readonly boolean[]): Value => notEqual(ints(values.map(Number)), 0);

/** log(e^a + e^b + e^c), elementwise and stable: the shift m cancels from the value and from the gradient. */
function logSumExp3(a: Value, b: Value, c: Value): Value {
  const m = maximum(maximum(a, b), c);
  return add(m, log(add(add(exp(sub(a, m)), exp(sub(b, m))), exp(sub(c, m)))));
}

type CtcOptions = {
  blank: number;
  fromLogits: boolean;
  zeroInfinity: boolean;
  divideByTargetLength: boolean;
  inputLengthsInTargets: boolean;
};

function checkCtcData(inputs: LossInputs, o: CtcOptions): void {
  const [n, frames, classes] = inputs.predictions.shape as [number, number, number];
  if (o.blank >= classes) fail('BAD_PARAM', `blank ${o.blank} is not a class of predictions with ${classes} classes`, 'ctc.blank');
  if (!o.fromLogits) {
    const d = inputs.predictions.data;
    for (let i = 0; i < d.length; i++) {
      if (!((d[i] as number) <= 0)) fail('NOT_A_PROBABILITY', `expected log-probabilities (≤ 0), found ${d[i]} at index ${i}; pass logits with fromLogits: true`, 'predictions');
    }
  }
  const t = inputs.targets.data;
  const width = inputs.targets.shape[1] as number;
  const first = o.inputLengthsInTargets ? 1 : 0;
  for (let row = 0; row < n; row++) {
    if (o.inputLengthsInTargets) {
      const length = t[row * width] as number;
      if (length < 1 || length > frames) fail('LABEL_OUT_OF_RANGE', `input length ${length} of sequence ${row} is outside [1, ${frames}]`, 'targets');
    }
    let padded = false;
    for (let k = first; k < width; k++) {
      const v = t[row * width + k] as number;
      if (v === -1) {
        padded = true;
      } else if (padded) {
        fail('LABEL_OUT_OF_RANGE', `sequence ${row} has label ${v} after −1 padding at position ${k}; padding must come last`, 'targets');
      } else if (v < 0 || v >= classes || v === o.blank) {
        fail('LABEL_OUT_OF_RANGE', `expected labels in [0, ${classes}) other than the blank ${o.blank}, or −1 padding; found ${v} in sequence ${row} at position ${k}`, 'targets');
      }
    }
  }
}

/**
 * Connectionist temporal classification (Graves et al. 2006): the negative log-likelihood of a
 * label sequence summed over every frame-level alignment that collapses to it (merge repeats,
 * drop blanks). The forward (α) recursion runs over the extended sequence (blank, y1, blank,
 * y2, …, blank) in log space, unrolled over the frames when the program is traced, so the frame
 * count must be concrete; gradients come from the autodiff.
 *
 * Targets [N, S] hold each label sequence padded with −1 after its end. With
 * `inputLengthsInTargets`, targets are [N, 1 + S] and column 0 holds each sequence's number of
 * frames (1 to T); frames past it are padding and count nowhere.
 *
 * @remarks PyTorch's `CTCLoss(reduction='mean')` divides each sequence's loss by its target
 * length (at least 1) before averaging: `{ reduction: 'mean', divideByTargetLength: true }`.
 * An impossible alignment (too few frames) costs +∞ as in PyTorch, or 0 with `zeroInfinity`;
 * optax's `ctc_loss` uses a finite log 0 (−1e5) there instead.
 */
export const ctc = defineLoss<CtcOptions>({
  metadata: {
    id: 'ctc',
    title: 'Connectionist temporal classification (CTC)',
    task: 'sequence',
    description: 'Speech and handwriting recognition: sequence labelling without a frame-level alignment.',
    formula: '\\ell(x, y) = -\\log \\sum_{\\pi \\in \\mathcal{B}^{-1}(y)} \\prod_t p_t(\\pi_t)',
    predictions: 'log-probabilities [N, T, C] (log-softmax over the classes), or logits with fromLogits',
    targets: 'integer labels [N, S] other than the blank, padded with −1 after each sequence; with inputLengthsInTargets, [N, 1 + S] with the input lengths in column 0',
    targetKind: 'labels',
    defaultReduction: 'mean',
    frameworks: {
      torch: 'torch.nn.CTCLoss(blank, reduction, zero_infinity) on (T, N, C) log-probs — reduction "mean" needs divideByTargetLength: true; input_lengths via inputLengthsInTargets',
      optax: 'optax.losses.ctc_loss(logits, logit_paddings, labels, label_paddings, blank_id) — fromLogits: true, reduction "none"',
      keras: 'keras.losses.CTC() — fromLogits: true, reduction "sum-over-batch-size"',
    },
  },
  params: {
    blank: { type: 'integer', default: 0, min: 0, description: 'The class index of the blank.' },
    fromLogits: { type: 'boolean', default: false, description: 'Predictions are logits; a log-softmax over the classes is applied first.' },
    zeroInfinity: { type: 'boolean', default: false, description: 'An impossible alignment costs 0 instead of +∞ (PyTorch\'s zero_infinity).' },
    divideByTargetLength: { type: 'boolean', default: false, description: 'Divide each sequence\'s loss by its target length (at least 1), as PyTorch\'s mean does.' },
    inputLengthsInTargets: { type: 'boolean', default: false, description: 'Column 0 of the targets holds each sequence\'s number of frames; the labels follow.' },
  },
  checkShapes: (p, t) => {
    if (p.length !== 3 || t.length !== 2 || t[0] !== p[0]) {
      fail('SHAPE_MISMATCH', `expected predictions [N, T, C] and targets [N, S] (or [N, 1 + S] with input lengths), got ${formatShape(p)} and ${formatShape(t)}`, 'targets');
    }
  },
  checkData: checkCtcData,
  perSample: (p, targets, o) => {
    const frames = p.shape[1];
    const width = targets.shape[1];
    if (typeof frames !== 'number' || typeof width !== 'number') {
      return fail('SHAPE_MISMATCH', `ctc unrolls over the frames: T and S must be concrete, got ${formatShape(p.shape)} and ${formatShape(targets.shape)}`, 'predictions');
    }
    const logProbs = o.fromLogits ? logSoftmax(p, -1) : p;
    const first = o.inputLengthsInTargets ? 1 : 0;
    const labels = o.inputLengthsInTargets ? gather(targets, ints(Array.from({ length: width - 1 }, (_, k) => k + 1)), 1) : targets;
    const states = 2 * (width - first) + 1;
    const index = Array.from({ length: states }, (_, s) => s);
    // the extended sequence: blanks at even states, labels (or −1 padding) at odd ones
    const ext = where(flags(index.map((s) => s % 2 === 1)), gather(labels, ints(index.map((s) => (s - 1) >> 1 < 0 ? 0 : (s - 1) >> 1)), 1), o.blank);
    // emissions [N, T, states]: log p_t(ext_s); padding's all-zero one-hot row gives 0, never read
    const emissions = sum(mul(expandDims(logProbs, 2), expandDims(oneHot(ext, p.shape[2] as number | string), 1)), -1);
    const prev1 = ints(index.map((s) => Math.max(s - 1, 0)));
    const prev2 = ints(index.map((s) => Math.max(s - 2, 0)));
    const hasPrev = flags(index.map((s) => s >= 1));
    // a label may be reached from two states back unless it repeats the label there (or is a blank)
    const skip = logicalAnd(flags(index.map((s) => s >= 2)), logicalAnd(notEqual(ext, o.blank), notEqual(ext, gather(ext, prev2, 1))));
    const inputLengths = o.inputLengthsInTargets ? pick(targets, 1, 0) : undefined;

    let alpha = where(flags(index.map((s) => s <= 1)), pick(emissions, 1, 0), LOG_ZERO);
    for (let t = 1; t < frames; t++) {
      const next = add(logSumExp3(alpha, where(hasPrev, gather(alpha, prev1, 1), LOG_ZERO), where(skip, gather(alpha, prev2, 1), LOG_ZERO)), pick(emissions, 1, t));
      alpha = inputLengths === undefined ? next : where(expandDims(less(t, inputLengths), 1), next, alpha);
    }
    const targetLengths = sum(cast(greaterEqual(labels, 0), 'int'), 1);
    const ends = mul(expandDims(targetLengths, 1), 2);
    const final = logicalOr(equal(ints(index), ends), equal(ints(index), sub(ends, 1)));
    const logLikelihood = logSumExp(where(final, alpha, LOG_ZERO), -1);
    const loss = where(less(logLikelihood, LOG_ZERO / 2), o.zeroInfinity ? 0 : Number.POSITIVE_INFINITY, neg(logLikelihood));
    return o.divideByTargetLength ? div(loss, maximum(cast(targetLengths, 'float'), 1)) : loss;
  },
});
