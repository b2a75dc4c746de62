import type { FloatDType } from '@losskit/core';

/** Elementwise agreement: |actual − expected| ≤ atol + rtol·|expected|. */
export interface Tolerance {
  readonly rtol: number;
  readonly atol: number;
}

/**
 * Per dtype, never per backend. float64 backends must agree with the float64 oracle to a few
 * thousand ulps (room for another summation order over a few dozen terms); float32 backends to
 * what float32 arithmetic on small inputs allows: a handful of roundings of 6e-8 each, in sums
 * of up to a hundred terms. Optimizer trajectories are held to the same bounds after 100 steps:
 * each step's roundings are damped, not amplified, on the suite's objectives (a float32 tfjs
 * run stays within 5e-7 of the float64 plain implementation).
 */
export const TOLERANCES: Readonly<Record<FloatDType, Tolerance>> = {
  float64: { rtol: 1e-9, atol: 1e-12 },
  float32: { rtol: 2e-5, atol: 1e-6 },
};

/**
 * Where a loss needs more than its dtype's tolerance, with the reason. Keyed by loss id, then
 * dtype. Kept to the few losses that amplify rounding: the suite's random inputs keep
 * probabilities in [0.05, 0.95], where the condition number of −log p (1/|log p|, ≈ 1/(1 − p)
 * near 1) is at most 20, so float32's input rounding moves a cross-entropy by ≤ 1.2e-6
 * relative, inside 2e-5. A loss only needs an entry when its formula amplifies rounding on the
 * inputs the suite feeds it (−log within 1e-6 of 1, a square root of a sum that cancels, a
 * large scale on cosines); write the amplification down here.
 */
export const LOSS_TOLERANCES: Readonly<Record<string, Partial<Record<FloatDType, Tolerance>>>> = {
  // Circle loss scales cosine similarities by γ = 80: each cosine carries a few float32
  // roundings (≈ 2.4e-7), and a logit γ·α·(s − Δ) moves by up to γ·(2 + 2m) ≈ 224 times that,
  // ≈ 5e-5 absolute, which every exp-weight and gradient term carries as relative error (two
  // logits per pair: ≈ 1e-4). Values and gradients agree to 2e-4 relative, not 2e-5.
  circle: { float32: { rtol: 2e-4, atol: 1e-5 } },
};

/** The tolerance for a dtype, or for one loss in that dtype. */
export function toleranceFor(dtype: FloatDType, lossId?: string): Tolerance {
  return (lossId === undefined ? undefined : LOSS_TOLERANCES[lossId]?.[dtype]) ?? TOLERANCES[dtype];
}

/**
 * Documentation examples print rounded numbers (Keras's 0.815, 1.177: three decimals), so they
 * are checked to 1e-3, twice the rounding's half unit. The exact value is checked separately.
 */
export const DOCUMENTED_TOLERANCE: Tolerance = { rtol: 0, atol: 1e-3 };

/**
 * Central differences in float64. With h = 1e-6 the truncation error is O(h²·f''') ≈ 1e-12 and
 * the rounding error ≈ ε·|f|/h ≈ 1e-10 for losses of order one: 1e-5 relative (plus 1e-7 for
 * derivatives that are zero) is far above both and far below any wrong gradient rule.
 */
export const FINITE_DIFFERENCES = { h: 1e-6, rtol: 1e-5, atol: 1e-7 } as const;

/** The outcome of {@link closeTo}: the first element that disagrees, if any. */
export interface Comparison {
  readonly ok: boolean;
  /** Index of the first disagreeing element; −1 when the lengths differ or all agree. */
  readonly index: number;
  readonly actual: number;
  readonly expected: number;
}

/** |actual − expected| ≤ atol + rtol·|expected|, elementwise; NaN matches NaN, ±∞ match themselves. */
export function closeTo(actual: ArrayLike<number>, expected: ArrayLike<number>, tol: Tolerance): Comparison {
  if (actual.length !== expected.length) return { ok: false, index: -1, actual: actual.length, expected: expected.length };
  for (let i = 0; i < expected.length; i++) {
    const a = actual[i] as number;
    const e = expected[i] as number;
    if (Number.isNaN(a) && Number.isNaN(e)) continue;
    if (a === e) continue;
    if (!(Math.abs(a - e) <= tol.atol + tol.rtol * Math.abs(e))) return { ok: false, index: i, actual: a, expected: e };
  }
  return { ok: true, index: -1, actual: 0, expected: 0 };
}
