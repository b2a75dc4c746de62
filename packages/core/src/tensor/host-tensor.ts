import { fail } from '../errors/losskit-error.js';

/** The dtypes a host tensor carries. `int64` labels are converted to `int32` at the edge. */
export type HostDType = 'float32' | 'float64' | 'int32';
export type FloatDType = 'float32' | 'float64';

export type TypedArrayFor<D extends HostDType> = D extends 'float32'
  ? Float32Array
  : D extends 'float64'
    ? Float64Array
    : Int32Array;

/** Plain data: a dtype, a row-major shape and a typed array of `size(shape)` elements. */
export interface HostTensor<D extends HostDType = HostDType> {
  readonly dtype: D;
  readonly shape: readonly number[];
  readonly data: TypedArrayFor<D>;
}

/** What users may hand in: a host tensor, or one whose data is int64 (as ONNX gives labels). */
export interface HostTensorLike {
  readonly dtype?: HostDType | 'int64';
  readonly shape: readonly number[];
  readonly data: Float32Array | Float64Array | Int32Array | BigInt64Array | readonly number[];
}

/** Whether a value is a host tensor: `{ dtype, shape, data }` with a typed array. */
export function isHostTensor(x: unknown): x is HostTensor {
  return typeof x === 'object' && x !== null && 'dtype' in x && 'shape' in x && 'data' in x && ArrayBuffer.isView((x as { data: unknown }).data);
}

export function sizeOf(shape: readonly number[]): number {
  let n = 1;
  for (const d of shape) n *= d;
  return n;
}

export function allocate<D extends HostDType>(dtype: D, size: number): TypedArrayFor<D> {
  switch (dtype) {
    case 'float32':
      return new Float32Array(size) as TypedArrayFor<D>;
    case 'float64':
      return new Float64Array(size) as TypedArrayFor<D>;
    default:
      return new Int32Array(size) as TypedArrayFor<D>;
  }
}

function inferDType(data: HostTensorLike['data']): HostDType | 'int64' {
  if (data instanceof Float32Array) return 'float32';
  if (data instanceof Int32Array) return 'int32';
  if (data instanceof BigInt64Array) return 'int64';
  return 'float64';
}

const INT32_MIN = -(2 ** 31);
const INT32_MAX = 2 ** 31 - 1;

/**
 * Validates and normalises a tensor-like value into a {@link HostTensor}. int64 data becomes
 * int32 (labels never need more); plain arrays become float64 unless `dtype` says otherwise.
 *
 * @example
 * ```ts
 * const t = tensor({ shape: [2], data: [1, 2], dtype: 'float32' });
 * ```
 */
export function tensor(like: HostTensorLike, where = 'tensor'): HostTensor {
  if (typeof like !== 'object' || like === null || !Array.isArray(like.shape)) {
    fail('DTYPE', 'expected a tensor { shape, data, dtype? }', where);
  }
  if (!Array.isArray(like.data) && !(ArrayBuffer.isView(like.data) && !(like.data instanceof DataView))) {
    fail('DTYPE', `expected data as an array or a typed array, got ${like.data === null ? 'null' : typeof like.data}`, where);
  }
  for (const d of like.shape) {
    if (!Number.isInteger(d) || d < 0) fail('SHAPE_MISMATCH', `shape entries must be non-negative integers, got [${like.shape.join(', ')}]`, where);
  }
  const n = sizeOf(like.shape);
  if (like.data.length !== n) {
    fail('SHAPE_MISMATCH', `shape [${like.shape.join(', ')}] holds ${n} elements but data has ${like.data.length}`, where);
  }
  const declared = like.dtype ?? inferDType(like.data);
  const shape = [...like.shape];
  if (declared === 'int64' || like.data instanceof BigInt64Array) {
    const out = new Int32Array(n);
    for (let i = 0; i < n; i++) {
      const v = like.data[i];
      const num = typeof v === 'bigint' ? Number(v) : (v as number);
      if (!Number.isInteger(num) || num < INT32_MIN || num > INT32_MAX) {
        fail('LABEL_OUT_OF_RANGE', `int64 value ${String(v)} at index ${i} does not fit in int32`, where);
      }
      out[i] = num;
    }
    return { dtype: 'int32', shape, data: out };
  }
  if (declared !== 'float32' && declared !== 'float64' && declared !== 'int32') {
    fail('DTYPE', `unsupported dtype '${String(declared)}'; expected float32, float64, int32 or int64`, where);
  }
  if (declared === 'int32') {
    for (let i = 0; i < n; i++) {
      const v = like.data[i] as number;
      if (!Number.isInteger(v)) fail('DTYPE', `int32 tensor holds non-integer ${v} at index ${i}`, where);
    }
  }
  const data = like.data;
  if (
    (declared === 'float32' && data instanceof Float32Array) ||
    (declared === 'float64' && data instanceof Float64Array) ||
    (declared === 'int32' && data instanceof Int32Array)
  ) {
    return { dtype: declared, shape, data } as HostTensor;
  }
  const out = allocate(declared, n);
  for (let i = 0; i < n; i++) out[i] = data[i] as number;
  return { dtype: declared, shape, data: out } as HostTensor;
}

/** The same values in another dtype (a copy; the tensor itself when it already has it). */
export function convertTensor(t: HostTensor, dtype: HostDType): HostTensor {
  if (t.dtype === dtype) return t;
  const data = allocate(dtype, t.data.length);
  data.set(t.data);
  return { dtype, shape: t.shape, data } as HostTensor;
}

/** A float64 scalar host tensor. */
export function scalar(value: number, dtype: FloatDType = 'float64'): HostTensor {
  const data = allocate(dtype, 1);
  data[0] = value;
  return { dtype, shape: [], data };
}

/** Builds a host tensor from nested arrays (`[[1, 2], [3, 4]]`). */
export function fromNested(nested: unknown, dtype: HostDType = 'float64', where = 'tensor'): HostTensor {
  const shape: number[] = [];
  let level: unknown = nested;
  while (Array.isArray(level)) {
    shape.push(level.length);
    level = level[0];
  }
  const flat: number[] = [];
  const walk = (v: unknown, depth: number): void => {
    if (depth === shape.length) {
      if (typeof v !== 'number') fail('DTYPE', `expected a number at depth ${depth}, found ${typeof v}`, where);
      flat.push(v);
      return;
    }
    if (!Array.isArray(v) || v.length !== shape[depth]) {
      fail('SHAPE_MISMATCH', `ragged nested array: expected length ${shape[depth]} at depth ${depth}`, where);
    }
    for (const x of v) walk(x, depth + 1);
  };
  walk(nested, 0);
  return tensor({ shape, data: flat, dtype }, where);
}

/** Nested arrays from a host tensor, for printing and JSON output. */
export function toNested(t: HostTensor): unknown {
  if (t.shape.length === 0) return t.data[0];
  const build = (offset: number, depth: number): unknown[] => {
    const n = t.shape[depth] as number;
    const stride = sizeOf(t.shape.slice(depth + 1));
    const out: unknown[] = [];
    for (let i = 0; i < n; i++) {
      out.push(depth === t.shape.length - 1 ? t.data[offset + i] : build(offset + i * stride, depth + 1));
    }
    return out;
  };
  return build(0, 0);
}
