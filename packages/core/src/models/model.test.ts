import { describe, expect, it } from 'vitest';
import { trace } from '../graph/program.js';
import { createReferenceBackend } from '../reference/reference-backend.js';
import type { HostTensor } from '../tensor/host-tensor.js';
import { type Activation, mlp } from './model.js';
import { codeOf as code } from '../__test__/helpers.js';

/** A 1-1-1 MLP with unit weights and zero biases: its output is the activation itself. */
async function activate(activation: Activation, xs: readonly number[]): Promise<number[]> {
  const backend = await createReferenceBackend();
  const model = mlp({ inputs: 1, hidden: [1], outputs: 1, activation });
  const scalar = { shape: [1, 1], dtype: 'float' } as const;
  const p = trace('mlp', { x: { shape: [xs.length, 1], dtype: 'float' }, w0: scalar, w1: scalar, b0: { shape: [1], dtype: 'float' }, b1: { shape: [1], dtype: 'float' } }, (v) => model.forward(v, v.x as never));
  const one = { shape: [1, 1], data: [1] };
  const zero = { shape: [1], data: [0] };
  const r = await backend.run(p, { x: { shape: [xs.length, 1], data: [...xs] }, w0: one, w1: one, b0: zero, b1: zero });
  return Array.from(r.value?.data ?? []);
}


describe('mlp activations', () => {
  it('relu, tanh, sigmoid', async () => {
    expect(await activate('relu', [-2, 0.5])).toEqual([0, 0.5]);
    const [t] = await activate('tanh', [-2]);
    expect(t).toBeCloseTo(Math.tanh(-2), 15);
    const [s] = await activate('sigmoid', [-2]);
    expect(s).toBeCloseTo(1 / (1 + Math.exp(2)), 15);
  });

  // PyTorch GELU (https://pytorch.org/docs/stable/generated/torch.nn.GELU.html): x·Φ(x) by
  // default, Φ the standard normal CDF; Φ(1) = ½(1 + erf(1/√2)) = 0.8413447460685429 and
  // −Φ(−1) = −0.15865525393145705, −2·Φ(−2) = −0.04550026389635842 (mpmath, 40 digits).
  it('gelu is the exact x·Φ(x)', async () => {
    const [a, b, c, z] = await activate('gelu', [1, -1, -2, 0]);
    expect(a).toBeCloseTo(0.8413447460685429, 15);
    expect(b).toBeCloseTo(-0.15865525393145705, 15);
    expect(c).toBeCloseTo(-0.04550026389635842, 15);
    expect(z).toBe(0);
  });

  // approximate='tanh': 0.5·x·(1 + tanh(√(2/π)·(x + 0.044715·x³))), worked out by hand at 1 and −2.
  it('geluTanh is the tanh approximation, within 5e-4 of the exact form', async () => {
    const [a, b] = await activate('geluTanh', [1, -2]);
    expect(a).toBeCloseTo(0.8411919906082768, 14);
    expect(b).toBeCloseTo(-0.04540230591222494, 14);
    expect(Math.abs((a as number) - 0.8413447460685429)).toBeLessThan(5e-4);
    expect(Math.abs((a as number) - 0.8413447460685429)).toBeGreaterThan(1e-4);
  });
});

describe('mlp initialisers', () => {
  const stats = (t: HostTensor | undefined): { max: number; meanSquare: number } => {
    const d = Array.from(t?.data ?? []);
    return { max: Math.max(...d.map(Math.abs)), meanSquare: d.reduce((a, v) => a + v * v, 0) / d.length };
  };

  // He uniform: U(−√(6/fanIn), √(6/fanIn)); Glorot uniform: U(−√(6/(fanIn+fanOut)), ...); a uniform
  // on (−L, L) has E[w²] = L²/3 (Keras initializers docs: HeUniform, GlorotUniform).
  it('He uniform for relu hidden layers, Glorot uniform for the output layer, zero biases', () => {
    const params = mlp({ inputs: 200, hidden: [100], outputs: 50, activation: 'relu' }).init({ seed: 3 });
    const he = Math.sqrt(6 / 200);
    const glorot = Math.sqrt(6 / 150);
    const w0 = stats(params.w0);
    expect(w0.max).toBeLessThanOrEqual(he);
    expect(w0.max).toBeGreaterThan(0.99 * he);
    expect(w0.meanSquare / (he * he / 3)).toBeCloseTo(1, 1);
    const w1 = stats(params.w1);
    expect(w1.max).toBeLessThanOrEqual(glorot);
    expect(w1.meanSquare / (glorot * glorot / 3)).toBeCloseTo(1, 1);
    expect(Array.from(params.b0?.data ?? []).every((v) => v === 0)).toBe(true);
  });

  it('Glorot uniform for tanh, or when asked for', () => {
    const limit = Math.sqrt(6 / 300);
    for (const model of [mlp({ inputs: 200, hidden: [100], outputs: 3, activation: 'tanh' }), mlp({ inputs: 200, hidden: [100], outputs: 3, initializer: 'glorotUniform' })]) {
      const w0 = stats(model.init({ seed: 1 }).w0);
      expect(w0.max).toBeLessThanOrEqual(limit);
      expect(w0.max).toBeGreaterThan(0.99 * limit);
    }
  });

  it('is seeded: the same seed gives the same weights, another seed others', () => {
    const model = mlp({ inputs: 4, hidden: [8], outputs: 3 });
    expect(Array.from(model.init({ seed: 5 }).w0?.data ?? [])).toEqual(Array.from(model.init({ seed: 5 }).w0?.data ?? []));
    expect(Array.from(model.init({ seed: 5 }).w0?.data ?? [])).not.toEqual(Array.from(model.init({ seed: 6 }).w0?.data ?? []));
    expect(model.init({ seed: 5, dtype: 'float32' }).w0?.dtype).toBe('float32');
  });

  it('rejects a bad activation, initialiser or seed', () => {
    expect(code(() => mlp({ inputs: 2, hidden: [2], outputs: 1, activation: 'swish' as Activation }))).toBe('BAD_PARAM');
    expect(code(() => mlp({ inputs: 2, hidden: [2], outputs: 1, initializer: 'orthogonal' as 'heUniform' }))).toBe('BAD_PARAM');
    expect(code(() => mlp({ inputs: 2, hidden: [2], outputs: 1 }).init({ seed: 0.5 }))).toBe('BAD_PARAM');
  });
});
