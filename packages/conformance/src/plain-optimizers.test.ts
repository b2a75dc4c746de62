import { describe, expect, it } from 'vitest';
import { plainAdamVariant } from './plain-adam-family.js';
import { plainLamb, plainMultiSteps } from './plain-layerwise.js';
import { plainAdam, plainSgd, plainTrajectory } from './plain-optimizers.js';
import { plainAdadelta, plainFtrl, plainRmspropFull, plainRprop } from './plain-rms-family.js';

// First steps worked out by hand from PyTorch's update equations, for g = 2w on w₀ = 1.
const grad = (w: readonly number[]): number[] => w.map((v) => 2 * v);

describe('plain optimizers', () => {
  it('sgd: w ← w − lr·g', () => {
    const [w = 0] = plainTrajectory(plainSgd(0.1), [1], grad, 2);
    expect(w).toBeCloseTo(0.64, 14);
  });

  it('sgd with momentum: the buffer starts at g', () => {
    // step 1: b = 2, w = 1 − 0.2 = 0.8; step 2: b = 0.9·2 + 1.6 = 3.4, w = 0.8 − 0.34
    const [w = 0] = plainTrajectory(plainSgd(0.1, 0.9), [1], grad, 2);
    expect(w).toBeCloseTo(0.46, 14);
  });

  it('sgd with Nesterov: the step is g + μ·b', () => {
    // step 1: b = 2, step = 2 + 1.8 = 3.8, w = 1 − 0.38 = 0.62
    const [w = 0] = plainTrajectory(plainSgd(0.1, 0.9, true), [1], grad, 1);
    expect(w).toBeCloseTo(0.62, 14);
  });

  it('adam: the first step is lr·g/(|g| + ε) after bias correction', () => {
    const [w = 0] = plainTrajectory(plainAdam(0.1), [1], grad, 1);
    expect(w).toBeCloseTo(1 - 0.1 * (2 / (2 + 1e-8)), 14);
  });

  it('adam: clipping rescales to the global norm, decoupled decay uses the old weights', () => {
    // g = [3, 4] clipped to norm 1 → [0.6, 0.8]; the Adam direction is still ≈ ±1 per element
    const [a = 0, b = 0] = plainTrajectory(plainAdam(0.1, { maxNorm: 1, weightDecay: 0.5 }), [1.5, 2], grad, 1);
    expect(a).toBeCloseTo(1.5 - 0.1 * (0.6 / (0.6 + 1e-8) + 0.5 * 1.5), 12);
    expect(b).toBeCloseTo(2 - 0.1 * (0.8 / (0.8 + 1e-8) + 0.5 * 2), 12);
  });
});

describe('plain optimizers: the Adam family, RMS family and layer-wise methods', () => {
  it('nesterov Adam: m̂ = 0.9·0.2/0.19 + 2 at the first step (optax scale_by_adam, nesterov=True)', () => {
    const [w = 0] = plainTrajectory(plainAdamVariant(0.1, { nesterov: true }), [1], grad, 1);
    expect(w).toBeCloseTo(1 - 0.1 * ((0.18 / 0.19 + 2) / (2 + 1e-8)), 14);
  });

  it('Keras Adam: lr·√(1 − β₂)/(1 − β₁)·m/(√v + ε), ε on the uncorrected root', () => {
    const [w = 0] = plainTrajectory(plainAdamVariant(0.1, { eps: 0.1, uncorrected: true }), [1], grad, 1);
    expect(w).toBeCloseTo(1 - 0.1 * ((Math.sqrt(0.001) / 0.1) * 0.2) / (Math.sqrt(0.004) + 0.1), 14);
  });

  it('Rprop: steps .1, .12, .144, 0, .072 for grads 1, 1, 1, −1, 1 (torch.optim.Rprop, docs/research §6.1)', () => {
    const step = plainRprop(0.1)();
    const w = [0];
    const moves = [1, 1, 1, -1, 1].map((g) => {
      const before = w[0] as number;
      step(w, [g]);
      return before - (w[0] as number);
    });
    [0.1, 0.12, 0.144, 0, 0.072].forEach((m, i) => expect(moves[i]).toBeCloseTo(m, 12));
  });

  it('centred RMSprop: g/√(ν − μ² + ε) with ν = 0.4, μ = 0.2', () => {
    const [w = 0] = plainTrajectory(plainRmspropFull(0.1, { centered: true }), [1], grad, 1);
    expect(w).toBeCloseTo(1 - 0.1 * (2 / Math.sqrt(0.36 + 1e-8)), 14);
  });

  it('Adadelta: the first step is √ε/√(0.1·g² + ε)·g', () => {
    const [w = 0] = plainTrajectory(plainAdadelta(1), [1], grad, 1);
    expect(w).toBeCloseTo(1 - (Math.sqrt(1e-6) / Math.sqrt(0.4 + 1e-6)) * 2, 14);
  });

  it('FTRL: n′ = 0.1 + g², z = g − (√n′ − √n)/lr·w, w′ = −z·lr/√n′ (keras/src/optimizers/ftrl.py)', () => {
    const [w = 0] = plainTrajectory(plainFtrl(0.1), [1], grad, 1);
    const z = 2 - (Math.sqrt(4.1) - Math.sqrt(0.1)) / 0.1;
    expect(w).toBeCloseTo((-z * 0.1) / Math.sqrt(4.1), 14);
  });

  it('LAMB: the first step has length lr·‖w‖ (trust ratio ‖w‖/‖u‖)', () => {
    const w = plainTrajectory(plainLamb(0.1), [3, 4], grad, 1);
    expect(Math.hypot(3 - (w[0] as number), 4 - (w[1] as number))).toBeCloseTo(0.5, 12);
  });

  it('multiSteps: the inner optimizer sees the mean of k gradients', () => {
    let n = 0;
    const w = plainTrajectory(plainMultiSteps(plainSgd(1), 2), [0], () => [[1, 3][n++ % 2] as number], 2);
    expect(w).toEqual([-2]);
  });
});
