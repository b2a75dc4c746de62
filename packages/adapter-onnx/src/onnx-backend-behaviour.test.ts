import { type HostTensor, LossKitError, type Value, losses, makeProgram, ops, optimizers, trace } from '@losskit/core';
import { errorCode } from '@losskit/conformance';
import * as ort from 'onnxruntime-node';
import { describe, expect, it } from 'vitest';
import { type Ort, type OrtSessionOptions, createOnnxBackend, lowerProgram } from './index.js';

/** The ORT module, counting sessions created and tensors constructed by the adapter. */
function counting(): { ort: Ort; sessions: () => number; tensors: () => number } {
  let sessions = 0;
  let tensors = 0;
  const Tensor = new Proxy(ort.Tensor, {
    construct(target, args) {
      tensors++;
      return Reflect.construct(target, args) as object;
    },
  });
  const wrapped: Ort = {
    Tensor,
    InferenceSession: {
      create(bytes, options) {
        sessions++;
        return ort.InferenceSession.create(bytes, options);
      },
    },
  };
  return { ort: wrapped, sessions: () => sessions, tensors: () => tensors };
}

const f32 = (shape: number[], data: number[]): HostTensor => ({ dtype: 'float32', shape, data: Float32Array.from(data) });

describe('onnx › sessions', () => {
  it('one session per program content and float dtype: equal losses share it, symbolic batches reuse it', async () => {
    const c = counting();
    const backend = await createOnnxBackend({ ort: c.ort });
    const inputs = { predictions: f32([4], [1, 2, 3, 4]), targets: f32([4], [0, 2, 3, 5]) };
    const a = await backend.evaluate(losses.mse(), inputs);
    const b = await backend.evaluate(losses.mse(), inputs); // a new Loss object: traced again, same bytes
    expect(b.data[0]).toBe(a.data[0]);
    expect(c.sessions()).toBe(1);
    const p = trace('sq', { x: { shape: ['batch', 2], dtype: 'float' } }, ({ x }) => ops.mean(ops.square(x as Value), 1));
    for (const n of [1, 3, 8]) await backend.run(p, { x: f32([n, 2], Array.from({ length: 2 * n }, (_, i) => i)) });
    expect(c.sessions()).toBe(2);
    await backend.run(p, { x: { dtype: 'float64', shape: [2, 2], data: Float64Array.of(1, 2, 3, 4) } });
    expect(c.sessions()).toBe(3);
  });

  it('an optimizer keeps parameters and state in ORT tensors: a step creates only the gradient tensors', async () => {
    const c = counting();
    const backend = await createOnnxBackend({ ort: c.ort });
    const run = await backend.optimizer(optimizers.adam({ learningRate: 0.1 }), { w: f32([3], [1, 2, 3]), b: f32([1], [0]) });
    await run.step({ w: f32([3], [1, 1, 1]), b: f32([1], [1]) });
    const before = c.tensors();
    for (let s = 0; s < 3; s++) await run.step({ w: f32([3], [1, 1, 1]), b: f32([1], [1]) });
    expect(c.tensors() - before).toBe(3 * 2);
    const w = (await run.params()).w?.data[0] as number;
    expect(w).toBeCloseTo(1 - 4 * 0.1, 5);
  });
});

describe('onnx › errors', () => {
  it('an op with no lowering fails at compile time with UNKNOWN_OP naming it', async () => {
    const x = trace('id', { x: { shape: [2], dtype: 'float' } }, ({ x: v }) => v).inputs.x as Value;
    const odd = { id: 1e9, op: 'fft', inputs: [x], attrs: {}, shape: [2], dtype: 'float' } as unknown as Value;
    const program = makeProgram('odd', { x }, { value: odd });
    expect(() => lowerProgram(program, 'float32')).toThrow(/fft/);
    const backend = await createOnnxBackend({ ort });
    const error = await Promise.resolve().then(() => backend.compile(program, { floatDType: 'float32' })).then(() => undefined, (e: unknown) => e);
    expect(LossKitError.isInstance(error) && error.code).toBe('UNKNOWN_OP');
    expect(String((error as Error).message)).toMatch(/'fft'/);
  });

  it('a failure inside ONNX Runtime comes back as LossKitError BACKEND with one line, not a native stack', async () => {
    // Two symbols the core cannot relate: their mismatch only shows when MatMul runs.
    const p = trace('mm', { a: { shape: ['n', 'k'], dtype: 'float' }, b: { shape: ['m', 2], dtype: 'float' } }, ({ a, b }) => ops.matmul(a as Value, b as Value));
    const backend = await createOnnxBackend({ ort });
    const error = await backend.run(p, { a: f32([2, 3], [1, 2, 3, 4, 5, 6]), b: f32([2, 2], [1, 0, 0, 1]) }).then(() => undefined, (e: unknown) => e);
    expect(LossKitError.isInstance(error) && error.code).toBe('BACKEND');
    expect((error as Error).message).toMatch(/ONNX Runtime failed: .*MatMul/);
    expect((error as Error).message).not.toMatch(/\n/);
    // and the session still works afterwards
    expect((await backend.run(p, { a: f32([1, 2], [1, 2]), b: f32([2, 2], [1, 0, 0, 1]) })).value?.data).toEqual(Float32Array.of(1, 2));
  });

  it('input shapes are checked by the core before ONNX Runtime sees them', async () => {
    const backend = await createOnnxBackend({ ort });
    expect(await errorCode(() => backend.evaluate(losses.mse(), { predictions: f32([3], [1, 2, 3]), targets: f32([2], [1, 2]) }))).toBe('SHAPE_MISMATCH');
    const p = trace('two', { a: { shape: ['n'], dtype: 'float' }, b: { shape: ['n'], dtype: 'float' } }, ({ a, b }) => ops.add(a as Value, b as Value));
    expect(await errorCode(() => backend.run(p, { a: f32([3], [1, 2, 3]), b: f32([2], [1, 2]) }))).toBe('SHAPE_MISMATCH');
  });
});

describe('onnx › tensors at the edge', () => {
  it('float inputs of the other precision are converted; int64 labels arrive as int32', async () => {
    const backend = await createOnnxBackend({ ort });
    const p = trace('mix', { a: { shape: [2], dtype: 'float' }, b: { shape: [2], dtype: 'float' } }, ({ a, b }) => ops.mul(a as Value, b as Value));
    const out = await backend.run(p, { a: f32([2], [1.5, 2]), b: { dtype: 'float64', shape: [2], data: Float64Array.of(2, 0.25) } });
    expect(out.value).toEqual({ dtype: 'float32', shape: [2], data: Float32Array.of(3, 0.5) });
    const ce = losses.sparseCategoricalCrossEntropy({ fromLogits: true, reduction: 'none' });
    const logits = f32([2, 3], [1, 2, 3, 3, 2, 1]);
    const viaInt64 = await backend.evaluate(ce, { predictions: logits, targets: { dtype: 'int64', shape: [2], data: BigInt64Array.of(2n, 0n) } });
    const viaInt32 = await backend.evaluate(ce, { predictions: logits, targets: { dtype: 'int32', shape: [2], data: Int32Array.of(2, 0) } });
    expect(Array.from(viaInt64.data)).toEqual(Array.from(viaInt32.data));
  });

  it('native tensors go in and come out without copies', async () => {
    const backend = await createOnnxBackend({ ort });
    const p = trace('neg', { x: { shape: [3], dtype: 'float' } }, ({ x }) => ops.neg(x as Value));
    const compiled = await backend.compile(p, { floatDType: 'float32' });
    const x = new ort.Tensor('float32', Float32Array.of(1, -2, 3), [3]);
    const out = await compiled.run({ x });
    expect(backend.isNative(out.value)).toBe(true);
    const host = await backend.toHost(out.value as ort.Tensor);
    expect(host.data).toBe((out.value as ort.Tensor).data);
    expect(Array.from(host.data)).toEqual([-1, 2, -3]);
  });
});

describe('onnx › supports', () => {
  it('claims float64 on the CPU kernels only', async () => {
    expect((await createOnnxBackend({ ort })).supports.dtypes).toEqual(['float32', 'float64']);
    expect((await createOnnxBackend({ ort, sessionOptions: { executionProviders: ['cpu'] } })).supports.dtypes).toEqual(['float32', 'float64']);
    expect((await createOnnxBackend({ ort, sessionOptions: { executionProviders: [{ name: 'webgpu' }] } })).supports.dtypes).toEqual(['float32']);
  });
});

describe('onnx › session options', () => {
  it('defaults to quiet, non-spinning sessions without MatMulScaleFusion; the caller’s options win', async () => {
    const seen: unknown[] = [];
    const spy = (extra?: OrtSessionOptions): Promise<unknown> => {
      const wrapped: Ort = { Tensor: ort.Tensor, InferenceSession: { create: (b, o) => (seen.push(o), ort.InferenceSession.create(b, o)) } };
      return createOnnxBackend({ ort: wrapped, ...(extra === undefined ? {} : { sessionOptions: extra }) })
        .then((b) => b.evaluate(losses.mse(), { predictions: f32([1], [1]), targets: f32([1], [0]) }));
    };
    await spy();
    await spy({ logSeverityLevel: 2, intraOpNumThreads: 1 });
    expect(seen[0]).toEqual({
      logSeverityLevel: 4,
      extra: { session: { intra_op: { allow_spinning: '0' }, inter_op: { allow_spinning: '0' } }, optimization: { disable_specified_optimizers: 'MatMulScaleFusion' } },
    });
    expect(seen[1]).toMatchObject({ logSeverityLevel: 2, intraOpNumThreads: 1 });
  });
});

describe('onnx › float64', () => {
  it('keeps a scalar times a MatMul in float64 (no fusion into a float32 alpha)', async () => {
    const p = trace('scaledGram', { a: { shape: [2, 2], dtype: 'float' } }, ({ a }) => ({ y: ops.mul(ops.matmul(a as Value, a as Value), 2.0315) }));
    const backend = await createOnnxBackend({ ort });
    const out = await backend.run(p, { a: { dtype: 'float64', shape: [2, 2], data: Float64Array.from([1, 2, 3, 4]) } });
    // [[1, 2], [3, 4]]² = [[7, 10], [15, 22]]; 2.0315 is not a float32 (it rounds to 2.03150010…)
    expect(Array.from(out.y?.data ?? [])).toEqual([7, 10, 15, 22].map((v) => v * 2.0315));
  });
});
