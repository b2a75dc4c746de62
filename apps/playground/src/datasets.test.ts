import { describe, expect, it } from 'vitest';
import { DATASETS, dataset } from './datasets.js';

describe('2-D data sets', () => {
  it.each(DATASETS)('%s: two features per sample, every class present, finite', (id) => {
    const d = dataset(id);
    const n = d.y.length;
    expect(d.x.length).toBe(2 * n);
    expect(new Set(d.y).size).toBe(d.classes);
    expect(d.x.every(Number.isFinite)).toBe(true);
  });

  it('the same seed gives the same points, another seed others', () => {
    expect(dataset('moons', 3).x).toEqual(dataset('moons', 3).x);
    expect(dataset('moons', 3).x).not.toEqual(dataset('moons', 4).x);
  });

  it('iris: 150 flowers, 50 a class, standardised petal features', () => {
    const d = dataset('iris');
    expect(d.y.length).toBe(150);
    expect([0, 1, 2].map((c) => d.y.filter((y) => y === c).length)).toEqual([50, 50, 50]);
    const col = (j: number) => Array.from(d.x).filter((_, i) => i % 2 === j);
    for (const j of [0, 1]) {
      const v = col(j);
      const mean = v.reduce((a, b) => a + b, 0) / v.length;
      expect(mean).toBeCloseTo(0, 5);
      expect(Math.sqrt(v.reduce((a, b) => a + (b - mean) ** 2, 0) / v.length)).toBeCloseTo(1, 5);
    }
  });

  it('circles: the inner ring lies inside the outer one', () => {
    const d = dataset('circles');
    const radius = (i: number) => Math.hypot(d.x[2 * i] as number, d.x[2 * i + 1] as number);
    const mean = (c: number) => {
      const r = Array.from(d.y).flatMap((y, i) => (y === c ? [radius(i)] : []));
      return r.reduce((a, b) => a + b, 0) / r.length;
    };
    expect(mean(0)).toBeCloseTo(1.5, 1);
    expect(mean(1)).toBeCloseTo(0.675, 1);
  });
});
