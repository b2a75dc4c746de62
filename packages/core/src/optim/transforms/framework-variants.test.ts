import { describe, expect, it } from 'vitest';
import { codeOf, expectClose } from '../../__test__/helpers.js';
import { steps } from '../../__test__/optim-harness.js';
import { chain } from '../transformation.js';
import { scale, scaleByLearningRate } from '../transforms.js';
import { scaleByAdadeltaPreviousAccumulator, scaleByAdamaxEpsOutside, scaleByAmsgradRawMax, scaleByRadamEpsUncorrected, scaleByRssEpsOutside, scaleByStddevEpsSubtracted } from './framework-variants.js';
import { scaleByNadamSchedule } from './nadam-schedule.js';
import { dampenedTrace, scaleByOnnxAdam } from './onnx-training.js';
import { decayAfterUpdate, decayBeforeUpdate } from './weight-decay-order.js';

describe('framework variants of the rescalings', () => {
  it('validate their hyper-parameters with BAD_PARAM', () => {
    expect(codeOf(() => scaleByRssEpsOutside({ eps: -1 }))).toBe('BAD_PARAM');
    expect(codeOf(() => scaleByRssEpsOutside({ initialAccumulatorValue: -0.1 }))).toBe('BAD_PARAM');
    expect(codeOf(() => scaleByAdamaxEpsOutside({ b1: 1 }))).toBe('BAD_PARAM');
    expect(codeOf(() => scaleByAmsgradRawMax({ b2: -0.1 }))).toBe('BAD_PARAM');
    expect(codeOf(() => scaleByStddevEpsSubtracted({ decay: 1 }))).toBe('BAD_PARAM');
    expect(codeOf(() => scaleByAdadeltaPreviousAccumulator({ eps: Number.POSITIVE_INFINITY }))).toBe('BAD_PARAM');
    expect(codeOf(() => scaleByOnnxAdam({ firstT: 0.5 }))).toBe('BAD_PARAM');
    expect(codeOf(() => scaleByNadamSchedule({ momentumDecay: -1 }))).toBe('BAD_PARAM');
    expect(codeOf(() => scaleByRadamEpsUncorrected({ b2: 1 }))).toBe('BAD_PARAM');
    expect(codeOf(() => dampenedTrace({ decay: Number.NaN, gradientScale: 1 }))).toBe('BAD_PARAM');
    expect(codeOf(() => decayBeforeUpdate(scale(1), { weightDecay: -1, learningRate: 0.1 }))).toBe('BAD_PARAM');
  });

  it('tfjs Adadelta: from zero state the two averages stay equal, so every update is the gradient', async () => {
    // Step 1: u = √ε/√ε·1 = 1; E[g²] = E[Δ²] = 0.05. Step 2: u = √(0.05 + ε)/√(0.05 + ε)·3 = 3 (tfjs-core
    // adadelta_optimizer.ts divides by the previous E[g²]; PyTorch's rule would use 0.05 + 0.05·9 here).
    const w = await steps(chain(scaleByAdadeltaPreviousAccumulator({ rho: 0.95, eps: 1e-7 }), scaleByLearningRate(1)), [0], [[1], [3]]);
    expectClose(w.map((x) => x[0] as number), [-1, -4], 12);
  });

  it('decayBeforeUpdate shrinks p before the inner step; decayAfterUpdate scales the stepped p', async () => {
    const w = await steps(decayAfterUpdate(chain(scaleByLearningRate(0.1)), 0.5), [2], [[1]]);
    // (1 − 0.5)·(2 − 0.1)
    expectClose(w[0] as number[], [0.95], 12);
    const before = await steps(decayBeforeUpdate(chain(scaleByLearningRate(0.1)), { weightDecay: 0.5, learningRate: 0.1 }), [2], [[1]]);
    // 2 − 2·0.5·0.1 − 0.1
    expectClose(before[0] as number[], [1.8], 12);
  });
});
