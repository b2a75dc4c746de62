import { describe, expect, it } from 'vitest';
import { addDecayedWeights } from '../optim/transforms.js';
import { createReferenceBackend } from '../reference/reference-backend.js';
import { elasticNet, l1, l2, penaltyProgram, penaltyValueAndGrad } from './penalties.js';

const w = { shape: [2, 2], data: [0.5, -2, 0, 3] };
const b = { shape: [2], data: [7, -7] };

describe('penalties as losses on the parameters (reference backend)', () => {
  it('l1: λΣ|w|, gradient λ·sign(w) (0 at 0); biases are not penalised', async () => {
    const backend = await createReferenceBackend();
    const { value, grads } = await penaltyValueAndGrad(backend, l1(0.1), { w, b });
    expect(value).toBeCloseTo(0.1 * 5.5, 14);
    expect(Array.from(grads.w?.data ?? [])).toEqual([0.1, -0.1, 0, 0.1]);
    expect(Array.from(grads.b?.data ?? [])).toEqual([0, 0]);
  });

  it('l2: λΣw², gradient 2λw (Keras L2)', async () => {
    const backend = await createReferenceBackend();
    const { value, grads } = await penaltyValueAndGrad(backend, l2(0.01), { w });
    expect(value).toBeCloseTo(0.01 * (0.25 + 4 + 9), 14);
    expect(Array.from(grads.w?.data ?? [])).toEqual([0.5, -2, 0, 3].map((v) => expect.closeTo(0.02 * v, 14)));
  });

  it('elastic net: λ1Σ|w| + λ2Σw², and central finite differences agree with its gradient', async () => {
    const backend = await createReferenceBackend();
    const reg = elasticNet({ l1: 0.3, l2: 0.2 });
    const { value, grads } = await penaltyValueAndGrad(backend, reg, { w });
    expect(value).toBeCloseTo(0.3 * 5.5 + 0.2 * 13.25, 13);
    const h = 1e-6;
    for (let i = 0; i < w.data.length; i++) {
      if (w.data[i] === 0) continue; // |w| has no derivative at 0
      const at = (d: number) => penaltyValueAndGrad(backend, reg, { w: { shape: w.shape, data: w.data.map((v, j) => (j === i ? v + d : v)) } });
      const fd = ((await at(h)).value - (await at(-h)).value) / (2 * h);
      expect(grads.w?.data[i]).toBeCloseTo(fd, 7);
    }
  });

  it("PyTorch's weight_decay wd is l2(wd / 2): the same gradient as addDecayedWeights(wd)", async () => {
    const backend = await createReferenceBackend();
    const wd = 0.04;
    const { grads } = await penaltyValueAndGrad(backend, l2(wd / 2), { w });
    const run = await backend.optimizer(addDecayedWeights(wd), { w });
    await run.step({ w: { shape: [2, 2], data: [0, 0, 0, 0] } });
    // With zero gradients the update is wd·w alone, and applyUpdates adds it to the parameters.
    const after = (await run.params()).w?.data ?? [];
    Array.from(after).forEach((v, i) => expect(v - (w.data[i] as number)).toBeCloseTo(grads.w?.data[i] as number, 14));
  });

  it('penaltyProgram has one input per parameter and rejects empty parameter sets', async () => {
    expect(Object.keys(penaltyProgram(l2(1), { w: [2], b: [1] }).inputs).sort()).toEqual(['b', 'w']);
    const backend = await createReferenceBackend();
    await expect(penaltyValueAndGrad(backend, l2(1), {})).rejects.toMatchObject({ code: 'EMPTY' });
    expect(() => l2(-1)).toThrow(expect.objectContaining({ code: 'BAD_PARAM' }));
  });
});
