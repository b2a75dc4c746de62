import { describe, expect, it } from 'vitest';
import { floatTensor, seedOf, seeded, withDType } from './random.js';

describe('seeded', () => {
  it('repeats its sequence for a seed and differs between seeds', () => {
    const a = seeded(42);
    const b = seeded(42);
    const c = seeded(43);
    const xs = Array.from({ length: 5 }, () => a());
    expect(Array.from({ length: 5 }, () => b())).toEqual(xs);
    expect(Array.from({ length: 5 }, () => c())).not.toEqual(xs);
  });

  it('draws in [lo, hi)', () => {
    const r = seeded(1);
    for (let i = 0; i < 1000; i++) {
      const x = r(-2, 3);
      expect(x).toBeGreaterThanOrEqual(-2);
      expect(x).toBeLessThan(3);
    }
  });

  it('seeds by name stably', () => {
    expect(seedOf('mse')).toBe(seedOf('mse'));
    expect(seedOf('mse')).not.toBe(seedOf('mae'));
  });
});

describe('tensors', () => {
  it('rounds to float32 and keeps labels as they are', () => {
    expect(floatTensor('float32', [1], [0.1]).data[0]).toBe(Math.fround(0.1));
    const labels = { dtype: 'int32' as const, shape: [1], data: Int32Array.of(2) };
    expect(withDType(labels, 'float64')).toBe(labels);
  });
});
