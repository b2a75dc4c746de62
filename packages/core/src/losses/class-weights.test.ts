import { beforeAll, describe, expect, it } from 'vitest';
import type { Backend } from '../backend/backend.js';
import { createReferenceBackend } from '../reference/reference-backend.js';
import type { HostTensor } from '../tensor/host-tensor.js';
import { codeOf, expectClose, evaluateOnReference as values } from '../__test__/helpers.js';
import { binaryCrossEntropy, categoricalCrossEntropy, nll, sparseCategoricalCrossEntropy } from './classification.js';
import type { Loss, LossInputsLike } from './loss.js';

// Class weights follow PyTorch's `weight` (pytorch.org/docs/stable/generated/torch.nn.CrossEntropyLoss.html,
// NLLLoss.html, BCEWithLogitsLoss.html): l_n = −w_{y_n}·log p_{y_n}, and the mean is Σ l_n / Σ w_{y_n}.

let backend: Backend<HostTensor>;
beforeAll(async () => {
  backend = await createReferenceBackend();
});


const sigmoid = (x: number): number => 1 / (1 + Math.exp(-x));
const P = { shape: [3, 3], data: [0.2, 0.5, 0.3, 0.6, 0.1, 0.3, 0.25, 0.25, 0.5] };
const Y = { shape: [3], data: Int32Array.of(1, 0, 2) };
const W = [2, 0.5, 3];
const nllJS = [-Math.log(0.5), -Math.log(0.6), -Math.log(0.5)];
const wy = [0.5, 2, 3];

describe('classWeights with integer labels', () => {
  it('sparse cross-entropy: mean divides by Σ w_y (PyTorch), sum and none are weighted', async () => {
    const weighted = nllJS.map((l, i) => l * (wy[i] as number));
    const total = weighted.reduce((a, b) => a + b, 0);
    expectClose(await values(sparseCategoricalCrossEntropy({ classWeights: W, epsilon: 0 }), { predictions: P, targets: Y }), [total / 5.5]);
    expectClose(await values(sparseCategoricalCrossEntropy({ classWeights: W, epsilon: 0, reduction: 'sum' }), { predictions: P, targets: Y }), [total]);
    expectClose(await values(sparseCategoricalCrossEntropy({ classWeights: W, epsilon: 0, reduction: 'none' }), { predictions: P, targets: Y }), weighted);
    // Keras-style sum-over-batch-size divides by the count instead
    expectClose(await values(sparseCategoricalCrossEntropy({ classWeights: W, epsilon: 0, reduction: 'sum-over-batch-size' }), { predictions: P, targets: Y }), [total / 3]);
  });

  it('an ignored sample counts in neither the sum nor Σ w_y', async () => {
    const targets = { shape: [3], data: Int32Array.of(1, -100, 2) };
    const want = (0.5 * (nllJS[0] as number) + 3 * (nllJS[2] as number)) / 3.5;
    expectClose(await values(sparseCategoricalCrossEntropy({ classWeights: W, epsilon: 0, ignoreIndex: -100 }), { predictions: P, targets }), [want]);
    const logP = { shape: [3, 3], data: P.data.map(Math.log) };
    expectClose(await values(nll({ classWeights: W, ignoreIndex: -100 }), { predictions: logP, targets }), [want]);
  });

  it('with label smoothing, Σ_c w_c·t_c·(−log p_c) over Σ w_y (PyTorch\'s cross_entropy with weight and label_smoothing)', async () => {
    const s = 0.3;
    const rows = [0, 1, 2].map((n) => [0, 1, 2].reduce((acc, c) => {
      const t = (c === Y.data[n] ? 1 - s : 0) + s / 3;
      return acc - (W[c] as number) * t * Math.log(P.data[n * 3 + c] as number);
    }, 0));
    expectClose(await values(sparseCategoricalCrossEntropy({ classWeights: W, epsilon: 0, labelSmoothing: s }), { predictions: P, targets: Y }), [rows.reduce((a, b) => a + b, 0) / 5.5]);
  });

  it('fromLogits gives the same numbers and a gradient w·(softmax·Σt − t)', async () => {
    const logits = { shape: [1, 3], data: [0.5, -1, 2] };
    const e = logits.data.map(Math.exp);
    const z = e.reduce((a, b) => a + b, 0);
    const p = e.map((v) => v / z);
    const { value, grad } = await backend.valueAndGrad(sparseCategoricalCrossEntropy({ fromLogits: true, classWeights: W, reduction: 'sum' }), { predictions: logits, targets: { shape: [1], data: Int32Array.of(2) } });
    expectClose(Array.from(value.data), [-3 * Math.log(p[2] as number)]);
    expectClose(Array.from(grad.data), p.map((v, c) => 3 * (v - (c === 2 ? 1 : 0))));
  });

  it('refuses a vector of the wrong length (SHAPE_MISMATCH) and bad entries (BAD_PARAM)', async () => {
    await expect(backend.evaluate(sparseCategoricalCrossEntropy({ classWeights: [1, 2] }), { predictions: P, targets: Y })).rejects.toMatchObject({ code: 'SHAPE_MISMATCH' });
    expect(() => sparseCategoricalCrossEntropy({ classWeights: [1, 2] }).program({ predictions: [3, 3], targets: [3] })).toThrow(expect.objectContaining({ code: 'SHAPE_MISMATCH' }));
    expect(codeOf(() => sparseCategoricalCrossEntropy({ classWeights: [1, Number.NaN, 2] }))).toBe('BAD_PARAM');
    expect(codeOf(() => sparseCategoricalCrossEntropy({ classWeights: [1, Number.POSITIVE_INFINITY, 2] }))).toBe('BAD_PARAM');
    expect(codeOf(() => sparseCategoricalCrossEntropy({ classWeights: [1, -1, 2] }))).toBe('BAD_PARAM');
    expect(codeOf(() => sparseCategoricalCrossEntropy({ classWeights: [] }))).toBe('BAD_PARAM');
    expect(codeOf(() => sparseCategoricalCrossEntropy({ classWeights: 'heavy' as unknown as number[] }))).toBe('BAD_PARAM');
  });

  it('copies the vector: changing the caller\'s array later changes nothing', async () => {
    const w = [...W];
    const loss = sparseCategoricalCrossEntropy({ classWeights: w, epsilon: 0, reduction: 'sum' });
    w[0] = 100;
    expect(loss.options.classWeights).toEqual(W);
    expect(Object.isFrozen(loss.options.classWeights)).toBe(true);
  });
});

describe('classWeights with probability targets', () => {
  it('categorical cross-entropy multiplies each class term; the mean stays Σ/N', async () => {
    const T = { shape: [3, 3], data: [0, 1, 0, 0.5, 0.5, 0, 0, 0, 1] };
    const rows = [0, 1, 2].map((n) => -[0, 1, 2].reduce((a, c) => a + (W[c] as number) * (T.data[n * 3 + c] as number) * Math.log(P.data[n * 3 + c] as number), 0));
    expectClose(await values(categoricalCrossEntropy({ classWeights: W, epsilon: 0 }), { predictions: P, targets: T }), [rows.reduce((a, b) => a + b, 0) / 3]);
    expectClose(await values(categoricalCrossEntropy({ classWeights: W, fromLogits: true, reduction: 'none' }), { predictions: { shape: [3, 3], data: P.data.map(Math.log) }, targets: T }), rows);
  });

  it('lays the weights along a class axis that is not last', async () => {
    // classes on axis 0: the transpose of a [2 samples, 3 classes] problem
    const p = [0.2, 0.6, 0.5, 0.1, 0.3, 0.3];
    const t = [0, 1, 1, 0, 0, 0];
    const byClass = [0, 1].map((n) => -[0, 1, 2].reduce((a, c) => a + (W[c] as number) * (t[c * 2 + n] as number) * Math.log(p[c * 2 + n] as number), 0));
    expectClose(await values(categoricalCrossEntropy({ classWeights: W, axis: 0, epsilon: 0, normalize: false, reduction: 'none' }), { predictions: { shape: [3, 2], data: p }, targets: { shape: [3, 2], data: t } }), byClass);
  });

  it('binary cross-entropy: weight per last-axis entry and pos_weight (BCEWithLogitsLoss)', async () => {
    const x = [1.5, -0.5, 3, -2];
    const t = [1, 0, 0.3, 1];
    const pw = [2, 1, 0.5, 4];
    const w = [1, 2, 0.5, 3];
    const want = x.map((xi, i) => -(w[i] as number) * ((pw[i] as number) * (t[i] as number) * Math.log(sigmoid(xi)) + (1 - (t[i] as number)) * Math.log(1 - sigmoid(xi))));
    const inputs = { predictions: { shape: [1, 4], data: x }, targets: { shape: [1, 4], data: t } };
    expectClose(await values(binaryCrossEntropy({ fromLogits: true, posWeight: pw, classWeights: w, reduction: 'none' }), inputs), want);
    // the same on probabilities, unclipped
    const probs = { predictions: { shape: [1, 4], data: x.map(sigmoid) }, targets: inputs.targets };
    expectClose(await values(binaryCrossEntropy({ epsilon: 0, posWeight: pw, classWeights: w, reduction: 'none' }), probs), want, 10);
    // one number for every class
    const scalar = x.map((xi, i) => -(2 * (t[i] as number) * Math.log(sigmoid(xi)) + (1 - (t[i] as number)) * Math.log(1 - sigmoid(xi))));
    expectClose(await values(binaryCrossEntropy({ fromLogits: true, posWeight: 2, reduction: 'none' }), inputs), scalar);
  });

  it('pos_weight stays exact for logits of ±1e4', async () => {
    const { value, grad } = await backend.valueAndGrad(binaryCrossEntropy({ fromLogits: true, posWeight: 3, reduction: 'none' }), {
      predictions: { shape: [4], data: [1e4, -1e4, 1e4, -1e4] }, targets: { shape: [4], data: [0, 1, 1, 0] },
    });
    // (1 − t)·x + (1 + 2t)·softplus(−x): label 0 at 1e4 costs 1e4, label 1 at −1e4 costs 3·1e4
    expectClose(Array.from(value.data), [1e4, 3e4, 0, 0]);
    expectClose(Array.from(grad.data), [1, -3, 0, 0]);
  });
});
