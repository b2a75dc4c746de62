import { type HostTensor, LossKitError, type Value, losses, makeProgram, optimizerPrograms, optimizers, ops, trace } from '@losskit/core';
import * as ort from 'onnxruntime-node';
import { describe, expect, it } from 'vitest';
import { createOnnxBackend, exportOnnx, lowerProgram } from './index.js';

async function runBytes(bytes: Uint8Array, feeds: Record<string, HostTensor>): Promise<Record<string, Float32Array>> {
  const session = await ort.InferenceSession.create(bytes);
  const out = await session.run(Object.fromEntries(Object.entries(feeds).map(([k, t]) => [k, new ort.Tensor(t.dtype, t.data, [...t.shape])])));
  return Object.fromEntries(Object.entries(out).map(([k, t]) => [k.replace(/:out$/, ''), t.data as Float32Array]));
}

const f32 = (shape: number[], data: number[]): HostTensor => ({ dtype: 'float32', shape, data: Float32Array.from(data) });

describe('exportOnnx', () => {
  it('a loss with its gradient round-trips: a fresh session gives the backend numbers, for any batch size', async () => {
    const loss = losses.sparseCategoricalCrossEntropy({ fromLogits: true, labelSmoothing: 0.1 });
    const bytes = exportOnnx(loss, { signature: { predictions: ['batch', 3], targets: ['batch'] }, withGradient: true });
    const backend = await createOnnxBackend({ ort });
    for (const n of [2, 5]) {
      const predictions = f32([n, 3], Array.from({ length: n * 3 }, (_, i) => Math.sin(i)));
      const targets: HostTensor = { dtype: 'int32', shape: [n], data: Int32Array.from({ length: n }, (_, i) => i % 3) };
      const fresh = await runBytes(bytes, { predictions, targets });
      const { value, grad } = await backend.valueAndGrad(loss, { predictions, targets });
      expect(fresh.value?.[0]).toBeCloseTo(value.data[0] as number, 6);
      // The backend traced concrete shapes, the export symbolic ones ('batch'): float32 rounding may differ in the last bit.
      Array.from(grad.data).forEach((g, i) => expect(fresh['grad/predictions']?.[i]).toBeCloseTo(g, 6));
    }
  });

  it('an Adam step round-trips: ten steps through the exported graph equal ten backend steps', async () => {
    const shapes = { w: [3] };
    const { init, update } = optimizerPrograms(optimizers.adam({ learningRate: 0.1 }), shapes);
    const [initBytes, stepBytes] = [exportOnnx(init), exportOnnx(update)];
    const w0 = f32([3], [1, -2, 0.5]);
    const grads = (w: ArrayLike<number>): HostTensor => f32([3], Array.from(w, (v, i) => (i + 1) * v));
    const state = await runBytes(initBytes, { 'params/w': w0 });
    let feeds: Record<string, HostTensor> = { 'params/w': w0 };
    for (const [k, v] of Object.entries(state)) feeds[k] = k === 'state/0/count' ? { dtype: 'int32', shape: [], data: Int32Array.from(v) } : f32(k.includes('count') ? [] : [3], Array.from(v));
    const backend = await createOnnxBackend({ ort });
    const run = await backend.optimizer(optimizers.adam({ learningRate: 0.1 }), { w: w0 });
    for (let s = 0; s < 10; s++) {
      const g = grads(feeds['params/w']?.data ?? []);
      const out = await runBytes(stepBytes, { ...feeds, 'grads/w': g });
      await run.step({ w: g });
      feeds = Object.fromEntries(Object.entries(out).map(([k, v]) => [k, k === 'state/0/count' ? { dtype: 'int32', shape: [], data: Int32Array.from(v) } : f32(k.includes('count') ? [] : [3], Array.from(v))]));
    }
    expect(Array.from(feeds['params/w']?.data ?? [])).toEqual(Array.from((await run.params()).w?.data ?? []));
  });

  it('uses dim_param for symbolic dimensions, so one session serves every batch size', () => {
    const p = trace('m', { x: { shape: ['batch', 4], dtype: 'float' } }, ({ x }) => ops.mean(ops.square(x)));
    const text = new TextDecoder('latin1').decode(lowerProgram(p, 'float32').bytes);
    expect(text).toContain('batch');
  });

  it('fails at compile time with UNKNOWN_OP naming an op it cannot lower', async () => {
    const x = trace('id', { x: { shape: [2], dtype: 'float' } }, ({ x: v }) => v).inputs.x as Value;
    const odd = { id: 1e9, op: 'fft', inputs: [x], attrs: {}, shape: [2], dtype: 'float' } as unknown as Value;
    const program = makeProgram('odd', { x }, { value: odd });
    const backend = await createOnnxBackend({ ort });
    const error = await backend.run(program, { x: f32([2], [1, 2]) }).catch((e: unknown) => e);
    expect(LossKitError.isInstance(error) && error.code).toBe('UNKNOWN_OP');
    expect(String((error as Error).message)).toMatch(/fft/);
  });
});
