import type { HostTensor } from '@losskit/core';

/** Seeded uniform numbers in [lo, hi): mulberry32, so every run sees the same inputs. */
export function seeded(seed: number): (lo?: number, hi?: number) => number {
  let a = seed >>> 0;
  return (lo = 0, hi = 1) => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return lo + (hi - lo) * (((t ^ (t >>> 14)) >>> 0) / 4294967296);
  };
}

export function randomTensor(shape: number[], rand: () => number): HostTensor<'float32'> {
  const n = shape.reduce((p, d) => p * d, 1);
  return { dtype: 'float32', shape, data: Float32Array.from({ length: n }, rand) };
}
