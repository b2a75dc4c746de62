import { expect, it } from 'vitest';
import { centralDifferences } from './finite-differences.js';

it('recovers the gradient of a smooth function to ~1e-9', async () => {
  // f(x, y) = sin(x)·y² + e^y, ∇f = (cos(x)·y², 2·sin(x)·y + e^y)
  const f = (v: Float64Array): number => Math.sin(v[0] as number) * (v[1] as number) ** 2 + Math.exp(v[1] as number);
  const [gx = 0, gy = 0] = await centralDifferences(f, [0.3, -1.2]);
  expect(gx).toBeCloseTo(Math.cos(0.3) * 1.44, 8);
  expect(gy).toBeCloseTo(2 * Math.sin(0.3) * -1.2 + Math.exp(-1.2), 8);
});
