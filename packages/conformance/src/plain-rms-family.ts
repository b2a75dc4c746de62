/**
 * RMSprop's relatives, Adadelta, Rprop and FTRL written out per element in float64 from
 * PyTorch's documented algorithms (torch.optim.RMSprop, Adadelta, Rprop) and Keras's FTRL
 * (keras/src/optimizers/ftrl.py): the independent oracle for their trajectories.
 */
import { type PlainOptimizer, elementwise } from './plain-optimizers.js';

/**
 * torch.optim.RMSprop (centred and with momentum): v ← αv + (1 − α)g², g_avg ← αg_avg + (1 − α)g,
 * ṽ = v − g_avg² when centred; b ← μb + g/(√ṽ + ε) (ε outside) or g/√(ṽ + ε) (ε inside, optax);
 * w ← w − lr·b.
 */
export function plainRmspropFull(lr: number, o: { alpha?: number; eps?: number; centered?: boolean; momentum?: number; epsInSqrt?: boolean } = {}): PlainOptimizer {
  const { alpha = 0.9, eps = 1e-8, centered = false, momentum = 0, epsInSqrt = true } = o;
  return elementwise((g, _w, s) => {
    s[0] = alpha * (s[0] as number) + (1 - alpha) * g * g;
    s[1] = alpha * (s[1] as number) + (1 - alpha) * g;
    const v = centered ? (s[0] as number) - (s[1] as number) ** 2 : (s[0] as number);
    const step = epsInSqrt ? g / Math.sqrt(v + eps) : g / (Math.sqrt(v) + eps);
    s[2] = momentum * (s[2] as number) + step;
    return lr * (s[2] as number);
  }, 3);
}

/** torch.optim.Adadelta: E[g²] ← ρE[g²] + (1 − ρ)g², Δ = √(E[Δ²] + ε)/√(E[g²] + ε)·g, E[Δ²] ← ρE[Δ²] + (1 − ρ)Δ², w ← w − lr·Δ. */
export function plainAdadelta(lr: number, rho = 0.9, eps = 1e-6): PlainOptimizer {
  return elementwise((g, _w, s) => {
    s[0] = rho * (s[0] as number) + (1 - rho) * g * g;
    const delta = (Math.sqrt((s[1] as number) + eps) / Math.sqrt((s[0] as number) + eps)) * g;
    s[1] = rho * (s[1] as number) + (1 - rho) * delta * delta;
    return lr * delta;
  }, 2);
}

/**
 * torch.optim.Rprop: η = η+ if g·g_prev > 0, η− if < 0, else 1; step ← clamp(step·η, min, max);
 * g is set to 0 where the sign flipped; w ← w − step·sign(g); g_prev ← g.
 */
export function plainRprop(lr: number, etaMinus = 0.5, etaPlus = 1.2, minStep = 1e-6, maxStep = 50): PlainOptimizer {
  return () => {
    let step: number[] | undefined;
    let prev: number[] | undefined;
    return (w, grad) => {
      step ??= w.map(() => lr);
      prev ??= w.map(() => 0);
      for (let i = 0; i < w.length; i++) {
        let g = grad[i] as number;
        const s = g * (prev[i] as number);
        const eta = s > 0 ? etaPlus : s < 0 ? etaMinus : 1;
        step[i] = Math.min(Math.max((step[i] as number) * eta, minStep), maxStep);
        if (s < 0) g = 0;
        w[i] = (w[i] as number) - (step[i] as number) * Math.sign(g);
        prev[i] = g;
      }
    };
  };
}

/**
 * Keras Ftrl (l1 = l2 = shrinkage = β = 0, power −½): n' = n + g², z ← z + g − (√n' − √n)/lr·w,
 * w ← −z/(√n'/lr); n from 0.1.
 */
export function plainFtrl(lr: number, initial = 0.1): PlainOptimizer {
  return () => {
    let n: number[] | undefined;
    let z: number[] | undefined;
    return (w, g) => {
      n ??= w.map(() => initial);
      z ??= w.map(() => 0);
      for (let i = 0; i < w.length; i++) {
        const gi = g[i] as number;
        const n1 = (n[i] as number) + gi * gi;
        z[i] = (z[i] as number) + gi - ((Math.sqrt(n1) - Math.sqrt(n[i] as number)) / lr) * (w[i] as number);
        n[i] = n1;
        w[i] = -(z[i] as number) / (Math.sqrt(n1) / lr);
      }
    };
  };
}
