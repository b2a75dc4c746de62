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
    case 'erf': return tf.erf(a);
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
    case 'sum': return accurateSum(tf, a, axes, at.keepDims ?? false, false);
    case 'mean': return accurateSum(tf, a, axes, at.keepDims ?? false, true);
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

const BLOCK_THRESHOLD = 8192;

/**
 * Sums in blocks of about √n, then sums the block sums: tfjs-wasm accumulates a float32 sum in
 * one running total, whose error grows with n (a million-element mean that cancels comes out
 * wrong in the first digit); two levels keep it near float32's pairwise bound.
 */
function accurateSum(tf: Tfjs, x: TfTensor, axes: number[], keepDims: boolean, mean: boolean): TfTensor {
  const rank = x.shape.length;
  const reduced = axes.reduce((p, i) => p * (x.shape[i] as number), 1);
  if (reduced <= BLOCK_THRESHOLD || x.dtype !== 'float32') return mean ? tf.mean(x, axes, keepDims) : tf.sum(x, axes, keepDims);
  const kept = Array.from({ length: rank }, (_, i) => i).filter((i) => !axes.includes(i));
  const outer = kept.map((i) => x.shape[i] as number);
  const moved = kept.length + axes.length === rank && axes.every((ax, i) => ax === kept.length + i) ? x : tf.transpose(x, [...kept, ...axes]);
  let block = Math.floor(Math.sqrt(reduced));
  while (block > 1 && reduced % block !== 0 && block * 4 > Math.sqrt(reduced)) block--;
  const blocks = Math.ceil(reduced / block);
  let flat = tf.reshape(moved, [...outer, reduced]);
  if (blocks * block !== reduced) flat = tf.pad(flat, [...outer.map((): [number, number] => [0, 0]), [0, blocks * block - reduced]]);
  let total = tf.sum(tf.sum(tf.reshape(flat, [...outer, blocks, block]), -1), -1);
  if (mean) total = tf.div(total, tf.scalar(reduced, 'float32'));
  return keepDims ? tf.reshape(total, x.shape.map((d, i) => (axes.includes(i) ? 1 : d))) : total;
}
