import { beforeAll, describe, expect, it } from 'vitest';
import type { Backend } from '../backend/backend.js';
import { createReferenceBackend } from '../reference/reference-backend.js';
import type { HostTensor, HostTensorLike } from '../tensor/host-tensor.js';
import type { Loss } from './loss.js';
import { REDUCTIONS, type Reduction } from './reduction.js';
import { huber, mae, mse, rmse } from './regression.js';
import { expectClose, reduceJS } from '../__test__/helpers.js';

let backend: Backend<HostTensor>;
beforeAll(async () => {
  backend = await createReferenceBackend();
});

async function value(loss: Loss, predictions: HostTensorLike, targets: HostTensorLike, weights?: HostTensorLike): Promise<{ shape: readonly number[]; data: number[] }> {
  const out = await backend.evaluate(loss, weights === undefined ? { predictions, targets } : { predictions, targets, weights });
  return { shape: out.shape, data: Array.from(out.data) };
}


// predictions and targets [3, 2]; weights [3] align with the batch axis (Keras).
const P = { shape: [3, 2], data: [1, 2, 3, 4, 0, -1] };
const T = { shape: [3, 2], data: [0, 2, 1, 1, 0, 1] };
const W = { shape: [3], data: [3, 0, 1] };
const Wfull = [3, 3, 0, 0, 1, 1];
const residuals = P.data.map((p, i) => p - (T.data[i] as number)); // [1, 0, 2, 3, 0, -2]

describe.each([
  ['mse', mse, (r: number) => r * r],
  ['mae', mae, (r: number) => Math.abs(r)],
  ['huber δ=1', (o: { reduction?: Reduction }) => huber(o), (r: number) => (Math.abs(r) <= 1 ? 0.5 * r * r : Math.abs(r) - 0.5)],
  ['huber δ=2.5', (o: { reduction?: Reduction }) => huber({ ...o, delta: 2.5 }), (r: number) => (Math.abs(r) <= 2.5 ? 0.5 * r * r : 2.5 * (Math.abs(r) - 1.25))],
] as const)('%s', (_, make, perSample) => {
  const l = residuals.map(perSample);

  it.each(REDUCTIONS)('reduction %s without weights', async (reduction) => {
    const out = await value(make({ reduction }), P, T);
    expect(out.shape).toEqual(reduction === 'none' ? [3, 2] : []);
    expectClose(out.data, reduceJS(reduction, l));
  });

  it.each(REDUCTIONS)('reduction %s with [batch] weights aligned to the leading axis', async (reduction) => {
    const out = await value(make({ reduction }), P, T, W);
    expectClose(out.data, reduceJS(reduction, l, Wfull));
  });

  it.each(REDUCTIONS)('reduction %s with full-shape weights', async (reduction) => {
    const w = [0.5, 2, 0, 1, 1, 3];
    const out = await value(make({ reduction }), P, T, { shape: [3, 2], data: w });
    expectClose(out.data, reduceJS(reduction, l, w));
  });
});

describe('reference values', () => {
  it('mse: sklearn mean_squared_error([3,-0.5,2,7], [2.5,0,2,8]) = 0.375', async () => {
    expect((await value(mse(), { shape: [4], data: [2.5, 0, 2, 8] }, { shape: [4], data: [3, -0.5, 2, 7] })).data).toEqual([0.375]);
  });

  it('mae: sklearn mean_absolute_error example = 0.5', async () => {
    expect((await value(mae(), { shape: [4], data: [2.5, 0, 2, 8] }, { shape: [4], data: [3, -0.5, 2, 7] })).data).toEqual([0.5]);
  });

  it('huber is continuous at |r| = δ (½δ² both sides)', async () => {
    const out = await value(huber({ delta: 2, reduction: 'none' }), { shape: [2], data: [2, -2] }, { shape: [2], data: [0, 0] });
    expect(out.data).toEqual([2, 2]);
  });
});

describe('the axis option (Keras: per-sample mean first)', () => {
  const perSample = [0, 1, 2].map((i) => ((residuals[2 * i] as number) ** 2 + (residuals[2 * i + 1] as number) ** 2) / 2); // [0.5, 6.5, 2]

  it.each(REDUCTIONS)('mse axis -1, reduction %s, weights [batch]', async (reduction) => {
    const out = await value(mse({ axis: -1, reduction }), P, T, W);
    expect(out.shape).toEqual(reduction === 'none' ? [3] : []);
    expectClose(out.data, reduceJS(reduction, perSample, W.data));
  });

  it('Keras MeanSquaredError with sample_weight: Σ w·mean_j(r²) / batch', async () => {
    const out = await value(mse({ axis: -1, reduction: 'sum-over-batch-size' }), P, T, W);
    expect(out.data[0]).toBeCloseTo((3 * 0.5 + 0 * 6.5 + 1 * 2) / 3, 14);
  });

  it('axis 0 averages over the batch instead', async () => {
    const out = await value(mse({ axis: 0, reduction: 'none' }), P, T);
    expectClose(out.data, [(1 + 4 + 0) / 3, (0 + 9 + 4) / 3]);
  });

  it('weights [batch, 1] against per-sample losses [batch] drop the trailing 1', async () => {
    const out = await value(mse({ axis: -1, reduction: 'sum' }), P, T, { shape: [3, 1], data: W.data });
    expect(out.data[0]).toBeCloseTo(3 * 0.5 + 2, 14);
  });
});

describe('rmse', () => {
  it.each(REDUCTIONS)('is the square root of mse after reduction %s', async (reduction) => {
    const out = await value(rmse({ reduction }), P, T, W);
    const m = reduceJS(reduction, residuals.map((r) => r * r), Wfull);
    expectClose(out.data, m.map(Math.sqrt));
  });

  it('sklearn root_mean_squared_error example = √0.375', async () => {
    expect((await value(rmse(), { shape: [4], data: [2.5, 0, 2, 8] }, { shape: [4], data: [3, -0.5, 2, 7] })).data[0]).toBeCloseTo(Math.sqrt(0.375), 15);
  });
});

describe('scalar weights, dtypes and gradients', () => {
  it('a scalar weight scales sum and cancels in the weighted mean', async () => {
    const w = { shape: [], data: [2] };
    expect((await value(mse({ reduction: 'sum' }), P, T, w)).data[0]).toBeCloseTo(2 * 18, 12);
    expect((await value(mse({ reduction: 'mean' }), P, T, w)).data[0]).toBeCloseTo(3, 12);
  });

  it('evaluates float32 inputs in float32', async () => {
    const out = await backend.evaluate(mse(), { predictions: { shape: [2], data: Float32Array.of(0.1, 0.2) }, targets: { shape: [2], data: [0, 0] } });
    expect(out.dtype).toBe('float32');
    const [a, b] = [Math.fround(0.1), Math.fround(0.2)];
    expect(out.data[0]).toBe(Math.fround((a * a + b * b) / 2));
  });

  it('valueAndGrad: d mean((p − t)²)/dp = 2(p − t)/n', async () => {
    const { value: v, grad } = await backend.valueAndGrad(mse(), { predictions: P, targets: T });
    expect(v.data[0]).toBeCloseTo(3, 14);
    expectClose(Array.from(grad.data), residuals.map((r) => (2 * r) / 6), 14);
    expect(grad.shape).toEqual([3, 2]);
  });

  it('valueAndGrad: weighted mae under reduction sum is w·sign(p − t)', async () => {
    const { grad } = await backend.valueAndGrad(mae({ reduction: 'sum' }), { predictions: P, targets: T, weights: W });
    expectClose(Array.from(grad.data), [3, 0, 0, 0, 0, -1], 14);
  });
});
