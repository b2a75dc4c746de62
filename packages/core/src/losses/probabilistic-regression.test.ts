import { beforeAll, describe, expect, it } from 'vitest';
import type { Backend } from '../backend/backend.js';
import { createReferenceBackend } from '../reference/reference-backend.js';
import type { HostTensor, HostTensorLike } from '../tensor/host-tensor.js';
import { codeOf, expectClose, reduceJS, asyncCodeOf } from '../__test__/helpers.js';
import type { Loss, LossInputsLike } from './loss.js';
import { gaussianNLL, poisson, poissonNLL } from './probabilistic-regression.js';
import { REDUCTIONS } from './reduction.js';

let backend: Backend<HostTensor>;
beforeAll(async () => {
  backend = await createReferenceBackend();
});

const vec = (data: number[], shape = [data.length]): HostTensorLike => ({ shape, data });

async function value(loss: Loss, inputs: LossInputsLike): Promise<number[]> {
  return Array.from((await backend.evaluate(loss, inputs)).data);
}

const evalCode = (loss: () => Loss, inputs: LossInputsLike): Promise<string | undefined> => asyncCodeOf(() => backend.evaluate(loss(), inputs));

/** Stirling's approximation of log t!, as the PyTorch PoissonNLLLoss docs state it, where t > 1. */
const stirling = (t: number): number => (t > 1 ? t * Math.log(t) - t + 0.5 * Math.log(2 * Math.PI * t) : 0);

describe('poisson', () => {
  const p = [0.5, 2, 1, 3];
  const t = [0, 3, 1, 2];
  const l = p.map((v, i) => v - (t[i] as number) * Math.log(v + 1e-7));

  it.each(REDUCTIONS)('Keras formula p − t·log(p + 1e-7), reduction %s, with and without weights', async (reduction) => {
    expectClose(await value(poisson({ reduction }), { predictions: vec(p, [2, 2]), targets: vec(t, [2, 2]) }), reduceJS(reduction, l));
    expectClose(await value(poisson({ reduction }), { predictions: vec(p, [2, 2]), targets: vec(t, [2, 2]), weights: vec([2, 0.5]) }), reduceJS(reduction, l, [2, 2, 0.5, 0.5]));
  });

  it('a rate of 0 is finite thanks to ε; with ε = 0 it is refused', async () => {
    expectClose(await value(poisson({ reduction: 'none' }), { predictions: vec([0]), targets: vec([2]) }), [-2 * Math.log(1e-7)]);
    expect(await evalCode(() => poisson({ epsilon: 0 }), { predictions: vec([0, 1]), targets: vec([2, 1]) })).toBe('OUT_OF_DOMAIN');
  });

  it('refuses negative rates and negative counts with OUT_OF_DOMAIN', async () => {
    expect(await evalCode(() => poisson(), { predictions: vec([1, -0.5]), targets: vec([1, 1]) })).toBe('OUT_OF_DOMAIN');
    expect(await evalCode(() => poisson(), { predictions: vec([1, 0.5]), targets: vec([1, -1]) })).toBe('OUT_OF_DOMAIN');
  });

  it('gradient is 1 − t/(p + ε)', async () => {
    const { grad } = await backend.valueAndGrad(poisson({ reduction: 'sum' }), { predictions: vec(p), targets: vec(t) });
    expectClose(Array.from(grad.data), p.map((v, i) => 1 - (t[i] as number) / (v + 1e-7)), 12);
  });

  it('refuses a negative ε', () => {
    expect(codeOf(() => poisson({ epsilon: -1 }))).toBe('BAD_PARAM');
  });
});

describe('poissonNLL', () => {
  const x = [-1, 0.5, 0, 2];
  const t = [0, 1, 3, 7];

  it('log-rates (the default): exp(x) − t·x, mean over elements', async () => {
    const l = x.map((v, i) => Math.exp(v) - (t[i] as number) * v);
    expectClose(await value(poissonNLL(), { predictions: vec(x), targets: vec(t) }), [l.reduce((a, b) => a + b) / 4]);
  });

  it('full adds Stirling\'s term only where t > 1', async () => {
    const out = await value(poissonNLL({ full: true, reduction: 'none' }), { predictions: vec(x), targets: vec(t) });
    expectClose(out, x.map((v, i) => Math.exp(v) - (t[i] as number) * v + stirling(t[i] as number)), 12);
    expect(out[0]).toBe(Math.exp(-1)); // t = 0: no term, and no log 0 in it
  });

  it('rates (logInput false): x − t·log(x + ε) with PyTorch\'s ε = 1e-8', async () => {
    const r = [0.5, 2];
    const out = await value(poissonNLL({ logInput: false, reduction: 'none' }), { predictions: vec(r), targets: vec([1, 3]) });
    expectClose(out, [0.5 - Math.log(0.5 + 1e-8), 2 - 3 * Math.log(2 + 1e-8)], 14);
  });

  it('negative predictions are fine as log-rates, refused as rates', async () => {
    expect(await evalCode(() => poissonNLL(), { predictions: vec([-3]), targets: vec([1]) })).toBeUndefined();
    expect(await evalCode(() => poissonNLL({ logInput: false }), { predictions: vec([-3]), targets: vec([1]) })).toBe('OUT_OF_DOMAIN');
    expect(await evalCode(() => poissonNLL(), { predictions: vec([1]), targets: vec([-1]) })).toBe('OUT_OF_DOMAIN');
  });

  it('gradient is exp(x) − t for log-rates, 1 − t/(x + ε) for rates', async () => {
    const a = await backend.valueAndGrad(poissonNLL({ reduction: 'sum', full: true }), { predictions: vec(x), targets: vec(t) });
    expectClose(Array.from(a.grad.data), x.map((v, i) => Math.exp(v) - (t[i] as number)), 13);
    const b = await backend.valueAndGrad(poissonNLL({ logInput: false, reduction: 'sum' }), { predictions: vec([0.5, 2]), targets: vec([1, 3]) });
    expectClose(Array.from(b.grad.data), [1 - 1 / (0.5 + 1e-8), 1 - 3 / (2 + 1e-8)], 12);
  });

  it('extreme log-rates stay finite where PyTorch\'s do: x = −100 costs e^−100 + 100·t', async () => {
    expectClose(await value(poissonNLL({ reduction: 'none' }), { predictions: vec([-100, 50]), targets: vec([1, 0]) }), [Math.exp(-100) + 100, Math.exp(50)]);
  });

  it('refuses a non-boolean logInput', () => {
    expect(codeOf(() => poissonNLL({ logInput: 'yes' as unknown as boolean }))).toBe('BAD_PARAM');
  });
});

describe('gaussianNLL', () => {
  // [2, 2, 2]: means and variances interleaved on the last axis; targets [2, 2]
  const mu = [1, 0, -1, 2];
  const vr = [4, 0.5, 1, 2];
  const t = [3, 0.5, -1, 0];
  const packed = mu.flatMap((m, i) => [m, vr[i] as number]);
  const inputs = { predictions: vec(packed, [2, 2, 2]), targets: vec(t, [2, 2]) };
  const l = mu.map((m, i) => 0.5 * (Math.log(vr[i] as number) + (m - (t[i] as number)) ** 2 / (vr[i] as number)));

  it.each(REDUCTIONS)('PyTorch formula ½(log σ² + (μ − t)²/σ²), reduction %s, with [batch] weights', async (reduction) => {
    expectClose(await value(gaussianNLL({ reduction }), inputs), reduceJS(reduction, l));
    expectClose(await value(gaussianNLL({ reduction }), { ...inputs, weights: vec([3, 0]) }), reduceJS(reduction, l, [3, 3, 0, 0]));
  });

  it('full adds ½·log 2π to each element', async () => {
    expectClose(await value(gaussianNLL({ full: true, reduction: 'none' }), inputs), l.map((v) => v + 0.5 * Math.log(2 * Math.PI)));
  });

  it('clamps the variance at ε (1e-6 by default): a zero variance is finite', async () => {
    const out = await value(gaussianNLL({ reduction: 'none' }), { predictions: vec([0.001, 0, 0, 0], [2, 2]), targets: vec([0, 0]) });
    expectClose(out, [0.5 * (Math.log(1e-6) + 1e-6 / 1e-6), 0.5 * Math.log(1e-6)], 12);
    const eps = await value(gaussianNLL({ epsilon: 0.01, reduction: 'none' }), { predictions: vec([0, 0.001], [1, 2]), targets: vec([0]) });
    expectClose(eps, [0.5 * Math.log(0.01)], 14);
  });

  it('gradient: (μ − t)/σ² for the mean, ½(1/σ² − (μ − t)²/σ⁴) for the variance', async () => {
    const { grad } = await backend.valueAndGrad(gaussianNLL({ reduction: 'sum' }), inputs);
    const want = mu.flatMap((m, i) => {
      const r = m - (t[i] as number);
      const v = vr[i] as number;
      return [r / v, 0.5 * (1 / v - (r * r) / (v * v))];
    });
    expectClose(Array.from(grad.data), want, 13);
    expect(grad.shape).toEqual([2, 2, 2]);
  });

  it('checks shapes: predictions must be the targets\' shape plus a last axis of 2', async () => {
    expect(await evalCode(() => gaussianNLL(), { predictions: vec([1, 1, 1, 1, 1, 1], [2, 3]), targets: vec([0, 0]) })).toBe('SHAPE_MISMATCH');
    expect(await evalCode(() => gaussianNLL(), { predictions: vec([1, 1, 1, 1], [2, 2]), targets: vec([0, 0], [2, 1]) })).toBe('SHAPE_MISMATCH');
    expect(await evalCode(() => gaussianNLL(), { predictions: vec([1, 1, 1, 1], [2, 2]), targets: vec([0, 0, 0]) })).toBe('SHAPE_MISMATCH');
  });

  it('refuses a negative variance (PyTorch raises ValueError) but not a negative mean', async () => {
    expect(await evalCode(() => gaussianNLL(), { predictions: vec([-5, 1, 0, -0.1], [2, 2]), targets: vec([0, 0]) })).toBe('OUT_OF_DOMAIN');
    expect(await evalCode(() => gaussianNLL(), { predictions: vec([-5, 1, -3, 0.1], [2, 2]), targets: vec([0, 0]) })).toBeUndefined();
  });

  it('refuses ε ≤ 0', () => {
    expect(codeOf(() => gaussianNLL({ epsilon: 0 }))).toBe('BAD_PARAM');
  });
});
