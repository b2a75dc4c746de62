/**
 * Optimizer steps written out independently, in float64, from PyTorch's documented update
 * equations (torch.optim.SGD, torch.optim.Adam / AdamW): the second oracle for trajectories,
 * which shares no code with losskit's transformations.
 */

/** One step: updates `w` in place from the gradient `g`. */
export type PlainStep = (w: number[], g: readonly number[]) => void;

/** A fresh optimizer (its own state) for one trajectory. */
export type PlainOptimizer = () => PlainStep;

/**
 * torch.optim.SGD with dampening 0: b ← μ·b + g (b = g at the first step); the step is b, or
 * g + μ·b with Nesterov; w ← w − lr·step.
 */
export function plainSgd(lr: number, momentum = 0, nesterov = false): PlainOptimizer {
  return () => {
    let buf: number[] | undefined;
    return (w, g) => {
      buf = buf === undefined ? [...g] : buf.map((b, i) => momentum * b + (g[i] as number));
      const b = buf;
      const step = momentum === 0 ? g : nesterov ? g.map((gi, i) => gi + momentum * (b[i] as number)) : b;
      for (let i = 0; i < w.length; i++) w[i] = (w[i] as number) - lr * (step[i] as number);
    };
  };
}

export interface PlainAdamOptions {
  readonly b1?: number;
  readonly b2?: number;
  readonly eps?: number;
  /** Decoupled weight decay (torch.optim.AdamW, optax.adamw): w ← w − lr·λ·w, with the same lr. */
  readonly weightDecay?: number;
  /** Clip the gradient to this global L2 norm first (optax.clip_by_global_norm: g·max/‖g‖, no ε). */
  readonly maxNorm?: number;
  /** The learning rate at step t = 0, 1, ... (default: `lr` at every step). */
  readonly schedule?: (t: number) => number;
}

/**
 * torch.optim.Adam: m ← β₁m + (1 − β₁)g, v ← β₂v + (1 − β₂)g², m̂ = m/(1 − β₁ᵗ),
 * v̂ = v/(1 − β₂ᵗ), w ← w − lr·m̂/(√v̂ + ε); with AdamW's decoupled decay and optional clipping.
 */
export function plainAdam(lr: number, options: PlainAdamOptions = {}): PlainOptimizer {
  const { b1 = 0.9, b2 = 0.999, eps = 1e-8, weightDecay = 0, maxNorm = Number.POSITIVE_INFINITY, schedule = () => lr } = options;
  return () => {
    let m: number[] | undefined;
    let v: number[] | undefined;
    let t = 0;
    return (w, raw) => {
      const norm = Math.sqrt(raw.reduce((s, x) => s + x * x, 0));
      const g = norm < maxNorm ? [...raw] : raw.map((x) => (x / norm) * maxNorm);
      const rate = schedule(t);
      t += 1;
      m = (m ?? g.map(() => 0)).map((mi, i) => b1 * mi + (1 - b1) * (g[i] as number));
      v = (v ?? g.map(() => 0)).map((vi, i) => b2 * vi + (1 - b2) * (g[i] as number) ** 2);
      for (let i = 0; i < w.length; i++) {
        const mHat = (m[i] as number) / (1 - b1 ** t);
        const vHat = (v[i] as number) / (1 - b2 ** t);
        // both terms use the old w: AdamW decays before the Adam step, from the same parameters
        w[i] = (w[i] as number) - rate * (mHat / (Math.sqrt(vHat) + eps) + weightDecay * (w[i] as number));
      }
    };
  };
}

/** A per-element rule with per-element state, applied to every weight; `t` counts from 1. */
export function elementwise(rule: (g: number, w: number, slot: number[], t: number) => number, slots: number, init = 0): PlainOptimizer {
  return () => {
    let state: number[][] | undefined;
    let t = 0;
    return (w, g) => {
      state ??= w.map(() => new Array<number>(slots).fill(init));
      t += 1;
      for (let i = 0; i < w.length; i++) w[i] = (w[i] as number) - rule(g[i] as number, w[i] as number, state[i] as number[], t);
    };
  };
}

/** RMSprop with ε inside the root (Keras, tfjs, optax): ν ← ρν + (1 − ρ)g², w ← w − lr·g/√(ν + ε). */
export function plainRmsprop(lr: number, rho = 0.9, eps = 1e-8): PlainOptimizer {
  return elementwise((g, _w, s) => {
    s[0] = rho * (s[0] as number) + (1 - rho) * g * g;
    return (lr * g) / Math.sqrt((s[0] as number) + eps);
  }, 1);
}

/** Adagrad as Keras, tfjs and optax: S from 0.1, S ← S + g², w ← w − lr·g/√(S + ε). */
export function plainAdagrad(lr: number, initial = 0.1, eps = 1e-7): PlainOptimizer {
  return elementwise((g, _w, s) => {
    s[0] = (s[0] as number) + g * g;
    return (lr * g) / Math.sqrt((s[0] as number) + eps);
  }, 1, initial);
}

/** torch.optim.Adamax: m ← β₁m + (1 − β₁)g, u ← max(β₂u, |g| + ε), w ← w − lr·m/((1 − β₁ᵗ)u). */
export function plainAdamax(lr: number, b1 = 0.9, b2 = 0.999, eps = 1e-8): PlainOptimizer {
  return elementwise((g, _w, s, t) => {
    s[0] = b1 * (s[0] as number) + (1 - b1) * g;
    s[1] = Math.max(b2 * (s[1] as number), Math.abs(g) + eps);
    return (lr * (s[0] as number)) / ((1 - b1 ** t) * (s[1] as number));
  }, 2);
}

/** Lion (Chen et al. 2023): w ← w − lr·(sign((1 − β₁)g + β₁m) + λw), then m ← (1 − β₂)g + β₂m. */
export function plainLion(lr: number, b1 = 0.9, b2 = 0.99, weightDecay = 1e-3): PlainOptimizer {
  return elementwise((g, w, s) => {
    const step = Math.sign((1 - b1) * g + b1 * (s[0] as number)) + weightDecay * w;
    s[0] = (1 - b2) * g + b2 * (s[0] as number);
    return lr * step;
  }, 1);
}

/** Runs a plain optimizer for `steps` steps from `start`, with gradients from `grad`. */
export function plainTrajectory(optimizer: PlainOptimizer, start: readonly number[], grad: (w: readonly number[]) => number[], steps: number): number[] {
  const step = optimizer();
  const w = [...start];
  for (let s = 0; s < steps; s++) step(w, grad(w));
  return w;
}
