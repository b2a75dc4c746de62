import { describe, expect, it } from 'vitest';
import {
  logSoftmax, logSumExp, sigmoidCrossEntropyWithLogits, softmax, softmaxCrossEntropyWithLogits,
} from './composites.js';
import { type Dim, UNARY_OPS, type Value, type ValueDType } from './node.js';
import * as o from './ops.js';
import { input } from './program.js';
import { codeOf } from '../__test__/helpers.js';

const v = (shape: readonly Dim[], dtype: ValueDType = 'float'): Value => input('v', { shape, dtype });
const F = (...shape: Dim[]): Value => v(shape, 'float');
const I = (...shape: Dim[]): Value => v(shape, 'int');
const B = (...shape: Dim[]): Value => o.greater(F(...shape), 0);

const unaryFns: Record<(typeof UNARY_OPS)[number], (x: Value) => Value> = {
  neg: o.neg, abs: o.abs, sign: o.sign, exp: o.exp, log: o.log, log1p: o.log1p, expm1: o.expm1, sqrt: o.sqrt,
  square: o.square, reciprocal: o.reciprocal, tanh: o.tanh, sigmoid: o.sigmoid, softplus: o.softplus, relu: o.relu,
  sin: o.sin, cos: o.cos, erf: o.erf, floor: o.floor, round: o.round, logicalNot: o.logicalNot,
};

describe('elementwise unary', () => {
  const numeric = UNARY_OPS.filter((op) => op !== 'logicalNot');
  it.each(numeric)('%s keeps the shape and the float dtype', (op) => {
    const y = unaryFns[op](F(2, 'n', 3));
    expect(y.op).toBe(op);
    expect(y.shape).toEqual([2, 'n', 3]);
    expect(y.dtype).toBe('float');
    expect(codeOf(() => unaryFns[op](B(2)))).toBe('DTYPE');
  });

  it('takes ints only where the result stays an integer (neg, abs, sign, square)', () => {
    for (const op of numeric) {
      const fn = unaryFns[op];
      if (['neg', 'abs', 'sign', 'square'].includes(op)) expect(fn(I(3)).dtype).toBe('int');
      else expect(codeOf(() => fn(I(3))), op).toBe('DTYPE');
    }
  });

  it('logicalNot takes and gives bool', () => {
    expect(o.logicalNot(B(4)).dtype).toBe('bool');
    expect(codeOf(() => o.logicalNot(F(4)))).toBe('DTYPE');
    expect(codeOf(() => o.logicalNot(I(4)))).toBe('DTYPE');
  });
});

describe('elementwise binary', () => {
  const arith = [o.add, o.sub, o.mul, o.div, o.pow, o.maximum, o.minimum];
  const cmp = [o.equal, o.notEqual, o.less, o.lessEqual, o.greater, o.greaterEqual];

  it('broadcast their operands (numpy) and give float for arithmetic, bool for comparisons', () => {
    for (const fn of arith) {
      const y = fn(F(3, 1), F(4));
      expect(y.shape).toEqual([3, 4]);
      expect(y.dtype).toBe('float');
    }
    for (const fn of cmp) {
      const y = fn(F(2, 3, 4), F(3, 1));
      expect(y.shape).toEqual([2, 3, 4]);
      expect(y.dtype).toBe('bool');
    }
    expect(o.logicalAnd(B(3, 1), B(4)).shape).toEqual([3, 4]);
    expect(o.logicalOr(B(3), B(3)).dtype).toBe('bool');
  });

  it('raises SHAPE_MISMATCH for shapes that do not broadcast', () => {
    for (const fn of [...arith, ...cmp]) expect(codeOf(() => fn(F(3), F(4)))).toBe('SHAPE_MISMATCH');
  });

  it('lifts numbers to scalar constants of the other operand\'s dtype', () => {
    expect(o.add(F(2), 1).dtype).toBe('float');
    expect(o.add(I(2), 1).dtype).toBe('int');
    expect(o.mul(3, F(2)).shape).toEqual([2]);
    expect(o.less(I(2), 3).dtype).toBe('bool');
  });

  it('raises DTYPE for a non-integer number against an int value', () => {
    expect(codeOf(() => o.add(I(2), 0.5))).toBe('DTYPE');
    expect(codeOf(() => o.less(I(2), 2.5))).toBe('DTYPE');
    expect(codeOf(() => o.where(B(2), I(2), 0.5))).toBe('DTYPE');
  });

  it('raises DTYPE for int division and powers, mixed float and int, and bool arithmetic', () => {
    expect(codeOf(() => o.div(I(2), I(2)))).toBe('DTYPE');
    expect(codeOf(() => o.pow(I(2), I(2)))).toBe('DTYPE');
    expect(o.add(I(2), I(2)).dtype).toBe('int');
    expect(o.maximum(I(2), I(2)).dtype).toBe('int');
    for (const fn of [...arith, ...cmp]) expect(codeOf(() => fn(F(2), I(2)))).toBe('DTYPE');
    for (const fn of [o.add, o.sub, o.mul, o.maximum, o.less]) expect(codeOf(() => fn(B(2), B(2)))).toBe('DTYPE');
    expect(o.equal(B(2), B(2)).dtype).toBe('bool');
    expect(o.notEqual(B(2), B(2)).dtype).toBe('bool');
    expect(codeOf(() => o.logicalAnd(F(2), F(2)))).toBe('DTYPE');
    expect(codeOf(() => o.logicalOr(B(2), I(2)))).toBe('DTYPE');
  });
});

describe('where, cast, clip', () => {
  it('where broadcasts all three and takes the branches\' dtype', () => {
    const y = o.where(B(3, 1), F(4), F(2, 1, 1));
    expect(y.shape).toEqual([2, 3, 4]);
    expect(y.dtype).toBe('float');
    expect(o.where(B(2), I(2), 0).dtype).toBe('int');
    expect(o.where(B(2), 1, 0).shape).toEqual([2]);
  });

  it('where raises DTYPE for a non-bool condition or mixed branches, SHAPE_MISMATCH for a bad condition shape', () => {
    expect(codeOf(() => o.where(F(2), F(2), F(2)))).toBe('DTYPE');
    expect(codeOf(() => o.where(B(2), F(2), I(2)))).toBe('DTYPE');
    expect(codeOf(() => o.where(B(3), F(2), F(2)))).toBe('SHAPE_MISMATCH');
  });

  it('cast changes the dtype only, and is the value itself for its own dtype', () => {
    const x = F(2, 3);
    expect(o.cast(x, 'float')).toBe(x);
    const c = o.cast(x, 'int');
    expect(c.op).toBe('cast');
    expect(c.dtype).toBe('int');
    expect(c.shape).toEqual([2, 3]);
    expect(o.cast(B(2), 'float').dtype).toBe('float');
  });

  it('clip takes float and min ≤ max', () => {
    const c = o.clip(F(3), -1, 1);
    expect(c.attrs).toMatchObject({ min: -1, max: 1 });
    expect(c.shape).toEqual([3]);
    expect(o.clip(F(3), 1, 1).op).toBe('clip');
    expect(codeOf(() => o.clip(I(3), 0, 1))).toBe('DTYPE');
    expect(codeOf(() => o.clip(F(3), 2, 1))).toBe('BAD_PARAM');
    expect(codeOf(() => o.clip(F(3), Number.NaN, 1))).toBe('BAD_PARAM');
  });
});

describe('reductions', () => {
  const fns = [o.sum, o.mean, o.max, o.min];
  it.each([
    [undefined, false, []],
    [1, false, [2, 4]],
    [-1, true, [2, 3, 1]],
    [[0, 2], false, [3]],
    [[2, 0], true, [1, 3, 1]],
  ] as const)('axes %j keepDims %s → %j', (axes, keepDims, shape) => {
    for (const fn of fns) {
      const y = fn(F(2, 3, 4), axes as number | number[] | undefined, keepDims);
      expect(y.shape).toEqual(shape);
      expect(y.attrs.keepDims).toBe(keepDims);
    }
  });

  it('store sorted non-negative axes', () => {
    expect(o.sum(F(2, 3, 4), [-1, 0]).attrs.axes).toEqual([0, 2]);
    expect(o.sum(F(2, 3, 4)).attrs.axes).toEqual([0, 1, 2]);
  });

  it('keep symbols on kept axes', () => {
    expect(o.mean(F('batch', 3), 1).shape).toEqual(['batch']);
  });

  it('raise DTYPE for bool input and for the mean of ints; BAD_PARAM for a bad axis', () => {
    for (const fn of fns) expect(codeOf(() => fn(B(3)))).toBe('DTYPE');
    expect(o.sum(I(3)).dtype).toBe('int');
    expect(o.max(I(3)).dtype).toBe('int');
    expect(codeOf(() => o.mean(I(3)))).toBe('DTYPE');
    expect(codeOf(() => o.sum(F(3), 1))).toBe('BAD_PARAM');
  });

  it('sizeOf folds to a constant for static axes and stays a node for symbolic ones', () => {
    const s = o.sizeOf(F(2, 3, 4), [0, 2]);
    expect(s.op).toBe('constant');
    expect(s.attrs.value).toBe(8);
    expect(o.sizeOf(F(2, 3)).attrs.value).toBe(6);
    const d = o.sizeOf(F('n', 3), 0);
    expect(d.op).toBe('sizeOf');
    expect(d.shape).toEqual([]);
    expect(d.dtype).toBe('float');
  });
});

describe('shape ops', () => {
  it('reshape infers one -1, and checks the element count', () => {
    expect(o.reshape(F(2, 3, 4), [6, -1]).shape).toEqual([6, 4]);
    expect(o.reshape(F(2, 3, 4), [-1]).shape).toEqual([24]);
    expect(o.reshape(F(0, 3), [-1, 3]).shape).toEqual([0, 3]);
    expect(o.reshape(F(), [1, 1]).shape).toEqual([1, 1]);
    expect(codeOf(() => o.reshape(F(2, 3), [-1, -1]))).toBe('BAD_PARAM');
    expect(codeOf(() => o.reshape(F(2, 3), [4, -1]))).toBe('SHAPE_MISMATCH');
    expect(codeOf(() => o.reshape(F(2, 3), [5]))).toBe('SHAPE_MISMATCH');
    expect(codeOf(() => o.reshape(F(2, 3), [0, -1]))).toBe('SHAPE_MISMATCH');
  });

  it('reshape rejects negative or fractional sizes other than -1', () => {
    expect(codeOf(() => o.reshape(F(2, 3), [-2, -3]))).toBe('SHAPE_MISMATCH');
    expect(codeOf(() => o.reshape(F(2, 3), [1.5, 4]))).toBe('SHAPE_MISMATCH');
  });

  it('reshape resolves a -1 against symbols that cancel, and keeps symbolic targets', () => {
    expect(o.reshape(F('n', 6), ['n', 2, 3]).shape).toEqual(['n', 2, 3]);
    expect(o.reshape(F('n', 2, 3), ['n', -1]).shape).toEqual(['n', 6]);
    expect(o.reshape(F(3, 'n'), [-1, 'n']).shape).toEqual([3, 'n']);
    expect(o.reshape(F('n', 1), [-1]).shape).toEqual(['n']);
    // Not expressible as one dim: left for the run time.
    expect(o.reshape(F('n', 3), [-1]).attrs.shape).toEqual([-1]);
  });

  it('broadcastTo checks that the target is reachable', () => {
    const y = o.broadcastTo(F(3, 1), [2, 3, 4]);
    expect(y.shape).toEqual([2, 3, 4]);
    expect(o.broadcastTo(1, [2, 2]).shape).toEqual([2, 2]);
    expect(o.broadcastTo(F('n', 1), ['n', 4]).shape).toEqual(['n', 4]);
    expect(codeOf(() => o.broadcastTo(F(3), [2]))).toBe('SHAPE_MISMATCH');
    expect(codeOf(() => o.broadcastTo(F(2, 3), [3]))).toBe('SHAPE_MISMATCH');
    expect(codeOf(() => o.broadcastTo(F(3), [1]))).toBe('SHAPE_MISMATCH');
    expect(codeOf(() => o.broadcastTo(F(2, 3), [2, 1]))).toBe('SHAPE_MISMATCH');
  });

  it('transpose reverses by default and checks the permutation', () => {
    expect(o.transpose(F(2, 3, 4)).shape).toEqual([4, 3, 2]);
    expect(o.transpose(F(2, 'n', 4), [2, 0, 1]).shape).toEqual([4, 2, 'n']);
    expect(codeOf(() => o.transpose(F(2, 3), [0, 0]))).toBe('BAD_PARAM');
    expect(codeOf(() => o.transpose(F(2, 3), [0]))).toBe('BAD_PARAM');
    expect(codeOf(() => o.transpose(F(2, 3), [1, 2]))).toBe('BAD_PARAM');
  });

  it('expandDims inserts a 1 (negative axes count from the new rank)', () => {
    expect(o.expandDims(F(2, 3), 0).shape).toEqual([1, 2, 3]);
    expect(o.expandDims(F(2, 3), 1).shape).toEqual([2, 1, 3]);
    expect(o.expandDims(F(2, 3), -1).shape).toEqual([2, 3, 1]);
    expect(o.expandDims(F(), 0).shape).toEqual([1]);
    expect(codeOf(() => o.expandDims(F(2, 3), 3))).toBe('BAD_PARAM');
  });

  it('squeeze drops size-1 axes (all by default) and refuses others', () => {
    expect(o.squeeze(F(1, 3, 1)).shape).toEqual([3]);
    expect(o.squeeze(F(1, 3, 1), -1).shape).toEqual([1, 3]);
    expect(o.squeeze(F('n', 1)).shape).toEqual(['n']);
    expect(codeOf(() => o.squeeze(F(2, 3), 0))).toBe('SHAPE_MISMATCH');
    expect(codeOf(() => o.squeeze(F('n', 3), 0))).toBe('SHAPE_MISMATCH');
  });
});

describe('indexing and matmul', () => {
  it('oneHot appends a float axis of size depth and takes int indices', () => {
    const y = o.oneHot(I('n'), 5);
    expect(y.shape).toEqual(['n', 5]);
    expect(y.dtype).toBe('float');
    expect(o.oneHot(I(2, 3), 'classes').shape).toEqual([2, 3, 'classes']);
    expect(codeOf(() => o.oneHot(F(3), 4))).toBe('DTYPE');
  });

  it('gather replaces the axis by the indices\' shape', () => {
    expect(o.gather(F(4, 3), I(5), 0).shape).toEqual([5, 3]);
    expect(o.gather(F(2, 4, 3), I(2, 2), 1).shape).toEqual([2, 2, 2, 3]);
    expect(o.gather(F(4, 3), I(), -1).shape).toEqual([4]);
    expect(o.gather(I(4), I(2)).dtype).toBe('int');
    expect(codeOf(() => o.gather(F(4, 3), F(2)))).toBe('DTYPE');
    expect(codeOf(() => o.gather(F(4, 3), I(2), 2))).toBe('BAD_PARAM');
  });

  it('matmul multiplies rank-2 floats with equal inner dimensions', () => {
    expect(o.matmul(F(3, 4), F(4, 2)).shape).toEqual([3, 2]);
    expect(o.matmul(F('n', 4), F(4, 'm')).shape).toEqual(['n', 'm']);
    expect(o.matmul(F(3, 'k'), F(4, 2)).shape).toEqual([3, 2]);
    expect(codeOf(() => o.matmul(F(3, 4), F(3, 2)))).toBe('SHAPE_MISMATCH');
    expect(codeOf(() => o.matmul(F(3), F(3, 2)))).toBe('SHAPE_MISMATCH');
    expect(codeOf(() => o.matmul(F(2, 3, 4), F(4, 2)))).toBe('SHAPE_MISMATCH');
    expect(codeOf(() => o.matmul(I(3, 4), I(4, 2)))).toBe('DTYPE');
  });
});

describe('composites', () => {
  it('logSumExp reduces like sum', () => {
    expect(logSumExp(F(2, 3, 4), 1).shape).toEqual([2, 4]);
    expect(logSumExp(F(2, 3, 4), [0, 2], true).shape).toEqual([1, 3, 1]);
    expect(logSumExp(F(2, 3)).shape).toEqual([]);
    expect(codeOf(() => logSumExp(I(3)))).toBe('DTYPE');
  });

  it('softmax and logSoftmax keep the shape and store a non-negative axis', () => {
    expect(softmax(F('n', 5)).shape).toEqual(['n', 5]);
    expect(softmax(F('n', 5)).attrs.axis).toBe(1);
    expect(logSoftmax(F(2, 5), 0).attrs.axis).toBe(0);
    expect(codeOf(() => softmax(F(2), 1))).toBe('BAD_PARAM');
    expect(codeOf(() => logSoftmax(I(2)))).toBe('DTYPE');
  });

  it('sigmoidCrossEntropyWithLogits broadcasts; softmaxCrossEntropyWithLogits drops the class axis and needs one shape', () => {
    expect(sigmoidCrossEntropyWithLogits(F(4), F(3, 4)).shape).toEqual([3, 4]);
    expect(codeOf(() => sigmoidCrossEntropyWithLogits(F(3), F(4)))).toBe('SHAPE_MISMATCH');
    expect(softmaxCrossEntropyWithLogits(F('n', 5), F('n', 5)).shape).toEqual(['n']);
    expect(softmaxCrossEntropyWithLogits(F(3, 5), F(3, 5), 0).shape).toEqual([5]);
    expect(codeOf(() => softmaxCrossEntropyWithLogits(F(5), F(3, 5)))).toBe('SHAPE_MISMATCH');
    expect(codeOf(() => softmaxCrossEntropyWithLogits(I(3, 5), F(3, 5)))).toBe('DTYPE');
  });
});

describe('helpers', () => {
  it('constantTensor embeds float64 data and maps int32 to int', () => {
    const c = o.constantTensor({ dtype: 'int32', shape: [2], data: Int32Array.of(1, 2) });
    expect(c.dtype).toBe('int');
    expect(c.shape).toEqual([2]);
    expect(c.attrs.tensor?.data).toBeInstanceOf(Float64Array);
  });

  it('zerosLike and onesLike have the value\'s shape; bool becomes int', () => {
    expect(o.zerosLike(F('n', 2)).shape).toEqual(['n', 2]);
    expect(o.onesLike(B(3)).dtype).toBe('int');
  });

  it('folds scalar-constant arithmetic and drops identities', () => {
    const x = F(3);
    expect(o.mul(x, 1)).toBe(x);
    expect(o.add(x, 0)).toBe(x);
    expect(o.sub(x, 0)).toBe(x);
    expect(o.div(x, 1)).toBe(x);
    const c = o.add(o.constant(2), o.constant(3));
    expect(c.op).toBe('constant');
    expect(c.attrs.value).toBe(5);
    const m = o.mul(o.mul(x, 3), 2);
    expect(m.op).toBe('mul');
    expect(m.inputs[0]).toBe(x);
    expect(m.inputs[1]?.attrs.value).toBe(6);
  });

  it('nodes are frozen and ids grow in creation order', () => {
    const a = F(2);
    const b = o.exp(a);
    expect(b.id).toBeGreaterThan(a.id);
    expect(Object.isFrozen(b)).toBe(true);
    expect(Object.isFrozen(b.attrs)).toBe(true);
  });
});
