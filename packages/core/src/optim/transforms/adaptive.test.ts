// First steps of each rescaling, worked out by hand from optax's documented formulas
// (optax/_src/transform.py docstrings; docs/research/optimizer-semantics.md §6.1) for g = 2 at w = 1.
import { describe, expect, it } from 'vitest';
import { codeOf } from '../../__test__/helpers.js';
import { steps } from '../../__test__/optim-harness.js';
import { type GradientTransformation, chain } from '../transformation.js';
import { scaleByAdam, scaleByLearningRate, scaleByRms, scaleByStddev } from '../transforms.js';
import { scaleByAdadelta, scaleByBelief, scaleByNovograd, scaleByRadam, scaleByYogi } from './adaptive.js';

const lr = scaleByLearningRate(0.1);
const first = async (tx: GradientTransformation, g = [2]): Promise<number> => ((await steps(chain(tx, lr), [1], [g]))[0] as number[])[0] as number;

describe('scaleByAdam options', () => {
  it('nesterov: m̂ = b1·m/(1 − b1²) + (1 − b1)·g/(1 − b1)', async () => {
    // m = 0.2, so m̂ = 0.9·0.2/0.19 + 2 = 2.947368…; v̂ = 4
    expect(await first(scaleByAdam({ nesterov: true }))).toBeCloseTo(1 - 0.1 * ((0.18 / 0.19 + 2) / (2 + 1e-8)), 12);
  });

  it("epsilonPlacement 'uncorrected': m̂·√(1 − b2)/(√v + ε), as Keras", async () => {
    // v = 0.004, √v = 0.0632456; with ε = 0.1 the two placements part clearly
    const keras = (2 * Math.sqrt(0.001)) / (Math.sqrt(0.004) + 0.1);
    expect(await first(scaleByAdam({ eps: 0.1, epsilonPlacement: 'uncorrected' }))).toBeCloseTo(1 - 0.1 * keras, 12);
    expect(await first(scaleByAdam({ eps: 0.1 }))).toBeCloseTo(1 - 0.1 * (2 / 2.1), 12);
  });

  it('amsgrad divides by the running maximum of v̂ once the gradient shrinks', async () => {
    // step 2 with g = 0.5: m = 0.23, m̂ = 0.23/0.19; v̂ = (0.999·0.004 + 0.001·0.25)/(1 − 0.999²) < 4 = max
    const [, withMax] = await steps(chain(scaleByAdam({ amsgrad: true }), lr), [1], [[2], [0.5]]);
    const [, plain] = await steps(chain(scaleByAdam(), lr), [1], [[2], [0.5]]);
    const afterFirst = 1 - 0.1 * (2 / (2 + 1e-8));
    const mHat = 0.23 / 0.19;
    const vHat = (0.999 * 0.004 + 0.001 * 0.25) / (1 - 0.999 ** 2);
    expect(withMax?.[0]).toBeCloseTo(afterFirst - 0.1 * (mHat / (2 + 1e-8)), 12);
    expect(plain?.[0]).toBeCloseTo(afterFirst - 0.1 * (mHat / (Math.sqrt(vHat) + 1e-8)), 12);
  });

  it('raises BAD_PARAM for an unknown epsilon placement', () => {
    expect(codeOf(() => scaleByAdam({ epsilonPlacement: 'inside' as 'corrected' }))).toBe('BAD_PARAM');
  });
});

describe('scaleByRms and scaleByStddev', () => {
  it('centred: g/√(ν − μ² + ε) with ν = 0.4 and μ = 0.2', async () => {
    const want = 1 - 0.1 * (2 / Math.sqrt(0.36 + 1e-8));
    expect(await first(scaleByRms({ centered: true }))).toBeCloseTo(want, 12);
    expect(await first(scaleByStddev())).toBeCloseTo(want, 12);
  });

  it('ε outside the root, bias correction and an initial scale', async () => {
    expect(await first(scaleByRms({ eps: 0.1, epsInSqrt: false }))).toBeCloseTo(1 - 0.1 * (2 / (Math.sqrt(0.4) + 0.1)), 12);
    // corrected: ν̂ = 0.4/(1 − 0.9) = 4
    expect(await first(scaleByRms({ biasCorrection: true }))).toBeCloseTo(1 - 0.1 * (2 / Math.sqrt(4 + 1e-8)), 12);
    // ν = 0.9·1 + 0.1·4 = 1.3
    expect(await first(scaleByRms({ initialScale: 1 }))).toBeCloseTo(1 - 0.1 * (2 / Math.sqrt(1.3 + 1e-8)), 12);
  });
});

describe('scaleByRadam', () => {
  it('takes the bare momentum while ρₜ < 5, then the rectified Adam step', async () => {
    const b2 = 0.999;
    const rhoInf = 2 / (1 - b2) - 1;
    const rho = (t: number): number => rhoInf - (2 * t * b2 ** t) / (1 - b2 ** t);
    expect(rho(5)).toBeLessThan(5);
    expect(rho(6)).toBeGreaterThanOrEqual(5);
    const ws = await steps(chain(scaleByRadam(), lr), [0], Array.from({ length: 6 }, () => [1]));
    // a constant g = 1 keeps m̂ = v̂ = 1: five steps of lr·1, then lr·r/(1 + ε)
    expect(ws[4]?.[0]).toBeCloseTo(-0.5, 12);
    const r = Math.sqrt(((rho(6) - 4) * (rho(6) - 2) * rhoInf) / ((rhoInf - 4) * (rhoInf - 2) * rho(6)));
    expect(ws[5]?.[0]).toBeCloseTo(-0.5 - 0.1 * (r / (1 + 1e-8)), 12);
  });
});

describe('scaleByBelief, scaleByYogi', () => {
  it('AdaBelief: s = 0.001·(g − m)² + εroot, so the first step is g/|g − m| = 2/1.8', async () => {
    expect(await first(scaleByBelief())).toBeCloseTo(1 - 0.1 * (2 / (Math.sqrt((0.001 * 1.8 ** 2 + 1e-16) / 0.001) + 1e-16)), 12);
  });

  it('Yogi: both moments start at 1e-6 and v grows by (1 − b2)·g² when v < g²', async () => {
    const m = 0.9e-6 + 0.2;
    const v = 1e-6 + 0.001 * 4;
    expect(await first(scaleByYogi())).toBeCloseTo(1 - 0.1 * ((m / 0.1) / (Math.sqrt(v / 0.001) + 1e-3)), 12);
  });
});

describe('scaleByNovograd', () => {
  it('normalises by the tensor norm and keeps momentum without a (1 − b1) factor', async () => {
    // g = [3, 4]: ν = 25, m = g/5 (+ε); step 2 with the same g: ν = 0.25·25 + 0.75·25 = 25, m = 0.9·g/5 + g/5
    const ws = await steps(chain(scaleByNovograd({ eps: 0 }), lr), [0, 0], [[3, 4], [3, 4]]);
    expect(ws[0]).toEqual([expect.closeTo(-0.06, 12), expect.closeTo(-0.08, 12)]);
    expect(ws[1]).toEqual([expect.closeTo(-0.06 - 0.1 * 1.9 * 0.6, 12), expect.closeTo(-0.08 - 0.1 * 1.9 * 0.8, 12)]);
  });

  it('raises BAD_PARAM for a decay outside [0, 1)', () => {
    expect(codeOf(() => scaleByNovograd({ b2: 1 }))).toBe('BAD_PARAM');
    expect(codeOf(() => scaleByYogi({ b1: -0.1 }))).toBe('BAD_PARAM');
    expect(codeOf(() => scaleByRadam({ eps: -1 }))).toBe('BAD_PARAM');
  });
});

describe('scaleByAdadelta', () => {
  it('uses the new E[g²] and the old E[Δ²]: the first step is √ε/√(0.1·g² + ε)·g', async () => {
    expect(await first(scaleByAdadelta())).toBeCloseTo(1 - 0.1 * ((Math.sqrt(1e-6) / Math.sqrt(0.4 + 1e-6)) * 2), 12);
  });
});
