import { describe, expect, it } from 'vitest';
import { plainAdam, plainSgd, plainTrajectory } from './plain-optimizers.js';

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
