import { describe, expect, it } from 'vitest';
import { type RefTensor, broadcastIndex, broadcastTo, compensatedSum, gather, matmul, oneHot, reduce, transpose } from './kernels.js';
import { codeOf, mulberry32 } from '../__test__/helpers.js';

const size = (shape: readonly number[]): number => shape.reduce((p, d) => p * d, 1);
const rt = (shape: number[], data: number[]): RefTensor => ({ shape, data: Float64Array.from(data) });
const random = (shape: number[], seed: number): RefTensor => {
  const r = mulberry32(seed);
  return rt(shape, Array.from({ length: size(shape) }, () => Math.round((r() * 20 - 10) * 1000) / 1000));
};

/** Row-major multi-index of flat index i. */
function unravel(i: number, shape: readonly number[]): number[] {
  const idx = new Array<number>(shape.length);
  for (let d = shape.length - 1; d >= 0; d--) {
    idx[d] = i % (shape[d] as number);
    i = Math.floor(i / (shape[d] as number));
  }
  return idx;
}
function ravel(idx: readonly number[], shape: readonly number[]): number {
  return idx.reduce((acc, v, d) => acc * (shape[d] as number) + v, 0);
}

describe('compensatedSum', () => {
  it('sums [1e16, 1, -1e16] to 1 (a plain loop gives 0)', () => {
    const d = Float64Array.of(1e16, 1, -1e16);
    expect(d.reduce((s, v) => s + v, 0)).toBe(0);
    expect(compensatedSum(d, 0, 3)).toBe(1);
  });

  it('sums a million elements that cancel exactly: 1e16, 999 998 ones, −1e16 → 999 998', () => {
    const n = 1_000_000;
    const d = new Float64Array(n).fill(1);
    d[0] = 1e16;
    d[n - 1] = -1e16;
    expect(compensatedSum(d, 0, n)).toBe(n - 2);
  });

  it('sums a million copies of 0.1 to the double nearest 1e5', () => {
    const d = new Float64Array(1_000_000).fill(0.1);
    expect(compensatedSum(d, 0, d.length)).toBe(100000);
  });

  it('honours start and stride', () => {
    const d = Float64Array.of(1, 2, 3, 4, 5, 6, 7);
    expect(compensatedSum(d, 1, 3, 2)).toBe(2 + 4 + 6);
    expect(compensatedSum(d, 0, 0)).toBe(0);
  });

  it('propagates NaN and infinities', () => {
    expect(compensatedSum(Float64Array.of(1, Number.NaN, 2), 0, 3)).toBeNaN();
    expect(compensatedSum(Float64Array.of(1, Infinity), 0, 2)).toBe(Infinity);
  });
});

describe('broadcastIndex / broadcastTo', () => {
  const cases: [number[], number[]][] = [
    [[3, 1], [2, 3, 4]],
    [[4], [3, 4]],
    [[], [2, 2]],
    [[2, 1, 3], [2, 5, 3]],
    [[1, 1], [3, 2]],
    [[2, 3], [2, 3]],
    [[5, 1], [5, 0]],
  ];
  it.each(cases)('%j → %j reads the element numpy would', (inShape, outShape) => {
    const idx = broadcastIndex(inShape, outShape);
    expect(idx.length).toBe(size(outShape));
    const offset = outShape.length - inShape.length;
    for (let i = 0; i < idx.length; i++) {
      const out = unravel(i, outShape);
      const src = inShape.map((d, k) => (d === 1 ? 0 : (out[k + offset] as number)));
      expect(idx[i]).toBe(ravel(src, inShape));
    }
    const x = random(inShape, 3);
    const b = broadcastTo(x, outShape);
    expect(b.shape).toEqual(outShape);
    for (let i = 0; i < idx.length; i++) expect(b.data[i]).toBe(x.data[idx[i] as number]);
  });
});

describe('transpose', () => {
  const perms = [[0, 1, 2], [0, 2, 1], [1, 0, 2], [1, 2, 0], [2, 0, 1], [2, 1, 0]];
  it.each(perms)('perm [%i, %i, %i] of [2,3,4] matches a naive loop', (...perm) => {
    const x = random([2, 3, 4], 7);
    const y = transpose(x, perm);
    const outShape = perm.map((p) => x.shape[p] as number);
    expect(y.shape).toEqual(outShape);
    for (let i = 0; i < y.data.length; i++) {
      const out = unravel(i, outShape);
      const src = new Array<number>(3);
      perm.forEach((p, k) => {
        src[p] = out[k] as number;
      });
      expect(y.data[i]).toBe(x.data[ravel(src, x.shape)]);
    }
  });
});

describe('reduce', () => {
  function naive(kind: 'sum' | 'mean' | 'max' | 'min', x: RefTensor, axes: number[]): number[] {
    const kept = x.shape.map((_, i) => i).filter((i) => !axes.includes(i));
    const outShape = kept.map((i) => x.shape[i] as number);
    const groups: number[][] = Array.from({ length: size(outShape) }, () => []);
    for (let i = 0; i < x.data.length; i++) {
      const idx = unravel(i, x.shape);
      (groups[ravel(kept.map((k) => idx[k] as number), outShape)] as number[]).push(x.data[i] as number);
    }
    return groups.map((g) => {
      if (kind === 'max') return Math.max(...g);
      if (kind === 'min') return Math.min(...g);
      const s = g.reduce((a, b) => a + b, 0);
      return kind === 'sum' ? s : s / g.length;
    });
  }

  const axesCases = [[1, 2], [0, 3], [1], [2], [0, 1, 2, 3], [], [3]];
  for (const kind of ['sum', 'mean', 'max', 'min'] as const) {
    it.each(axesCases.map((a) => [a] as const))(`${kind} over axes %j of [2,3,4,5] matches a naive loop`, (axes) => {
      const x = random([2, 3, 4, 5], 11);
      const y = reduce(kind, x, axes);
      const expected = naive(kind, x, axes);
      expect(y.shape).toEqual(x.shape.filter((_, i) => !axes.includes(i)));
      expect(y.data.length).toBe(expected.length);
      expected.forEach((e, i) => expect(y.data[i]).toBeCloseTo(e, 10));
    });
  }

  it('max and min propagate NaN wherever it is', () => {
    for (const data of [[Number.NaN, 1, 2], [1, Number.NaN, 2], [1, 2, Number.NaN]]) {
      expect(reduce('max', rt([3], data), [0]).data[0]).toBeNaN();
      expect(reduce('min', rt([3], data), [0]).data[0]).toBeNaN();
    }
  });

  it('sums an empty axis to 0 and raises EMPTY for its max or min', () => {
    expect(Array.from(reduce('sum', rt([2, 0], []), [1]).data)).toEqual([0, 0]);
    expect(codeOf(() => reduce('max', rt([2, 0], []), [1]))).toBe('EMPTY');
    expect(codeOf(() => reduce('min', rt([0], []), [0]))).toBe('EMPTY');
  });

  it('sums with compensation along any axis', () => {
    const x = rt([3, 2], [1e16, 5, 1, 5, -1e16, 5]);
    expect(Array.from(reduce('sum', x, [0]).data)).toEqual([1, 15]);
  });
});

describe('matmul', () => {
  it('matches a naive triple loop', () => {
    const a = random([5, 7], 1);
    const b = random([7, 3], 2);
    const c = matmul(a, b);
    expect(c.shape).toEqual([5, 3]);
    for (let i = 0; i < 5; i++) {
      for (let j = 0; j < 3; j++) {
        let s = 0;
        for (let k = 0; k < 7; k++) s += (a.data[i * 7 + k] as number) * (b.data[k * 3 + j] as number);
        expect(c.data[i * 3 + j]).toBeCloseTo(s, 10);
      }
    }
  });

  it('propagates NaN and 0·∞ as IEEE arithmetic does', () => {
    const c = matmul(rt([1, 2], [0, 1]), rt([2, 2], [Infinity, Number.NaN, 1, 1]));
    expect(c.data[0]).toBeNaN(); // 0·∞ + 1·1
    expect(c.data[1]).toBeNaN(); // 0·NaN + 1·1
  });

  it('handles empty inner dimensions and raises SHAPE_MISMATCH for unequal ones', () => {
    expect(Array.from(matmul(rt([2, 0], []), rt([0, 2], [])).data)).toEqual([0, 0, 0, 0]);
    expect(codeOf(() => matmul(rt([2, 3], [1, 2, 3, 4, 5, 6]), rt([2, 2], [1, 2, 3, 4])))).toBe('SHAPE_MISMATCH');
  });
});

describe('gather', () => {
  const x = rt([4, 3], [0, 1, 2, 10, 11, 12, 20, 21, 22, 30, 31, 32]);

  it('picks rows along axis 0, repeated indices included', () => {
    const y = gather(x, rt([4], [2, 0, 2, 3]), 0);
    expect(y.shape).toEqual([4, 3]);
    expect(Array.from(y.data)).toEqual([20, 21, 22, 0, 1, 2, 20, 21, 22, 30, 31, 32]);
  });

  it('picks columns along axis 1 with a [2,2] index tensor', () => {
    const y = gather(x, rt([2, 2], [1, 1, 0, 2]), 1);
    expect(y.shape).toEqual([4, 2, 2]);
    const expected: number[] = [];
    for (let r = 0; r < 4; r++) for (const c of [1, 1, 0, 2]) expected.push(r * 10 + c);
    expect(Array.from(y.data)).toEqual(expected);
  });

  it('takes a scalar index, removing the axis', () => {
    const y = gather(x, rt([], [3]), 0);
    expect(y.shape).toEqual([3]);
    expect(Array.from(y.data)).toEqual([30, 31, 32]);
  });

  it('raises LABEL_OUT_OF_RANGE for an index outside [0, size)', () => {
    expect(codeOf(() => gather(x, rt([1], [4]), 0))).toBe('LABEL_OUT_OF_RANGE');
    expect(codeOf(() => gather(x, rt([1], [-1]), 1))).toBe('LABEL_OUT_OF_RANGE');
  });
});

describe('oneHot', () => {
  it('sets one 1 per index along a new last axis; indices out of range give zeros', () => {
    const y = oneHot(rt([2, 2], [0, 2, 3, -1]), 3);
    expect(y.shape).toEqual([2, 2, 3]);
    expect(Array.from(y.data)).toEqual([1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0]);
  });
});
