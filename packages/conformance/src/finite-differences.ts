import { FINITE_DIFFERENCES } from './tolerances.js';

/**
 * The gradient of a scalar function by central differences, one element at a time:
 * ∂f/∂x_i ≈ (f(x + h·e_i) − f(x − h·e_i)) / 2h, in float64. An oracle that knows nothing of
 * autodiff: if a backend's gradient agrees with it, the gradient rules are right.
 *
 * Only meaningful away from kinks (|r| = δ for Huber, margin 1 for hinge, 0 for |x|): there the
 * one-sided slopes differ and the central difference is their average.
 */
export async function centralDifferences(
  f: (x: Float64Array) => number | Promise<number>,
  x: ArrayLike<number>,
  h: number = FINITE_DIFFERENCES.h,
): Promise<number[]> {
  const out: number[] = [];
  for (let i = 0; i < x.length; i++) {
    const up = Float64Array.from(x);
    const down = Float64Array.from(x);
    up[i] = (up[i] as number) + h;
    down[i] = (down[i] as number) - h;
    out.push(((await f(up)) - (await f(down))) / (2 * h));
  }
  return out;
}
