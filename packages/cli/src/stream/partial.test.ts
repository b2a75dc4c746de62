import { describe, expect, it } from 'vitest';
import { chunkPartial, emptyPartial, mergePartials, parsePartial, reducePartial } from './partial.js';

const base = emptyPartial('mse', { axis: null }, 'mean');

describe('partial sums', () => {
  it('counts one weight per row for every loss in the row (Keras alignment)', () => {
    // 2 rows × 3 losses, weights [2, 0]: Σw over the losses is 3·2, nonzero 3.
    const p = chunkPartial(base, [1, 2, 3, 0, 0, 0], 2, [2, 0], 'w');
    expect(p).toMatchObject({ rows: 2, sum: 6, count: 6, weightSum: 6, nonzero: 3 });
    expect(() => chunkPartial(base, [1, 2, 3, 4], 2, [1, 1, 1], 'w.csv')).toThrow(/3 weights in a chunk of 2 rows with 4 losses/);
  });

  it('merges in any order and reduces each way, 0 (not NaN) over zero weights', () => {
    const a = chunkPartial(base, [1, 3], 2, [1, 0], 'w');
    const b = chunkPartial(base, [4], 1, [2], 'w');
    const m = mergePartials([b, a]);
    expect(m).toMatchObject({ sum: 8, count: 3, weightSum: 3, nonzero: 2 });
    expect(reducePartial(m)).toBe(8 / 3);
    expect(reducePartial({ ...m, reduction: 'sum' })).toBe(8);
    expect(reducePartial({ ...m, reduction: 'sum-over-batch-size' })).toBe(8 / 3);
    expect(reducePartial({ ...m, reduction: 'sum-by-nonzero-weights' })).toBe(4);
    expect(reducePartial(chunkPartial(base, [0, 0], 2, [0, 0], 'w'))).toBe(0);
  });

  it('reads back only well-formed partials', () => {
    const good = { ...base, rows: 1, sum: 1, count: 1, weightSum: 1, nonzero: 1 };
    expect(parsePartial(JSON.parse(JSON.stringify(good)), 'p.json')).toEqual(good);
    expect(() => parsePartial({ ...good, sum: 'x' }, 'p.json')).toThrow(/p\.json: "sum" must be a finite number, got "x"/);
    expect(() => parsePartial({ ...good, reduction: 'none' }, 'p.json')).toThrow(/reduction 'none' has no partial sums/);
    expect(() => parsePartial([1, 2], 'p.json')).toThrow(/expected a partial from `losskit eval --partial`/);
    expect(() => mergePartials([])).toThrow(/nothing to merge/);
  });
});
