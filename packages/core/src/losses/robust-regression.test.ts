import { beforeAll, describe, expect, it } from 'vitest';
import type { Backend } from '../backend/backend.js';
import { createReferenceBackend } from '../reference/reference-backend.js';
import type { HostTensor, HostTensorLike } from '../tensor/host-tensor.js';
import { codeOf, expectClose, reduceJS, lossValue as value } from '../__test__/helpers.js';
import type { Loss } from './loss.js';
import { REDUCTIONS, type Reduction } from './reduction.js';
import { huber, mae } from './regression.js';
import { logCosh, mape, msle, quantile, smoothL1 } from './robust-regression.js';

let backend: Backend<HostTensor>;
beforeAll(async () => {
  backend = await createReferenceBackend();
});


async function gradient(loss: Loss, predictions: readonly number[], targets: readonly number[]): Promise<number[]> {
  const n = predictions.length;
  const { grad } = await backend.valueAndGrad(loss, { predictions: { shape: [n], data: [...predictions] }, targets: { shape: [n], data: [...targets] } });
  return Array.from(grad.data);
}

// [3, 2]: targets away from 0 (for MAPE), positive values (for MSLE); weights [3] align with the batch.
const P = { shape: [3, 2], data: [1.5, 2, 3, 0.5, 0.25, 4] };
const T = { shape: [3, 2], data: [1, 2.5, 1, 1, 0.5, 2] };
const W = { shape: [3], data: [3, 0, 1] };
const Wfull = [3, 3, 0, 0, 1, 1];
const pairs = P.data.map((p, i) => [p, T.data[i] as number] as const);

type Make = (o: { reduction?: Reduction; axis?: number | null }) => Loss;

// The documented formulas in plain Math, one element at a time.
describe.each([
  ['smoothL1 β=1', ((o) => smoothL1(o)) as Make, (p: number, t: number) => (Math.abs(p - t) < 1 ? 0.5 * (p - t) ** 2 : Math.abs(p - t) - 0.5)],
  ['smoothL1 β=0.4', ((o) => smoothL1({ ...o, beta: 0.4 })) as Make, (p: number, t: number) => (Math.abs(p - t) < 0.4 ? (0.5 * (p - t) ** 2) / 0.4 : Math.abs(p - t) - 0.2)],
  ['logCosh', ((o) => logCosh(o)) as Make, (p: number, t: number) => Math.log(Math.cosh(p - t))],
  ['mape', ((o) => mape(o)) as Make, (p: number, t: number) => (100 * Math.abs(t - p)) / Math.abs(t)],
  ['msle', ((o) => msle(o)) as Make, (p: number, t: number) => (Math.log(p + 1) - Math.log(t + 1)) ** 2],
  ['quantile τ=0.8', ((o) => quantile({ ...o, quantile: 0.8 })) as Make, (p: number, t: number) => (t >= p ? 0.8 * (t - p) : 0.2 * (p - t))],
] as const)('%s', (_, make, f) => {
  const l = pairs.map(([p, t]) => f(p, t));

  it.each(REDUCTIONS)('reduction %s, without weights and with [batch] weights', async (reduction) => {
    expectClose(await value(make({ reduction }), P, T), reduceJS(reduction, l));
    expectClose(await value(make({ reduction }), P, T, W), reduceJS(reduction, l, Wfull));
  });

  it('axis −1 averages each row first (Keras), then weights the rows', async () => {
    const rows = [0, 1, 2].map((i) => ((l[2 * i] as number) + (l[2 * i + 1] as number)) / 2);
    expectClose(await value(make({ axis: -1, reduction: 'sum-over-batch-size' }), P, T, W), reduceJS('sum-over-batch-size', rows, W.data));
  });
});

describe('smoothL1', () => {
  it('is Huber with δ = β divided by β (PyTorch SmoothL1Loss docs)', async () => {
    for (const beta of [0.3, 1, 2.5]) {
      const h = await value(huber({ delta: beta, reduction: 'none' }), P, T);
      expectClose(await value(smoothL1({ beta, reduction: 'none' }), P, T), h.map((v) => v / beta));
    }
  });

  it('β = 0 is the L1 loss, with the L1 gradient (no NaN from 0/0)', async () => {
    expectClose(await value(smoothL1({ beta: 0, reduction: 'none' }), P, T), await value(mae({ reduction: 'none' }), P, T));
    expect(await gradient(smoothL1({ beta: 0, reduction: 'sum' }), [0.5, -2, 1], [0, 0, 1])).toEqual([1, -1, 0]);
  });

  it('gradient is r/β inside the quadratic zone and sign(r) outside', async () => {
    expectClose(await gradient(smoothL1({ beta: 0.5, reduction: 'sum' }), [0.25, -2, 3], [0, 0, 0]), [0.5, -1, 1], 14);
  });

  it('refuses a negative β', () => {
    expect(codeOf(() => smoothL1({ beta: -1 }))).toBe('BAD_PARAM');
    expect(codeOf(() => smoothL1({ beta: Number.NaN }))).toBe('BAD_PARAM');
  });
});

describe('logCosh', () => {
  it.each(['float32', 'float64'] as const)('a residual of ±1e4 costs 1e4 − log 2, finite in %s, with gradient ±1', async (dtype) => {
    const arr = dtype === 'float32' ? Float32Array : Float64Array;
    const inputs = { predictions: { shape: [3], data: arr.of(1e4, -1e4, 0) }, targets: { shape: [3], data: arr.of(0, 0, 0) } };
    const { value: v, grad } = await backend.valueAndGrad(logCosh({ reduction: 'none' }), inputs);
    expectClose(Array.from(v.data), [1e4 - Math.LN2, 1e4 - Math.LN2, 0], dtype === 'float32' ? 2 : 9);
    expect(Array.from(grad.data)).toEqual([1, -1, 0]);
  });

  it('gradient is tanh(p − t)', async () => {
    const p = [0.3, -1.2, 2];
    expectClose(await gradient(logCosh({ reduction: 'sum' }), p, [0, 0, 0]), p.map(Math.tanh), 14);
  });
});

describe('mape', () => {
  it('scale 1 and ε = float64 machine epsilon is scikit-learn mean_absolute_percentage_error (docstring: 0.3273)', async () => {
    const out = await value(mape({ scale: 1, epsilon: 2.220446049250313e-16 }), { shape: [4], data: [2.5, 0, 2, 8] }, { shape: [4], data: [3, -0.5, 2, 7] });
    expect(out[0]).toBeCloseTo((0.5 / 3 + 1 + 0 + 1 / 7) / 4, 14);
  });

  it('a target of 0 divides by ε, not by 0: finite', async () => {
    expectClose(await value(mape({ reduction: 'none' }), { shape: [1], data: [0.5] }, { shape: [1], data: [0] }), [(100 * 0.5) / 1e-7], 3);
  });

  it('gradient is scale·sign(p − t)/max(|t|, ε)', async () => {
    expectClose(await gradient(mape({ reduction: 'sum' }), [3, -5], [2, -4]), [100 / 2, -100 / 4], 12);
  });

  it('refuses ε ≤ 0 and scale ≤ 0', () => {
    expect(codeOf(() => mape({ epsilon: 0 }))).toBe('BAD_PARAM');
    expect(codeOf(() => mape({ scale: 0 }))).toBe('BAD_PARAM');
  });
});

describe('msle', () => {
  it('clamps negative values at ε as Keras does, so they stay finite', async () => {
    const out = await value(msle({ reduction: 'none' }), { shape: [2], data: [-3, 1] }, { shape: [2], data: [1, -0.5] });
    expectClose(out, [(Math.log1p(1e-7) - Math.LN2) ** 2, (Math.LN2 - Math.log1p(1e-7)) ** 2], 14);
  });

  it('gradient is 2(log(1 + p) − log(1 + t))/(1 + p), and 0 where p is clamped', async () => {
    const g = await gradient(msle({ reduction: 'sum' }), [1, 3, -2], [0.5, 1, 1]);
    expectClose(g, [(2 * (Math.log(2) - Math.log(1.5))) / 2, (2 * (Math.log(4) - Math.log(2))) / 4, 0], 12);
  });

  it('refuses a negative ε', () => {
    expect(codeOf(() => msle({ epsilon: -1e-7 }))).toBe('BAD_PARAM');
  });
});

describe('quantile', () => {
  it('scikit-learn mean_pinball_loss docstring: y_true [1, 2, 3], y_pred [0, 2, 3], alpha 0.1 → 0.0333', async () => {
    expect((await value(quantile({ quantile: 0.1 }), { shape: [3], data: [0, 2, 3] }, { shape: [3], data: [1, 2, 3] }))[0]).toBeCloseTo(0.1 / 3, 14);
    expect((await value(quantile({ quantile: 0.9 }), { shape: [3], data: [0, 2, 3] }, { shape: [3], data: [1, 2, 3] }))[0]).toBeCloseTo(0.9 / 3, 14);
  });

  it('τ = ½ is half the absolute error', async () => {
    expectClose(await value(quantile({ reduction: 'none' }), P, T), (await value(mae({ reduction: 'none' }), P, T)).map((v) => v / 2));
  });

  it('gradient is −τ under the target and 1 − τ over it', async () => {
    expectClose(await gradient(quantile({ quantile: 0.9, reduction: 'sum' }), [0, 5], [1, 2]), [-0.9, 0.1], 14);
  });

  it('refuses τ outside (0, 1)', () => {
    for (const q of [0, 1, -0.5, 1.5]) expect(codeOf(() => quantile({ quantile: q }))).toBe('BAD_PARAM');
  });
});
