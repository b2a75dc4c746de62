import { describe, expect, it } from 'vitest';
import { erf } from './erf.js';

/**
 * erf(x) at 40 significant digits (mpmath 1.3 `mpmath.erf`, mp.dps = 40) rounded to float64;
 * those for x ≤ 2 agree with Abramowitz & Stegun Table 7.1 to its 15 decimals
 * (erf 0.5 = 0.520499877813047, erf 1 = 0.842700792949715, erf 2 = 0.995322265018953).
 */
const GOLDEN: readonly (readonly [number, number])[] = [
  [1e-10, 1.1283791670955126e-10],
  [0.1, 0.1124629160182849],
  [0.5, 0.5204998778130465],
  [1, 0.8427007929497149],
  [1.5, 0.9661051464753108],
  [2, 0.9953222650189527],
  [2.4999999, 0.9995930477647266], // last point of the series
  [2.5, 0.999593047982555], // first point of the continued fraction
  [3, 0.9999779095030014],
  [4, 0.9999999845827421],
  [5, 0.9999999999984626],
  [5.9, 0.9999999999999999],
];

describe('erf', () => {
  it.each(GOLDEN)('erf(%f) is within 1e-15 relative of the 40-digit value', (x, want) => {
    expect(Math.abs(erf(x) - want) / want).toBeLessThan(1e-15);
  });

  it('keeps the tail: 1 − erf(x) matches erfc(x) where erfc is small', () => {
    // erfc 3 = 2.209049699858544e-5, erfc 4 = 1.541725790028002e-8 (mpmath, 40 digits)
    expect((1 - erf(3)) / 2.209049699858544e-5 - 1).toBeLessThan(1e-10);
    expect((1 - erf(4)) / 1.541725790028002e-8 - 1).toBeLessThan(1e-7);
  });

  it('is odd, keeps −0, and saturates to ±1 and at ±∞', () => {
    for (const [x] of GOLDEN) expect(erf(-x)).toBe(-erf(x));
    expect(Object.is(erf(-0), -0)).toBe(true);
    expect(erf(0)).toBe(0);
    expect(erf(6)).toBe(1);
    expect(erf(-30)).toBe(-1);
    expect(erf(Infinity)).toBe(1);
    expect(erf(-Infinity)).toBe(-1);
    expect(erf(Number.NaN)).toBeNaN();
  });

  it('is 2x/√π to first order near 0, including subnormals', () => {
    expect(erf(5e-324)).toBe(5e-324); // 2/√π ≈ 1.13 smallest subnormals rounds to one, not to 0
    expect(Math.abs(erf(1e-300) / 1.1283791670955126e-300 - 1)).toBeLessThan(1e-15);
  });

  it('is increasing across the series / continued-fraction switch at 2.5', () => {
    let prev = erf(2.4);
    for (let x = 2.41; x < 2.6; x += 0.01) {
      const y = erf(x);
      expect(y).toBeGreaterThan(prev);
      prev = y;
    }
  });
});
