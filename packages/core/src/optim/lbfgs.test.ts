import { describe, expect, it } from 'vitest';
import { grad } from '../autodiff/grad.js';
import { LossKitError } from '../errors/losskit-error.js';
import { add, constantTensor, mul, square, sub, sum } from '../graph/ops.js';
import { trace } from '../graph/program.js';
import { createReferenceBackend } from '../reference/reference-backend.js';
import { lbfgs } from './lbfgs.js';

describe('lbfgs', () => {
  it('minimises Rosenbrock to (1, 1) within 1e-4 in ≤ 200 iterations, on the reference backend', async () => {
    const backend = await createReferenceBackend();
    // f(a, b) = (1 − a)² + 100 (b − a²)², traced; its gradient from the autodiff.
    const f = trace('rosenbrock', { w: { shape: [2], dtype: 'float' } }, ({ w }) => {
      const a = sum(mul(w, constantTensor({ dtype: 'float64', shape: [2], data: Float64Array.of(1, 0) })));
      const b = sum(mul(w, constantTensor({ dtype: 'float64', shape: [2], data: Float64Array.of(0, 1) })));
      return add(square(sub(1, a)), mul(square(sub(b, square(a))), 100));
    });
    const df = grad(f, { wrt: ['w'] });
    const result = await lbfgs({ memory: 10, maxIterations: 200 }).minimize(async (p) => {
      const r = await backend.run(df, { w: p.w as never });
      return { value: r.value?.data[0] as number, grads: { w: r['grad/w'] as never } };
    }, { w: { shape: [2], data: [-1.2, 1] } });
    expect(result.iterations).toBeLessThanOrEqual(200);
    const [a, b] = Array.from(result.params.w?.data ?? []);
    expect(Math.abs((a as number) - 1)).toBeLessThan(1e-4);
    expect(Math.abs((b as number) - 1)).toBeLessThan(1e-4);
    expect(result.value).toBeLessThan(1e-8);
    // Armijo backtracking: the value never rises from one iteration to the next.
    expect(result.history.every((v, i) => i === 0 || v <= (result.history[i - 1] as number))).toBe(true);
  });

  it('solves an ill-conditioned quadratic far faster than gradient descent could (curvature memory at work)', async () => {
    // f(x) = ½ Σ cᵢ xᵢ² with condition number 1e3. Gradient descent with its best fixed step
    // 2 / (1 + 1000) shrinks the x₀ error by 1 − 2/1001 a step: ~1e4 steps to reach 1e-9.
    // L-BFGS with Armijo steps took 66 iterations here (measured), to a gradient below 1e-10.
    const c = [1, 10, 100, 500, 1000];
    const result = await lbfgs({ memory: 5, maxIterations: 200 }).minimize((p) => {
      const x = Array.from(p.x?.data ?? []);
      return { value: 0.5 * x.reduce((s, v, i) => s + (c[i] as number) * v * v, 0), grads: { x: { shape: [5], data: x.map((v, i) => (c[i] as number) * v) } } };
    }, { x: { shape: [5], data: [1, 1, 1, 1, 1] } });
    expect(result.converged).toBe(true);
    expect(result.iterations).toBeLessThanOrEqual(70);
    for (const v of result.params.x?.data ?? []) expect(Math.abs(v)).toBeLessThan(1e-9);
  });

  it('rejects bad options and objectives with typed errors', async () => {
    expect(() => lbfgs({ memory: 0 })).toThrow(LossKitError);
    await expect(lbfgs().minimize(() => ({ value: Number.NaN, grads: { x: { shape: [1], data: [0] } } }), { x: { shape: [1], data: [1] } })).rejects.toMatchObject({ code: 'NON_FINITE' });
    await expect(lbfgs().minimize(() => ({ value: 1, grads: {} }), { x: { shape: [1], data: [1] } })).rejects.toMatchObject({ code: 'BAD_PARAM' });
  });
});
