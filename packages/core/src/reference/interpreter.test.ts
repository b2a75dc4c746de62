import { describe, expect, it } from 'vitest';
import { logSoftmax } from '../graph/composites.js';
import type { Value } from '../graph/node.js';
import * as o from '../graph/ops.js';
import { type InputSpec, trace } from '../graph/program.js';
import type { HostTensor } from '../tensor/host-tensor.js';
import { ReferenceExecutable } from './interpreter.js';
import { createReferenceBackend } from './reference-backend.js';
import { codeOf } from '../__test__/helpers.js';

const f64 = (shape: number[], data: number[]): HostTensor => ({ dtype: 'float64', shape, data: Float64Array.from(data) });
const f32 = (shape: number[], data: number[]): HostTensor => ({ dtype: 'float32', shape, data: Float32Array.from(data) });
const i32 = (shape: number[], data: number[]): HostTensor => ({ dtype: 'int32', shape, data: Int32Array.from(data) });
const float = (...shape: (number | string)[]): InputSpec => ({ shape, dtype: 'float' });

const X = [-2.5, -1, -0.3, 0, 0.2, 0.5, 1.5, 3];
const Y = [1.5, -2, 0.7, 2, -0.4, 0.5, 2.5, -1];

/** Every elementwise op against its definition in plain JS Math. */
const unaryCases: [string, (x: Value) => Value, (x: number) => number][] = [
  ['neg', o.neg, (x) => -x],
  ['abs', o.abs, Math.abs],
  ['sign', o.sign, Math.sign],
  ['exp', o.exp, Math.exp],
  ['log', (x) => o.log(o.abs(x)), (x) => Math.log(Math.abs(x))],
  ['log1p', (x) => o.log1p(o.abs(x)), (x) => Math.log1p(Math.abs(x))],
  ['expm1', o.expm1, Math.expm1],
  ['sqrt', (x) => o.sqrt(o.abs(x)), (x) => Math.sqrt(Math.abs(x))],
  ['square', o.square, (x) => x * x],
  ['reciprocal', o.reciprocal, (x) => 1 / x],
  ['tanh', o.tanh, Math.tanh],
  ['sigmoid', o.sigmoid, (x) => 1 / (1 + Math.exp(-x))],
  ['softplus', o.softplus, (x) => Math.log(1 + Math.exp(x))],
  ['relu', o.relu, (x) => (x > 0 ? x : 0)],
  ['sin', o.sin, Math.sin],
  ['cos', o.cos, Math.cos],
  ['floor', o.floor, Math.floor],
];

const binaryCases: [string, (a: Value, b: Value) => Value, (a: number, b: number) => number][] = [
  ['add', o.add, (a, b) => a + b],
  ['sub', o.sub, (a, b) => a - b],
  ['mul', o.mul, (a, b) => a * b],
  ['div', o.div, (a, b) => a / b],
  ['pow', (a, b) => o.pow(o.abs(a), b), (a, b) => Math.abs(a) ** b],
  ['maximum', o.maximum, Math.max],
  ['minimum', o.minimum, Math.min],
  ['equal', (a, b) => o.cast(o.equal(a, b), 'float'), (a, b) => Number(a === b)],
  ['notEqual', (a, b) => o.cast(o.notEqual(a, b), 'float'), (a, b) => Number(a !== b)],
  ['less', (a, b) => o.cast(o.less(a, b), 'float'), (a, b) => Number(a < b)],
  ['lessEqual', (a, b) => o.cast(o.lessEqual(a, b), 'float'), (a, b) => Number(a <= b)],
  ['greater', (a, b) => o.cast(o.greater(a, b), 'float'), (a, b) => Number(a > b)],
  ['greaterEqual', (a, b) => o.cast(o.greaterEqual(a, b), 'float'), (a, b) => Number(a >= b)],
  ['logicalAnd', (a, b) => o.cast(o.logicalAnd(o.greater(a, 0), o.greater(b, 0)), 'float'), (a, b) => Number(a > 0 && b > 0)],
  ['logicalOr', (a, b) => o.cast(o.logicalOr(o.greater(a, 0), o.greater(b, 0)), 'float'), (a, b) => Number(a > 0 || b > 0)],
  ['where', (a, b) => o.where(o.greater(a, b), a, o.neg(b)), (a, b) => (a > b ? a : -b)],
  ['logicalNot', (a) => o.cast(o.logicalNot(o.greater(a, 0)), 'float'), (a) => Number(!(a > 0))],
];

describe('elementwise ops against plain JS', () => {
  it.each(unaryCases)('%s', (_, fn, js) => {
    const exe = new ReferenceExecutable(trace('u', { x: float(8) }, ({ x }) => fn(x)));
    const out = exe.run({ x: f64([8], X) }, 'float64').value as HostTensor;
    X.forEach((x, i) => expect(out.data[i]).toBeCloseTo(js(x), 14));
  });

  it.each(binaryCases)('%s', (_, fn, js) => {
    const exe = new ReferenceExecutable(trace('b', { x: float(8), y: float(8) }, ({ x, y }) => fn(x, y)));
    const out = exe.run({ x: f64([8], X), y: f64([8], Y) }, 'float64').value as HostTensor;
    X.forEach((x, i) => expect(out.data[i]).toBeCloseTo(js(x, Y[i] as number), 14));
  });

  it('sigmoid and softplus stay finite and accurate for large |x|', () => {
    const exe = new ReferenceExecutable(trace('s', { x: float(4) }, ({ x }) => ({ s: o.sigmoid(x), p: o.softplus(x) })));
    const out = exe.run({ x: f64([4], [-800, -40, 40, 800]) }, 'float64');
    expect(Array.from(out.s?.data ?? [])).toEqual([0, Math.exp(-40) / (1 + Math.exp(-40)), 1 / (1 + Math.exp(-40)), 1]);
    expect(out.p?.data[0]).toBe(0);
    expect(out.p?.data[1]).toBeCloseTo(Math.exp(-40), 30);
    expect(out.p?.data[2]).toBe(40 + Math.log1p(Math.exp(-40)));
    expect(out.p?.data[3]).toBe(800);
  });

  it('rounds half to even, as numpy, ONNX and tfjs', () => {
    const exe = new ReferenceExecutable(trace('r', { x: float(11) }, ({ x }) => o.round(x)));
    const out = exe.run({ x: f64([11], [0.5, 1.5, 2.5, 3.5, -0.5, -1.5, -2.5, 2.4, 2.6, -2.6, 7]) }, 'float64').value as HostTensor;
    expect(Array.from(out.data)).toEqual([0, 2, 2, 4, -0, -2, -2, 2, 3, -3, 7]);
  });

  it('propagates NaN through maximum, minimum, relu, clip and max/min reductions', () => {
    const exe = new ReferenceExecutable(trace('nan', { x: float(3) }, ({ x }) => ({
      maximum: o.maximum(x, 0),
      minimum: o.minimum(x, 0),
      relu: o.relu(x),
      clip: o.clip(x, -1, 1),
      max: o.max(x),
      min: o.min(x),
    })));
    const out = exe.run({ x: f64([3], [Number.NaN, -5, 5]) }, 'float64');
    for (const k of ['maximum', 'minimum', 'relu', 'clip']) expect(out[k]?.data[0], k).toBeNaN();
    expect(out.clip?.data[1]).toBe(-1);
    expect(out.clip?.data[2]).toBe(1);
    expect(out.max?.data[0]).toBeNaN();
    expect(out.min?.data[0]).toBeNaN();
  });

  it('casts float to int by truncation toward zero, and anything non-zero to true', () => {
    const exe = new ReferenceExecutable(trace('c', { x: float(4) }, ({ x }) => ({ i: o.cast(x, 'int'), b: o.cast(x, 'bool') })));
    const out = exe.run({ x: f64([4], [-1.7, 1.7, 0, 2]) }, 'float64');
    expect(out.i?.dtype).toBe('int32');
    expect(Array.from(out.i?.data ?? [])).toEqual([-1, 1, 0, 2]);
    expect(out.b?.dtype).toBe('int32');
    expect(Array.from(out.b?.data ?? [])).toEqual([1, 1, 0, 1]);
  });

  it('keeps ±Infinity, NaN and −0 constants apart (none of them survives JSON)', () => {
    const exe = new ReferenceExecutable(trace('inf', { x: float(3) }, ({ x }) => ({
      value: o.where(o.greater(x, 0), Infinity, -Infinity),
      other: o.add(o.mul(x, 0), Number.NaN),
      floor: o.maximum(x, -Infinity),
      zeros: o.reciprocal(o.where(o.greater(x, 0), 0, -0)),
    })));
    const out = exe.run({ x: f64([3], [1, -1, 2]) }, 'float64');
    expect(Array.from(out.value?.data ?? [])).toEqual([Infinity, -Infinity, Infinity]);
    for (const v of out.other?.data ?? []) expect(v).toBeNaN();
    expect(Array.from(out.floor?.data ?? [])).toEqual([1, -1, 2]);
    expect(Array.from(out.zeros?.data ?? [])).toEqual([Infinity, -Infinity, Infinity]);
  });

  it('divNoNan gives 0 where the denominator is 0', () => {
    const exe = new ReferenceExecutable(trace('d', { x: float(3), y: float(3) }, ({ x, y }) => o.divNoNan(x, y)));
    const out = exe.run({ x: f64([3], [1, 2, 3]), y: f64([3], [0, 4, -1]) }, 'float64').value as HostTensor;
    expect(Array.from(out.data)).toEqual([0, 0.5, -3]);
  });

  it('broadcasts inside a fused loop', () => {
    const exe = new ReferenceExecutable(trace('bc', { a: float(3, 1), b: float(4) }, ({ a, b }) => o.mul(o.add(a, b), 2)));
    const out = exe.run({ a: f64([3, 1], [1, 2, 3]), b: f64([4], [10, 20, 30, 40]) }, 'float64').value as HostTensor;
    expect(out.shape).toEqual([3, 4]);
    const want: number[] = [];
    for (const a of [1, 2, 3]) for (const b of [10, 20, 30, 40]) want.push((a + b) * 2);
    expect(Array.from(out.data)).toEqual(want);
  });
});

describe('fusion', () => {
  it('runs mean(square(sub(p, t))) as one loop: the reduction fused with its chain', () => {
    const exe = new ReferenceExecutable(trace('mse', { p: float('batch'), t: float('batch') }, ({ p, t }) => o.mean(o.square(o.sub(p, t)))));
    expect(exe.plan).toEqual([{ kind: 'reduce', op: 'mean', ops: 2 }]);
    const out = exe.run({ p: f64([4], [2.5, 0, 2, 8]), t: f64([4], [3, -0.5, 2, 7]) }, 'float64').value as HostTensor;
    expect(out.data[0]).toBe(0.375); // sklearn's mean_squared_error example
  });

  it('fuses a long chain into one loop', () => {
    const exe = new ReferenceExecutable(trace('chain', { x: float(5) }, ({ x }) => o.sum(o.tanh(o.exp(o.neg(o.abs(o.mul(o.add(x, 1), 2))))))));
    expect(exe.plan).toEqual([{ kind: 'reduce', op: 'sum', ops: 6 }]);
    const out = exe.run({ x: f64([5], [-2, -1, 0, 1, 2]) }, 'float64').value as HostTensor;
    const want = [-2, -1, 0, 1, 2].reduce((s, x) => s + Math.tanh(Math.exp(-Math.abs((x + 1) * 2))), 0);
    expect(out.data[0]).toBeCloseTo(want, 14);
  });

  it('materialises a value with two consumers, or one that is an output', () => {
    const exe = new ReferenceExecutable(trace('shared', { x: float(3) }, ({ x }) => {
      const e = o.exp(x);
      return { value: o.add(o.sin(e), o.cos(e)), e };
    }));
    const fused = exe.plan.filter((s) => s.kind === 'fused');
    expect(fused.map((s) => s.op)).toEqual(['exp', 'add']);
    const out = exe.run({ x: f64([3], [0, 1, 2]) }, 'float64');
    [0, 1, 2].forEach((x, i) => {
      expect(out.e?.data[i]).toBeCloseTo(Math.exp(x), 14);
      expect(out.value?.data[i]).toBeCloseTo(Math.sin(Math.exp(x)) + Math.cos(Math.exp(x)), 14);
    });
  });

  it('recomputes a cheap shared value in each loop instead of storing it (MSE and its gradient)', () => {
    const exe = new ReferenceExecutable(trace('mse+grad', { p: float('batch'), t: float('batch') }, ({ p, t }) => {
      const d = o.sub(p, t);
      return { value: o.mean(o.square(d)), grad: o.mul(d, 0.5) };
    }));
    expect(exe.plan).toEqual([
      { kind: 'reduce', op: 'mean', ops: 2 },
      { kind: 'fused', op: 'mul', ops: 2 },
    ]);
    const out = exe.run({ p: f64([4], [2.5, 0, 2, 8]), t: f64([4], [3, -0.5, 2, 7]) }, 'float64');
    expect(out.value?.data[0]).toBe(0.375);
    expect(Array.from(out.grad?.data ?? [])).toEqual([-0.25, 0.25, 0, 0.5]);
  });

  it('fuses reductions over trailing axes and falls back for leading ones, with the same numbers', () => {
    const x = f64([2, 3, 2], [1, -2, 3, NaN, 5, -6, 7, 8, -9, 10, 11, 12]);
    const run = (fn: (v: Value) => Value): Float64Array => {
      const exe = new ReferenceExecutable(trace('r', { x: float(2, 3, 2) }, ({ x: v }) => fn(v)));
      expect(exe.plan[0]?.kind).toBe('reduce');
      return exe.run({ x }, 'float64').value?.data as Float64Array;
    };
    const sq = (v: Value): Value => o.square(o.add(v, 1));
    // trailing axes [1, 2] per row; row 0 holds a NaN
    const rowSums = run((v) => o.sum(sq(v), [1, 2]));
    expect(Number.isNaN(rowSums[0])).toBe(true);
    expect(rowSums[1]).toBe([7, 8, -9, 10, 11, 12].reduce((s, a) => s + (a + 1) ** 2, 0));
    // leading axis 0: stored values, then the ordinary kernel
    const colMax = run((v) => o.max(sq(v), 0));
    expect(Array.from(colMax)).toEqual([64, 81, 64, NaN, 144, 169].map((v, i) => (i === 3 ? NaN : v)));
    expect(Array.from(run((v) => o.min(sq(v), [2], true)))).toEqual([1, NaN, 25, 64, 64, 144]);
  });

  it('expands composites before planning', () => {
    const exe = new ReferenceExecutable(trace('ls', { x: float(2, 3) }, ({ x }) => logSoftmax(x)));
    expect(exe.plan.some((s) => s.op === 'logSoftmax')).toBe(false);
  });
});

describe('symbolic shapes', () => {
  const mse = trace('mse', { p: float('batch', 2), t: float('batch', 2) }, ({ p, t }) => ({
    value: o.mean(o.square(o.sub(p, t))),
    n: o.sizeOf(p, 0),
    flat: o.reshape(p, [-1]),
    hot: o.oneHot(o.cast(o.sum(t, 1), 'int'), 'batch'),
  }));

  it('binds symbols at run time: one program serves batch 3 and batch 7', async () => {
    const backend = await createReferenceBackend();
    for (const n of [3, 7]) {
      const p = Array.from({ length: 2 * n }, (_, i) => i / 3);
      const t = Array.from({ length: 2 * n }, (_, i) => (i % 2 === 0 ? 0 : 1 - i / 3));
      const out = await backend.run(mse, { p: { shape: [n, 2], data: p }, t: { shape: [n, 2], data: t } });
      const want = p.reduce((s, v, i) => s + (v - (t[i] as number)) ** 2, 0) / (2 * n);
      expect(out.value?.data[0]).toBeCloseTo(want, 13);
      expect(out.n?.data[0]).toBe(n);
      expect(out.flat?.shape).toEqual([2 * n]);
      expect(out.hot?.shape).toEqual([n, n]);
    }
  });

  it('raises SHAPE_MISMATCH when a symbol is bound to two sizes, or a rank or fixed size is wrong', () => {
    const exe = new ReferenceExecutable(mse);
    expect(codeOf(() => exe.run({ p: f64([3, 2], [1, 2, 3, 4, 5, 6]), t: f64([4, 2], [1, 2, 3, 4, 5, 6, 7, 8]) }, 'float64'))).toBe('SHAPE_MISMATCH');
    expect(codeOf(() => exe.run({ p: f64([6], [1, 2, 3, 4, 5, 6]), t: f64([6], [1, 2, 3, 4, 5, 6]) }, 'float64'))).toBe('SHAPE_MISMATCH');
    expect(codeOf(() => exe.run({ p: f64([2, 3], [1, 2, 3, 4, 5, 6]), t: f64([2, 3], [1, 2, 3, 4, 5, 6]) }, 'float64'))).toBe('SHAPE_MISMATCH');
  });

  it('raises BAD_PARAM for a missing input', () => {
    const exe = new ReferenceExecutable(mse);
    expect(codeOf(() => exe.run({ p: f64([1, 2], [1, 2]) }, 'float64'))).toBe('BAD_PARAM');
  });

  it('raises SHAPE_MISMATCH at run time when a symbol guessed to broadcast turns out not to', () => {
    const exe = new ReferenceExecutable(trace('g', { a: float('n'), b: float(3) }, ({ a, b }) => o.add(a, b)));
    expect(Array.from(exe.run({ a: f64([3], [1, 2, 3]), b: f64([3], [1, 1, 1]) }, 'float64').value?.data ?? [])).toEqual([2, 3, 4]);
    expect(codeOf(() => exe.run({ a: f64([2], [1, 2]), b: f64([3], [1, 1, 1]) }, 'float64'))).toBe('SHAPE_MISMATCH');
  });
});

describe('dtypes of outputs', () => {
  const p = trace('dt', { x: float(3), k: { shape: [3], dtype: 'int' } }, ({ x, k }) => ({
    value: o.mul(x, 3),
    total: o.sum(x),
    ints: o.add(k, 1),
    flags: o.greater(x, 0),
  }));

  it('rounds float outputs to float32 when the inputs are float32 (computed in float64)', async () => {
    const backend = await createReferenceBackend();
    const out = await backend.run(p, { x: f32([3], [0.1, 1e-8, -3.3]), k: i32([3], [1, 2, 3]) });
    const xs = [0.1, 1e-8, -3.3].map(Math.fround);
    expect(out.value?.dtype).toBe('float32');
    expect(out.value?.data).toBeInstanceOf(Float32Array);
    expect(Array.from(out.value?.data ?? [])).toEqual(xs.map((v) => Math.fround(v * 3)));
    expect(out.total?.data[0]).toBe(Math.fround((xs[0] as number) + (xs[1] as number) + (xs[2] as number)));
    expect(out.ints?.dtype).toBe('int32');
    expect(Array.from(out.ints?.data ?? [])).toEqual([2, 3, 4]);
    expect(out.flags?.dtype).toBe('int32');
    expect(Array.from(out.flags?.data ?? [])).toEqual([1, 1, 0]);
  });

  it('returns float64 outputs for float64 inputs, and for plain arrays', async () => {
    const backend = await createReferenceBackend();
    const out = await backend.run(p, { x: { shape: [3], data: [0.1, 0.2, 0.3] }, k: i32([3], [0, 0, 0]) });
    expect(out.value?.dtype).toBe('float64');
    expect(out.value?.data).toBeInstanceOf(Float64Array);
    expect(out.value?.data[0]).toBe(0.1 * 3);
  });

  it('caches the compiled program per program and float dtype', async () => {
    const backend = await createReferenceBackend();
    const a = await backend.run(p, { x: f32([3], [1, 2, 3]), k: i32([3], [0, 0, 0]) });
    const b = await backend.run(p, { x: f64([3], [1, 2, 3]), k: i32([3], [0, 0, 0]) });
    expect(a.value?.dtype).toBe('float32');
    expect(b.value?.dtype).toBe('float64');
  });
});
