import { describe, expect, it } from 'vitest';
import { TOLERANCES, closeTo, toleranceFor } from './tolerances.js';

describe('closeTo', () => {
  const tol = { rtol: 1e-3, atol: 1e-6 };

  it('accepts atol + rtol·|expected| and names the first element beyond it', () => {
    expect(closeTo([1.0009, 0], [1, 5e-7], tol).ok).toBe(true);
    expect(closeTo([1, 1.002], [1, 1], tol)).toEqual({ ok: false, index: 1, actual: 1.002, expected: 1 });
  });

  it('matches NaN with NaN and infinities with themselves, never NaN with a number', () => {
    expect(closeTo([Number.NaN, Number.POSITIVE_INFINITY], [Number.NaN, Number.POSITIVE_INFINITY], tol).ok).toBe(true);
    expect(closeTo([Number.NaN], [0], tol).ok).toBe(false);
    expect(closeTo([Number.POSITIVE_INFINITY], [1e300], tol).ok).toBe(false);
  });

  it('fails on a length mismatch', () => {
    expect(closeTo([1], [1, 2], tol)).toMatchObject({ ok: false, index: -1 });
  });
});

describe('toleranceFor', () => {
  it('falls back to the dtype tolerance', () => {
    expect(toleranceFor('float32', 'mse')).toBe(TOLERANCES.float32);
    expect(toleranceFor('float64')).toBe(TOLERANCES.float64);
  });
});

describe('LOSS_TOLERANCES', () => {
  it('widens circle loss in float32 only, where γ = 80 scales the roundings of its cosines', () => {
    expect(toleranceFor('float32', 'circle').rtol).toBeGreaterThan(TOLERANCES.float32.rtol);
    expect(toleranceFor('float64', 'circle')).toBe(TOLERANCES.float64);
  });
});
