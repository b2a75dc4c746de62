import type { FloatDType, HostTensor } from '@losskit/core';

export type Random = (lo?: number, hi?: number) => number;

/** mulberry32: seeded, so every backend sees the same inputs on every run. */
export function seeded(seed: number): Random {
  let a = seed >>> 0;
  return (lo = 0, hi = 1) => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return lo + (hi - lo) * (((t ^ (t >>> 14)) >>> 0) / 4294967296);
  };
}

export function sizeOfShape(shape: readonly number[]): number {
  return shape.reduce((p, d) => p * d, 1);
}

export function floatTensor(dtype: FloatDType, shape: readonly number[], values: ArrayLike<number>): HostTensor {
  const data = dtype === 'float32' ? Float32Array.from(values) : Float64Array.from(values);
  return { dtype, shape: [...shape], data } as HostTensor;
}

export function intTensor(shape: readonly number[], values: ArrayLike<number>): HostTensor {
  return { dtype: 'int32', shape: [...shape], data: Int32Array.from(values) };
}

export function uniform(dtype: FloatDType, shape: readonly number[], rand: Random, lo: number, hi: number): HostTensor {
  return floatTensor(dtype, shape, Array.from({ length: sizeOfShape(shape) }, () => rand(lo, hi)));
}

/** Converts a tensor to another float dtype (ints stay ints). */
export function withDType(t: HostTensor, dtype: FloatDType): HostTensor {
  return t.dtype === 'int32' ? t : floatTensor(dtype, t.shape, t.data);
}
