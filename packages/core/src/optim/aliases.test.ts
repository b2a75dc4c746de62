import { describe, expect, it } from 'vitest';
import { referenceBackend } from '../__test__/optim-harness.js';
import { nadam, sgd } from './aliases.js';
import { muon } from './aliases-layerwise.js';
import { rprop } from './aliases-rms.js';
import { codeOf } from '../__test__/helpers.js';

describe('muon', () => {
  it('sends matrices to Muon and every other parameter to NAdamW, as optax contrib.muon', async () => {
    const backend = await referenceBackend();
    const params = { w: { shape: [2, 3], data: [0, 0, 0, 0, 0, 0] }, b: { shape: [3], data: [0, 0, 0] } };
    const grads = { w: { shape: [2, 3], data: [1, 2, 0.5, -1, 0.3, 2] }, b: { shape: [3], data: [1, -2, 0.5] } };
    const run = await backend.optimizer(muon({ learningRate: 0.1 }), params);
    await run.step(grads);
    const state = await run.state();
    expect(Object.keys(state as object).sort()).toEqual(['adam', 'muon']);
    const alone = await backend.optimizer(nadam({ learningRate: 0.1 }), { b: params.b });
    await alone.step({ b: grads.b });
    expect(Array.from((await run.params()).b?.data ?? [])).toEqual(Array.from((await alone.params()).b?.data ?? []));
    // the matrix moved by an orthogonalised step, not by lr·sign(g) as Adam's first step would
    const w = Array.from((await run.params()).w?.data ?? []);
    expect(w.some((x) => Math.abs(Math.abs(x) - 0.1) > 0.01)).toBe(true);
  });
});

describe('sgd, rprop', () => {
  it('sgd weightDecay is coupled: the decay enters the momentum buffer', async () => {
    const backend = await referenceBackend();
    const run = await backend.optimizer(sgd({ learningRate: 0.1, momentum: 0.5, weightDecay: 1 }), { w: { shape: [1], data: [2] } });
    // step 1: d = 0 + 1·2 = 2, w = 1.8; step 2: d = 0 + 1.8, buf = 0.5·2 + 1.8 = 2.8, w = 1.52
    await run.step({ w: { shape: [1], data: [0] } });
    await run.step({ w: { shape: [1], data: [0] } });
    expect((await run.params()).w?.data[0]).toBeCloseTo(1.52, 12);
  });

  it('rprop takes its learning rate as a number only', () => {
    expect(codeOf(() => rprop({ learningRate: (() => 0.1) as unknown as number }))).toBe('BAD_PARAM');
  });
});
