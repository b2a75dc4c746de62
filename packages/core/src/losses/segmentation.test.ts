import { createReferenceBackend } from '../reference/reference-backend.js';
import { describe, expect, it } from 'vitest';
import { expectClose, evaluateOnReference as values, asyncCodeOf as codeOf } from '../__test__/helpers.js';
import type { Loss, LossInputsLike } from './loss.js';
import { dice, generalizedDice, tversky } from './segmentation.js';

// two samples of 2×2 masks
const p = [[0.9, 0.2, 0.6, 0.1], [0.3, 0.3, 0.8, 0.5]];
const t = [[1, 0, 1, 0], [0, 0, 1, 1]];
const inputs = { predictions: { shape: [2, 2, 2], data: p.flat() }, targets: { shape: [2, 2, 2], data: t.flat() } };
const sums = p.map((row, n) => ({
  tp: row.reduce((s, v, i) => s + v * t[n]![i]!, 0),
  p: row.reduce((s, v) => s + v, 0),
  t: t[n]!.reduce((s, v) => s + v, 0),
}));

describe('dice', () => {
  it('is 1 − (2Σpt + s)/(Σp + Σt + s) per sample over every non-batch axis', async () => {
    // sample 0: Σpt = 1.5, Σp = 1.8, Σt = 2 → 1 − 4/4.8 with s = 1
    expectClose(await values(dice({ reduction: 'none' }), inputs), sums.map((x) => 1 - (2 * x.tp + 1) / (x.p + x.t + 1)));
    expect((await values(dice({ reduction: 'none' }), inputs))[0]).toBeCloseTo(1 - 4 / 4.8, 12);
    expectClose(await values(dice({ smooth: 0 }), inputs), [sums.reduce((acc, x) => acc + 1 - (2 * x.tp) / (x.p + x.t), 0) / 2]);
  });

  it('is 0 for a perfect mask and needs a batch axis', async () => {
    expectClose(await values(dice({ smooth: 0 }), { predictions: { shape: [1, 3], data: [1, 0, 1] }, targets: { shape: [1, 3], data: [1, 0, 1] } }), [0]);
    expect(await codeOf(() => values(dice(), { predictions: { shape: [3], data: [1, 0, 1] }, targets: { shape: [3], data: [1, 0, 1] } }))).toBe('SHAPE_MISMATCH');
  });

  it('scores an empty prediction of an empty mask as a match with smooth 0, with a finite gradient', async () => {
    const empty = { predictions: { shape: [2, 2], data: [0, 0, 0.5, 0] }, targets: { shape: [2, 2], data: [0, 0, 1, 0] } };
    // row 0: 0/0 → a perfect score, loss 0; row 1: 1 − 2·0.5/1.5
    expectClose(await values(dice({ smooth: 0, reduction: 'none' }), empty), [0, 1 - 1 / 1.5]);
    expectClose(await values(tversky({ smooth: 0, reduction: 'none' }), empty), [0, 1 - 0.5 / (0.5 + 0.5 * 0.5)]);
    const backend = await createReferenceBackend();
    const { grad } = await backend.valueAndGrad(dice({ smooth: 0 }), empty);
    expect(Array.from(grad.data).every(Number.isFinite)).toBe(true);
  });

  it('refuses probabilities outside [0, 1]', async () => {
    expect(await codeOf(() => values(dice(), { predictions: { shape: [1, 2], data: [1.5, 0] }, targets: { shape: [1, 2], data: [1, 0] } }))).toBe('NOT_A_PROBABILITY');
  });
});

describe('tversky', () => {
  it('is 1 − (Σpt + s)/(Σpt + αΣp(1−t) + βΣ(1−p)t + s)', async () => {
    const want = sums.map((x) => {
      const fp = x.p - x.tp;
      const fn = x.t - x.tp;
      return 1 - (x.tp + 1) / (x.tp + 0.7 * fp + 0.3 * fn + 1);
    });
    expectClose(await values(tversky({ alpha: 0.7, beta: 0.3, reduction: 'none' }), inputs), want);
  });

  it('with α = β = ½ is the Dice loss', async () => {
    expectClose(await values(tversky({ reduction: 'none', smooth: 0 }), inputs), await values(dice({ reduction: 'none', smooth: 0 }), inputs));
  });
});

describe('generalizedDice', () => {
  // one sample, two pixels, three classes (last axis); class 2 is absent from the target
  const gp = [0.7, 0.2, 0.1, 0.1, 0.6, 0.3];
  const gt = [1, 0, 0, 0, 1, 0];

  it('weighs each class by 1/(Σt)², an absent class by the largest present weight (MONAI)', async () => {
    const perClass = [0, 1, 2].map((c) => ({ tp: gp[c]! * gt[c]! + gp[3 + c]! * gt[3 + c]!, p: gp[c]! + gp[3 + c]!, t: gt[c]! + gt[3 + c]! }));
    // classes 0 and 1 each cover one pixel: w = 1; class 2 borrows 1
    const w = [1, 1, 1];
    const num = 2 * perClass.reduce((s, x, c) => s + w[c]! * x.tp, 0);
    const den = perClass.reduce((s, x, c) => s + w[c]! * (x.p + x.t), 0);
    expectClose(await values(generalizedDice({ smooth: 0 }), { predictions: { shape: [1, 2, 3], data: gp }, targets: { shape: [1, 2, 3], data: gt } }), [1 - num / den]);
  });

  it('lets a small class count as much as a large one', async () => {
    // class 0 covers three pixels, class 1 one: weights 1/9 and 1
    const p4 = [0.8, 0.2, 0.9, 0.1, 0.7, 0.3, 0.4, 0.6];
    const t4 = [1, 0, 1, 0, 1, 0, 0, 1];
    const w = [1 / 9, 1];
    const tp = [0.8 + 0.9 + 0.7, 0.6];
    const tot = [0.8 + 0.9 + 0.7 + 0.4 + 3, 0.2 + 0.1 + 0.3 + 0.6 + 1];
    const want = 1 - (2 * (w[0]! * tp[0]! + w[1]! * tp[1]!) + 1e-5) / (w[0]! * tot[0]! + w[1]! * tot[1]! + 1e-5);
    expectClose(await values(generalizedDice(), { predictions: { shape: [1, 4, 2], data: p4 }, targets: { shape: [1, 4, 2], data: t4 } }), [want]);
  });
});
