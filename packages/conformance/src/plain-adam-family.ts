/**
 * Adam's relatives written out per element in float64 from their papers and optax's documented
 * formulas (optax/_src/transform.py, alias.py): the independent oracle for their trajectories.
 */
import { type PlainOptimizer, elementwise } from './plain-optimizers.js';

export interface PlainAdamVariant {
  readonly b1?: number;
  readonly b2?: number;
  readonly eps?: number;
  /** optax `nesterov=True` (NAdam): m̂ = β₁m/(1 − β₁ᵗ⁺¹) + (1 − β₁)g/(1 − β₁ᵗ). */
  readonly nesterov?: boolean;
  /** optax `scale_by_amsgrad`: the root of the running max of v̂. */
  readonly amsgrad?: boolean;
  /** Keras / ONNX: w ← w − lr·√(1 − β₂ᵗ)/(1 − β₁ᵗ)·m/(√v + ε), ε on the uncorrected root. */
  readonly uncorrected?: boolean;
  /** Decoupled: w ← w − lr·λ·w with the pre-step w. */
  readonly weightDecay?: number;
}

/** Adam with its switches, one element at a time; the slots are m, v and the AMSGrad maximum. */
export function plainAdamVariant(lr: number, o: PlainAdamVariant = {}): PlainOptimizer {
  const { b1 = 0.9, b2 = 0.999, eps = 1e-8, nesterov = false, amsgrad = false, uncorrected = false, weightDecay = 0 } = o;
  return elementwise((g, w, s, t) => {
    const m = (s[0] = b1 * (s[0] as number) + (1 - b1) * g);
    const v = (s[1] = b2 * (s[1] as number) + (1 - b2) * g * g);
    const mHat = nesterov ? (b1 * m) / (1 - b1 ** (t + 1)) + ((1 - b1) * g) / (1 - b1 ** t) : m / (1 - b1 ** t);
    const under = uncorrected ? v : v / (1 - b2 ** t);
    const r = amsgrad ? (s[2] = Math.max(s[2] as number, under)) : under;
    const step = uncorrected ? (mHat * Math.sqrt(1 - b2 ** t)) / (Math.sqrt(r) + eps) : mHat / (Math.sqrt(r) + eps);
    return lr * (step + weightDecay * w);
  }, 3);
}

/** AdamaxW: torch.optim.Adamax's step plus decoupled decay λ·w. */
export function plainAdamaxW(lr: number, weightDecay: number, b1 = 0.9, b2 = 0.999, eps = 1e-8): PlainOptimizer {
  return elementwise((g, w, s, t) => {
    s[0] = b1 * (s[0] as number) + (1 - b1) * g;
    s[1] = Math.max(b2 * (s[1] as number), Math.abs(g) + eps);
    return lr * ((s[0] as number) / ((1 - b1 ** t) * (s[1] as number)) + weightDecay * w);
  }, 2);
}

/**
 * RAdam (Liu et al. 2020, Algorithm 2) as optax: ρ∞ = 2/(1 − β₂) − 1, ρₜ = ρ∞ − 2tβ₂ᵗ/(1 − β₂ᵗ);
 * when ρₜ ≥ 5 the step is r·m̂/(√v̂ + ε) with r = √((ρₜ − 4)(ρₜ − 2)ρ∞/((ρ∞ − 4)(ρ∞ − 2)ρₜ)), else m̂.
 */
export function plainRadam(lr: number, b1 = 0.9, b2 = 0.999, eps = 1e-8): PlainOptimizer {
  const rhoInf = 2 / (1 - b2) - 1;
  return elementwise((g, _w, s, t) => {
    s[0] = b1 * (s[0] as number) + (1 - b1) * g;
    s[1] = b2 * (s[1] as number) + (1 - b2) * g * g;
    const mHat = (s[0] as number) / (1 - b1 ** t);
    const rho = rhoInf - (2 * t * b2 ** t) / (1 - b2 ** t);
    if (rho < 5) return lr * mHat;
    const r = Math.sqrt(((rho - 4) * (rho - 2) * rhoInf) / ((rhoInf - 4) * (rhoInf - 2) * rho));
    return (lr * r * mHat) / (Math.sqrt((s[1] as number) / (1 - b2 ** t)) + eps);
  }, 2);
}

/** AdaBelief (Zhuang et al. 2020) as optax: s ← β₂s + (1 − β₂)(g − m)² + ε_root, step m̂/(√ŝ + ε). */
export function plainAdabelief(lr: number, b1 = 0.9, b2 = 0.999, eps = 1e-16, epsRoot = 1e-16): PlainOptimizer {
  return elementwise((g, _w, s, t) => {
    const m = (s[0] = b1 * (s[0] as number) + (1 - b1) * g);
    s[1] = b2 * (s[1] as number) + (1 - b2) * (g - m) ** 2 + epsRoot;
    return (lr * (m / (1 - b1 ** t))) / (Math.sqrt((s[1] as number) / (1 - b2 ** t)) + eps);
  }, 2);
}

/** Yogi (Zaheer et al. 2018) as optax: m, v from 1e-6; v ← v − (1 − β₂)·sign(v − g²)·g²; Adam's corrections; ε 1e-3. */
export function plainYogi(lr: number, b1 = 0.9, b2 = 0.999, eps = 1e-3): PlainOptimizer {
  return elementwise((g, _w, s, t) => {
    s[0] = b1 * (s[0] as number) + (1 - b1) * g;
    const v = s[1] as number;
    s[1] = v - (1 - b2) * Math.sign(v - g * g) * g * g;
    return (lr * ((s[0] as number) / (1 - b1 ** t))) / (Math.sqrt((s[1] as number) / (1 - b2 ** t)) + eps);
  }, 2, 1e-6);
}
