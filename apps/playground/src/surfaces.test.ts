import { createReferenceBackend } from '@losskit/core';
import { describe, expect, it } from 'vitest';
import { SURFACES, surfaceById, surfacePrograms } from './surfaces.js';

const f64 = (v: readonly number[]) => ({ dtype: 'float64' as const, shape: [v.length], data: Float64Array.from(v) });

describe('race surfaces', () => {
  it('Rosenbrock and its gradient at the classic start (−1.2, 1), by hand', async () => {
    // f = (1−x)² + 100(y−x²)²: f(−1.2, 1) = 4.84 + 100·0.44² = 24.2;
    // ∂f/∂x = −2(1−x) − 400x(y−x²) = −4.4 − 211.2 = −215.6; ∂f/∂y = 200(y−x²) = −88.
    const backend = await createReferenceBackend();
    const out = await backend.run(surfacePrograms(surfaceById('rosenbrock')).withGrad, { x: f64([-1.2]), y: f64([1]) });
    expect(out['value']?.data[0]).toBeCloseTo(24.2, 10);
    expect(out['grad/x']?.data[0]).toBeCloseTo(-215.6, 10);
    expect(out['grad/y']?.data[0]).toBeCloseTo(-88, 10);
  });

  it('each surface with a minimum has value and gradient 0 there', async () => {
    const backend = await createReferenceBackend();
    for (const s of SURFACES.filter((x) => x.minimum !== undefined)) {
      const [x, y] = s.minimum as readonly [number, number];
      const out = await backend.run(surfacePrograms(s).withGrad, { x: f64([x]), y: f64([y]) });
      expect(out['value']?.data[0], s.id).toBeCloseTo(0, 12);
      expect(Math.hypot(out['grad/x']?.data[0] as number, out['grad/y']?.data[0] as number), s.id).toBeCloseTo(0, 12);
    }
  });

  it('evaluates a grid elementwise: Beale at (0, 0) and (1, 1), by hand', async () => {
    // (1.5)² + (2.25)² + (2.625)² = 14.203125; at (1, 1): 1.5² + 2.25² + 2.625² as well (x·yᵏ − x = 0).
    const backend = await createReferenceBackend();
    const { value } = await backend.run(surfacePrograms(surfaceById('beale')).field, { x: f64([0, 1, 3]), y: f64([0, 1, 0.5]) });
    expect(Array.from(value?.data ?? [])).toEqual([14.203125, 14.203125, 0]);
  });

  it('an unknown id falls back to Rosenbrock', () => {
    expect(surfaceById('nope').id).toBe('rosenbrock');
  });
});
