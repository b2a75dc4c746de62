import { type FloatDType, type HostTensor, seededRandom } from '@losskit/core';

/** A uniform draw in [lo, hi) (default [0, 1)). */
export type Random = (lo?: number, hi?: number) => number;

/**
 * core's seeded generator (mulberry32) scaled to [lo, hi): every backend sees the same inputs
 * on every run and a failure reproduces from the test's name alone.
 */
export function seeded(seed: number): Random {
  const next = seededRandom(seed);
  return (lo = 0, hi = 1) => lo + (hi - lo) * next();
}

/** A stable seed from a string (FNV-1a), so each named case draws its own inputs. */
export function seedOf(name: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < name.length; i++) h = Math.imul(h ^ name.charCodeAt(i), 0x01000193);
  return h >>> 0;
}

export function sizeOfShape(shape: readonly number[]): number {
  return shape.reduce((p, d) => p * d, 1);
}

/** A float tensor; values are rounded to float32 when the dtype is float32. */
export function floatTensor(dtype: FloatDType, shape: readonly number[], values: ArrayLike<number>): HostTensor {
  return dtype === 'float32'
    ? { dtype, shape: [...shape], data: Float32Array.from(values) }
    : { dtype, shape: [...shape], data: Float64Array.from(values) };
}

export function intTensor(shape: readonly number[], values: ArrayLike<number>): HostTensor {
  return { dtype: 'int32', shape: [...shape], data: Int32Array.from(values) };
}

/** Uniform values in [lo, hi). */
export function uniform(dtype: FloatDType, shape: readonly number[], rand: Random, lo: number, hi: number): HostTensor {
  return floatTensor(dtype, shape, Array.from({ length: sizeOfShape(shape) }, () => rand(lo, hi)));
}

/** Converts a tensor to another float dtype; int tensors (labels) stay as they are. */
export function withDType(t: HostTensor, dtype: FloatDType): HostTensor {
  return t.dtype === 'int32' ? t : floatTensor(dtype, t.shape, t.data);
}
