/**
 * Optimizers whose step depends on whole-tensor norms (LAMB, LARS, NovoGrad, Adafactor), and
 * the wrappers (gradient accumulation, Lookahead), written out in float64 from their papers and
 * optax's documented formulas: the parameter vector is one tensor.
 */
import type { PlainOptimizer, PlainStep } from './plain-optimizers.js';

const norm = (x: readonly number[]): number => Math.sqrt(x.reduce((s, v) => s + v * v, 0));

/**
 * LAMB (You et al. 2020) as optax: the Adam direction a (ε 1e-6) plus λw, scaled by
 * ‖w‖/‖a + λw‖ (1 when either norm is 0): w ← w − lr·ratio·(a + λw).
 */
export function plainLamb(lr: number, weightDecay = 0, b1 = 0.9, b2 = 0.999, eps = 1e-6): PlainOptimizer {
  return () => {
    let m: number[] | undefined;
    let v: number[] | undefined;
    let t = 0;
    return (w, g) => {
      t += 1;
      m = (m ?? g.map(() => 0)).map((mi, i) => b1 * mi + (1 - b1) * (g[i] as number));
      v = (v ?? g.map(() => 0)).map((vi, i) => b2 * vi + (1 - b2) * (g[i] as number) ** 2);
      const mm = m;
      const vv = v;
      const u = w.map((wi, i) => (mm[i] as number) / (1 - b1 ** t) / (Math.sqrt((vv[i] as number) / (1 - b2 ** t)) + eps) + weightDecay * wi);
      const pn = norm(w);
      const un = norm(u);
      const ratio = pn === 0 || un === 0 ? 1 : pn / un;
      for (let i = 0; i < w.length; i++) w[i] = (w[i] as number) - lr * ratio * (u[i] as number);
    };
  };
}

/**
 * LARS (You et al. 2017) as optax: d = g + λw scaled by c·‖w‖/‖d‖ (1 when either is 0);
 * b ← μb + lr·ratio·d; w ← w − b.
 */
export function plainLars(lr: number, trustCoefficient = 1e-3, momentum = 0.9, weightDecay = 0): PlainOptimizer {
  return () => {
    let b: number[] | undefined;
    return (w, g) => {
      const d = w.map((wi, i) => (g[i] as number) + weightDecay * wi);
      const pn = norm(w);
      const dn = norm(d);
      const ratio = pn === 0 || dn === 0 ? 1 : (trustCoefficient * pn) / dn;
      b = (b ?? w.map(() => 0)).map((bi, i) => momentum * bi + lr * ratio * (d[i] as number));
      for (let i = 0; i < w.length; i++) w[i] = (w[i] as number) - (b[i] as number);
    };
  };
}

/**
 * NovoGrad (Ginsburg et al. 2019) as optax: ν = ‖g‖² at the first step, then β₂ν + (1 − β₂)‖g‖²;
 * m = g/(√ν + ε) at the first step, then β₁m + g/(√ν + ε); w ← w − lr·m.
 */
export function plainNovograd(lr: number, b1 = 0.9, b2 = 0.25, eps = 1e-6): PlainOptimizer {
  return () => {
    let nu: number | undefined;
    let m: number[] | undefined;
    return (w, g) => {
      const n2 = norm(g) ** 2;
      nu = nu === undefined ? n2 : b2 * nu + (1 - b2) * n2;
      const scaled = g.map((x) => x / (Math.sqrt(nu as number) + eps));
      m = m === undefined ? scaled : m.map((mi, i) => b1 * mi + (scaled[i] as number));
      for (let i = 0; i < w.length; i++) w[i] = (w[i] as number) - lr * (m[i] as number);
    };
  };
}

/** signSGD: w ← w − lr·sign(g). */
export function plainSignSgd(lr: number): PlainOptimizer {
  return () => (w, g) => {
    for (let i = 0; i < w.length; i++) w[i] = (w[i] as number) - lr * Math.sign(g[i] as number);
  };
}

/**
 * Adafactor (Shazeer & Stern 2018) for a vector, as optax's chain with a learning rate: β̂ₜ = 1 − t^(−0.8),
 * v ← β̂v + (1 − β̂)(g² + 1e-30); u = g/√v clipped to RMS ≤ 1; w ← w − lr·max(RMS(w), 1e-3)·u.
 */
export function plainAdafactor(lr: number): PlainOptimizer {
  return () => {
    let v: number[] | undefined;
    let t = 0;
    return (w, g) => {
      t += 1;
      const beta = 1 - t ** -0.8;
      v = (v ?? w.map(() => 0)).map((vi, i) => beta * vi + (1 - beta) * ((g[i] as number) ** 2 + 1e-30));
      const vv = v;
      const u = g.map((x, i) => x / Math.sqrt(vv[i] as number));
      const rms = (x: readonly number[]): number => norm(x) / Math.sqrt(x.length);
      const clipped = u.map((x) => x / Math.max(1, rms(u)));
      const scale = Math.max(rms(w), 1e-3);
      for (let i = 0; i < w.length; i++) w[i] = (w[i] as number) - lr * scale * (clipped[i] as number);
    };
  };
}

/** Gradient accumulation: the mean of k gradients is handed to `inner` every k-th step; w stays put between. */
export function plainMultiSteps(inner: PlainOptimizer, k: number): PlainOptimizer {
  return () => {
    const step: PlainStep = inner();
    let acc: number[] | undefined;
    let n = 0;
    return (w, g) => {
      acc = (acc ?? g.map(() => 0)).map((a, i) => a + (g[i] as number));
      n += 1;
      if (n === k) {
        step(w, acc.map((a) => a / k));
        acc = undefined;
        n = 0;
      }
    };
  };
}

/** Lookahead (Zhang et al. 2019): the fast weights take `inner` steps; every k steps slow ← slow + α(fast − slow) and fast ← slow. */
export function plainLookahead(inner: PlainOptimizer, k: number, alpha: number): PlainOptimizer {
  return () => {
    const step: PlainStep = inner();
    let slow: number[] | undefined;
    let n = 0;
    return (w, g) => {
      slow ??= [...w];
      step(w, g);
      n += 1;
      if (n === k) {
        const s = slow;
        slow = s.map((si, i) => si + alpha * ((w[i] as number) - si));
        for (let i = 0; i < w.length; i++) w[i] = slow[i] as number;
        n = 0;
      }
    };
  };
}
