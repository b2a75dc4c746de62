import { fail } from '../errors/losskit-error.js';
import { type CompositeOp, type Value, createNode } from './node.js';
import { abs, add, exp, log, log1p, max, mul, neg, reciprocal, relu, squeeze, sub, sum } from './ops.js';
import { broadcastShapes, normalizeAxes, normalizeAxis, reducedShape, sameShape, formatShape } from './shape.js';

function requireFloat(op: CompositeOp, ...xs: Value[]): void {
  for (const x of xs) if (x.dtype !== 'float') fail('DTYPE', `${op} takes float, got ${x.dtype}`, op);
}

/** log Σ exp(x) over `axes`, computed as m + log Σ exp(x − m) with m the maximum. */
export function logSumExp(x: Value, axes?: number | readonly number[], keepDims = false): Value {
  requireFloat('logSumExp', x);
  const ax = normalizeAxes(axes, x.shape.length, 'logSumExp');
  return createNode('logSumExp', [x], { axes: ax, keepDims }, reducedShape(x.shape, ax, keepDims), 'float');
}

export function logSoftmax(x: Value, axis = -1): Value {
  requireFloat('logSoftmax', x);
  return createNode('logSoftmax', [x], { axis: normalizeAxis(axis, x.shape.length, 'logSoftmax') }, x.shape, 'float');
}

export function softmax(x: Value, axis = -1): Value {
  requireFloat('softmax', x);
  return createNode('softmax', [x], { axis: normalizeAxis(axis, x.shape.length, 'softmax') }, x.shape, 'float');
}

/**
 * Elementwise binary cross-entropy of `labels` against `logits`:
 * max(x, 0) − x·z + log(1 + exp(−|x|)), exact for logits of any size.
 */
export function sigmoidCrossEntropyWithLogits(labels: Value, logits: Value): Value {
  requireFloat('sigmoidCrossEntropyWithLogits', labels, logits);
  const shape = broadcastShapes(labels.shape, logits.shape, 'sigmoidCrossEntropyWithLogits');
  return createNode('sigmoidCrossEntropyWithLogits', [labels, logits], {}, shape, 'float');
}

/** −Σ labels · logSoftmax(logits) over `axis`; labels may be soft. The axis is removed. */
export function softmaxCrossEntropyWithLogits(labels: Value, logits: Value, axis = -1, options: { readonly labelsSumToOne?: boolean } = {}): Value {
  requireFloat('softmaxCrossEntropyWithLogits', labels, logits);
  if (!sameShape(labels.shape, logits.shape)) {
    fail('SHAPE_MISMATCH', `labels ${formatShape(labels.shape)} and logits ${formatShape(logits.shape)} must have one shape`, 'softmaxCrossEntropyWithLogits');
  }
  const a = normalizeAxis(axis, logits.shape.length, 'softmaxCrossEntropyWithLogits');
  const attrs = options.labelsSumToOne ? { axis: a, labelsSumToOne: true } : { axis: a };
  return createNode('softmaxCrossEntropyWithLogits', [labels, logits], attrs, reducedShape(logits.shape, [a], false), 'float');
}

/**
 * The same value in primitive ops, numerically stable, for backends without a native kernel.
 * The reference backend runs composites this way too.
 */
export function decompose(node: Value, inputs: readonly Value[]): Value {
  const [x, y] = inputs as [Value, Value];
  switch (node.op) {
    case 'logSumExp': {
      const axes = node.attrs.axes ?? [];
      const m = max(x, axes, true);
      const lse = add(log(sum(exp(sub(x, m)), axes, true)), m);
      return node.attrs.keepDims ? lse : squeeze(lse, axes);
    }
    case 'logSoftmax': {
      const axis = node.attrs.axis ?? -1;
      const shifted = sub(x, max(x, axis, true));
      return sub(shifted, log(sum(exp(shifted), axis, true)));
    }
    case 'softmax': {
      const axis = node.attrs.axis ?? -1;
      const e = exp(sub(x, max(x, axis, true)));
      return mul(e, reciprocal(sum(e, axis, true)));
    }
    case 'sigmoidCrossEntropyWithLogits':
      // x = logits (y), z = labels (x)
      return add(sub(relu(y), mul(y, x)), log1p(exp(neg(abs(y)))));
    case 'softmaxCrossEntropyWithLogits':
      // Through logSoftmax, which backends with a native kernel keep.
      return neg(sum(mul(x, logSoftmax(y, node.attrs.axis ?? -1)), node.attrs.axis ?? -1, false));
    default:
      return fail('UNKNOWN_OP', `${node.op} is not a composite op`, 'decompose');
  }
}
