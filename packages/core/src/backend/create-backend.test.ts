import { describe, expect, it } from 'vitest';
import { adam, sgd } from '../optim/aliases.js';
import { chain } from '../optim/transformation.js';
import { scaleByAdam, scaleByLearningRate } from '../optim/transforms.js';
import type { Tree } from '../optim/tree.js';
import { createReferenceBackend } from '../reference/reference-backend.js';
import type { HostTensor } from '../tensor/host-tensor.js';
import { mse } from '../losses/regression.js';
import type { BackendImplementation, CompiledProgram } from './backend.js';
import { createBackend } from './create-backend.js';

const W = { shape: [2, 2], data: [0.5, -1.5, 2, 0.1] };
const gradAt = (step: number) => ({ w: { shape: [2, 2], data: [0.3, -0.2, 1.1, step * 0.1 - 0.4] } });

async function stepAll(run: { step(g: ReturnType<typeof gradAt>): Promise<void> }, from: number, to: number): Promise<void> {
  for (let s = from; s < to; s++) await run.step(gradAt(s));
}

function leaves(tree: Tree<HostTensor>, prefix = ''): Record<string, HostTensor> {
  if ('data' in tree && 'shape' in tree && 'dtype' in tree) return { [prefix]: tree as HostTensor };
  const out: Record<string, HostTensor> = {};
  for (const [k, v] of Object.entries(tree as Record<string, Tree<HostTensor>>)) Object.assign(out, leaves(v, prefix === '' ? k : `${prefix}/${k}`));
  return out;
}

describe('optimizer runs', () => {
  it('state() and setState() round-trip: a restored run continues exactly as the original', async () => {
    const backend = await createReferenceBackend();
    const tx = adam({ learningRate: 0.1 });
    const a = await backend.optimizer(tx, { w: W });
    await stepAll(a, 0, 5);
    const saved = await a.state();
    const savedParams = await a.params();
    await stepAll(a, 5, 10);

    const b = await backend.optimizer(tx, { w: savedParams.w as HostTensor });
    await b.setState(saved);
    await stepAll(b, 5, 10);
    expect(Array.from((await b.params()).w?.data ?? [])).toEqual(Array.from((await a.params()).w?.data ?? []));

    const st = leaves(await a.state());
    // scaleByLearningRate with a number keeps no state: its subtree is empty.
    expect(Object.keys(st).sort()).toEqual(['0/count', '0/mu/w', '0/nu/w']);
  });

  it('the Adam state holds the step count (int32) and the moments', async () => {
    const backend = await createReferenceBackend();
    const run = await backend.optimizer(chain(scaleByAdam(), scaleByLearningRate(0.1)), { w: W });
    await stepAll(run, 0, 3);
    const st = leaves(await run.state());
    expect(st['0/count']?.dtype).toBe('int32');
    expect(Array.from(st['0/count']?.data ?? [])).toEqual([3]);
    const g = [0, 1, 2].map((s) => gradAt(s).w.data[3] as number);
    const mu = g.reduce((m, gi) => 0.9 * m + 0.1 * gi, 0);
    expect(st['0/mu/w']?.data[3]).toBeCloseTo(mu, 14);
    const nu = g.reduce((v, gi) => 0.999 * v + 0.001 * gi * gi, 0);
    expect(st['0/nu/w']?.data[3]).toBeCloseTo(nu, 14);
  });

  it('setState raises BAD_STATE for a missing or extra leaf, a wrong shape or a wrong dtype', async () => {
    const backend = await createReferenceBackend();
    const run = await backend.optimizer(sgd({ learningRate: 0.1, momentum: 0.9 }), { w: W });
    const good = await run.state();
    const trace = { dtype: 'float64' as const, shape: [2, 2], data: new Float64Array(4) };
    await expect(run.setState({ 0: {}, 1: {} })).rejects.toMatchObject({ code: 'BAD_STATE' });
    await expect(run.setState({ 0: { trace: { w: trace, v: trace } }, 1: {} })).rejects.toMatchObject({ code: 'BAD_STATE' });
    await expect(run.setState({ 0: { trace: { w: { ...trace, shape: [4] } } }, 1: {} })).rejects.toMatchObject({ code: 'BAD_STATE' });
    await expect(run.setState({ 0: { trace: { w: { dtype: 'float32', shape: [2, 2], data: new Float32Array(4) } } }, 1: {} })).rejects.toMatchObject({ code: 'BAD_STATE' });
    await run.setState(good);
  });

  it('keeps float32 parameters and state in float32', async () => {
    const backend = await createReferenceBackend();
    const run = await backend.optimizer(adam({ learningRate: 0.1 }), { w: { shape: [2], data: Float32Array.of(0.5, -1.5) } });
    // Float64 gradients are converted to the parameters' dtype.
    await run.step({ w: { shape: [2], data: [0.3, -0.2] } });
    await run.step({ w: { shape: [2], data: Float32Array.of(0.1, 0.7) } });
    const w = (await run.params()).w as HostTensor;
    expect(w.dtype).toBe('float32');
    expect(w.data).toBeInstanceOf(Float32Array);
    const st = leaves(await run.state());
    expect(st['0/mu/w']?.dtype).toBe('float32');
    expect(st['0/count']?.dtype).toBe('int32');
    // Adam moves each weight by about lr at the first steps (m̂/√v̂ ≈ ±1); values stay float32-representable.
    for (const v of w.data) expect(Math.fround(v)).toBe(v);
    // Plain JS with float32 storage between steps.
    let m = [0, 0];
    let v = [0, 0];
    let p = [0.5, -1.5].map(Math.fround);
    [[0.3, -0.2], [0.1, 0.7]].forEach((g32, s) => {
      const g = g32.map(Math.fround);
      const t = s + 1;
      const m1 = m.map((mi, i) => 0.9 * mi + 0.1 * (g[i] as number));
      const v1 = v.map((vi, i) => 0.999 * vi + 0.001 * (g[i] as number) ** 2);
      p = p.map((pi, i) => Math.fround(pi - 0.1 * ((m1[i] as number) / (1 - 0.9 ** t)) / (Math.sqrt((v1[i] as number) / (1 - 0.999 ** t)) + 1e-8)));
      m = m1.map(Math.fround);
      v = v1.map(Math.fround);
    });
    // Hyper-parameters are float32 constants in a float32 program (as in any float32 framework),
    // which this float64 replay does not mirror: agreement to float32 precision, not bitwise.
    p.forEach((pi, i) => expect(w.data[i]).toBeCloseTo(pi, 5));
  });

  it('raises typed errors for bad parameters and gradients', async () => {
    const backend = await createReferenceBackend();
    const tx = sgd({ learningRate: 0.1 });
    await expect(backend.optimizer(tx, {})).rejects.toMatchObject({ code: 'EMPTY' });
    await expect(backend.optimizer(tx, { w: { shape: [1], data: Int32Array.of(1) } })).rejects.toMatchObject({ code: 'DTYPE' });
    await expect(backend.optimizer(tx, { a: { shape: [1], data: [1] }, b: { shape: [1], data: Float32Array.of(1) } })).rejects.toMatchObject({ code: 'DTYPE' });
    await expect(backend.optimizer(tx, { 'a/b': { shape: [1], data: [1] } })).rejects.toMatchObject({ code: 'BAD_PARAM' });
    const run = await backend.optimizer(tx, { w: W });
    await expect(run.step({})).rejects.toMatchObject({ code: 'BAD_PARAM' });
    await expect(run.step({ ...gradAt(0), v: W })).rejects.toMatchObject({ code: 'BAD_PARAM' });
    await expect(run.step({ w: { shape: [4], data: [1, 2, 3, 4] } })).rejects.toMatchObject({ code: 'SHAPE_MISMATCH' });
    await expect(run.step({ w: { shape: [2, 2], data: [1, Number.NaN, 3, 4] } })).rejects.toMatchObject({ code: 'NON_FINITE' });
    expect(Array.from((await run.params()).w?.data ?? [])).toEqual(W.data);
  });
});

describe('createBackend', () => {
  it('compiles each program once per float dtype and raises UNSUPPORTED for a dtype it does not compute in', async () => {
    const reference = await createReferenceBackend();
    let compiles = 0;
    const impl: BackendImplementation<HostTensor> = {
      specificationVersion: 'v1',
      name: 'counting',
      supports: { dtypes: ['float64'] },
      compile(program, options): CompiledProgram<HostTensor> {
        compiles++;
        const inner = reference.compile(program, options);
        return { run: async (inputs) => (await inner).run(inputs) };
      },
      toHost: async (t) => t,
      fromHost: (t) => t,
      isNative: (x): x is HostTensor => typeof x === 'object' && x !== null && 'data' in x,
      dtypeOf: (t) => t.dtype,
    };
    const backend = createBackend(impl);
    const loss = mse();
    const inputs = { predictions: { shape: [2], data: [1, 2] }, targets: { shape: [2], data: [0, 0] } };
    expect((await backend.evaluate(loss, inputs)).data[0]).toBe(2.5);
    expect((await backend.evaluate(loss, inputs)).data[0]).toBe(2.5);
    expect(compiles).toBe(1);
    await expect(backend.evaluate(loss, { predictions: { shape: [2], data: Float32Array.of(1, 2) }, targets: inputs.targets })).rejects.toMatchObject({ code: 'UNSUPPORTED' });
    expect(backend.specificationVersion).toBe('v1');
    expect(backend.name).toBe('counting');
  });
});
