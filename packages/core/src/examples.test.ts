import { execFileSync } from 'node:child_process';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

// The tutorial scripts run as a reader runs them: `node examples/<name>.mjs`, in a subprocess.
const root = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');
const run = (name: string): string => execFileSync(process.execPath, [join(root, 'examples', name)], { encoding: 'utf8' });
const number = (out: string, label: string): number => Number(new RegExp(`${label} (-?[\\d.]+)`).exec(out)?.[1]);

describe('tutorial scripts', () => {
  it('house-prices.mjs recovers the generating prices per m², room and year with R² ≥ 0.99', () => {
    const out = run('house-prices.mjs');
    const final = out.trim().split('\n').at(-1) as string;
    expect(number(final, 'final r2')).toBeGreaterThanOrEqual(0.99);
    // Noise is uniform on ±10 000, so the error cannot beat its sd (≈ 5 774) by much, nor should it be far above it.
    expect(number(final, 'rmse')).toBeGreaterThan(5000);
    expect(number(final, 'rmse')).toBeLessThan(8000);
    // The data were made with 3000 per m², 20 000 per room, −1500 per year of age.
    expect(Math.abs(number(out, 'per m²') / 3000 - 1)).toBeLessThan(0.05);
    expect(Math.abs(number(out, 'per room') / 20000 - 1)).toBeLessThan(0.1);
    expect(Math.abs(number(out, 'per year') / -1500 - 1)).toBeLessThan(0.1);
  });

  it('iris-classifier.mjs reaches ≥ 95% training accuracy', () => {
    const out = run('iris-classifier.mjs');
    expect(out).toContain('150 flowers');
    const final = out.trim().split('\n').at(-1) as string;
    expect(number(final, 'accuracy')).toBeGreaterThanOrEqual(0.95);
    expect(number(final, 'final loss')).toBeLessThan(0.2);
  });
});
