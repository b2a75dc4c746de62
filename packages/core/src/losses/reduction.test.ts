import { describe, expect, it } from 'vitest';
import type { Dim } from '../graph/node.js';
import { input } from '../graph/program.js';
import { REDUCTIONS, alignWeights, applyReduction, checkReduction } from './reduction.js';
import { codeOf } from '../__test__/helpers.js';

const f = (...shape: Dim[]) => input('v', { shape, dtype: 'float' });

describe('checkReduction', () => {
  it('accepts the five reductions and raises BAD_PARAM for anything else', () => {
    expect(REDUCTIONS).toEqual(['none', 'sum', 'mean', 'sum-over-batch-size', 'sum-by-nonzero-weights']);
    for (const r of REDUCTIONS) expect(checkReduction(r, 'x')).toBe(r);
    for (const r of ['avg', 'Mean', undefined, null, 1]) expect(codeOf(() => checkReduction(r, 'x'))).toBe('BAD_PARAM');
  });
});

describe('alignWeights (Keras: weights line up with the leading axes)', () => {
  it.each<[Dim[], Dim[], Dim[]]>([
    [[3], [3, 2], [3, 1]],
    [[3], [3, 2, 4], [3, 1, 1]],
    [['batch'], ['batch', 5], ['batch', 1]],
    [[3, 1], [3], [3]],
    [[3, 1, 1], [3], [3]],
    [[], [3, 2], []],
    [[3, 2], [3, 2], [3, 2]],
    [[1, 2], [3, 2], [1, 2]],
  ])('weights %j against losses %j become %j', (w, l, out) => {
    expect(alignWeights(f(...w), l).shape).toEqual(out);
  });

  it.each<[Dim[], Dim[]]>([
    [[2], [3, 2]],
    [[3, 3], [3, 2]],
    [[3, 2], [3]],
    [[4], [3]],
  ])('raises SHAPE_MISMATCH for weights %j against losses %j', (w, l) => {
    expect(codeOf(() => alignWeights(f(...w), l))).toBe('SHAPE_MISMATCH');
  });
});

describe('applyReduction', () => {
  it('gives a scalar for every reduction but none', () => {
    for (const r of REDUCTIONS) {
      const y = applyReduction(f(3, 2), r, f(3));
      expect(y.shape).toEqual(r === 'none' ? [3, 2] : []);
      expect(y.dtype).toBe('float');
    }
  });
});
