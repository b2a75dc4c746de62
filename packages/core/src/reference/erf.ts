/** 2/√π. */
const TWO_OVER_SQRT_PI = 1.1283791670955126;
/** 1/√π. */
const ONE_OVER_SQRT_PI = 0.5641895835477563;
/**
 * Where the series hands over to the continued fraction: below it the series needs at most
 * ~60 terms, above it the fraction converges to an ulp in fewer than ~60 steps.
 */
const SERIES_LIMIT = 2.5;
/** erfc(6) ≈ 2.2e-17 is below half an ulp of 1, so erf rounds to ±1 from here on. */
const SATURATION = 6;

/**
 * The error function in float64, within 10 ulps (≈1e-15 relative) for every finite x (A&S 7.1.26-style
 * rational fits stop at ~1e-7, too coarse for a float64 reference backend).
 *
 * |x| < 2.5: the positive-term series erf x = 2/√π·e^{−x²}·Σ 2ⁿx^{2n+1}/(1·3···(2n+1))
 * (DLMF 7.6.2), which has no cancellation, unlike the alternating Maclaurin series.
 * Beyond: erf x = 1 − erfc x with erfc x = e^{−x²}/√π · 1/(x + ½/(x + 1/(x + 3⁄2/(x + …))))
 * (DLMF 7.9.2), evaluated by the modified Lentz method.
 */
export function erf(x: number): number {
  if (Number.isNaN(x)) return x;
  const ax = Math.abs(x);
  if (ax >= SATURATION) return x > 0 ? 1 : -1;
  const r = ax < SERIES_LIMIT ? erfSeries(ax) : 1 - erfcFraction(ax);
  // Sign restored last so erf(−0) is −0 and erf is exactly odd.
  return x < 0 || Object.is(x, -0) ? -r : r;
}

function erfSeries(x: number): number {
  const x2 = x * x;
  let term = x;
  let sum = x;
  for (let n = 1; n < 200; n++) {
    term *= (2 * x2) / (2 * n + 1);
    const next = sum + term;
    if (next === sum) break;
    sum = next;
  }
  return TWO_OVER_SQRT_PI * Math.exp(-x2) * sum;
}

/** erfc for x ≥ SERIES_LIMIT through the continued fraction, modified Lentz (Numerical Recipes §5.2). */
function erfcFraction(x: number): number {
  const tiny = 1e-300;
  // Fraction b0 + a1/(b1 + a2/(b2 + …)) with b_k = x and a_k = k/2.
  let f = x;
  let c = x;
  let d = 0;
  for (let k = 1; k < 500; k++) {
    const a = k / 2;
    d = x + a * d;
    if (d === 0) d = tiny;
    c = x + a / c;
    if (c === 0) c = tiny;
    d = 1 / d;
    const delta = c * d;
    f *= delta;
    if (Math.abs(delta - 1) < 1e-16) break;
  }
  return (ONE_OVER_SQRT_PI * Math.exp(-x * x)) / f;
}

