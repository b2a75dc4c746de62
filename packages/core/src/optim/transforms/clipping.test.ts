import { describe, expect, it } from 'vitest';
import { codeOf } from '../../__test__/helpers.js';
import { rawSteps, steps } from '../../__test__/optim-harness.js';
import { chain } from '../transformation.js';
import { scaleByLearningRate } from '../transforms.js';
import { clip, clipByBlockRms, clipByNorm, zeroNans } from './clipping.js';

const sgd = scaleByLearningRate(1);

describe('clip, clipByBlockRms, clipByNorm', () => {
  it('clip clamps each element', async () => {
    expect((await steps(chain(clip(1), sgd), [0, 0, 0], [[3, -0.5, -7]]))[0]).toEqual([-1, 0.5, 1]);
    expect(codeOf(() => clip(0))).toBe('BAD_PARAM');
  });

  it('clipByBlockRms divides by max(1, RMS/threshold)', async () => {
    // RMS([3, 4]) = √12.5 ≈ 3.54 > 1: the update becomes [3, 4]/√12.5
    const [w] = await steps(chain(clipByBlockRms(1), sgd), [0, 0], [[3, 4]]);
    expect(w).toEqual([expect.closeTo(-3 / Math.sqrt(12.5), 12), expect.closeTo(-4 / Math.sqrt(12.5), 12)]);
    expect((await steps(chain(clipByBlockRms(10), sgd), [0, 0], [[3, 4]]))[0]).toEqual([-3, -4]);
  });

  it('clipByNorm rescales to norm ≤ maxNorm (‖[3, 4]‖ = 5 → [0.6, 0.8]) and keeps smaller updates', async () => {
    const [w] = await steps(chain(clipByNorm(1), sgd), [0, 0], [[3, 4]]);
    expect(w).toEqual([expect.closeTo(-0.6, 12), expect.closeTo(-0.8, 12)]);
    expect((await steps(chain(clipByNorm(10), sgd), [0, 0], [[3, 4]]))[0]).toEqual([-3, -4]);
    expect(codeOf(() => clipByNorm(Number.NaN))).toBe('BAD_PARAM');
  });
});

describe('zeroNans', () => {
  it('replaces NaN by 0, keeps ±Inf, and records whether the last update held a NaN', async () => {
    const [a, b] = await rawSteps(chain(zeroNans(), sgd), [0, 0, 0], [[Number.NaN, 2, 3], [1, 2, 3]]);
    expect(a?.w).toEqual([0, -2, -3]);
    expect(a?.state['0/foundNan/w']).toEqual([1]);
    expect(b?.state['0/foundNan/w']).toEqual([0]);
    const [inf] = await rawSteps(chain(zeroNans(), sgd), [0], [[Number.POSITIVE_INFINITY]]);
    expect(inf?.w).toEqual([Number.NEGATIVE_INFINITY]);
  });
});
