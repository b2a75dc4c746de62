import { describe, expect, it } from 'vitest';
import { LossKitError } from '../errors/losskit-error.js';
import { type HostTensorLike, allocate, fromNested, scalar, sizeOf, tensor, toNested } from './host-tensor.js';
import { codeOf } from '../__test__/helpers.js';

describe('tensor()', () => {
  it('turns plain arrays into float64, or the dtype asked for', () => {
    const t = tensor({ shape: [2, 2], data: [1, 2, 3, 4] });
    expect(t.dtype).toBe('float64');
    expect(t.data).toBeInstanceOf(Float64Array);
    expect(Array.from(t.data)).toEqual([1, 2, 3, 4]);
    const f = tensor({ shape: [2], data: [0.1, 2], dtype: 'float32' });
    expect(f.data).toBeInstanceOf(Float32Array);
    expect(f.data[0]).toBe(Math.fround(0.1));
    const i = tensor({ shape: [2], data: [3, -4], dtype: 'int32' });
    expect(i.data).toBeInstanceOf(Int32Array);
  });

  it('infers the dtype of typed arrays and keeps them without copying', () => {
    const data = Float32Array.of(1, 2);
    const t = tensor({ shape: [2], data });
    expect(t.dtype).toBe('float32');
    expect(t.data).toBe(data);
    expect(tensor({ shape: [1], data: Int32Array.of(5) }).dtype).toBe('int32');
  });

  it('converts a typed array to a declared other dtype', () => {
    const t = tensor({ shape: [2], data: Int32Array.of(1, 2), dtype: 'float64' });
    expect(t.dtype).toBe('float64');
    expect(t.data).toBeInstanceOf(Float64Array);
  });

  it('converts int64 (BigInt64Array, or dtype int64) to int32', () => {
    const t = tensor({ shape: [3], data: BigInt64Array.of(0n, -5n, 2147483647n) });
    expect(t.dtype).toBe('int32');
    expect(Array.from(t.data)).toEqual([0, -5, 2147483647]);
    const u = tensor({ shape: [2], data: [1, 2], dtype: 'int64' });
    expect(u.dtype).toBe('int32');
    expect(Array.from(u.data)).toEqual([1, 2]);
  });

  it('raises LABEL_OUT_OF_RANGE for int64 values beyond int32', () => {
    expect(codeOf(() => tensor({ shape: [1], data: BigInt64Array.of(2147483648n) }))).toBe('LABEL_OUT_OF_RANGE');
    expect(codeOf(() => tensor({ shape: [1], data: BigInt64Array.of(-2147483649n) }))).toBe('LABEL_OUT_OF_RANGE');
    expect(codeOf(() => tensor({ shape: [1], data: [2 ** 40], dtype: 'int64' }))).toBe('LABEL_OUT_OF_RANGE');
    expect(tensor({ shape: [1], data: BigInt64Array.of(-2147483648n) }).data[0]).toBe(-2147483648);
  });

  it('raises SHAPE_MISMATCH for a wrong data length or a bad shape', () => {
    expect(codeOf(() => tensor({ shape: [2, 3], data: [1, 2, 3] }))).toBe('SHAPE_MISMATCH');
    expect(codeOf(() => tensor({ shape: [], data: [] }))).toBe('SHAPE_MISMATCH');
    expect(codeOf(() => tensor({ shape: [-1], data: [] }))).toBe('SHAPE_MISMATCH');
    expect(codeOf(() => tensor({ shape: [1.5], data: [1] }))).toBe('SHAPE_MISMATCH');
    expect(tensor({ shape: [], data: [7] }).shape).toEqual([]);
    expect(tensor({ shape: [0, 3], data: [] }).data.length).toBe(0);
  });

  it('raises DTYPE for non-integers declared int32, unknown dtypes and non-tensors', () => {
    expect(codeOf(() => tensor({ shape: [1], data: [1.5], dtype: 'int32' }))).toBe('DTYPE');
    expect(codeOf(() => tensor({ shape: [1], data: [1], dtype: 'float16' } as unknown as HostTensorLike))).toBe('DTYPE');
    expect(codeOf(() => tensor(null as unknown as HostTensorLike))).toBe('DTYPE');
    expect(codeOf(() => tensor({ data: [1] } as unknown as HostTensorLike))).toBe('DTYPE');
    expect(codeOf(() => tensor({ shape: [1] } as unknown as HostTensorLike))).toBe('DTYPE');
    expect(codeOf(() => tensor({ shape: [1], data: 'x' } as unknown as HostTensorLike))).toBe('DTYPE');
  });

  it('names where the problem is', () => {
    try {
      tensor({ shape: [2], data: [1] }, 'predictions');
      expect.fail('expected a throw');
    } catch (e) {
      expect(LossKitError.isInstance(e) && e.where).toBe('predictions');
    }
  });

  it('copies the shape', () => {
    const shape = [2];
    const t = tensor({ shape, data: [1, 2] });
    shape[0] = 5;
    expect(t.shape).toEqual([2]);
  });
});

describe('helpers', () => {
  it('sizeOf, allocate and scalar', () => {
    expect(sizeOf([2, 3, 4])).toBe(24);
    expect(sizeOf([])).toBe(1);
    expect(sizeOf([3, 0])).toBe(0);
    expect(allocate('float32', 2)).toBeInstanceOf(Float32Array);
    expect(allocate('int32', 2)).toBeInstanceOf(Int32Array);
    expect(allocate('float64', 2)).toBeInstanceOf(Float64Array);
    const s = scalar(0.1, 'float32');
    expect(s.shape).toEqual([]);
    expect(s.data[0]).toBe(Math.fround(0.1));
    expect(scalar(2).dtype).toBe('float64');
  });
});

describe('fromNested / toNested', () => {
  const cases: unknown[] = [5, [1, 2, 3], [[1, 2], [3, 4], [5, 6]], [[[1], [2]], [[3], [4]]], [], [[], []]];
  it.each(cases.map((c) => [JSON.stringify(c), c] as const))('round trips %s', (_, nested) => {
    const t = fromNested(nested);
    expect(toNested(t)).toEqual(nested);
  });

  it('infers the shape row-major', () => {
    const t = fromNested([[1, 2, 3], [4, 5, 6]], 'float32');
    expect(t.shape).toEqual([2, 3]);
    expect(t.dtype).toBe('float32');
    expect(Array.from(t.data)).toEqual([1, 2, 3, 4, 5, 6]);
    expect(fromNested([[1], [2]], 'int32').dtype).toBe('int32');
  });

  it('raises SHAPE_MISMATCH for ragged arrays and DTYPE for non-numbers', () => {
    expect(codeOf(() => fromNested([[1, 2], [3]]))).toBe('SHAPE_MISMATCH');
    expect(codeOf(() => fromNested([[1, 2], 3]))).toBe('SHAPE_MISMATCH');
    expect(codeOf(() => fromNested([[[1]], [[2, 3]]]))).toBe('SHAPE_MISMATCH');
    expect(codeOf(() => fromNested([1, [2]]))).toBe('DTYPE');
    expect(codeOf(() => fromNested([['a']]))).toBe('DTYPE');
    expect(codeOf(() => fromNested([[1.5]], 'int32'))).toBe('DTYPE');
  });

  it('toNested of a scalar is the number', () => {
    expect(toNested({ dtype: 'float64', shape: [], data: Float64Array.of(3) })).toBe(3);
  });
});
