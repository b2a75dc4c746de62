import { describe, expect, it } from 'vitest';
import { codeOf } from '../../__test__/helpers.js';
import { rawSteps, referenceBackend, steps } from '../../__test__/optim-harness.js';
import { input } from '../../graph/program.js';
import { chain } from '../transformation.js';
import { scaleByAdam, scaleByLearningRate, trace } from '../transforms.js';
import { applyIfFinite, lookahead, multiSteps, partition } from './wrappers.js';

const NaN_ = Number.NaN;

describe('applyIfFinite', () => {
  it('skips a step with a NaN or Inf: no move, the inner state kept, the bad steps counted', async () => {
    const tx = applyIfFinite(chain(trace({ decay: 0.5 }), scaleByLearningRate(1)), 2);
    const [a, b, c] = await rawSteps(tx, [0, 0], [[1, 1], [NaN_, 1], [1, Number.POSITIVE_INFINITY]]);
    expect(a?.w).toEqual([-1, -1]);
    expect(b?.w).toEqual([-1, -1]);
    expect(b?.state['inner/0/trace/w']).toEqual([1, 1]);
    expect(c?.state['notfiniteCount']).toEqual([2]);
    expect(c?.state['totalNotfinite']).toEqual([2]);
    // a finite step resumes from the kept trace (0.5·1 + 2) and resets the run of bad steps
    const [, , , d] = await rawSteps(tx, [0, 0], [[1, 1], [NaN_, 1], [1, Number.POSITIVE_INFINITY], [2, 2]]);
    expect(d?.w).toEqual([-3.5, -3.5]);
    expect(d?.state['notfiniteCount']).toEqual([0]);
    expect(d?.state['totalNotfinite']).toEqual([2]);
  });

  it('applies the update anyway after more than maxConsecutiveErrors bad steps', async () => {
    const [, second] = await rawSteps(applyIfFinite(scaleByLearningRate(1), 0), [0], [[NaN_], [NaN_]]);
    expect(second?.w).toEqual([NaN_]);
    expect(codeOf(() => applyIfFinite(scaleByLearningRate(1), -1))).toBe('BAD_PARAM');
  });
});

describe('multiSteps', () => {
  it('steps on the mean of every k gradients and holds still in between', async () => {
    const ws = await steps(multiSteps(scaleByLearningRate(1), { everyK: 2 }), [0], [[1], [3], [10], [20]]);
    expect(ws.map((w) => w[0])).toEqual([0, -2, -2, -17]);
  });

  it('sums instead with useGradMean false, and keeps the inner state between emits', async () => {
    const ws = await steps(multiSteps(chain(trace({ decay: 0.5 }), scaleByLearningRate(1)), { everyK: 2, useGradMean: false }), [0], [[1], [3], [1], [1]]);
    // emits: trace = 4, then 2 + 0.5·4 = 4
    expect(ws.map((w) => w[0])).toEqual([0, -4, -4, -8]);
    expect(codeOf(() => multiSteps(scaleByLearningRate(1), { everyK: 0 }))).toBe('BAD_PARAM');
  });
});

describe('lookahead', () => {
  it('pulls the fast weights to slow + α·(fast − slow) every syncPeriod steps', async () => {
    // SGD lr 1 with g = 1: fast 0 → −1 → −2; at the sync (step 2) both go to 0 + 0.5·(−2 − 0) = −1
    const ws = await steps(lookahead(scaleByLearningRate(1), { syncPeriod: 2, slowStepSize: 0.5 }), [0], [[1], [1], [1], [1]]);
    expect(ws.map((w) => w[0])).toEqual([-1, -1, -2, -2]);
    expect(codeOf(() => lookahead(scaleByLearningRate(1), { syncPeriod: 2, slowStepSize: 2 }))).toBe('BAD_PARAM');
  });
});

describe('partition', () => {
  it('routes each parameter to the transformation its label names', async () => {
    const backend = await referenceBackend();
    const tx = partition({ slow: scaleByLearningRate(0.1), adam: chain(scaleByAdam(), scaleByLearningRate(1)) }, (name) => (name === 'b' ? 'adam' : 'slow'));
    const run = await backend.optimizer(tx, { a: { shape: [1], data: [0] }, b: { shape: [1], data: [0] } });
    await run.step({ a: { shape: [1], data: [4] }, b: { shape: [1], data: [4] } });
    const p = await run.params();
    expect(p.a?.data[0]).toBeCloseTo(-0.4, 12);
    expect(p.b?.data[0]).toBeCloseTo(-1, 7);
  });

  it('raises BAD_PARAM for a label that names no transformation', () => {
    const w = input('w', { shape: [2], dtype: 'float' });
    expect(codeOf(() => partition({ a: scaleByLearningRate(1) }, () => 'b').init({ w }))).toBe('BAD_PARAM');
  });
});
