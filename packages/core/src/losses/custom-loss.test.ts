import { beforeAll, describe, expect, it } from 'vitest';
import type { Backend } from '../backend/backend.js';
import { abs, mul, pow, round, square, sub } from '../graph/ops.js';
import { createReferenceBackend } from '../reference/reference-backend.js';
import type { HostTensor } from '../tensor/host-tensor.js';
import { codeOf, expectClose } from '../__test__/helpers.js';
import { createLoss, defineLoss, lossNames } from './index.js';

let backend: Backend<HostTensor>;
beforeAll(async () => {
  backend = await createReferenceBackend();
});

const p = [0.5, -1, 2, 0];
const t = [0, 1, 1, 0.5];
const inputs = { predictions: { shape: [2, 2], data: p }, targets: { shape: [2, 2], data: t } };

describe('defineLoss(name, fn)', () => {
  const cubic = defineLoss('test.cubic', (pred, target) => pow(abs(sub(pred, target)), 3), { formula: '|p - t|^3' });

  it('evaluates the per-sample function under every reduction, with sample weights', async () => {
    const per = p.map((v, i) => Math.abs(v - (t[i] as number)) ** 3);
    expectClose(Array.from((await backend.evaluate(cubic(), inputs)).data), [per.reduce((a, b) => a + b) / 4]);
    expectClose(Array.from((await backend.evaluate(cubic({ reduction: 'none' }), inputs)).data), per);
    const w = [2, 0];
    const weighted = per.map((v, i) => v * (w[Math.floor(i / 2)] as number));
    const sum = weighted.reduce((a, b) => a + b);
    expectClose(Array.from((await backend.evaluate(cubic({ reduction: 'sum' }), { ...inputs, weights: { shape: [2], data: w } })).data), [sum]);
    expectClose(Array.from((await backend.evaluate(cubic({ reduction: 'mean' }), { ...inputs, weights: { shape: [2], data: w } })).data), [sum / 4]);
    expectClose(Array.from((await backend.evaluate(cubic({ reduction: 'sum-by-nonzero-weights' }), { ...inputs, weights: { shape: [2], data: w } })).data), [sum / 2]);
  });

  it('gets its gradient from the autodiff: d/dp |p − t|³ / n = 3(p − t)|p − t| / n', async () => {
    const { grad } = await backend.valueAndGrad(cubic(), inputs);
    expectClose(Array.from(grad.data), p.map((v, i) => (3 * (v - (t[i] as number)) * Math.abs(v - (t[i] as number))) / 4));
  });

  it('is found by createLoss and listed by lossNames, after the catalogue', async () => {
    expect(lossNames()).toContain('test.cubic');
    expect(lossNames().indexOf('test.cubic')).toBeGreaterThan(lossNames().indexOf('mse'));
    const loss = createLoss('test.cubic', { reduction: 'sum' });
    expect(loss.metadata.formula).toBe('|p - t|^3');
    expectClose(Array.from((await backend.evaluate(loss, inputs)).data), [p.reduce((a, v, i) => a + Math.abs(v - (t[i] as number)) ** 3, 0)]);
  });

  it('passes the sample weights to the function when it needs them', async () => {
    // a loss normalised by its own weights: Σ w·(p − t)² / Σ w per row, then summed
    const normalised = defineLoss('test.weightNormalised', (pred, target, w) => (w === undefined ? square(sub(pred, target)) : mul(square(sub(pred, target)), w)), { defaultReduction: 'none' });
    const out = await backend.evaluate(normalised(), { ...inputs, weights: { shape: [2, 2], data: [1, 2, 3, 4] } });
    // the function weights once and the reduction 'none' weights again: w²·(p − t)²
    expectClose(Array.from(out.data), p.map((v, i) => [1, 4, 9, 16][i]! * (v - (t[i] as number)) ** 2));
  });

  it('refuses a name a built-in or an earlier custom loss has, and keeps the first', async () => {
    expect(codeOf(() => defineLoss('mse', (a) => a))).toBe('BAD_PARAM');
    expect(codeOf(() => defineLoss('test.cubic', (a) => a))).toBe('BAD_PARAM');
    expect(codeOf(() => createLoss('constructor'))).toBe('UNKNOWN_LOSS');
    expect(codeOf(() => defineLoss('9lives', (a) => a))).toBe('BAD_PARAM');
    expectClose(Array.from((await backend.evaluate(createLoss('test.cubic', { reduction: 'none' }), inputs)).data), p.map((v, i) => Math.abs(v - (t[i] as number)) ** 3));
  });

  it('raises NOT_DIFFERENTIABLE for the gradient of a formula through round, but evaluates it', async () => {
    const rounded = defineLoss('test.rounded', (pred, target) => abs(sub(round(pred), target)), { differentiable: false });
    // round halves to even, as numpy and every backend do: round(0.5) = 0
    expectClose(Array.from((await backend.evaluate(rounded({ reduction: 'none' }), inputs)).data), [0, 2, 1, 0.5]);
    await expect(backend.valueAndGrad(rounded(), inputs)).rejects.toMatchObject({ code: 'NOT_DIFFERENTIABLE' });
  });
});
