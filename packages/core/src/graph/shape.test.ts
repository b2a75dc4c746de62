import { describe, expect, it } from 'vitest';
import { LossKitError } from '../errors/losskit-error.js';
import type { Dim } from './node.js';
import {
  broadcastConcrete, broadcastShapes, formatShape, normalizeAxes, normalizeAxis, reducedShape, sameShape, stridesOf,
} from './shape.js';
import { codeOf } from '../__test__/helpers.js';

describe('broadcastShapes (numpy rules)', () => {
  const ok: [Dim[], Dim[], Dim[]][] = [
    [[3, 1], [4], [3, 4]],
    [[2, 3, 4], [3, 1], [2, 3, 4]],
    [[], [2, 3], [2, 3]],
    [[2, 3], [], [2, 3]],
    [[5, 1, 3], [4, 1], [5, 4, 3]],
    [[1], [1], [1]],
    [[0], [1], [0]],
    [[2, 0], [1, 0], [2, 0]],
    [[1, 1, 1], [7], [1, 1, 7]],
  ];
  it.each(ok)('%j × %j → %j, in either order', (a, b, out) => {
    expect(broadcastShapes(a, b)).toEqual(out);
    expect(broadcastShapes(b, a)).toEqual(out);
  });

  const bad: [Dim[], Dim[]][] = [
    [[3], [4]],
    [[2, 3], [3, 2]],
    [[2, 3, 4], [3, 3]],
    [[0], [2]],
  ];
  it.each(bad)('%j × %j is SHAPE_MISMATCH', (a, b) => {
    expect(codeOf(() => broadcastShapes(a, b))).toBe('SHAPE_MISMATCH');
    expect(codeOf(() => broadcastShapes(b, a))).toBe('SHAPE_MISMATCH');
  });

  it('keeps symbols, and takes a symbol against a concrete size > 1 to be that size', () => {
    expect(broadcastShapes(['batch', 1], [3])).toEqual(['batch', 3]);
    expect(broadcastShapes(['batch'], ['batch'])).toEqual(['batch']);
    expect(broadcastShapes(['batch'], [1])).toEqual(['batch']);
    expect(broadcastShapes([1], ['batch'])).toEqual(['batch']);
    expect(broadcastShapes(['batch'], [5])).toEqual([5]);
    expect(broadcastShapes([5], ['batch'])).toEqual([5]);
    expect(broadcastShapes(['batch', 'classes'], ['classes'])).toEqual(['batch', 'classes']);
  });

  it('broadcastConcrete applies the same rules to run-time shapes', () => {
    expect(broadcastConcrete([4, 1, 2], [3, 1])).toEqual([4, 3, 2]);
    expect(codeOf(() => broadcastConcrete([2], [3]))).toBe('SHAPE_MISMATCH');
  });

  it('names where the mismatch happened', () => {
    try {
      broadcastShapes([2], [3], 'add');
      expect.fail('expected a throw');
    } catch (e) {
      expect(LossKitError.isInstance(e) && e.where).toBe('add');
    }
  });
});

describe('axes', () => {
  it('normalizeAxis wraps negative axes and rejects out-of-range or fractional ones', () => {
    expect(normalizeAxis(-1, 3)).toBe(2);
    expect(normalizeAxis(-3, 3)).toBe(0);
    expect(normalizeAxis(0, 1)).toBe(0);
    expect(codeOf(() => normalizeAxis(3, 3))).toBe('BAD_PARAM');
    expect(codeOf(() => normalizeAxis(-4, 3))).toBe('BAD_PARAM');
    expect(codeOf(() => normalizeAxis(0.5, 3))).toBe('BAD_PARAM');
    expect(codeOf(() => normalizeAxis(0, 0))).toBe('BAD_PARAM');
  });

  it('normalizeAxes: all axes when omitted, sorted and deduplicated otherwise', () => {
    expect(normalizeAxes(undefined, 3)).toEqual([0, 1, 2]);
    expect(normalizeAxes(undefined, 0)).toEqual([]);
    expect(normalizeAxes(-1, 3)).toEqual([2]);
    expect(normalizeAxes([2, 0, -1, -3], 3)).toEqual([0, 2]);
    expect(normalizeAxes([], 3)).toEqual([]);
    expect(codeOf(() => normalizeAxes([0, 5], 3))).toBe('BAD_PARAM');
  });

  it('reducedShape drops or keeps (as 1) the reduced axes', () => {
    expect(reducedShape([2, 3, 4], [1], false)).toEqual([2, 4]);
    expect(reducedShape([2, 3, 4], [0, 2], true)).toEqual([1, 3, 1]);
    expect(reducedShape(['n', 3], [0, 1], false)).toEqual([]);
    expect(reducedShape(['n', 3], [1], true)).toEqual(['n', 1]);
  });
});

describe('small helpers', () => {
  it('stridesOf is row-major', () => {
    expect(stridesOf([2, 3, 4])).toEqual([12, 4, 1]);
    expect(stridesOf([5])).toEqual([1]);
    expect(stridesOf([])).toEqual([]);
  });

  it('sameShape compares rank and every dim, symbols by name', () => {
    expect(sameShape([2, 'n'], [2, 'n'])).toBe(true);
    expect(sameShape([2, 'n'], [2, 'm'])).toBe(false);
    expect(sameShape([2], [2, 1])).toBe(false);
    expect(sameShape([], [])).toBe(true);
  });

  it('formatShape prints [a, b]', () => {
    expect(formatShape([2, 'batch'])).toBe('[2, batch]');
    expect(formatShape([])).toBe('[]');
  });
});
