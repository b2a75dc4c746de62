import { beforeAll, describe, expect, it } from 'vitest';
import type { Backend } from '../backend/backend.js';
import { createReferenceBackend } from '../reference/reference-backend.js';
import type { HostTensor } from '../tensor/host-tensor.js';
import { codeOf, expectClose, evaluateOnReference as values } from '../__test__/helpers.js';
import { binaryFocal, categoricalFocal } from './focal.js';
import type { Loss, LossInputsLike } from './loss.js';

// Formulas: keras.losses.binary_focal_crossentropy / categorical_focal_crossentropy (Keras 3
// keras/src/losses/losses.py docstrings) and torchvision.ops.sigmoid_focal_loss.

let backend: Backend<HostTensor>;
beforeAll(async () => {
  backend = await createReferenceBackend();
});


const sigmoid = (x: number): number => 1 / (1 + Math.exp(-x));
const bce = (p: number, t: number): number => -(t * Math.log(p) + (1 - t) * Math.log(1 - p));

describe('binaryFocal', () => {
  const p = [0.9, 0.2, 0.6, 0.35];
  const t = [1, 0, 0, 1];
  const inputs = { predictions: { shape: [2, 2], data: p }, targets: { shape: [2, 2], data: t } };
  const focal = (g: number, alpha?: number) => p.map((pi, i) => {
    const ti = t[i] as number;
    const pt = ti * pi + (1 - ti) * (1 - pi);
    return (alpha === undefined ? 1 : ti * alpha + (1 - ti) * (1 - alpha)) * (1 - pt) ** g * bce(pi, ti);
  });

  it('is BCE times (1 − p_t)^γ, with α-balancing when asked', async () => {
    expectClose(await values(binaryFocal({ reduction: 'none' }), inputs), focal(2), 9);
    expectClose(await values(binaryFocal({ gamma: 0, reduction: 'none' }), inputs), p.map((pi, i) => bce(pi, t[i] as number)), 9);
    expectClose(await values(binaryFocal({ gamma: 1.5, applyClassBalancing: true, alpha: 0.4, reduction: 'none' }), inputs), focal(1.5, 0.4), 9);
    // Keras's per-sample mean over the last axis
    const rows = focal(2);
    expectClose(await values(binaryFocal({ axis: -1, reduction: 'none' }), inputs), [((rows[0] as number) + (rows[1] as number)) / 2, ((rows[2] as number) + (rows[3] as number)) / 2], 9);
  });

  it('on logits: exact with epsilon 0 (torchvision), finite and clipped like Keras otherwise, at ±1e4', async () => {
    const x = { shape: [4], data: [1e4, -1e4, 1e4, -1e4] };
    const y = { shape: [4], data: [0, 1, 1, 0] };
    const exact = await backend.valueAndGrad(binaryFocal({ fromLogits: true, epsilon: 0, reduction: 'none' }), { predictions: x, targets: y });
    // a certain wrong answer: focal factor 1, BCE 1e4; a certain right one: 0
    expectClose(Array.from(exact.value.data), [1e4, 1e4, 0, 0]);
    expect(Array.from(exact.grad.data).every(Number.isFinite)).toBe(true);
    const keras = await backend.valueAndGrad(binaryFocal({ fromLogits: true, reduction: 'none' }), { predictions: x, targets: y });
    expectClose(Array.from(keras.value.data), [-Math.log(1e-7), -Math.log(1e-7), 0, 0], 6);
    expect(Array.from(keras.grad.data).every(Number.isFinite)).toBe(true);
  });

  it('matches the probability form on moderate logits', async () => {
    const x = [1.2, -0.7, 2.5, -3];
    const got = await values(binaryFocal({ fromLogits: true, epsilon: 0, applyClassBalancing: true, reduction: 'none' }), { predictions: { shape: [4], data: x }, targets: { shape: [4], data: t } });
    expectClose(got, x.map((xi, i) => {
      const ti = t[i] as number;
      const q = sigmoid(xi);
      return (ti * 0.25 + (1 - ti) * 0.75) * (1 - (ti * q + (1 - ti) * (1 - q))) ** 2 * bce(q, ti);
    }), 10);
  });

  it('needs epsilon > 0 on probabilities (BAD_PARAM)', () => {
    expect(codeOf(() => binaryFocal({ epsilon: 0 }))).toBe('BAD_PARAM');
    expect(codeOf(() => binaryFocal({ alpha: 1.5 }))).toBe('BAD_PARAM');
  });
});

describe('categoricalFocal', () => {
  const P = [0.2, 0.5, 0.3, 0.6, 0.1, 0.3];
  const T = [0, 1, 0, 0.5, 0, 0.5];
  const terms = (alpha: number, g: number, w = [1, 1, 1]) => [0, 1].map((n) => -[0, 1, 2].reduce((s, c) => {
    const p = P[n * 3 + c] as number;
    return s + alpha * (w[c] as number) * (1 - p) ** g * (T[n * 3 + c] as number) * Math.log(p);
  }, 0));

  it('is −Σ α(1 − p)^γ·t·log p per row (Keras defaults α = 0.25, γ = 2), with per-class weights', async () => {
    const inputs = { predictions: { shape: [2, 3], data: P }, targets: { shape: [2, 3], data: T } };
    expectClose(await values(categoricalFocal({ reduction: 'none' }), inputs), terms(0.25, 2), 9);
    expectClose(await values(categoricalFocal({ alpha: 1, gamma: 0, reduction: 'none' }), inputs), terms(1, 0), 9);
    expectClose(await values(categoricalFocal({ classWeights: [1, 2, 3], reduction: 'none' }), inputs), terms(0.25, 2, [1, 2, 3]), 9);
  });

  it('on logits: the softmax, exact with epsilon 0; finite at ±1e4 either way', async () => {
    const inputs = { predictions: { shape: [2, 3], data: P.map(Math.log) }, targets: { shape: [2, 3], data: T } };
    expectClose(await values(categoricalFocal({ fromLogits: true, epsilon: 0, reduction: 'none' }), inputs), terms(0.25, 2), 10);
    const hard = { predictions: { shape: [1, 3], data: [1e4, 0, -1e4] }, targets: { shape: [1, 3], data: [0, 0, 1] } };
    for (const epsilon of [0, 1e-7]) {
      const { value, grad } = await backend.valueAndGrad(categoricalFocal({ fromLogits: true, epsilon }), hard);
      expect(Number.isFinite(value.data[0]), `ε = ${epsilon}`).toBe(true);
      expect(Array.from(grad.data).every(Number.isFinite), `ε = ${epsilon}`).toBe(true);
    }
    // exact: α·1·(2e4); clipped as Keras: α·(1 − ε)²·(−log ε)
    expectClose(await values(categoricalFocal({ fromLogits: true, epsilon: 0 }), hard), [0.25 * 2e4], 6);
    expectClose(await values(categoricalFocal({ fromLogits: true }), hard), [0.25 * (1 - 1e-7) ** 2 * -Math.log(1e-7)], 9);
  });
});
