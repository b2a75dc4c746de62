import { beforeAll, describe, expect, it } from 'vitest';
import type { Backend } from '../backend/backend.js';
import { createReferenceBackend } from '../reference/reference-backend.js';
import type { HostTensor } from '../tensor/host-tensor.js';
import { codeOf, expectClose, evaluateOnReference as values } from '../__test__/helpers.js';
import { generalizedCrossEntropy, klDivergence, nll, poly1, sparseCategoricalCrossEntropy } from './classification.js';
import type { Loss, LossInputsLike } from './loss.js';

let backend: Backend<HostTensor>;
beforeAll(async () => {
  backend = await createReferenceBackend();
});


const P = [0.2, 0.5, 0.3, 0.6, 0.1, 0.3];
const Y = Int32Array.of(1, 2);
const logits = [0.4, -1, 2, 1.5, 0.2, -0.3];
const softmaxRow = (r: readonly number[]): number[] => {
  const e = r.map(Math.exp);
  const z = e.reduce((a, b) => a + b, 0);
  return e.map((v) => v / z);
};
const probsOfLogits = [...softmaxRow(logits.slice(0, 3)), ...softmaxRow(logits.slice(3))];

describe('nll (torch.nn.NLLLoss)', () => {
  it('is −x_y; on log-softmax outputs it is the cross-entropy of the logits', async () => {
    const logP = { shape: [2, 3], data: P.map(Math.log) };
    expectClose(await values(nll({ reduction: 'none' }), { predictions: logP, targets: { shape: [2], data: Y } }), [-Math.log(0.5), -Math.log(0.3)]);
    const logSoftmax = { shape: [2, 3], data: probsOfLogits.map(Math.log) };
    expectClose(
      await values(nll(), { predictions: logSoftmax, targets: { shape: [2], data: Y } }),
      await values(sparseCategoricalCrossEntropy({ fromLogits: true }), { predictions: { shape: [2, 3], data: logits }, targets: { shape: [2], data: Y } }),
    );
  });

  it('takes [N, 1] labels and refuses out-of-range ones', async () => {
    expectClose(await values(nll({ reduction: 'sum' }), { predictions: { shape: [2, 3], data: P }, targets: { shape: [2, 1], data: Y } }), [-0.5 - 0.3]);
    await expect(backend.evaluate(nll(), { predictions: { shape: [2, 3], data: P }, targets: { shape: [2], data: Int32Array.of(3, 0) } })).rejects.toMatchObject({ code: 'LABEL_OUT_OF_RANGE' });
  });
});

describe('klDivergence', () => {
  const t = [0, 0.7, 0.3, 0.25, 0.25, 0.5];
  const kl = (eps: number) => [0, 1].map((n) => [0, 1, 2].reduce((s, c) => {
    const clip = (x: number) => Math.min(Math.max(x, eps), 1);
    const tc = eps === 0 ? (t[n * 3 + c] as number) : clip(t[n * 3 + c] as number);
    return tc === 0 ? s : s + tc * Math.log(tc / clip(P[n * 3 + c] as number));
  }, 0));
  const inputs = { predictions: { shape: [2, 3], data: P }, targets: { shape: [2, 3], data: t } };

  it('Keras: both clipped to [1e-7, 1], summed over the last axis', async () => {
    expectClose(await values(klDivergence({ reduction: 'none' }), inputs), kl(1e-7));
  });

  it('PyTorch: log-probability input, 0·log 0 = 0, elementwise; log_target', async () => {
    const logInputs = { predictions: { shape: [2, 3], data: P.map(Math.log) }, targets: inputs.targets };
    const elementwise = await values(klDivergence({ logPredictions: true, epsilon: 0, axis: null, reduction: 'none' }), logInputs);
    expectClose(elementwise, t.map((ti, i) => (ti === 0 ? 0 : ti * (Math.log(ti) - Math.log(P[i] as number)))));
    const { grad } = await backend.valueAndGrad(klDivergence({ logPredictions: true, epsilon: 0, axis: null, reduction: 'sum' }), logInputs);
    expectClose(Array.from(grad.data), t.map((ti) => -ti));
    const logTargets = { predictions: logInputs.predictions, targets: { shape: [2, 3], data: [0.1, 0.6, 0.3, 0.25, 0.25, 0.5].map(Math.log) } };
    expectClose(await values(klDivergence({ logPredictions: true, logTarget: true, reduction: 'sum' }), logTargets),
      [[0.1, 0.6, 0.3, 0.25, 0.25, 0.5].reduce((s, ti, i) => s + ti * (Math.log(ti) - Math.log(P[i] as number)), 0)]);
  });

  it('stays finite with probabilities of exactly 0 and 1, clipped or not', async () => {
    const hard = { predictions: { shape: [1, 3], data: [0, 1, 0] }, targets: { shape: [1, 3], data: [0, 1, 0] } };
    expectClose(await values(klDivergence({ epsilon: 0 }), hard), [0]);
    const { grad } = await backend.valueAndGrad(klDivergence({ epsilon: 0 }), hard);
    expect(Array.from(grad.data).every(Number.isFinite)).toBe(true);
    // Keras clips: 2 · 1e-7·log(1e-7/1e-7) + 1·log(1/1) = 0
    expectClose(await values(klDivergence(), hard), [0]);
    expect(await values(klDivergence(), { predictions: hard.predictions, targets: { shape: [1, 3], data: [1, 0, 0] } })).toEqual([expect.closeTo(-Math.log(1e-7) + 1e-7 * Math.log(1e-7), 12)]);
  });
});

describe('generalizedCrossEntropy', () => {
  it('is (1 − p_y^q)/q: MAE on probabilities at q = 1, near cross-entropy as q → 0', async () => {
    const inputs = { predictions: { shape: [2, 3], data: P }, targets: { shape: [2], data: Y } };
    expectClose(await values(generalizedCrossEntropy({ q: 1, reduction: 'none' }), inputs), [0.5, 0.7]);
    expectClose(await values(generalizedCrossEntropy({ q: 0.7, reduction: 'none' }), inputs), [(1 - 0.5 ** 0.7) / 0.7, (1 - 0.3 ** 0.7) / 0.7]);
    const small = await values(generalizedCrossEntropy({ q: 1e-6, reduction: 'none' }), inputs);
    expectClose(small, [-Math.log(0.5), -Math.log(0.3)], 5);
  });

  it('from logits through a stable log-softmax, and q must be in (0, 1]', async () => {
    expectClose(await values(generalizedCrossEntropy({ fromLogits: true, reduction: 'none' }), { predictions: { shape: [2, 3], data: logits }, targets: { shape: [2], data: Y } }),
      [(1 - (probsOfLogits[1] as number) ** 0.7) / 0.7, (1 - (probsOfLogits[5] as number) ** 0.7) / 0.7]);
    const { value } = await backend.valueAndGrad(generalizedCrossEntropy({ fromLogits: true }), { predictions: { shape: [1, 3], data: [1e4, 0, -1e4] }, targets: { shape: [1], data: Int32Array.of(2) } });
    expectClose(Array.from(value.data), [1 / 0.7]);
    expect(codeOf(() => generalizedCrossEntropy({ q: 0 }))).toBe('BAD_PARAM');
    expect(codeOf(() => generalizedCrossEntropy({ q: 1.5 }))).toBe('BAD_PARAM');
  });
});

describe('poly1', () => {
  it('is cross-entropy + ε(1 − p_y), and cross-entropy at ε = 0', async () => {
    const inputs = { predictions: { shape: [2, 3], data: logits }, targets: { shape: [2], data: Y } };
    const ce = await values(sparseCategoricalCrossEntropy({ fromLogits: true, reduction: 'none' }), inputs);
    expectClose(await values(poly1({ fromLogits: true, polyEpsilon: 0, reduction: 'none' }), inputs), ce);
    // optax's default ε = 2
    expectClose(await values(poly1({ fromLogits: true, reduction: 'none' }), inputs), [(ce[0] as number) + 2 * (1 - (probsOfLogits[1] as number)), (ce[1] as number) + 2 * (1 - (probsOfLogits[5] as number))]);
    expect(codeOf(() => poly1({ polyEpsilon: -2 }))).toBe('BAD_PARAM');
  });
});
