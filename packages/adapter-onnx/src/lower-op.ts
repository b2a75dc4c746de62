import { type Value, LossKitError } from '@losskit/core';
import { type GraphBuilder, attr } from './graph-builder.js';
import { DataType } from './onnx-proto.js';

const SIMPLE: Readonly<Record<string, string>> = {
  neg: 'Neg', abs: 'Abs', sign: 'Sign', exp: 'Exp', log: 'Log', sqrt: 'Sqrt', reciprocal: 'Reciprocal', tanh: 'Tanh',
  sigmoid: 'Sigmoid', relu: 'Relu', sin: 'Sin', cos: 'Cos', floor: 'Floor', round: 'Round', logicalNot: 'Not',
  add: 'Add', sub: 'Sub', mul: 'Mul', div: 'Div', pow: 'Pow', maximum: 'Max', minimum: 'Min', equal: 'Equal',
  less: 'Less', lessEqual: 'LessOrEqual', greater: 'Greater', greaterEqual: 'GreaterOrEqual',
  logicalAnd: 'And', logicalOr: 'Or', where: 'Where', matmul: 'MatMul',
};
const REDUCE: Readonly<Record<string, string>> = { sum: 'ReduceSum', mean: 'ReduceMean', max: 'ReduceMax', min: 'ReduceMin' };

/** Composites kept as one native ONNX op: their ONNX semantics are exactly the core's. */
export function keepNative(node: Value): boolean {
  return node.op === 'softmax' || node.op === 'logSoftmax';
}

/**
 * Lowers one op onto ONNX operators (opset 18). Where ONNX has no operator with exactly the
 * op's semantics, a composition: log1p, expm1, a stable softplus, oneHot through Equal with a
 * Range (ONNX's OneHot wraps negative indices; losskit's gives a zero row).
 */
export function lowerOp(g: GraphBuilder, node: Value, x: readonly string[]): string {
  const [a = '', b = '', c = ''] = x;
  const at = node.attrs;
  const float = (v: number): string => g.constant(g.floatType, [], [v]);
  const simple = SIMPLE[node.op];
  if (simple !== undefined) return g.node(simple, x);
  const reduce = REDUCE[node.op];
  if (reduce !== undefined) {
    const axes = at.axes ?? [];
    if (axes.length === 0) return g.node('Identity', [a]);
    if ((node.op === 'sum' || node.op === 'mean') && node.dtype === 'float') {
      const blocked = blockedSum(g, node.inputs[0] as Value, a, axes, at.keepDims === true, node.op === 'mean');
      if (blocked !== undefined) return blocked;
    }
    return g.node(reduce, [a, g.int64s(axes)], [attr.int('keepdims', at.keepDims ? 1 : 0)]);
  }
  switch (node.op) {
    case 'constant':
      return at.tensor !== undefined
        ? g.constant(g.elemType(node.dtype), at.tensor.shape, at.tensor.data)
        : g.constant(g.elemType(node.dtype), [], [at.value ?? 0]);
    case 'log1p': return g.node('Log', [g.node('Add', [a, float(1)])]);
    case 'expm1': return g.node('Sub', [g.node('Exp', [a]), float(1)]);
    case 'square': return g.node('Mul', [a, a]);
    case 'softplus':
      // max(x, 0) + log(1 + e^−|x|): exact for any x, unlike log(1 + e^x)
      return g.node('Add', [g.node('Relu', [a]), g.node('Log', [g.node('Add', [g.node('Exp', [g.node('Neg', [g.node('Abs', [a])])]), float(1)])])]);
    case 'notEqual': return g.node('Not', [g.node('Equal', [a, b])]);
    case 'cast': return g.node('Cast', [a], [attr.int('to', g.elemType(at.dtype ?? 'float'))]);
    case 'clip': return g.node('Clip', [a, float(at.min ?? -Infinity), float(at.max ?? Infinity)]);
    case 'sizeOf': {
      const shape = g.node('Shape', [a]);
      const picked = g.node('Gather', [shape, g.int64s(at.axes ?? [])], [attr.int('axis', 0)]);
      return g.node('Cast', [g.node('ReduceProd', [picked], [attr.int('keepdims', 0)])], [attr.int('to', g.floatType)]);
    }
    case 'reshape': return g.node('Reshape', [a, g.dims(at.shape ?? [])], [attr.int('allowzero', 0)]);
    case 'broadcastTo': return g.node('Expand', [a, g.dims(at.shape ?? [])]);
    case 'transpose': return g.node('Transpose', [a], [attr.ints('perm', at.perm ?? [])]);
    case 'expandDims': return g.node('Unsqueeze', [a, g.int64s([at.axis ?? 0])]);
    case 'squeeze': return (at.axes ?? []).length === 0 ? g.node('Identity', [a]) : g.node('Squeeze', [a, g.int64s(at.axes ?? [])]);
    case 'oneHot': {
      const depth = at.depth ?? 0;
      const limit = typeof depth === 'number'
        ? g.constant(DataType.INT32, [], [depth])
        : g.node('Squeeze', [g.node('Cast', [g.symbolDim(depth)], [attr.int('to', DataType.INT32)]), g.int64s([0])]);
      const classes = g.node('Range', [g.constant(DataType.INT32, [], [0]), limit, g.constant(DataType.INT32, [], [1])]);
      const hit = g.node('Equal', [g.node('Unsqueeze', [a, g.int64s([-1])]), classes]);
      return g.node('Cast', [hit], [attr.int('to', g.floatType)]);
    }
    case 'gather': return g.node('Gather', [a, b], [attr.int('axis', at.axis ?? 0)]);
    case 'logSoftmax': return g.node('LogSoftmax', [a], [attr.int('axis', at.axis ?? -1)]);
    case 'softmax': return g.node('Softmax', [a], [attr.int('axis', at.axis ?? -1)]);
    default:
      void c;
      throw new LossKitError('UNKNOWN_OP', `no ONNX lowering for op '${node.op}'`, { where: node.op });
  }
}

const BLOCK_THRESHOLD = 8192;

/**
 * A long float sum in two levels (blocks of about √n, then the block sums): ONNX Runtime's
 * ReduceSum keeps one running float32 total, whose error grows with n. Needs static sizes.
 */
function blockedSum(g: GraphBuilder, input: Value, x: string, axes: readonly number[], keepDims: boolean, mean: boolean): string | undefined {
  const shape = input.shape;
  if (!shape.every((d) => typeof d === 'number')) return undefined;
  const dims = shape as number[];
  const reduced = axes.reduce((p, i) => p * (dims[i] as number), 1);
  if (reduced <= BLOCK_THRESHOLD) return undefined;
  const rank = dims.length;
  const kept = dims.map((_, i) => i).filter((i) => !axes.includes(i));
  const outer = kept.map((i) => dims[i] as number);
  const inOrder = axes.every((ax, i) => ax === kept.length + i);
  const moved = inOrder ? x : g.node('Transpose', [x], [attr.ints('perm', [...kept, ...axes])]);
  let block = Math.floor(Math.sqrt(reduced));
  while (block > 1 && reduced % block !== 0 && block * 4 > Math.sqrt(reduced)) block--;
  const blocks = Math.ceil(reduced / block);
  let flat = g.node('Reshape', [moved, g.int64s([...outer, reduced])]);
  if (blocks * block !== reduced) {
    const pads = [...outer.map(() => 0), 0, ...outer.map(() => 0), blocks * block - reduced];
    flat = g.node('Pad', [flat, g.int64s(pads)]);
  }
  const grid = g.node('Reshape', [flat, g.int64s([...outer, blocks, block])]);
  const partial = g.node('ReduceSum', [grid, g.int64s([outer.length + 1])], [attr.int('keepdims', 0)]);
  let total = g.node('ReduceSum', [partial, g.int64s([outer.length])], [attr.int('keepdims', 0)]);
  if (mean) total = g.node('Div', [total, g.constant(g.floatType, [], [reduced])]);
  void rank;
  return keepDims ? g.node('Reshape', [total, g.int64s(dims.map((d, i) => (axes.includes(i) ? 1 : d)))]) : total;
}
