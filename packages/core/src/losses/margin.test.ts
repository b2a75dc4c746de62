import { beforeAll, describe, expect, it } from 'vitest';
import type { Backend } from '../backend/backend.js';
import { createReferenceBackend } from '../reference/reference-backend.js';
import type { HostTensor } from '../tensor/host-tensor.js';
import { expectClose, evaluateOnReference as values } from '../__test__/helpers.js';
import type { Loss, LossInputsLike } from './loss.js';
import { categoricalHinge, multiLabelMargin, multiLabelSoftMargin, multiMargin, perceptron, softMargin, squaredHinge } from './margin.js';

// Formulas from the PyTorch docs (torch.nn.MultiMarginLoss, MultiLabelMarginLoss, SoftMarginLoss,
// MultiLabelSoftMarginLoss), Keras (SquaredHinge, CategoricalHinge) and optax (perceptron_loss).

let backend: Backend<HostTensor>;
beforeAll(async () => {
  backend = await createReferenceBackend();
});


async function codeOf(loss: Loss, inputs: LossInputsLike): Promise<string | undefined> {
  try {
    await backend.evaluate(loss, inputs);
  } catch (e) {
    return (e as { code?: string }).code;
  }
  return undefined;
}

const X = [0.5, -1.2, 2, 0.1, 0.3, -0.4, 1.5, 0.9];
const softplus = (x: number): number => Math.log1p(Math.exp(x));

describe('squaredHinge, softMargin, perceptron', () => {
  const signs = [1, -1, -1, 1, 1, 1, -1, -1];
  const inputs = { predictions: { shape: [2, 4], data: X }, targets: { shape: [2, 4], data: signs } };
  it('are max(0, 1 − yx)², log(1 + e^{−yx}) and max(0, −yx) elementwise', async () => {
    expectClose(await values(squaredHinge({ reduction: 'none' }), inputs), X.map((x, i) => Math.max(0, 1 - (signs[i] as number) * x) ** 2));
    expectClose(await values(softMargin({ reduction: 'none' }), inputs), X.map((x, i) => softplus(-(signs[i] as number) * x)));
    expectClose(await values(perceptron({ reduction: 'none' }), inputs), X.map((x, i) => Math.max(0, -(signs[i] as number) * x)));
  });

  it('take {0, 1} labels through targetEncoding, and refuse 0 with signed labels', async () => {
    const binary = { predictions: inputs.predictions, targets: { shape: [2, 4], data: signs.map((s) => (s + 1) / 2) } };
    expect(await values(squaredHinge(), binary)).toEqual(await values(squaredHinge(), inputs));
    expect(await values(perceptron({ targetEncoding: 'binary' }), binary)).toEqual(await values(perceptron(), inputs));
    expect(await codeOf(softMargin(), binary)).toBe('LABEL_OUT_OF_RANGE');
  });

  it('softMargin stays exact for margins of ±1e4', async () => {
    const { value, grad } = await backend.valueAndGrad(softMargin({ reduction: 'none' }), { predictions: { shape: [2], data: [1e4, -1e4] }, targets: { shape: [2], data: [-1, -1] } });
    expectClose(Array.from(value.data), [1e4, 0]);
    expectClose(Array.from(grad.data), [1, 0]);
  });
});

describe('categoricalHinge', () => {
  it('is max(0, 1 + max_{k≠y} p_k − p_y)', async () => {
    const t = [0, 0, 1, 0, 1, 0, 0, 0];
    expectClose(await values(categoricalHinge({ reduction: 'none' }), { predictions: { shape: [2, 4], data: X }, targets: { shape: [2, 4], data: t } }), [
      Math.max(0, 1 + 0.5 - 2), Math.max(0, 1 + 1.5 - 0.3),
    ]);
  });
});

describe('multiMargin', () => {
  const y = Int32Array.of(2, 1);
  const hinge = (p: number, margin: number, w = [1, 1, 1, 1]) => [0, 1].map((n) => {
    const row = X.slice(n * 4, n * 4 + 4);
    const yn = y[n] as number;
    return (w[yn] as number) * row.reduce((s, v, i) => (i === yn ? s : s + Math.max(0, margin - (row[yn] as number) + v) ** p), 0) / 4;
  });
  const inputs = { predictions: { shape: [2, 4], data: X }, targets: { shape: [2], data: y } };
  it('is Σ_{i≠y} max(0, margin − x_y + x_i)^p / C, times w_y; the mean is over samples', async () => {
    expectClose(await values(multiMargin({ reduction: 'none' }), inputs), hinge(1, 1));
    expectClose(await values(multiMargin({ p: 2, margin: 0.5, reduction: 'none' }), inputs), hinge(2, 0.5));
    const w = [1, 2, 3, 4];
    const weighted = hinge(1, 1, w);
    expectClose(await values(multiMargin({ classWeights: w }), inputs), [((weighted[0] as number) + (weighted[1] as number)) / 2]);
  });

  it('refuses p = 3 and a label ≥ classes', async () => {
    expect(() => multiMargin({ p: 3 })).toThrow(expect.objectContaining({ code: 'BAD_PARAM' }));
    expect(await codeOf(multiMargin(), { predictions: inputs.predictions, targets: { shape: [2], data: Int32Array.of(4, 0) } })).toBe('LABEL_OUT_OF_RANGE');
  });
});

describe('multiLabelMargin', () => {
  const plain = (x: readonly number[], y: readonly number[]): number => {
    const end = y.indexOf(-1) < 0 ? y.length : y.indexOf(-1);
    const listed = y.slice(0, end);
    let s = 0;
    for (const j of listed) for (let i = 0; i < x.length; i++) if (!listed.includes(i)) s += Math.max(0, 1 - ((x[j] as number) - (x[i] as number)));
    return s / x.length;
  };

  it('sums hinges of listed over unlisted classes, ignoring everything after the first -1', async () => {
    const y = [3, 0, -1, 1, 2, -1, 2, 2];
    expectClose(await values(multiLabelMargin({ reduction: 'none' }), { predictions: { shape: [2, 4], data: X }, targets: { shape: [2, 4], data: Int32Array.from(y) } }), [
      plain(X.slice(0, 4), y.slice(0, 4)), plain(X.slice(4), y.slice(4)),
    ]);
    // a full list (no -1) and an empty one (-1 first)
    expectClose(await values(multiLabelMargin({ reduction: 'none' }), { predictions: { shape: [2, 4], data: X }, targets: { shape: [2, 4], data: Int32Array.of(0, 1, 2, 3, -1, 0, 1, 2) } }), [0, 0]);
  });

  it('wants targets of the predictions\' shape with indices in [-1, C)', async () => {
    expect(await codeOf(multiLabelMargin(), { predictions: { shape: [2, 4], data: X }, targets: { shape: [2], data: Int32Array.of(0, 1) } })).toBe('SHAPE_MISMATCH');
    expect(await codeOf(multiLabelMargin(), { predictions: { shape: [1, 4], data: X.slice(0, 4) }, targets: { shape: [1, 4], data: Int32Array.of(0, 4, -1, 0) } })).toBe('LABEL_OUT_OF_RANGE');
    expect(await codeOf(multiLabelMargin(), { predictions: { shape: [1, 4], data: X.slice(0, 4) }, targets: { shape: [1, 4], data: Int32Array.of(0, -2, -1, 0) } })).toBe('LABEL_OUT_OF_RANGE');
  });
});

describe('multiLabelSoftMargin', () => {
  it('is the class-weighted mean over classes of BCE on logits', async () => {
    const y = [1, 0, 1, 0, 0, 0, 1, 1];
    const w = [1, 2, 0.5, 3];
    const l = X.map((x, i) => (w[i % 4] as number) * ((y[i] as number) === 1 ? softplus(-x) : softplus(x)));
    const rows = [0, 1].map((n) => l.slice(n * 4, n * 4 + 4).reduce((a, b) => a + b, 0) / 4);
    expectClose(await values(multiLabelSoftMargin({ classWeights: w, reduction: 'none' }), { predictions: { shape: [2, 4], data: X }, targets: { shape: [2, 4], data: y } }), rows);
  });
});
