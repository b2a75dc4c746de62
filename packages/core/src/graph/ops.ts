import { fail } from '../errors/losskit-error.js';
import type { HostTensor } from '../tensor/host-tensor.js';
import { type Attrs, type BinaryOp, type Dim, type ReduceOp, type UnaryOp, type Value, type ValueDType, COMPARISON_OPS, createNode, isValue } from './node.js';
import { broadcastShapes, formatShape, normalizeAxes, normalizeAxis, reducedShape } from './shape.js';

/** A symbolic value or a number, which becomes a scalar constant of the other operand's dtype. */
export type Operand = Value | number;

export function constant(value: number, dtype: ValueDType = 'float'): Value {
  return createNode('constant', [], { value }, [], dtype);
}

/** A constant tensor, embedded in the program. */
export function constantTensor(t: HostTensor): Value {
  const data = Float64Array.from(t.data);
  return createNode('constant', [], { tensor: { dtype: 'float64', shape: [...t.shape], data } }, t.shape, t.dtype === 'int32' ? 'int' : 'float');
}

function lift(x: Operand, like: Operand): Value {
  if (isValue(x)) return x;
  const dtype = isValue(like) && like.dtype === 'int' ? 'int' : 'float';
  if (dtype === 'int' && !Number.isInteger(x)) fail('DTYPE', `${x} is not an integer, but the other operand is int; cast it to float first`, 'constant');
  return constant(x, dtype);
}

function unary(op: UnaryOp, x: Value): Value {
  if (op === 'logicalNot') {
    if (x.dtype !== 'bool') fail('DTYPE', `logicalNot takes bool, got ${x.dtype}`, op);
    return createNode(op, [x], {}, x.shape, 'bool');
  }
  if (x.dtype === 'bool') fail('DTYPE', `${op} takes numbers, got bool; cast it first`, op);
  const intOk = op === 'neg' || op === 'abs' || op === 'sign' || op === 'square';
  if (x.dtype === 'int' && !intOk) fail('DTYPE', `${op} takes float, got int; cast it first`, op);
  return createNode(op, [x], {}, x.shape, x.dtype);
}

function binary(op: BinaryOp, a: Operand, b: Operand): Value {
  const va = lift(a, b);
  const vb = lift(b, a);
  const logical = op === 'logicalAnd' || op === 'logicalOr';
  if (logical) {
    if (va.dtype !== 'bool' || vb.dtype !== 'bool') fail('DTYPE', `${op} takes bool operands, got ${va.dtype} and ${vb.dtype}`, op);
  } else if (va.dtype !== vb.dtype) {
    fail('DTYPE', `${op} needs operands of one dtype, got ${va.dtype} and ${vb.dtype}; cast one`, op);
  } else if (va.dtype === 'bool' && op !== 'equal' && op !== 'notEqual') {
    fail('DTYPE', `${op} takes numbers, got bool`, op);
  } else if (va.dtype === 'int' && (op === 'div' || op === 'pow')) {
    fail('DTYPE', `${op} takes float operands; cast the ints first`, op);
  }
  const shape = broadcastShapes(va.shape, vb.shape, op);
  const dtype: ValueDType = logical || COMPARISON_OPS.has(op) ? 'bool' : va.dtype;
  return simplify(op, va, vb) ?? createNode(op, [va, vb], {}, shape, dtype);
}

const scalarConstant = (v: Value): number | undefined => (v.op === 'constant' && v.shape.length === 0 ? v.attrs.value : undefined);

/**
 * Folds arithmetic on scalar constants and drops identities (x·1, x + 0, x / 1), so that
 * gradient programs carry no dead arithmetic onto backends that run op by op.
 */
function simplify(op: BinaryOp, a: Value, b: Value): Value | undefined {
  const ca = scalarConstant(a);
  const cb = scalarConstant(b);
  if (ca !== undefined && cb !== undefined && a.dtype === 'float') {
    switch (op) {
      case 'add': return constant(ca + cb);
      case 'sub': return constant(ca - cb);
      case 'mul': return constant(ca * cb);
      case 'div': return constant(ca / cb);
      default: return undefined;
    }
  }
  if (op === 'mul' && (ca !== undefined || cb !== undefined)) {
    // c1 · (x · c2) → x · (c1·c2): the chain rule stacks scalar factors.
    const [c, other] = ca !== undefined ? [ca, b] : [cb as number, a];
    if (c === 1) return other;
    if (other.op === 'mul' && other.dtype === 'float') {
      const [x, y] = other.inputs as [Value, Value];
      const cx = scalarConstant(x);
      const cy = scalarConstant(y);
      if (cy !== undefined) return binary('mul', x, c * cy);
      if (cx !== undefined) return binary('mul', y, c * cx);
    }
  }
  if (op === 'div' && cb === 1) return a;
  if (op === 'add' && ca === 0) return b;
  if ((op === 'add' || op === 'sub') && cb === 0) return a;
  return undefined;
}

export const neg = (x: Value): Value => unary('neg', x);
export const abs = (x: Value): Value => unary('abs', x);
export const sign = (x: Value): Value => unary('sign', x);
export const exp = (x: Value): Value => unary('exp', x);
export const log = (x: Value): Value => unary('log', x);
export const log1p = (x: Value): Value => unary('log1p', x);
export const expm1 = (x: Value): Value => unary('expm1', x);
export const sqrt = (x: Value): Value => unary('sqrt', x);
export const square = (x: Value): Value => unary('square', x);
export const reciprocal = (x: Value): Value => unary('reciprocal', x);
export const tanh = (x: Value): Value => unary('tanh', x);
export const sigmoid = (x: Value): Value => unary('sigmoid', x);
export const softplus = (x: Value): Value => unary('softplus', x);
export const relu = (x: Value): Value => unary('relu', x);
export const sin = (x: Value): Value => unary('sin', x);
export const cos = (x: Value): Value => unary('cos', x);
/** The Gauss error function erf x = 2/√π ∫₀ˣ e^{−t²} dt (ONNX `Erf`, `tf.erf`, `torch.erf`). */
export const erf = (x: Value): Value => unary('erf', x);
/** Not differentiable: asking for a gradient through it raises `NOT_DIFFERENTIABLE`. */
export const floor = (x: Value): Value => unary('floor', x);
/** Rounds half to even, as numpy, ONNX and tfjs do. Not differentiable. */
export const round = (x: Value): Value => unary('round', x);
export const logicalNot = (x: Value): Value => unary('logicalNot', x);

export const add = (a: Operand, b: Operand): Value => binary('add', a, b);
export const sub = (a: Operand, b: Operand): Value => binary('sub', a, b);
export const mul = (a: Operand, b: Operand): Value => binary('mul', a, b);
export const div = (a: Operand, b: Operand): Value => binary('div', a, b);
export const pow = (a: Operand, b: Operand): Value => binary('pow', a, b);
export const maximum = (a: Operand, b: Operand): Value => binary('maximum', a, b);
export const minimum = (a: Operand, b: Operand): Value => binary('minimum', a, b);
export const equal = (a: Operand, b: Operand): Value => binary('equal', a, b);
export const notEqual = (a: Operand, b: Operand): Value => binary('notEqual', a, b);
export const less = (a: Operand, b: Operand): Value => binary('less', a, b);
export const lessEqual = (a: Operand, b: Operand): Value => binary('lessEqual', a, b);
export const greater = (a: Operand, b: Operand): Value => binary('greater', a, b);
export const greaterEqual = (a: Operand, b: Operand): Value => binary('greaterEqual', a, b);
export const logicalAnd = (a: Value, b: Value): Value => binary('logicalAnd', a, b);
export const logicalOr = (a: Value, b: Value): Value => binary('logicalOr', a, b);

/** `cond ? a : b` elementwise, with broadcasting of all three. */
export function where(cond: Value, a: Operand, b: Operand): Value {
  if (cond.dtype !== 'bool') fail('DTYPE', `where takes a bool condition, got ${cond.dtype}`, 'where');
  const va = lift(a, b);
  const vb = lift(b, a);
  if (va.dtype !== vb.dtype) fail('DTYPE', `where needs branches of one dtype, got ${va.dtype} and ${vb.dtype}`, 'where');
  const shape = broadcastShapes(cond.shape, broadcastShapes(va.shape, vb.shape, 'where'), 'where');
  return createNode('where', [cond, va, vb], {}, shape, va.dtype);
}

export function cast(x: Value, dtype: ValueDType): Value {
  if (x.dtype === dtype) return x;
  return createNode('cast', [x], { dtype }, x.shape, dtype);
}

/** Clamps to [min, max]; NaN stays NaN. The gradient passes where min ≤ x ≤ max. */
export function clip(x: Value, min: number, max: number): Value {
  if (x.dtype !== 'float') fail('DTYPE', `clip takes float, got ${x.dtype}`, 'clip');
  if (!(min <= max)) fail('BAD_PARAM', `clip needs min ≤ max, got ${min} > ${max}`, 'clip');
  return createNode('clip', [x], { min, max }, x.shape, 'float');
}

function reduce(op: ReduceOp, x: Value, axes: number | readonly number[] | undefined, keepDims: boolean): Value {
  if (x.dtype === 'bool') fail('DTYPE', `${op} takes numbers, got bool; cast it first`, op);
  if (op === 'mean' && x.dtype !== 'float') fail('DTYPE', `mean takes float, got ${x.dtype}`, op);
  const ax = normalizeAxes(axes, x.shape.length, op);
  return createNode(op, [x], { axes: ax, keepDims }, reducedShape(x.shape, ax, keepDims), x.dtype);
}

/** Sum over `axes` (all when omitted). */
export const sum = (x: Value, axes?: number | readonly number[], keepDims = false): Value => reduce('sum', x, axes, keepDims);
export const mean = (x: Value, axes?: number | readonly number[], keepDims = false): Value => reduce('mean', x, axes, keepDims);
export const max = (x: Value, axes?: number | readonly number[], keepDims = false): Value => reduce('max', x, axes, keepDims);
export const min = (x: Value, axes?: number | readonly number[], keepDims = false): Value => reduce('min', x, axes, keepDims);

/** The number of elements along `axes` (all when omitted), as a float scalar; symbols resolve at run time. */
export function sizeOf(x: Value, axes?: number | readonly number[]): Value {
  const ax = normalizeAxes(axes, x.shape.length, 'sizeOf');
  const dims = ax.map((a) => x.shape[a] as Dim);
  if (dims.every((d) => typeof d === 'number')) return constant((dims as number[]).reduce((p, d) => p * d, 1));
  return createNode('sizeOf', [x], { axes: ax }, [], 'float');
}

/** Reshape; one entry may be -1. Symbolic entries are taken from the symbol's binding. */
export function reshape(x: Value, shape: readonly Dim[]): Value {
  const holes = shape.filter((d) => d === -1).length;
  if (holes > 1) fail('BAD_PARAM', `reshape takes at most one -1, got ${formatShape(shape)}`, 'reshape');
  if (shape.some((d) => typeof d === 'number' && d !== -1 && !(Number.isInteger(d) && d >= 0))) {
    fail('SHAPE_MISMATCH', `reshape sizes must be non-negative integers, symbols or one -1, got ${formatShape(shape)}`, 'reshape');
  }
  let resolved = [...shape];
  if (holes === 1) {
    const known = shape.filter((d) => d !== -1);
    const allNumeric = x.shape.every((d) => typeof d === 'number') && known.every((d) => typeof d === 'number');
    if (allNumeric) {
      const total = (x.shape as number[]).reduce((p, d) => p * d, 1);
      const part = (known as number[]).reduce((p, d) => p * d, 1);
      if (part === 0 || total % part !== 0) fail('SHAPE_MISMATCH', `cannot reshape ${formatShape(x.shape)} to ${formatShape(shape)}`, 'reshape');
      resolved = shape.map((d) => (d === -1 ? total / part : d));
    } else {
      // Symbols cancel: [3, 'n'] → [-1, 'n'] is [3, 'n']. A -1 left in a static shape would
      // poison every shape inferred from it, so resolve it whenever the symbols allow.
      const hole = symbolicHole(x.shape, known);
      if (hole !== undefined) resolved = shape.map((d) => (d === -1 ? hole : d));
    }
  }
  if (resolved.every((d) => typeof d === 'number') && x.shape.every((d) => typeof d === 'number')) {
    const a = (x.shape as number[]).reduce((p, d) => p * d, 1);
    const b = (resolved as number[]).reduce((p, d) => p * d, 1);
    if (a !== b) fail('SHAPE_MISMATCH', `cannot reshape ${formatShape(x.shape)} (${a} elements) to ${formatShape(resolved)} (${b})`, 'reshape');
  }
  return createNode('reshape', [x], { shape: resolved }, resolved, x.dtype);
}

/** The size a reshape's -1 stands for when `known` cancels against `from` (symbols by name), if one dim can say it. */
function symbolicHole(from: readonly Dim[], known: readonly Dim[]): Dim | undefined {
  const symbols = from.filter((d): d is string => typeof d === 'string');
  const total = from.reduce<number>((p, d) => (typeof d === 'number' ? p * d : p), 1);
  let part = 1;
  for (const d of known) {
    if (typeof d === 'number') {
      part *= d;
      continue;
    }
    const i = symbols.indexOf(d);
    if (i < 0) return undefined;
    symbols.splice(i, 1);
  }
  if (part === 0 || total % part !== 0) return undefined;
  const rest = total / part;
  if (symbols.length === 0) return rest;
  return symbols.length === 1 && rest === 1 ? symbols[0] : undefined;
}

export function broadcastTo(x: Operand, shape: readonly Dim[]): Value {
  const v = lift(x, 0);
  const out = broadcastShapes(v.shape, shape, 'broadcastTo');
  // A size-1 target only takes a symbol (which may be 1 at run time), never a concrete size > 1.
  if (out.length !== shape.length || out.some((d, i) => d !== shape[i] && typeof shape[i] !== 'string' && !(shape[i] === 1 && typeof d === 'string'))) {
    fail('SHAPE_MISMATCH', `cannot broadcast ${formatShape(v.shape)} to ${formatShape(shape)}`, 'broadcastTo');
  }
  return createNode('broadcastTo', [v], { shape: [...shape] }, shape, v.dtype);
}

export function transpose(x: Value, perm?: readonly number[]): Value {
  const rank = x.shape.length;
  const p = perm ?? Array.from({ length: rank }, (_, i) => rank - 1 - i);
  const sorted = [...p].sort((a, b) => a - b);
  if (p.length !== rank || sorted.some((v, i) => v !== i)) fail('BAD_PARAM', `perm [${p.join(', ')}] is not a permutation of rank ${rank}`, 'transpose');
  return createNode('transpose', [x], { perm: [...p] }, p.map((i) => x.shape[i] as Dim), x.dtype);
}

export function expandDims(x: Value, axis: number): Value {
  const a = normalizeAxis(axis, x.shape.length + 1, 'expandDims');
  const shape = [...x.shape];
  shape.splice(a, 0, 1);
  return createNode('expandDims', [x], { axis: a }, shape, x.dtype);
}

export function squeeze(x: Value, axes?: number | readonly number[]): Value {
  const ax = axes === undefined ? x.shape.flatMap((d, i) => (d === 1 ? [i] : [])) : normalizeAxes(axes, x.shape.length, 'squeeze');
  for (const a of ax) {
    if (x.shape[a] !== 1) fail('SHAPE_MISMATCH', `cannot squeeze axis ${a} of size ${String(x.shape[a])}`, 'squeeze');
  }
  return createNode('squeeze', [x], { axes: ax }, x.shape.filter((_, i) => !ax.includes(i)), x.dtype);
}

/** One-hot along a new last axis; indices outside [0, depth) give a row of zeros. */
export function oneHot(indices: Value, depth: Dim): Value {
  if (indices.dtype !== 'int') fail('DTYPE', `oneHot takes int indices, got ${indices.dtype}`, 'oneHot');
  return createNode('oneHot', [indices], { depth }, [...indices.shape, depth], 'float');
}

/** numpy `take` / ONNX `Gather`: picks slices of `x` along `axis` at `indices`. */
export function gather(x: Value, indices: Value, axis = 0): Value {
  if (indices.dtype !== 'int') fail('DTYPE', `gather takes int indices, got ${indices.dtype}`, 'gather');
  const a = normalizeAxis(axis, x.shape.length, 'gather');
  const shape = [...x.shape.slice(0, a), ...indices.shape, ...x.shape.slice(a + 1)];
  return createNode('gather', [x, indices], { axis: a }, shape, x.dtype);
}

/** Matrix product of two rank-2 values. */
export function matmul(a: Value, b: Value): Value {
  if (a.shape.length !== 2 || b.shape.length !== 2) fail('SHAPE_MISMATCH', `matmul takes rank-2 operands, got ${formatShape(a.shape)} and ${formatShape(b.shape)}`, 'matmul');
  if (a.dtype !== 'float' || b.dtype !== 'float') fail('DTYPE', 'matmul takes float operands', 'matmul');
  const k1 = a.shape[1] as Dim;
  const k2 = b.shape[0] as Dim;
  if (typeof k1 === 'number' && typeof k2 === 'number' && k1 !== k2) {
    fail('SHAPE_MISMATCH', `matmul inner dimensions differ: ${formatShape(a.shape)} × ${formatShape(b.shape)}`, 'matmul');
  }
  return createNode('matmul', [a, b], {}, [a.shape[0] as Dim, b.shape[1] as Dim], 'float');
}

export function zerosLike(x: Value): Value {
  return broadcastTo(constant(0, x.dtype === 'bool' ? 'int' : x.dtype), x.shape);
}

export function onesLike(x: Value): Value {
  return broadcastTo(constant(1, x.dtype === 'bool' ? 'int' : x.dtype), x.shape);
}

/** `a / b`, and 0 where `b` is 0 (tf.math.divide_no_nan). Safe to differentiate. */
export function divNoNan(a: Operand, b: Value): Value {
  const zero = equal(b, 0);
  return where(zero, 0, div(a, where(zero, 1, b)));
}

/** Creates a node with explicit attributes: for graph rewrites that copy nodes. */
export function withAttrs(op: Value['op'], inputs: readonly Value[], attrs: Attrs, shape: readonly Dim[], dtype: ValueDType): Value {
  return createNode(op, inputs, attrs, shape, dtype);
}
