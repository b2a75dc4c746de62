import { type SymbolBindings, type Value, LossKitError, resolveDims } from '@losskit/core';
import type { Tfjs, TfTensor } from './tfjs-types.js';

const TF_DTYPE = { float: 'float32', int: 'int32', bool: 'bool' } as const;

/**
 * Lowers one op of the core's closed op set to tfjs ops. Composites other than the ones with
 * an exactly matching tfjs kernel were decomposed before this point.
 */
export function lowerOp(tf: Tfjs, node: Value, x: readonly TfTensor[], symbols: SymbolBindings): TfTensor {
  const [a, b, c] = x as [TfTensor, TfTensor, TfTensor];
  const at = node.attrs;
  const axes = at.axes === undefined ? [] : [...at.axes];
  const shape = (): number[] => resolveDims(at.shape ?? [], symbols, node.op);
  switch (node.op) {
    case 'constant':
      return at.tensor !== undefined
        ? tf.tensor(Array.from(at.tensor.data), [...at.tensor.shape], TF_DTYPE[node.dtype])
        : tf.scalar(at.value ?? 0, TF_DTYPE[node.dtype]);
    case 'neg': return tf.neg(a);
    case 'abs': return tf.abs(a);
    case 'sign': return tf.sign(a);
    case 'exp': return tf.exp(a);
    case 'log': return tf.log(a);
    case 'log1p': return tf.log1p(a);
    case 'expm1': return tf.expm1(a);
    case 'sqrt': return tf.sqrt(a);
    case 'square': return tf.square(a);
    case 'reciprocal': return tf.reciprocal(a);
    case 'tanh': return tf.tanh(a);
    case 'sigmoid': return tf.sigmoid(a);
    case 'softplus': return tf.softplus(a);
    case 'relu': return tf.relu(a);
    case 'sin': return tf.sin(a);
    case 'cos': return tf.cos(a);
    case 'floor': return tf.floor(a);
    case 'round': return tf.round(a);
    case 'logicalNot': return tf.logicalNot(a);
    case 'add': return tf.add(a, b);
    case 'sub': return tf.sub(a, b);
    case 'mul': return tf.mul(a, b);
    case 'div': return tf.div(a, b);
    case 'pow': return tf.pow(a, b);
    case 'maximum': return tf.maximum(a, b);
    case 'minimum': return tf.minimum(a, b);
    case 'equal': return tf.equal(a, b);
    case 'notEqual': return tf.notEqual(a, b);
    case 'less': return tf.less(a, b);
    case 'lessEqual': return tf.lessEqual(a, b);
    case 'greater': return tf.greater(a, b);
    case 'greaterEqual': return tf.greaterEqual(a, b);
    case 'logicalAnd': return tf.logicalAnd(a, b);
    case 'logicalOr': return tf.logicalOr(a, b);
    case 'where': return tf.where(a, b, c);
    case 'cast': return tf.cast(a, TF_DTYPE[at.dtype ?? 'float']);
    case 'clip': return tf.clipByValue(a, at.min ?? -Infinity, at.max ?? Infinity);
    case 'sum': return tf.sum(a, axes, at.keepDims ?? false);
    case 'mean': return tf.mean(a, axes, at.keepDims ?? false);
    case 'max': return tf.max(a, axes, at.keepDims ?? false);
    case 'min': return tf.min(a, axes, at.keepDims ?? false);
    case 'sizeOf': return tf.scalar(axes.reduce((p, i) => p * (a.shape[i] as number), 1), 'float32');
    case 'reshape': return tf.reshape(a, shape());
    case 'broadcastTo': return tf.broadcastTo(a, shape());
    case 'transpose': return tf.transpose(a, [...(at.perm ?? [])]);
    case 'expandDims': return tf.expandDims(a, at.axis ?? 0);
    case 'squeeze': return tf.reshape(a, a.shape.filter((_, i) => !axes.includes(i)));
    case 'oneHot': {
      const depth = resolveDims([at.depth ?? 0], symbols, 'oneHot')[0] as number;
      return tf.reshape(tf.cast(tf.oneHot(tf.reshape(a, [-1]), depth), 'float32'), [...a.shape, depth]);
    }
    case 'gather': return tf.gather(a, b, at.axis ?? 0);
    case 'matmul': return tf.matMul(a, b);
    case 'logSoftmax': return tf.logSoftmax(a, at.axis ?? -1);
    case 'softmax': return tf.softmax(a, at.axis ?? -1);
    case 'logSumExp': return tf.logSumExp(a, axes, at.keepDims ?? false);
    default:
      throw new LossKitError('UNKNOWN_OP', `the tfjs adapter has no lowering for ${node.op}`, { where: node.op });
  }
}

/** Composites kept as native tfjs kernels: tfjs's softmax and logSoftmax only take the last axis. */
export function keepNative(node: Value): boolean {
  if (node.op === 'logSumExp') return true;
  if (node.op === 'softmax' || node.op === 'logSoftmax') {
    const input = node.inputs[0];
    return input !== undefined && node.attrs.axis === input.shape.length - 1;
  }
  return false;
}
