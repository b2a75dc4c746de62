import { beforeAll, describe, expect, it } from 'vitest';
import { grad } from '../autodiff/grad.js';
import type { Backend } from '../backend/backend.js';
import { createReferenceBackend } from '../reference/reference-backend.js';
import type { HostTensor } from '../tensor/host-tensor.js';
import { expectClose, evaluateOnReference as values, asyncCodeOf as codeOf } from '../__test__/helpers.js';
import type { Loss, LossInputsLike } from './loss.js';
import { hammingLoss, zeroOneLoss } from './counting.js';

let backend: Backend<HostTensor>;
beforeAll(async () => {
  backend = await createReferenceBackend();
});


describe('hammingLoss', () => {
  it('is the fraction of wrong labels (sklearn: hamming_loss([[0, 1], [1, 1]], zeros) = 0.75)', async () => {
    // https://scikit-learn.org/stable/modules/generated/sklearn.metrics.hamming_loss.html
    expectClose(await values(hammingLoss(), { predictions: { shape: [2, 2], data: [0, 0, 0, 0] }, targets: { shape: [2, 2], data: [0, 1, 1, 1] } }), [0.75]);
  });

  it('thresholds scores strictly above the threshold', async () => {
    const inputs = { predictions: { shape: [4], data: [0.5, 0.51, -0.2, 0.2] }, targets: { shape: [4], data: [0, 1, 0, 1] } };
    expect(await values(hammingLoss({ reduction: 'none' }), inputs)).toEqual([0, 0, 0, 1]);
    expect(await values(hammingLoss({ threshold: 0, reduction: 'none' }), inputs)).toEqual([1, 0, 0, 0]);
  });

  it('evaluates, but has no gradient: NOT_DIFFERENTIABLE from the backend and from the autodiff', async () => {
    const inputs = { predictions: { shape: [2], data: [0.2, 0.9] }, targets: { shape: [2], data: [0, 1] } };
    expect(hammingLoss.metadata.differentiable).toBe(false);
    expect(await codeOf(() => backend.valueAndGrad(hammingLoss(), inputs))).toBe('NOT_DIFFERENTIABLE');
    // the comparison in the program is what has no derivative
    expect(await codeOf(() => grad(hammingLoss().program({ predictions: [2], targets: [2] }), { wrt: ['predictions'] }))).toBe('NOT_DIFFERENTIABLE');
  });
});

describe('zeroOneLoss', () => {
  // sklearn zero_one_loss docstring: y_pred = [1, 2, 3, 4], y_true = [2, 2, 3, 4] → 0.25, normalize=False → 1
  const onehot = [1, 2, 3, 4].flatMap((c) => Array.from({ length: 5 }, (_, k) => (k === c ? 0.9 : 0.025)));
  const inputs = { predictions: { shape: [4, 5], data: onehot }, targets: { shape: [4], data: [2, 2, 3, 4] } };

  it('is the error rate, and the error count with reduction sum (sklearn docstring)', async () => {
    expectClose(await values(zeroOneLoss(), inputs), [0.25]);
    expectClose(await values(zeroOneLoss({ reduction: 'sum' }), inputs), [1]);
  });

  it('predicts the first of tied maxima, as numpy argmax', async () => {
    const tied = { predictions: { shape: [3, 3], data: [2, 5, 5, 2, 5, 5, 5, 5, 5] }, targets: { shape: [3], data: [1, 2, 0] } };
    expect(await values(zeroOneLoss({ reduction: 'none' }), tied)).toEqual([0, 1, 0]);
  });

  it('has no gradient', async () => {
    expect(await codeOf(() => backend.valueAndGrad(zeroOneLoss(), inputs))).toBe('NOT_DIFFERENTIABLE');
    expect(await codeOf(() => grad(zeroOneLoss().program({ predictions: [4, 5], targets: [4] }), { wrt: ['predictions'] }))).toBe('NOT_DIFFERENTIABLE');
  });

  it('refuses labels outside [0, C)', async () => {
    expect(await codeOf(() => values(zeroOneLoss(), { ...inputs, targets: { shape: [4], data: [2, 2, 3, 5] } }))).toBe('LABEL_OUT_OF_RANGE');
  });
});
