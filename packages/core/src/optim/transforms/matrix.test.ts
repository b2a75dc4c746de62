// The transforms that see a parameter as a matrix: Muon's orthogonalisation and Adafactor's factoring.
import { describe, expect, it } from 'vitest';
import { codeOf } from '../../__test__/helpers.js';
import { referenceBackend } from '../../__test__/optim-harness.js';
import { input } from '../../graph/program.js';
import { optimizerPrograms } from '../step-program.js';
import { type GradientTransformation, chain } from '../transformation.js';
import { scaleByLearningRate } from '../transforms.js';
import { scaleByFactoredRms } from './factored.js';
import { scaleByFtrl } from './ftrl.js';
import { scaleByMuon } from './muon.js';
import { steps } from '../../__test__/optim-harness.js';

/** One step of `tx` (lr 1) from zero parameters of this shape: the update itself. */
async function firstUpdate(tx: GradientTransformation, shape: number[], g: number[]): Promise<number[]> {
  const backend = await referenceBackend();
  const run = await backend.optimizer(chain(tx, scaleByLearningRate(1, { flipSign: false })), { w: { shape, data: g.map(() => 0) } });
  await run.step({ w: { shape, data: g } });
  return Array.from((await run.params()).w?.data ?? []);
}

describe('scaleByMuon', () => {
  it('orthogonalises: the update of a 2×3 gradient has singular values near 1 (UVᵀ)', async () => {
    const u = await firstUpdate(scaleByMuon(), [2, 3], [1, 2, 0.5, -1, 0.3, 2]);
    const row = (i: number): number[] => u.slice(3 * i, 3 * i + 3);
    const dot = (a: number[], b: number[]): number => a.reduce((s, x, i) => s + x * (b[i] as number), 0);
    // U·Uᵀ ≈ I: optax's quintic coefficients leave singular values in about [0.7, 1.2] after 5 steps
    expect(dot(row(0), row(0))).toBeGreaterThan(0.5);
    expect(dot(row(0), row(0))).toBeLessThan(1.5);
    expect(Math.abs(dot(row(0), row(1)))).toBeLessThan(0.3);
  });

  it('gives a tall matrix the transpose of what its transpose gets', async () => {
    const g = [1, 2, 0.5, -1, 0.3, 2];
    const wide = await firstUpdate(scaleByMuon(), [2, 3], g);
    const gt = [g[0], g[3], g[1], g[4], g[2], g[5]] as number[];
    const tall = await firstUpdate(scaleByMuon(), [3, 2], gt);
    expect(tall.map((x) => Number(x.toFixed(10)))).toEqual([wide[0], wide[3], wide[1], wide[4], wide[2], wide[5]].map((x) => Number((x as number).toFixed(10))));
  });

  it('raises SHAPE_MISMATCH for a parameter that is not a matrix', () => {
    expect(codeOf(() => scaleByMuon().init({ b: input('b', { shape: [3], dtype: 'float' }) }))).toBe('SHAPE_MISMATCH');
  });
});

describe('scaleByFactoredRms', () => {
  it('the first step is g/√(g² + ε) elementwise unfactored (β̂₁ = 0), i.e. sign(g)', async () => {
    expect(await firstUpdate(scaleByFactoredRms(), [3], [2, -0.5, 4])).toEqual([expect.closeTo(1, 12), expect.closeTo(-1, 12), expect.closeTo(1, 12)]);
  });

  it('factors a matrix: v̂ = R·C/mean(R) from the row and column means of g²', async () => {
    // g = [[1, 2], [3, 4]]; g² = [[1, 4], [9, 16]]; d0 = 1 (ties: the later axis), d1 = 0.
    // R = mean over axis 1 = [2.5, 12.5], C = mean over axis 0 = [5, 10]; v̂ᵢⱼ = Rᵢ·Cⱼ/mean(R) with mean(R) = 7.5
    const g = [1, 2, 3, 4];
    const R = [2.5, 12.5];
    const C = [5, 10];
    const want = g.map((x, k) => x / Math.sqrt(((R[Math.floor(k / 2)] as number) * (C[k % 2] as number)) / 7.5));
    const got = await firstUpdate(scaleByFactoredRms({ minDimSizeToFactor: 2, epsilon: 0 }), [2, 2], g);
    got.forEach((x, i) => expect(x).toBeCloseTo(want[i] as number, 12));
    const { init } = optimizerPrograms(scaleByFactoredRms({ minDimSizeToFactor: 2 }), { w: [2, 2] });
    expect(Object.keys(init.outputs).sort()).toEqual(['state/count', 'state/vCol/w', 'state/vRow/w']);
  });
});

describe('scaleByFtrl', () => {
  it('follows Keras Ftrl: z = g − (√n′ − √n)/lr·w, w′ = −z·lr/√n′', async () => {
    // n = 0.1 + 4 = 4.1; z = 2 − (√4.1 − √0.1)/0.1; w′ = −z/(√4.1/0.1)
    const z = 2 - (Math.sqrt(4.1) - Math.sqrt(0.1)) / 0.1;
    const [w] = await steps(scaleByFtrl({ learningRate: 0.1 }), [1], [[2]]);
    expect(w?.[0]).toBeCloseTo(-z / (Math.sqrt(4.1) / 0.1), 12);
  });

  it('l1 zeroes the parameter while |z| ≤ l1', async () => {
    // from w = 0: z = 2 − 0 = 2 ≤ l1 = 3 → w′ = 0
    expect((await steps(scaleByFtrl({ learningRate: 0.1, l1RegularizationStrength: 3 }), [0], [[2]]))[0]).toEqual([0]);
    expect(codeOf(() => scaleByFtrl({ learningRatePower: 0.5 }))).toBe('BAD_PARAM');
  });
});
