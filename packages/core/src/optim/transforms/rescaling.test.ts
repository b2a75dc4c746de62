import { describe, expect, it } from 'vitest';
import { codeOf } from '../../__test__/helpers.js';
import { steps } from '../../__test__/optim-harness.js';
import { chain } from '../transformation.js';
import { scale, scaleByLearningRate } from '../transforms.js';
import { addL2, ema, scaleByParamBlockRms, scaleByRprop, scaleBySign, scaleByTrustRatio } from './rescaling.js';

const moves = (ws: number[][], w0: number): number[] => ws.map((w, i) => (i === 0 ? w0 : (ws[i - 1]?.[0] as number)) - (w[0] as number));

describe('scaleByRprop', () => {
  it('grows the step by 1.2 while the sign holds, stands still after a flip, then resumes from the halved step', async () => {
    // docs/research/optimizer-semantics.md §6.1: lr 0.1, grads 1, 1, 1, −1, 1 → steps .1, .12, .144, 0, .072 (PyTorch's rule)
    const ws = await steps(chain(scaleByRprop({ learningRate: 0.1 }), scale(-1)), [0], [[1], [1], [1], [-1], [1]]);
    const m = moves(ws, 0);
    [0.1, 0.12, 0.144, 0, 0.072].forEach((want, i) => expect(m[i]).toBeCloseTo(want, 12));
  });

  it('clamps the step size to [minStepSize, maxStepSize]', async () => {
    const ws = await steps(chain(scaleByRprop({ learningRate: 0.1, maxStepSize: 0.11 }), scale(-1)), [0], [[1], [1], [1]]);
    expect(moves(ws, 0).map((x) => Number(x.toFixed(12)))).toEqual([0.1, 0.11, 0.11]);
    expect(codeOf(() => scaleByRprop({ learningRate: 0.1, etaPlus: 0.9 }))).toBe('BAD_PARAM');
    expect(codeOf(() => scaleByRprop({ learningRate: 0.1, minStepSize: 2, maxStepSize: 1 }))).toBe('BAD_PARAM');
  });
});

describe('scaleByTrustRatio', () => {
  it('rescales each update to c·‖p‖/‖u‖, and leaves it where ‖p‖ = 0', async () => {
    // p = [3, 4] (‖p‖ = 5), g = [0, 0.5] → u = g·10·c; with c = 0.5 the step is [0, 2.5]
    const ws = await steps(chain(scaleByTrustRatio({ trustCoefficient: 0.5 }), scaleByLearningRate(1)), [3, 4], [[0, 0.5]]);
    expect(ws[0]).toEqual([3, expect.closeTo(1.5, 12)]);
    const zero = await steps(chain(scaleByTrustRatio(), scaleByLearningRate(1)), [0, 0], [[0.25, 0]]);
    expect(zero[0]).toEqual([-0.25, 0]);
  });
});

describe('scaleBySign, scaleByParamBlockRms, ema, addL2', () => {
  it('sign: a step of lr per element whatever the size of g', async () => {
    expect((await steps(chain(scaleBySign(), scaleByLearningRate(0.1)), [0, 0, 0], [[5, -1e-3, 0]]))[0]).toEqual([-0.1, 0.1, 0]);
  });

  it('paramBlockRms: multiplies by RMS(p), at least minScale', async () => {
    // RMS([3, 4]) = √12.5
    expect((await steps(chain(scaleByParamBlockRms(), scaleByLearningRate(1)), [3, 4], [[1, 0]]))[0]?.[0]).toBeCloseTo(3 - Math.sqrt(12.5), 12);
    expect((await steps(chain(scaleByParamBlockRms({ minScale: 0.5 }), scaleByLearningRate(1)), [0, 0], [[1, 0]]))[0]?.[0]).toBeCloseTo(-0.5, 12);
  });

  it('ema: the debiased average equals g for a constant g; undebiased it is (1 − decay)·g at first', async () => {
    const debiased = await steps(chain(ema({ decay: 0.9 }), scaleByLearningRate(1)), [0], [[2], [2]]);
    expect(debiased.map((w) => Number((w[0] as number).toFixed(12)))).toEqual([-2, -4]);
    const raw = await steps(chain(ema({ decay: 0.9, debias: false }), scaleByLearningRate(1)), [0], [[2]]);
    expect(raw[0]?.[0]).toBeCloseTo(-0.2, 12);
    expect(codeOf(() => ema({ decay: 1 }))).toBe('BAD_PARAM');
  });

  it('addL2 before a sign makes the decay part of the direction (coupled), unlike after it', async () => {
    // g = 1, w = 2: with addL2(1) first, sign(1 + 2) = 1; with g = −1 it is sign(−1 + 2) = +1, not −1
    expect((await steps(chain(addL2(1), scaleBySign(), scaleByLearningRate(0.1)), [2], [[-1]]))[0]?.[0]).toBeCloseTo(1.9, 12);
    expect(addL2(0.1).name).toBe('addL2');
  });
});
