import type { FloatDType } from '@losskit/core';

export interface Tolerance {
  readonly rtol: number;
  readonly atol: number;
}

/**
 * Per dtype, never per backend. float64 backends must agree with the float64 oracle to a few
 * hundred ulps; float32 backends to what float32 arithmetic on small inputs allows (a handful
 * of roundings of ~6e-8 each, and sums of up to a hundred terms).
 */
export const TOLERANCES: Readonly<Record<FloatDType, Tolerance>> = {
  float64: { rtol: 1e-9, atol: 1e-12 },
  float32: { rtol: 2e-5, atol: 2e-6 },
};

/**
 * Where a loss needs more, and why. Keyed by loss id, then dtype.
 * - binaryCrossEntropy / categoricalCrossEntropy on probabilities: −log(p) near the clip bound
 *   1 − 1e-7 amplifies float32's rounding of p (its spacing there is 6e-8, 60% of 1e-7).
 */
export const LOSS_TOLERANCES: Readonly<Record<string, Partial<Record<FloatDType, Tolerance>>>> = {
  binaryCrossEntropy: { float32: { rtol: 1e-4, atol: 1e-5 } },
  categoricalCrossEntropy: { float32: { rtol: 1e-4, atol: 1e-5 } },
};

export function toleranceFor(dtype: FloatDType, lossId?: string): Tolerance {
  return (lossId === undefined ? undefined : LOSS_TOLERANCES[lossId]?.[dtype]) ?? TOLERANCES[dtype];
}

/** Finite differences: h and the agreement they allow, in float64. */
export const FINITE_DIFFERENCES = { h: 1e-6, rtol: 1e-5, atol: 1e-7 } as const;

/** After 100 optimizer steps, float32 roundings have compounded: a looser bound for float32 only. */
export const TRAJECTORY_TOLERANCES: Readonly<Record<FloatDType, Tolerance>> = {
  float64: { rtol: 1e-9, atol: 1e-10 },
  float32: { rtol: 2e-4, atol: 2e-5 },
};

/** |actual − expected| ≤ atol + rtol·|expected|, elementwise; NaN matches NaN. */
export function closeTo(actual: ArrayLike<number>, expected: ArrayLike<number>, tol: Tolerance): { ok: boolean; index: number; actual: number; expected: number } {
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
