import { type Value, LossKitError } from '@losskit/core';
import { type GraphBuilder, attr } from './graph-builder.js';
import { DataType } from './onnx-proto.js';

/** Ops whose ONNX operator has exactly the core's semantics, for every dtype the core allows. */
const ONE_TO_ONE: Readonly<Record<string, string>> = {
  neg: 'Neg', abs: 'Abs', sign: 'Sign', exp: 'Exp', log: 'Log', sqrt: 'Sqrt', reciprocal: 'Reciprocal', tanh: 'Tanh',
  sigmoid: 'Sigmoid', relu: 'Relu', sin: 'Sin', cos: 'Cos', floor: 'Floor', round: 'Round', logicalNot: 'Not',
  add: 'Add', sub: 'Sub', mul: 'Mul', div: 'Div', pow: 'Pow', maximum: 'Max', minimum: 'Min', equal: 'Equal',
  less: 'Less', lessEqual: 'LessOrEqual', greater: 'Greater', greaterEqual: 'GreaterOrEqual',
  logicalAnd: 'And', logicalOr: 'Or', where: 'Where', matmul: 'MatMul',
};
const REDUCE: Readonly<Record<string, string>> = { sum: 'ReduceSum', mean: 'ReduceMean', max: 'ReduceMax', min: 'ReduceMin' };

/** What lowering one op may ask of the program around it. */
export interface LowerContext {
  readonly g: GraphBuilder;
  /** The graph name of the program's `logSoftmax(x, axis)`, lowered now if the program has one. */
  sharedLogSoftmax(x: Value, axis: number): string | undefined;
}

/**
 * Composites kept as native ONNX operators, because one has exactly the composite's semantics:
 * `Softmax`, `LogSoftmax` (any axis since opset 13), `ReduceLogSumExp`, and softmax
 * cross-entropy against one-hot labels (`oneHot(y)` on the class axis, the sparse losses'
 * shape), which is `SoftmaxCrossEntropyLoss` / `NegativeLogLikelihoodLoss` per sample.
 */
export function keepNative(node: Value): boolean {
  switch (node.op) {
    case 'softmax': case 'logSoftmax': case 'logSumExp':
      return true;
    case 'softmaxCrossEntropyWithLogits': {
      const [labels, logits] = node.inputs as [Value, Value];
      return labels.op === 'oneHot' && logits.shape.length >= 1 && node.attrs.axis === logits.shape.length - 1;
    }
    default:
      return false;
  }
}

/**
 * Lowers one op onto ONNX operators (opset 18). Where ONNX has no operator with exactly the
 * op's semantics, a composition: an accurate log1p and expm1, softplus through log1p, NaN-
 * propagating max/min reductions, oneHot through Equal with a Range (ONNX's OneHot wraps
 * negative indices; losskit's gives a zero row).
 */
export function lowerOp(ctx: LowerContext, node: Value, x: readonly string[]): string {
  // x: the graph names of the node's inputs — for a native cross-entropy, of the one-hot's
  // indices and the logits (the one-hot itself is not built).
  const { g } = ctx;
  const [a = '', b = ''] = x;
  const at = node.attrs;
  const one = ONE_TO_ONE[node.op];
  if (one !== undefined) return g.node(one, x);
  const reduce = REDUCE[node.op];
  if (reduce !== undefined) {
    const axes = at.axes ?? [];
    const keepDims = at.keepDims === true;
    // An empty axis list reduces nothing (ONNX's would reduce everything).
    if (axes.length === 0) return g.node('Identity', [a]);
    if ((node.op === 'sum' || node.op === 'mean') && node.dtype === 'float') {
      const blocked = blockedSum(g, node.inputs[0] as Value, a, axes, keepDims, node.op === 'mean');
      if (blocked !== undefined) return blocked;
    }
    const r = g.node(reduce, [a, g.int64s(axes)], [attr.int('keepdims', keepDims ? 1 : 0)]);
    return (node.op === 'max' || node.op === 'min') && node.dtype === 'float' ? propagateNaN(g, a, r, axes, keepDims) : r;
  }
  switch (node.op) {
    case 'constant':
      return at.tensor !== undefined
        ? g.constant(g.elemType(node.dtype), at.tensor.shape, at.tensor.data)
        : g.constant(g.elemType(node.dtype), [], [at.value ?? 0]);
    case 'log1p': return log1p(g, a);
    case 'expm1': return expm1(g, a);
    case 'square': return g.node('Mul', [a, a]);
    // ORT's CPU Erf kernel is float32 only; double gets the reference backend's method as a graph.
    case 'erf': return g.floatType === DataType.DOUBLE ? erfDouble(g, a) : g.node('Erf', [a]);
    case 'softplus':
      // max(x, 0) + log1p(e^−|x|): exact for any x. ORT's own Softplus loses the tail in double.
      return g.node('Add', [g.node('Relu', [a]), log1p(g, g.node('Exp', [g.node('Neg', [g.node('Abs', [a])])]))]);
    case 'notEqual': return g.node('Not', [g.node('Equal', [a, b])]);
    case 'cast': return g.node('Cast', [a], [attr.int('to', g.elemType(at.dtype ?? 'float'))]);
    case 'clip': return g.node('Clip', [a, g.float(at.min ?? -Infinity), g.float(at.max ?? Infinity)]);
    case 'sizeOf': {
      const shape = g.node('Shape', [a]);
      const picked = g.node('Gather', [shape, g.int64s(at.axes ?? [])], [attr.int('axis', 0)]);
      return g.node('Cast', [g.node('ReduceProd', [picked], [attr.int('keepdims', 0)])], [attr.int('to', g.floatType)]);
    }
    case 'reshape': {
      const shape = at.shape ?? [];
      // allowzero: a 0 (an empty batch) means 0, not "copy the input's size"; ONNX forbids it beside a −1.
      return g.node('Reshape', [a, g.dims(shape)], [attr.int('allowzero', shape.includes(-1) ? 0 : 1)]);
    }
    case 'broadcastTo': return g.node('Expand', [a, g.dims(at.shape ?? [])]);
    case 'transpose': return g.node('Transpose', [a], [attr.ints('perm', at.perm ?? [])]);
    case 'expandDims': return g.node('Unsqueeze', [a, g.int64s([at.axis ?? 0])]);
    case 'squeeze': return (at.axes ?? []).length === 0 ? g.node('Identity', [a]) : g.node('Squeeze', [a, g.int64s(at.axes ?? [])]);
    case 'oneHot': {
      const classes = g.node('Range', [g.constant(DataType.INT32, [], [0]), g.dimScalarInt32(at.depth ?? 0), g.constant(DataType.INT32, [], [1])]);
      return g.node('Cast', [g.node('Equal', [g.node('Unsqueeze', [a, g.int64s([-1])]), classes])], [attr.int('to', g.floatType)]);
    }
    case 'gather': return gather(g, node, a, b);
    case 'logSoftmax': return g.node('LogSoftmax', [a], [attr.int('axis', at.axis ?? -1)]);
    case 'softmax': return g.node('Softmax', [a], [attr.int('axis', at.axis ?? -1)]);
    case 'logSumExp': {
      const axes = at.axes ?? [];
      if (axes.length === 0) return g.node('Identity', [a]);
      return g.node('ReduceLogSumExp', [a, g.int64s(axes)], [attr.int('keepdims', at.keepDims === true ? 1 : 0)]);
    }
    case 'softmaxCrossEntropyWithLogits': return softmaxCrossEntropy(ctx, node, a, b);
    default:
      throw new LossKitError('UNKNOWN_OP', `the ONNX adapter has no lowering for op '${node.op}'`, { where: node.op });
  }
}

/**
 * log(1 + x) to full precision without a log1p operator (Goldberg's trick): with u = 1 + x
 * rounded, log(u)·x / (u − 1) cancels the rounding of u. `Log(1 + x)` alone returns 0 for
 * |x| below the float epsilon.
 */
function log1p(g: GraphBuilder, x: string): string {
  const u = g.node('Add', [x, g.float(1)]);
  const d = g.node('Sub', [u, g.float(1)]);
  const r = g.node('Where', [g.node('Equal', [d, g.float(0)]), x, g.node('Mul', [g.node('Log', [u]), g.node('Div', [x, d])])]);
  // x = +∞ would give ∞·∞/∞ = NaN.
  return g.node('Where', [g.node('Equal', [x, g.float(Infinity)]), x, r]);
}

/** Terms of erf's series and depth of erfc's continued fraction: both reach an ulp at the 2.5 switch. */
const ERF_SERIES_TERMS = 40;
const ERFC_FRACTION_DEPTH = 40;

/**
 * erf in double from unrolled Add/Mul/Div, the core reference backend's method: for |x| < 2.5
 * the positive-term series 2/√π·e^{−x²}·x·Σ 2ⁿx²ⁿ/(1·3···(2n+1)) (DLMF 7.6.2) by Horner; beyond,
 * 1 − erfc with erfc x = e^{−x²}/√π / (x + ½/(x + 1/(x + 3⁄2/…))) (DLMF 7.9.2) evaluated
 * bottom-up. |x| is clamped to each branch's range so the branch Where drops stays finite.
 */
function erfDouble(g: GraphBuilder, x: string): string {
  const ax = g.node('Abs', [x]);
  const sq = (v: string): string => g.node('Mul', [v, v]);
  const gauss = (v: string): string => g.node('Exp', [g.node('Neg', [sq(v)])]);

  const s = g.node('Min', [ax, g.float(2.5)]);
  const y = sq(s);
  const coeffs = [1];
  for (let n = 1; n <= ERF_SERIES_TERMS; n++) coeffs.push(((coeffs[n - 1] as number) * 2) / (2 * n + 1));
  let poly = g.float(coeffs[ERF_SERIES_TERMS] as number);
  for (let n = ERF_SERIES_TERMS - 1; n >= 0; n--) poly = g.node('Add', [g.node('Mul', [poly, y]), g.float(coeffs[n] as number)]);
  const series = g.node('Mul', [g.node('Mul', [g.float(2 / Math.sqrt(Math.PI)), gauss(s)]), g.node('Mul', [s, poly])]);

  const t = g.node('Min', [g.node('Max', [ax, g.float(2.5)]), g.float(6)]);
  let frac = t;
  for (let k = ERFC_FRACTION_DEPTH; k >= 1; k--) frac = g.node('Add', [t, g.node('Div', [g.float(k / 2), frac])]);
  const erfc = g.node('Div', [g.node('Mul', [g.float(1 / Math.sqrt(Math.PI)), gauss(t)]), frac]);
  // erfc(6) ≈ 2e-17 is below half an ulp of 1: from 6 on erf is 1.
  const tail = g.node('Where', [g.node('Less', [ax, g.float(6)]), g.node('Sub', [g.float(1), erfc]), g.float(1)]);

  const r = g.node('Where', [g.node('Less', [ax, g.float(2.5)]), series, tail]);
  const signed = g.node('Where', [g.node('Less', [x, g.float(0)]), g.node('Neg', [r]), r]);
  // Min, Max and Less would turn a NaN into a number.
  return g.node('Where', [g.node('IsNaN', [x]), x, signed]);
}

/** e^x − 1 to full precision (Kahan's trick): with u = e^x rounded, (u − 1)·x / log(u). */
function expm1(g: GraphBuilder, x: string): string {
  const u = g.node('Exp', [x]);
  const um1 = g.node('Sub', [u, g.float(1)]);
  const ratio = g.node('Mul', [um1, g.node('Div', [x, g.node('Log', [u])])]);
  const small = g.node('Where', [g.node('Equal', [u, g.float(1)]), x, g.node('Where', [g.node('Equal', [um1, g.float(-1)]), g.float(-1), ratio])]);
  return g.node('Where', [g.node('Equal', [x, g.float(Infinity)]), x, small]);
}

/** ORT's ReduceMax/ReduceMin skip a NaN unless it comes first; the core's (and numpy's) return NaN. */
function propagateNaN(g: GraphBuilder, x: string, reduced: string, axes: readonly number[], keepDims: boolean): string {
  const nan = g.node('Cast', [g.node('IsNaN', [x])], [attr.int('to', g.floatType)]);
  const any = g.node('ReduceMax', [nan, g.int64s(axes)], [attr.int('keepdims', keepDims ? 1 : 0)]);
  return g.node('Where', [g.node('Cast', [any], [attr.int('to', DataType.BOOL)]), g.float(Number.NaN), reduced]);
}

/**
 * numpy take. ONNX's Gather wraps negative indices and fails on others out of range; the core's
 * raises `LABEL_OUT_OF_RANGE` for both. So indices are clamped for the Gather, and a run-time
 * check counts those out of range (the backend raises the typed error).
 */
function gather(g: GraphBuilder, node: Value, x: string, indices: string): string {
  const axis = node.attrs.axis ?? 0;
  if (!g.runtimeChecks) return g.node('Gather', [x, indices], [attr.int('axis', axis)]);
  const size = (node.inputs[0] as Value).shape[axis] ?? 0;
  const bad = g.node('Or', [g.node('Less', [indices, g.constant(DataType.INT32, [], [0])]), g.node('GreaterOrEqual', [indices, g.dimScalarInt32(size)])]);
  g.check(g.node('ReduceSum', [g.node('Cast', [bad], [attr.int('to', DataType.INT32)])], [attr.int('keepdims', 0)]), 'LABEL_OUT_OF_RANGE',
    `gather indices outside [0, ${size}) along axis ${axis}`, 'gather');
  const safe = g.node('Where', [bad, g.constant(DataType.INT32, [], [0]), indices]);
  return g.node('Gather', [x, safe], [attr.int('axis', axis)]);
}

/**
 * −Σ oneHot(y)·logSoftmax(logits) over the last axis, per sample: ONNX's
 * `SoftmaxCrossEntropyLoss` (reduction none), or `NegativeLogLikelihoodLoss` on the program's
 * own `logSoftmax` when it has one (a gradient program does), so it is computed once. ONNX
 * puts classes on axis 1; labels outside [0, classes) — a zero one-hot row, so a zero loss —
 * become `ignore_index`.
 */
function softmaxCrossEntropy(ctx: LowerContext, node: Value, y: string, logitsName: string): string {
  const { g } = ctx;
  const [labels, logits] = node.inputs as [Value, Value];
  const rank = logits.shape.length;
  const zero = g.constant(DataType.INT32, [], [0]);
  const ignored = g.constant(DataType.INT32, [], [-1]);
  const valid = g.node('And', [g.node('GreaterOrEqual', [y, zero]), g.node('Less', [y, g.dimScalarInt32(labels.attrs.depth ?? 0)])]);
  let target = g.node('Where', [valid, y, ignored]);
  const shared = ctx.sharedLogSoftmax(logits, rank - 1);
  let scores = shared ?? logitsName;
  if (rank === 1) {
    scores = g.node('Unsqueeze', [scores, g.int64s([0])]);
    target = g.node('Unsqueeze', [target, g.int64s([0])]);
  } else if (rank > 2) {
    scores = g.node('Transpose', [scores], [attr.ints('perm', [0, rank - 1, ...Array.from({ length: rank - 2 }, (_, i) => i + 1)])]);
  }
  const options = [attr.string('reduction', 'none'), attr.int('ignore_index', -1)];
  const loss = shared !== undefined
    ? g.node('NegativeLogLikelihoodLoss', [scores, target], options)
    : g.node('SoftmaxCrossEntropyLoss', [scores, target], options);
  return rank === 1 ? g.node('Squeeze', [loss, g.int64s([0])]) : loss;
}

const BLOCK_THRESHOLD = 8192;

/**
 * A long float sum in two levels (blocks of about √n, then the block sums): ONNX Runtime's
 * ReduceSum keeps one running float32 total per lane, whose error grows with n. Needs static
 * sizes; symbolic ones reduce in one ReduceSum.
 */
function blockedSum(g: GraphBuilder, input: Value, x: string, axes: readonly number[], keepDims: boolean, mean: boolean): string | undefined {
  const shape = input.shape;
  if (!shape.every((d) => typeof d === 'number')) return undefined;
  const dims = shape as number[];
  const reduced = axes.reduce((p, i) => p * (dims[i] as number), 1);
  if (reduced <= BLOCK_THRESHOLD) return undefined;
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
  if (mean) total = g.node('Div', [total, g.float(reduced)]);
  return keepDims ? g.node('Reshape', [total, g.int64s(dims.map((d, i) => (axes.includes(i) ? 1 : d)))]) : total;
}
