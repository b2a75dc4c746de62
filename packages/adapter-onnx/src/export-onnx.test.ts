import { type HostTensor, type Value, losses, optimizerPrograms, optimizers, ops, trace } from '@losskit/core';
import * as ort from 'onnxruntime-node';
import { describe, expect, it } from 'vitest';
import { createOnnxBackend, exportOnnx } from './index.js';
import { onnx } from './onnx-proto.js';

type Feeds = Record<string, HostTensor>;

/** Runs exported bytes in a fresh session, as any ONNX Runtime user would. */
async function runBytes(bytes: Uint8Array, feeds: Feeds): Promise<Record<string, ort.Tensor>> {
  const session = await ort.InferenceSession.create(bytes);
  return session.run(Object.fromEntries(Object.entries(feeds).map(([k, t]) => [k, new ort.Tensor(t.dtype, t.data, [...t.shape])])));
}

/** A step's outputs as the next step's inputs: `params/w:out` feeds `params/w`. */
function feedBack(out: Record<string, ort.Tensor>): Feeds {
  const next: Feeds = {};
  for (const [k, t] of Object.entries(out)) {
    const data = t.data;
    const name = k.replace(/:out$/, '');
    if (data instanceof Int32Array) next[name] = { dtype: 'int32', shape: [...t.dims], data };
    else if (data instanceof Float64Array) next[name] = { dtype: 'float64', shape: [...t.dims], data };
    else next[name] = { dtype: 'float32', shape: [...t.dims], data: data as Float32Array };
  }
  return next;
}

const f32 = (shape: number[], data: number[]): HostTensor => ({ dtype: 'float32', shape, data: Float32Array.from(data) });
const graphOf = (bytes: Uint8Array) => onnx.ModelProto.decode(bytes).graph;

describe('exportOnnx', () => {
  it('a loss with its gradient round-trips: a fresh session gives the backend numbers, for any batch size', async () => {
    const loss = losses.sparseCategoricalCrossEntropy({ fromLogits: true, labelSmoothing: 0.1 });
    const bytes = exportOnnx(loss, { signature: { predictions: ['batch', 3], targets: ['batch'] }, withGradient: true });
    expect(graphOf(bytes)?.output?.map((o) => o.name)).toEqual(['value', 'grad/predictions']);
    const backend = await createOnnxBackend({ ort });
    for (const n of [2, 5]) {
      const predictions = f32([n, 3], Array.from({ length: n * 3 }, (_, i) => Math.sin(i)));
      const targets: HostTensor = { dtype: 'int32', shape: [n], data: Int32Array.from({ length: n }, (_, i) => i % 3) };
      const fresh = await runBytes(bytes, { predictions, targets });
      const { value, grad } = await backend.valueAndGrad(loss, { predictions, targets });
      expect(fresh.value?.data[0] as number).toBeCloseTo(value.data[0] as number, 6);
      // The backend traced concrete shapes, the export symbolic ones ('batch'): float32 rounding may differ in the last bit.
      Array.from(grad.data).forEach((g, i) => expect((fresh['grad/predictions']?.data as Float32Array)[i]).toBeCloseTo(g, 6));
    }
  });

  it('an Adam step round-trips: ten steps through the exported graphs equal ten backend steps', async () => {
    const adam = optimizers.adam({ learningRate: 0.1 });
    const initBytes = exportOnnx(adam, { params: { w: [3] }, part: 'init' });
    const stepBytes = exportOnnx(adam, { params: { w: [3] } });
    const w0 = f32([3], [1, -2, 0.5]);
    const grads = (w: ArrayLike<number>): HostTensor => f32([3], Array.from(w, (v, i) => (i + 1) * v));
    let feeds: Feeds = { 'params/w': w0, ...feedBack(await runBytes(initBytes, { 'params/w': w0 })) };
    const backend = await createOnnxBackend({ ort });
    const run = await backend.optimizer(adam, { w: w0 });
    for (let s = 0; s < 10; s++) {
      const g = grads(feeds['params/w']?.data ?? []);
      feeds = feedBack(await runBytes(stepBytes, { ...feeds, 'grads/w': g }));
      await run.step({ w: g });
    }
    expect(Array.from(feeds['params/w']?.data ?? [])).toEqual(Array.from((await run.params()).w?.data ?? []));
    const state = (await run.state()) as { 0: { count: HostTensor; mu: { w: HostTensor } } };
    expect(Array.from(feeds['state/0/mu/w']?.data ?? [])).toEqual(Array.from(state[0].mu.w.data));
    // the same graph as optimizerPrograms' update program
    expect(exportOnnx(optimizerPrograms(adam, { w: [3] }).update)).toEqual(stepBytes);
  });

  it('exports float64 graphs', async () => {
    const bytes = exportOnnx(losses.mse(), { signature: { predictions: ['n'], targets: ['n'] }, withGradient: true, dtype: 'float64' });
    const out = await runBytes(bytes, { predictions: { dtype: 'float64', shape: [2], data: Float64Array.of(1, 2) }, targets: { dtype: 'float64', shape: [2], data: Float64Array.of(0, 0) } });
    expect(out.value?.data).toEqual(Float64Array.of(2.5));
    expect(out['grad/predictions']?.data).toEqual(Float64Array.of(1, 2));
  });

  it('uses dim_param for symbolic dimensions, and leaves the backend-only run-time checks out', () => {
    const p = trace('m', { x: { shape: ['batch', 4], dtype: 'float' }, i: { shape: [2], dtype: 'int' } }, ({ x, i }) => ops.mean(ops.gather(x as Value, i as Value, 1)));
    const graph = graphOf(exportOnnx(p));
    expect(graph?.input?.[0]?.type?.tensorType?.shape?.dim?.map((d) => d.dimParam || Number(d.dimValue))).toEqual(['batch', 4]);
    expect(graph?.output?.map((o) => o.name)).toEqual(['value']);
  });

  it('refuses what it cannot export, with typed errors', () => {
    expect(() => exportOnnx(losses.mse())).toThrow(/signature/);
    expect(() => exportOnnx(optimizers.sgd({ learningRate: 1 }))).toThrow(/params/);
  });
});
