/**
 * Keras's loss algorithms written out in plain float64 Math, as its source and docs state them:
 * the independent arithmetic behind the golden cases. Inputs are rows (batch × features); each
 * returns the per-row values Keras computes before its reduction (the mean over the last axis).
 */

/** The mean over each row of f(prediction, target). */
export function kerasRowMeans(p: readonly number[][], t: readonly number[][], f: (p: number, t: number) => number): number[] {
  return p.map((row, i) => row.reduce((s, v, j) => s + f(v, (t[i] as number[])[j] as number), 0) / row.length);
}

const clip = (x: number, eps: number): number => Math.min(Math.max(x, eps), 1 - eps);

/** keras.losses.binary_crossentropy: probabilities clipped to [ε, 1 − ε], ε = 1e-7. */
export function kerasBinaryCrossEntropy(p: readonly number[][], t: readonly number[][], eps = 1e-7): number[] {
  return kerasRowMeans(p, t, (pi, ti) => {
    const c = clip(pi, eps);
    return -(ti * Math.log(c) + (1 - ti) * Math.log(1 - c));
  });
}

/** keras.losses.categorical_crossentropy: rows renormalised to sum to 1, clipped to [ε, 1 − ε], −Σ t·log p. */
export function kerasCategoricalCrossEntropy(p: readonly number[][], t: readonly number[][], eps = 1e-7): number[] {
  return p.map((row, i) => {
    const total = row.reduce((a, b) => a + b, 0);
    return -row.reduce((s, v, j) => s + ((t[i] as number[])[j] as number) * Math.log(clip(v / total, eps)), 0);
  });
}

/** keras.losses.huber: ½r² where |r| ≤ δ, else δ·|r| − ½δ². */
export function kerasHuber(p: readonly number[][], t: readonly number[][], delta: number): number[] {
  return kerasRowMeans(p, t, (pi, ti) => {
    const a = Math.abs(pi - ti);
    return a <= delta ? 0.5 * a * a : delta * a - 0.5 * delta * delta;
  });
}

/** keras.losses.hinge: {0, 1} labels become {−1, 1}; max(0, 1 − t·p). */
export function kerasHinge(p: readonly number[][], t: readonly number[][]): number[] {
  return kerasRowMeans(p, t, (pi, ti) => Math.max(0, 1 - (ti === 0 ? -1 : ti) * pi));
}

/** keras.losses.log_cosh: log((eˣ + e⁻ˣ)/2), the textbook form (fine for the docstring's small residuals). */
export function kerasLogCosh(p: readonly number[][], t: readonly number[][]): number[] {
  return kerasRowMeans(p, t, (pi, ti) => Math.log(Math.cosh(pi - ti)));
}

/** keras.losses.mean_absolute_percentage_error: 100·|t − p| / max(|t|, ε), ε = 1e-7. */
export function kerasMape(p: readonly number[][], t: readonly number[][], eps = 1e-7): number[] {
  return kerasRowMeans(p, t, (pi, ti) => (100 * Math.abs(ti - pi)) / Math.max(Math.abs(ti), eps));
}

/** keras.losses.mean_squared_logarithmic_error: (log(max(p, ε) + 1) − log(max(t, ε) + 1))², ε = 1e-7. */
export function kerasMsle(p: readonly number[][], t: readonly number[][], eps = 1e-7): number[] {
  return kerasRowMeans(p, t, (pi, ti) => (Math.log(Math.max(pi, eps) + 1) - Math.log(Math.max(ti, eps) + 1)) ** 2);
}

/** keras.losses.poisson: p − t·log(p + ε), ε = 1e-7. */
export function kerasPoisson(p: readonly number[][], t: readonly number[][], eps = 1e-7): number[] {
  return kerasRowMeans(p, t, (pi, ti) => pi - ti * Math.log(pi + eps));
}

/** keras.losses.cosine_similarity: −Σ p̂·t̂ over each row, x̂ = x / max(‖x‖, ε), ε = 1e-7. */
export function kerasCosineSimilarity(p: readonly number[][], t: readonly number[][], eps = 1e-7): number[] {
  const unit = (row: readonly number[]): number[] => {
    const n = Math.max(Math.hypot(...row), eps);
    return row.map((v) => v / n);
  };
  return p.map((row, i) => {
    const a = unit(row);
    const b = unit(t[i] as number[]);
    return -a.reduce((s, v, j) => s + v * (b[j] as number), 0);
  });
}

/** The reductions, written from their definitions: Σw·l, Σw·l/Σw, Σw·l/n. */
export function reduce(losses: readonly number[], reduction: 'sum' | 'mean' | 'sum-over-batch-size', weights?: readonly number[]): number {
  const w = weights ?? losses.map(() => 1);
  const total = losses.reduce((s, l, i) => s + l * (w[i] as number), 0);
  if (reduction === 'sum') return total;
  if (reduction === 'mean') return total / w.reduce((a, b) => a + b, 0);
  return total / losses.length;
}

/** keras.losses.kl_divergence: both clipped to [ε, 1], Σ t·log(t/p) over the row. */
export function kerasKLDivergence(p: readonly number[][], t: readonly number[][], eps = 1e-7): number[] {
  const c = (x: number): number => Math.min(Math.max(x, eps), 1);
  return p.map((row, i) => row.reduce((s, v, j) => {
    const tj = c((t[i] as number[])[j] as number);
    return s + tj * Math.log(tj / c(v));
  }, 0));
}

/** keras.losses.squared_hinge: {0, 1} labels become {−1, 1}; max(0, 1 − t·p)², row means. */
export function kerasSquaredHinge(p: readonly number[][], t: readonly number[][]): number[] {
  return kerasRowMeans(p, t, (pi, ti) => Math.max(0, 1 - (ti === 0 ? -1 : ti) * pi) ** 2);
}

/** keras.losses.categorical_hinge: max(0, max((1 − t)·p) − Σ t·p + 1) per row. */
export function kerasCategoricalHinge(p: readonly number[][], t: readonly number[][]): number[] {
  return p.map((row, i) => {
    const ti = t[i] as number[];
    const pos = row.reduce((s, v, j) => s + (ti[j] as number) * v, 0);
    const neg = Math.max(...row.map((v, j) => (1 - (ti[j] as number)) * v));
    return Math.max(0, neg - pos + 1);
  });
}

/** keras.losses.binary_focal_crossentropy: clipped BCE times (1 − p_t)^γ, row means (no class balancing). */
export function kerasBinaryFocal(p: readonly number[][], t: readonly number[][], gamma: number, eps = 1e-7): number[] {
  return kerasRowMeans(p, t, (pi, ti) => {
    const c = clip(pi, eps);
    const bce = -(ti * Math.log(c) + (1 - ti) * Math.log(1 - c));
    const pt = ti * pi + (1 - ti) * (1 - pi);
    return (1 - pt) ** gamma * bce;
  });
}

/** keras.losses.categorical_focal_crossentropy: rows renormalised and clipped, −Σ α(1 − p)^γ·t·log p. */
export function kerasCategoricalFocal(p: readonly number[][], t: readonly number[][], alpha: number, gamma: number, eps = 1e-7): number[] {
  return p.map((row, i) => {
    const total = row.reduce((a, b) => a + b, 0);
    return row.reduce((s, v, j) => {
      const c = clip(v / total, eps);
      return s - alpha * (1 - c) ** gamma * ((t[i] as number[])[j] as number) * Math.log(c);
    }, 0);
  });
}
