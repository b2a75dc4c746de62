import { type Backend, type FloatDType, type HostTensor, type InputSpec, type Program, type Value, createReferenceBackend, grad, gradName, losses, ops, trace } from '@losskit/core';
import { TOLERANCES, errorCode, expectTensorClose } from '@losskit/conformance';
import * as ort from 'onnxruntime-node';
import { beforeAll, describe, expect, it } from 'vitest';
import { createOnnxBackend, lowerProgram } from './index.js';
import { onnx } from './onnx-proto.js';

// The edges of the core's op semantics that random inputs never reach (the conformance suite's
// op table covers the bulk): NaN, ties, out-of-range indices, tiny and huge arguments, symbolic
// sizes. Each case runs on this backend and on the reference backend, in both dtypes.

let backend: Backend;
let reference: Backend;
beforeAll(async () => {
  backend = await createOnnxBackend({ ort });
  reference = await createReferenceBackend();
});

const floats = (dtype: FloatDType, shape: number[], values: number[]): HostTensor =>
  dtype === 'float32' ? { dtype, shape, data: Float32Array.from(values) } : { dtype, shape, data: Float64Array.from(values) };
const ints = (shape: number[], values: number[]): HostTensor => ({ dtype: 'int32', shape, data: Int32Array.from(values) });

/** Runs on both backends and compares every output at the dtype's tolerance (NaN equal to NaN). */
async function same(program: Program, inputs: Record<string, HostTensor>, dtype: FloatDType): Promise<Record<string, HostTensor>> {
  const got = await backend.run(program, inputs);
  const want = await reference.run(program, inputs);
  for (const k of Object.keys(want)) {
    expect(got[k]?.dtype, `${k}: dtype`).toBe(want[k]?.dtype);
    expectTensorClose(got[k] as HostTensor, want[k] as HostTensor, TOLERANCES[dtype], k);
  }
  return got;
}

const unary = (name: string, f: (x: Value) => Value, n: number): Program => trace(name, { x: { shape: [n], dtype: 'float' } }, ({ x }) => f(x as Value));
const opTypes = (p: Program): string[] => (onnx.ModelProto.decode(lowerProgram(p, 'float32').bytes).graph?.node ?? []).map((n) => n.opType ?? '');

describe.each(['float32', 'float64'] as const)('onnx › op semantics › %s', (dtype) => {
  const tiny = [1e-10, -1e-10, 1e-30, -1e-20, 3e-8, -0, 0];

  it.each([
    ['log1p', ops.log1p, [...tiny, -1, -2, 1, 1e30, Infinity, Number.NaN]],
    ['expm1', ops.expm1, [...tiny, 1, -1, -100, 80, -Infinity, Infinity, Number.NaN]],
    ['softplus', ops.softplus, [...tiny, -20, -100, -700, 20, 100, 1e30, -Infinity, Infinity, Number.NaN]],
  ] as const)('%s keeps full precision near 0 and handles ±∞ and NaN', async (name, f, values) => {
    const out = await same(unary(name, f, values.length), { x: floats(dtype, [values.length], [...values]) }, dtype);
    // The relative error near 0 is what a Log(1 + x) lowering would lose entirely.
    const y = out.value?.data[0] as number;
    expect(Math.abs(y / (name === 'softplus' ? Math.log1p(Math.exp(1e-10)) : 1e-10) - 1)).toBeLessThan(1e-5);
  });

  it('erf matches the reference across the series/fraction switch, the tails, ±∞ and NaN', async () => {
    const values = [...tiny, 0.5, -1, 2, 2.4999, 2.5, -3, 4, 5.9, 6, -7, 1e30, -Infinity, Infinity, Number.NaN];
    const out = await same(unary('erf', ops.erf, values.length), { x: floats(dtype, [values.length], values) }, dtype);
    // erf(−1) = −0.8427007929497149 (mpmath, 40 digits); float64 holds it to 1e-15, float32 to 1e-6
    const y = out.value?.data[8] as number;
    expect(Math.abs(y / -0.8427007929497149 - 1)).toBeLessThan(dtype === 'float64' ? 1e-15 : 1e-6);
  });

  it('maximum, minimum and the max/min reductions propagate NaN wherever it is', async () => {
    const p = trace('nan', { a: { shape: [2, 3], dtype: 'float' }, b: { shape: [2, 3], dtype: 'float' } }, ({ a, b }) => ({
      maximum: ops.maximum(a as Value, b as Value), minimum: ops.minimum(a as Value, b as Value),
      max: ops.max(a as Value, 1), min: ops.min(a as Value, 1), maxKeep: ops.max(a as Value, 0, true), minAll: ops.min(a as Value),
    }));
    const out = await same(p, { a: floats(dtype, [2, 3], [1, Number.NaN, 3, Number.NaN, 5, 6]), b: floats(dtype, [2, 3], [Number.NaN, 0, 4, 1, 9, -1]) }, dtype);
    expect(Array.from(out.max?.data ?? [])).toEqual([Number.NaN, Number.NaN]);
  });

  it('round is half to even; floor, sign, cast to int truncates toward 0', async () => {
    const v = [0.5, 1.5, 2.5, -0.5, -1.5, -2.5, 2.4, -2.6, 7];
    const p = trace('round', { x: { shape: [v.length], dtype: 'float' } }, ({ x }) => ({
      round: ops.round(x as Value), floor: ops.floor(x as Value), sign: ops.sign(x as Value), int: ops.cast(x as Value, 'int'),
    }));
    const out = await same(p, { x: floats(dtype, [v.length], v) }, dtype);
    expect(Array.from(out.round?.data ?? [])).toEqual([0, 2, 2, -0, -2, -2, 2, -3, 7]);
    expect(Array.from(out.int?.data ?? [])).toEqual([0, 1, 2, 0, -1, -2, 2, -2, 7]);
  });

  it('oneHot gives a zero row for negative and too-large indices, as float', async () => {
    const p = trace('oneHot', { i: { shape: [5], dtype: 'int' } }, ({ i }) => ops.oneHot(i as Value, 3));
    const out = await same(p, { i: ints([5], [0, -1, 2, 3, -3]) }, dtype);
    expect(Array.from(out.value?.data ?? [])).toEqual([1, 0, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0]);
  });

  it('gather is numpy take, and an index out of range is LABEL_OUT_OF_RANGE (negative ones too, which ONNX would wrap)', async () => {
    const p = trace('gather', { x: { shape: [2, 3], dtype: 'float' }, i: { shape: [4], dtype: 'int' } }, ({ x, i }) => ops.gather(x as Value, i as Value, 1));
    const x = floats(dtype, [2, 3], [1, 2, 3, 4, 5, 6]);
    await same(p, { x, i: ints([4], [2, 0, 2, 1]) }, dtype);
    for (const bad of [[0, -1, 1, 2], [0, 3, 1, 2]]) {
      expect(await errorCode(() => backend.run(p, { x, i: ints([4], bad) }))).toBe('LABEL_OUT_OF_RANGE');
      expect(await errorCode(() => reference.run(p, { x, i: ints([4], bad) }))).toBe('LABEL_OUT_OF_RANGE');
    }
  });

  it('bool outputs come back as int32; bool inputs go in as int32', async () => {
    const p = trace('bool', { x: { shape: [3], dtype: 'float' }, m: { shape: [3], dtype: 'bool' } }, ({ x, m }) => ({
      positive: ops.greater(x as Value, 0), both: ops.logicalAnd(ops.greater(x as Value, 0), m as Value), picked: ops.where(m as Value, x as Value, 0),
    }));
    const out = await same(p, { x: floats(dtype, [3], [1, -1, 2]), m: ints([3], [1, 1, 0]) }, dtype);
    expect(out.positive?.dtype).toBe('int32');
    expect(Array.from(out.both?.data ?? [])).toEqual([1, 0, 0]);
  });

  it('symbolic sizes are read from the input that binds them: sizeOf, reshape, broadcastTo, oneHot depth', async () => {
    const p = trace('symbols', { x: { shape: ['batch', 'classes'], dtype: 'float' }, y: { shape: ['batch'], dtype: 'int' } }, ({ x, y }) => {
      const xv = x as Value;
      const n = ops.sizeOf(xv, 0);
      const flat = ops.reshape(xv, [-1]);
      const back = ops.reshape(flat, ['batch', 'classes']);
      const bias = ops.broadcastTo(ops.mean(xv, 0), ['batch', 'classes']);
      return { n, total: ops.sizeOf(xv), back: ops.sub(back, bias), hot: ops.mul(ops.oneHot(y as Value, 'classes'), xv) };
    });
    for (const [batch, classes] of [[2, 3], [5, 4], [1, 1]] as const) {
      const x = floats(dtype, [batch, classes], Array.from({ length: batch * classes }, (_, i) => Math.sin(i)));
      const out = await same(p, { x, y: ints([batch], Array.from({ length: batch }, (_, i) => i % classes)) }, dtype);
      expect(out.n?.data[0]).toBe(batch);
      expect(out.n?.dtype).toBe(dtype);
    }
  });

  it('logSumExp is native ReduceLogSumExp: exact at ±1e4, any axes, keepDims, and its gradient', async () => {
    const p = trace('lse', { x: { shape: [2, 3], dtype: 'float' } }, ({ x }) => ({
      rows: ops.logSumExp(x as Value, 1), all: ops.logSumExp(x as Value, undefined, true), none: ops.logSumExp(x as Value, []),
    }));
    await same(p, { x: floats(dtype, [2, 3], [1e4, 1e4 - 1, -1e4, -1e4, 0.5, -3]) }, dtype);
    // The gradient exp(x − lse) at 1e4 inherits float32's spacing there (1e-3): moderate inputs.
    const g = grad(trace('lse·1', { x: { shape: [2, 3], dtype: 'float' } }, ({ x: v }) => ops.sum(ops.logSumExp(v as Value, 1))), { wrt: ['x'] });
    await same(g, { x: floats(dtype, [2, 3], [10, 9, -10, -10, 0.5, -3]) }, dtype);
    expect(opTypes(p)).toContain('ReduceLogSumExp');
  });
});

describe.each(['float32', 'float64'] as const)('onnx › native softmax cross-entropy › %s', (dtype) => {
  /** −Σ oneHot(y)·logSoftmax(logits): the pattern the sparse losses produce. */
  const specs = (logits: readonly (number | string)[]): Record<string, InputSpec> =>
    ({ logits: { shape: logits, dtype: 'float' }, y: { shape: logits.slice(0, -1), dtype: 'int' } });
  const loss = (logits: readonly (number | string)[], l: Value, y: Value): Value =>
    ops.softmaxCrossEntropyWithLogits(ops.oneHot(y, logits.at(-1) as number | string), l, -1, { labelsSumToOne: true });
  const sce = (logits: readonly (number | string)[]): Program =>
    trace('sce', specs(logits), ({ logits: l, y }) => loss(logits, l as Value, y as Value));
  const sceGrad = (logits: readonly (number | string)[]): Program =>
    grad(trace('sce·1', specs(logits), ({ logits: l, y }) => ops.sum(loss(logits, l as Value, y as Value))), { wrt: ['logits'] });

  it.each([
    { shape: [4, 3], labels: [0, 2, -1, 7] },
    { shape: [3], labels: [1] },
    { shape: [2, 2, 3], labels: [0, 1, 2, 5] },
  ])('per sample, values and gradients equal the composition ($shape, labels out of range give 0)', async ({ shape, labels }) => {
    const p = sce(shape);
    const n = shape.reduce((a, b) => a * b, 1);
    const inputs = { logits: floats(dtype, shape, Array.from({ length: n }, (_, i) => 3 * Math.cos(1.3 * i))), y: ints(shape.slice(0, -1), labels.slice(0, n / (shape.at(-1) ?? 1))) };
    await same(p, inputs, dtype);
    await same(sceGrad(shape), inputs, dtype);
    expect(opTypes(p)).toContain('SoftmaxCrossEntropyLoss');
    // A gradient program has its own logSoftmax: the loss reads it through NegativeLogLikelihoodLoss.
    const withGrad = opTypes(sceGrad(shape));
    expect(withGrad).toContain('NegativeLogLikelihoodLoss');
    expect(withGrad.filter((o) => o === 'LogSoftmax')).toHaveLength(1);
  });

  it('with symbolic batch and classes, one session for every size', async () => {
    const p = sce(['batch', 'classes']);
    for (const [b, c] of [[3, 4], [6, 2]] as const) {
      await same(p, { logits: floats(dtype, [b, c], Array.from({ length: b * c }, (_, i) => Math.sin(i))), y: ints([b], Array.from({ length: b }, (_, i) => (i * 3) % (c + 1))) }, dtype);
    }
  });

  it('stays exact for logits of ±1e4', async () => {
    const p = sce([2, 3]);
    await same(p, { logits: floats(dtype, [2, 3], [1e4, -1e4, 0, -1e4, 1e4, 1e4]), y: ints([2], [1, 2]) }, dtype);
  });
});

describe('onnx › gradients of the composed lowerings', () => {
  it.each(['float32', 'float64'] as const)('log1p, expm1, softplus, max and min match the reference gradients (%s)', async (dtype) => {
    const p = trace('mix', { x: { shape: [2, 4], dtype: 'float' } }, ({ x }) => {
      const v = x as Value;
      return ops.add(ops.sum(ops.mul(ops.log1p(ops.abs(v)), ops.expm1(v))), ops.add(ops.sum(ops.softplus(v)), ops.sub(ops.sum(ops.max(v, 1)), ops.sum(ops.min(v, 0)))));
    });
    await same(grad(p, { wrt: ['x'] }), { x: floats(dtype, [2, 4], [0.3, -1.2, 2, 1e-6, -0.7, 0.1, 4, -3]) }, dtype);
    expect(gradName('x')).toBe('grad/x');
  });
});

describe('onnx › lowering', () => {
  it('a forward-only sparse cross-entropy builds no one-hot: the native loss reads the labels', () => {
    const loss = losses.sparseCategoricalCrossEntropy({ fromLogits: true });
    const types = opTypes(loss.program({ predictions: ['batch', 10], targets: ['batch'] }));
    expect(types).toContain('SoftmaxCrossEntropyLoss');
    expect(types).not.toContain('Range');
  });
});
