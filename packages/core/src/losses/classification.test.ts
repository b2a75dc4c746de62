import { beforeAll, describe, expect, it } from 'vitest';
import type { Backend } from '../backend/backend.js';
import { createReferenceBackend } from '../reference/reference-backend.js';
import type { HostTensor, HostTensorLike } from '../tensor/host-tensor.js';
import { binaryCrossEntropy, categoricalCrossEntropy, hinge, sparseCategoricalCrossEntropy } from './classification.js';
import type { Loss, LossInputsLike } from './loss.js';
import { REDUCTIONS, type Reduction } from './reduction.js';
import { expectClose, reduceJS, lossValue as value, asyncCodeOf } from '../__test__/helpers.js';

let backend: Backend<HostTensor>;
beforeAll(async () => {
  backend = await createReferenceBackend();
});


const codeOf = (loss: () => Loss, inputs: LossInputsLike): Promise<string | undefined> => asyncCodeOf(() => backend.evaluate(loss(), inputs));

const sigmoid = (x: number): number => 1 / (1 + Math.exp(-x));
const bceJS = (p: number, t: number): number => -(t * Math.log(p) + (1 - t) * Math.log(1 - p));

describe('binaryCrossEntropy', () => {
  const P = { shape: [2, 2], data: [0.9, 0.2, 0.6, 0.05] };
  const T = { shape: [2, 2], data: [1, 0, 1, 0] };
  const l = P.data.map((p, i) => bceJS(p, T.data[i] as number));

  it.each(REDUCTIONS)('reduction %s, without and with [batch] weights', async (reduction) => {
    expectClose(await value(binaryCrossEntropy({ reduction }), P, T), reduceJS(reduction, l));
    expectClose(await value(binaryCrossEntropy({ reduction }), P, T, { shape: [2], data: [2, 0] }), reduceJS(reduction, l, [2, 2, 0, 0]));
  });

  it('clips probabilities to [ε, 1 − ε] (Keras: ε = 1e-7)', async () => {
    const p = [0, 1, 1, 0];
    const t = [1, 0, 1, 0];
    const clipped = (eps: number) => p.map((v) => Math.min(Math.max(v, eps), 1 - eps));
    const out = await value(binaryCrossEntropy({ reduction: 'none' }), { shape: [4], data: p }, { shape: [4], data: t });
    expectClose(out, clipped(1e-7).map((v, i) => bceJS(v, t[i] as number)), 9);
    expect(out[0]).toBeCloseTo(-Math.log(1e-7), 6);
    const out2 = await value(binaryCrossEntropy({ reduction: 'none', epsilon: 1e-3 }), { shape: [4], data: p }, { shape: [4], data: t });
    expectClose(out2, clipped(1e-3).map((v, i) => bceJS(v, t[i] as number)), 9);
  });

  it('epsilon 0 with logFloor −100 is PyTorch BCELoss: p = 0, t = 1 gives 100', async () => {
    const loss = binaryCrossEntropy({ epsilon: 0, logFloor: -100, reduction: 'none' });
    const out = await value(loss, { shape: [4], data: [0, 1, 1, 0.5] }, { shape: [4], data: [1, 0, 1, 1] });
    expect(out.map((v) => v + 0)).toEqual([100, 100, 0, Math.LN2]); // + 0 turns −0 into 0
    expect(await value(binaryCrossEntropy({ epsilon: 0, logFloor: -100 }), { shape: [2], data: [0, 0.5] }, { shape: [2], data: [1, 1] })).toEqual([(100 + Math.LN2) / 2]);
  });

  it('logEpsilon adds ε inside each log (tfjs logLoss)', async () => {
    const e = 1e-7;
    const p = [0.9, 0, 1];
    const t = [1, 1, 0];
    const out = await value(binaryCrossEntropy({ epsilon: 0, logEpsilon: e, reduction: 'none' }), { shape: [3], data: p }, { shape: [3], data: t });
    expectClose(out, p.map((v, i) => -((t[i] as number) * Math.log(v + e) + (1 - (t[i] as number)) * Math.log(1 - v + e))), 9);
  });

  it('labelSmoothing mixes targets with ½: t(1 − s) + s/2', async () => {
    const s = 0.2;
    const out = await value(binaryCrossEntropy({ labelSmoothing: s, reduction: 'none' }), P, T);
    expectClose(out, P.data.map((p, i) => bceJS(p, (T.data[i] as number) * (1 - s) + s / 2)));
  });

  it('fromLogits: −(t log σ(x) + (1 − t) log(1 − σ(x))), stable for large logits', async () => {
    const x = [2, -1, 0.5, -3];
    const t = [1, 0, 0.3, 1];
    const out = await value(binaryCrossEntropy({ fromLogits: true, reduction: 'none' }), { shape: [4], data: x }, { shape: [4], data: t });
    expectClose(out, x.map((v, i) => bceJS(sigmoid(v), t[i] as number)));
    const big = await value(binaryCrossEntropy({ fromLogits: true, reduction: 'none' }), { shape: [2], data: [1e4, -1e4] }, { shape: [2], data: [0, 0] });
    expect(big).toEqual([1e4, 0]);
    const smooth = await value(binaryCrossEntropy({ fromLogits: true, labelSmoothing: 0.1, reduction: 'none' }), { shape: [4], data: x }, { shape: [4], data: t });
    expectClose(smooth, x.map((v, i) => bceJS(sigmoid(v), (t[i] as number) * 0.9 + 0.05)));
  });

  it('axis −1 averages over the last axis first (Keras)', async () => {
    const out = await value(binaryCrossEntropy({ axis: -1, reduction: 'none' }), P, T);
    expectClose(out, [((l[0] as number) + (l[1] as number)) / 2, ((l[2] as number) + (l[3] as number)) / 2]);
  });

  it('checks the data: NOT_A_PROBABILITY for predictions or targets outside [0, 1], unless predictions are logits', async () => {
    expect(await codeOf(() => binaryCrossEntropy(), { predictions: { shape: [2], data: [0.5, 1.2] }, targets: { shape: [2], data: [0, 1] } })).toBe('NOT_A_PROBABILITY');
    expect(await codeOf(() => binaryCrossEntropy(), { predictions: { shape: [2], data: [0.5, 0.2] }, targets: { shape: [2], data: [0, -1] } })).toBe('NOT_A_PROBABILITY');
    expect(await codeOf(() => binaryCrossEntropy({ fromLogits: true }), { predictions: { shape: [2], data: [5, -7] }, targets: { shape: [2], data: [0, 1] } })).toBeUndefined();
    expect(await codeOf(() => binaryCrossEntropy({ fromLogits: true }), { predictions: { shape: [2], data: [5, -7] }, targets: { shape: [2], data: [0, 2] } })).toBe('NOT_A_PROBABILITY');
  });

  it('gradient with logits is σ(x) − t over the batch size', async () => {
    const x = [2, -1, 0.5];
    const t = [1, 0, 0.3];
    const { grad } = await backend.valueAndGrad(binaryCrossEntropy({ fromLogits: true }), { predictions: { shape: [3], data: x }, targets: { shape: [3], data: t } });
    expectClose(Array.from(grad.data), x.map((v, i) => (sigmoid(v) - (t[i] as number)) / 3), 14);
  });
});

// Two samples, three classes.
const PROBS = [0.2, 0.3, 0.5, 0.1, 0.8, 0.1];
const ONE_HOT = [0, 0, 1, 0, 1, 0];
const LABELS = [2, 1];
const rowsOf = (a: readonly number[], k: number): number[][] => Array.from({ length: a.length / k }, (_, i) => a.slice(i * k, (i + 1) * k));
const ceJS = (p: readonly number[], t: readonly number[]): number => -t.reduce((s, ti, k) => s + (ti === 0 ? 0 : ti * Math.log(p[k] as number)), 0);
const logSoftmaxJS = (z: readonly number[]): number[] => {
  const m = Math.max(...z);
  const lse = m + Math.log(z.reduce((s, v) => s + Math.exp(v - m), 0));
  return z.map((v) => v - lse);
};

describe('categoricalCrossEntropy', () => {
  const P = { shape: [2, 3], data: PROBS };
  const T = { shape: [2, 3], data: ONE_HOT };
  const l = [-Math.log(0.5), -Math.log(0.8)];

  it.each(REDUCTIONS)('reduction %s, without and with weights', async (reduction) => {
    expectClose(await value(categoricalCrossEntropy({ reduction }), P, T), reduceJS(reduction, l));
    expectClose(await value(categoricalCrossEntropy({ reduction }), P, T, { shape: [2], data: [0.25, 4] }), reduceJS(reduction, l, [0.25, 4]));
  });

  it('soft targets: −Σ t log p', async () => {
    const soft = [0.1, 0.2, 0.7, 0.3, 0.3, 0.4];
    const out = await value(categoricalCrossEntropy({ reduction: 'none' }), P, { shape: [2, 3], data: soft });
    expectClose(out, rowsOf(PROBS, 3).map((p, i) => ceJS(p, rowsOf(soft, 3)[i] as number[])));
  });

  it('normalize divides probabilities by their sum first (Keras); off, it uses them as they are', async () => {
    const half = PROBS.map((v) => v / 2);
    expectClose(await value(categoricalCrossEntropy({ reduction: 'none' }), { shape: [2, 3], data: half }, T), l);
    expectClose(await value(categoricalCrossEntropy({ normalize: false, reduction: 'none' }), { shape: [2, 3], data: half }, T), [-Math.log(0.25), -Math.log(0.4)]);
  });

  it('labelSmoothing: t(1 − s) + s/K', async () => {
    const s = 0.3;
    const out = await value(categoricalCrossEntropy({ labelSmoothing: s, reduction: 'none' }), P, T);
    expectClose(out, rowsOf(PROBS, 3).map((p, i) => ceJS(p, (rowsOf(ONE_HOT, 3)[i] as number[]).map((t) => t * (1 - s) + s / 3))));
  });

  it('fromLogits: −Σ t · logSoftmax(z), stable for logits of ±1e4', async () => {
    const z = [1, -2, 0.5, 3, 3, -1];
    const soft = [0.1, 0.2, 0.7, 0, 1, 0];
    const out = await value(categoricalCrossEntropy({ fromLogits: true, reduction: 'none' }), { shape: [2, 3], data: z }, { shape: [2, 3], data: soft });
    expectClose(out, rowsOf(z, 3).map((row, i) => -(rowsOf(soft, 3)[i] as number[]).reduce((acc, t, k) => acc + t * (logSoftmaxJS(row)[k] as number), 0)));
    const big = await value(categoricalCrossEntropy({ fromLogits: true, reduction: 'none' }), { shape: [1, 3], data: [1e4, -1e4, 0] }, { shape: [1, 3], data: [0, 0, 1] });
    expect(big[0]).toBeCloseTo(1e4, 6);
  });

  it('axis 0: the classes along the first axis', async () => {
    // The transpose of P and T.
    const pT = [0.2, 0.1, 0.3, 0.8, 0.5, 0.1];
    const tT = [0, 0, 0, 1, 1, 0];
    expectClose(await value(categoricalCrossEntropy({ axis: 0, reduction: 'none' }), { shape: [3, 2], data: pT }, { shape: [3, 2], data: tT }), l);
  });

  it('epsilon 0 treats 0·log 0 as 0 for zero-probability classes with zero target', async () => {
    const out = await value(categoricalCrossEntropy({ epsilon: 0, reduction: 'none' }), { shape: [1, 3], data: [0, 0.25, 0.75] }, { shape: [1, 3], data: [0, 0, 1] });
    expect(out[0]).toBeCloseTo(-Math.log(0.75), 14);
    const { grad } = await backend.valueAndGrad(categoricalCrossEntropy({ epsilon: 0, normalize: false }), { predictions: { shape: [1, 3], data: [0, 0.25, 0.75] }, targets: { shape: [1, 3], data: [0, 0, 1] } });
    expectClose(Array.from(grad.data), [0, 0, -1 / 0.75], 14);
  });
});

describe('sparseCategoricalCrossEntropy', () => {
  const P = { shape: [2, 3], data: PROBS };
  const l = [-Math.log(0.5), -Math.log(0.8)];

  it.each(REDUCTIONS)('reduction %s, without and with weights', async (reduction) => {
    expectClose(await value(sparseCategoricalCrossEntropy({ reduction }), P, { shape: [2], data: LABELS, dtype: 'int32' }), reduceJS(reduction, l));
    expectClose(
      await value(sparseCategoricalCrossEntropy({ reduction }), P, { shape: [2], data: LABELS, dtype: 'int32' }, { shape: [2], data: [3, 0] }),
      reduceJS(reduction, l, [3, 0]),
    );
  });

  it('accepts int64 labels (BigInt64Array), labels of shape [N, 1], and integral float labels', async () => {
    expectClose(await value(sparseCategoricalCrossEntropy({ reduction: 'none' }), P, { shape: [2], data: BigInt64Array.of(2n, 1n) }), l);
    expectClose(await value(sparseCategoricalCrossEntropy({ reduction: 'none' }), P, { shape: [2, 1], data: Int32Array.of(2, 1) }), l);
    expectClose(await value(sparseCategoricalCrossEntropy({ reduction: 'none' }), P, { shape: [2], data: [2, 1] }), l);
  });

  describe('ignoreIndex (PyTorch): ignored samples count nowhere', () => {
    const P3 = { shape: [3, 3], data: [...PROBS.slice(0, 3), 0.3, 0.3, 0.4, ...PROBS.slice(3)] };
    const labels = { shape: [3], data: Int32Array.of(2, -100, 1) };

    it.each([
      ['none', [l[0] as number, 0, l[1] as number]],
      ['sum', [(l[0] as number) + (l[1] as number)]],
      ['mean', [((l[0] as number) + (l[1] as number)) / 2]],
      ['sum-over-batch-size', [((l[0] as number) + (l[1] as number)) / 2]],
      ['sum-by-nonzero-weights', [((l[0] as number) + (l[1] as number)) / 2]],
    ] as const)('reduction %s', async (reduction, want) => {
      expectClose(await value(sparseCategoricalCrossEntropy({ ignoreIndex: -100, reduction }), P3, labels), want);
    });

    it('weighted mean divides by the weights of the others only', async () => {
      const out = await value(sparseCategoricalCrossEntropy({ ignoreIndex: -100 }), P3, labels, { shape: [3], data: [2, 5, 1] });
      expect(out[0]).toBeCloseTo((2 * (l[0] as number) + 1 * (l[1] as number)) / 3, 12);
    });

    it('with logits, as torch.nn.CrossEntropyLoss(ignore_index=-100)', async () => {
      const z = [1, -2, 0.5, 9, 9, 9, 3, 3, -1];
      const out = await value(sparseCategoricalCrossEntropy({ fromLogits: true, ignoreIndex: -100 }), { shape: [3, 3], data: z }, labels);
      const want = (-(logSoftmaxJS(z.slice(0, 3))[2] as number) - (logSoftmaxJS(z.slice(6))[1] as number)) / 2;
      expect(out[0]).toBeCloseTo(want, 12);
    });

    it('the gradient of an ignored sample is 0', async () => {
      const { grad } = await backend.valueAndGrad(sparseCategoricalCrossEntropy({ fromLogits: true, ignoreIndex: -100 }), { predictions: P3, targets: labels });
      expect(Array.from(grad.data.slice(3, 6), (v) => v + 0)).toEqual([0, 0, 0]);
    });

    it('epsilon 0: an ignored sample with a zero probability on class 0 stays out of the value and the gradient', async () => {
      const P0 = { shape: [3, 3], data: [...PROBS.slice(0, 3), 0, 0.5, 0.5, ...PROBS.slice(3)] };
      const loss = sparseCategoricalCrossEntropy({ epsilon: 0, ignoreIndex: -100 });
      expect((await value(loss, P0, labels))[0]).toBeCloseTo(((l[0] as number) + (l[1] as number)) / 2, 14);
      const { grad } = await backend.valueAndGrad(loss, { predictions: P0, targets: labels });
      for (const g of grad.data) expect(Number.isFinite(g)).toBe(true);
      expect(Array.from(grad.data.slice(3, 6), (v) => v + 0)).toEqual([0, 0, 0]);
    });

    it('an ignore value that is a valid class works too', async () => {
      expectClose(await value(sparseCategoricalCrossEntropy({ ignoreIndex: 1, reduction: 'none' }), P, { shape: [2], data: Int32Array.of(2, 1) }), [l[0] as number, 0]);
    });
  });

  it('labelSmoothing as PyTorch: (1 − s)·nll + s·mean_k(−log p_k)', async () => {
    const s = 0.1;
    const z = [1, -2, 0.5, 3, 3, -1];
    const out = await value(sparseCategoricalCrossEntropy({ fromLogits: true, labelSmoothing: s, reduction: 'none' }), { shape: [2, 3], data: z }, { shape: [2], data: Int32Array.of(2, 1) });
    const want = [0, 1].map((i) => {
      const lp = logSoftmaxJS(z.slice(3 * i, 3 * i + 3));
      return (1 - s) * -(lp[LABELS[i] as number] as number) + (s * -lp.reduce((a, b) => a + b, 0)) / 3;
    });
    expectClose(out, want);
  });

  it('epsilon 0: a zero probability on another class does not turn the loss into NaN', async () => {
    const out = await value(sparseCategoricalCrossEntropy({ epsilon: 0, reduction: 'none' }), { shape: [2, 3], data: [0, 0.5, 0.5, 0.25, 0.75, 0] }, { shape: [2], data: Int32Array.of(2, 1) });
    expectClose(out, [-Math.log(0.5), -Math.log(0.75)], 14);
  });

  it('raises LABEL_OUT_OF_RANGE, DTYPE and SHAPE_MISMATCH for bad labels', async () => {
    const sp = () => sparseCategoricalCrossEntropy();
    expect(await codeOf(sp, { predictions: P, targets: { shape: [2], data: Int32Array.of(3, 0) } })).toBe('LABEL_OUT_OF_RANGE');
    expect(await codeOf(sp, { predictions: P, targets: { shape: [2], data: Int32Array.of(-1, 0) } })).toBe('LABEL_OUT_OF_RANGE');
    expect(await codeOf(() => sparseCategoricalCrossEntropy({ ignoreIndex: -100 }), { predictions: P, targets: { shape: [2], data: Int32Array.of(-1, 0) } })).toBe('LABEL_OUT_OF_RANGE');
    expect(await codeOf(sp, { predictions: P, targets: { shape: [2], data: [1.5, 0] } })).toBe('DTYPE');
    expect(await codeOf(sp, { predictions: P, targets: { shape: [3], data: Int32Array.of(1, 0, 0) } })).toBe('SHAPE_MISMATCH');
    expect(await codeOf(sp, { predictions: P, targets: { shape: [2, 3], data: Int32Array.of(1, 0, 0, 0, 0, 0) } })).toBe('SHAPE_MISMATCH');
    expect(await codeOf(sp, { predictions: P, targets: { shape: [2], data: BigInt64Array.of(2n ** 40n, 0n) } })).toBe('LABEL_OUT_OF_RANGE');
  });
});

describe('hinge', () => {
  const p = { shape: [4], data: [0.5, -2, 3, 0.2] };
  const expected = [0.5, 0, 0, 1.2]; // max(0, 1 − t·p) with t = [1, −1, 1, −1]

  it.each([
    ['auto', [1, -1, 1, -1]],
    ['auto', [1, 0, 1, 0]],
    ['signed', [1, -1, 1, -1]],
    ['binary', [1, 0, 1, 0]],
  ] as const)('targetEncoding %s with labels %j', async (targetEncoding, t) => {
    expectClose(await value(hinge({ targetEncoding, reduction: 'none' }), p, { shape: [4], data: t }), expected);
  });

  it('auto with all labels 1 or all −1', async () => {
    expectClose(await value(hinge({ reduction: 'none' }), p, { shape: [4], data: [1, 1, 1, 1] }), [0.5, 3, 0, 0.8]);
    expectClose(await value(hinge({ reduction: 'none' }), p, { shape: [4], data: [-1, -1, -1, -1] }), [1.5, 0, 4, 1.2]);
  });

  it.each(REDUCTIONS)('reduction %s', async (reduction) => {
    expectClose(await value(hinge({ reduction }), p, { shape: [4], data: [1, -1, 1, -1] }, { shape: [4], data: [1, 2, 0, 0.5] }), reduceJS(reduction, expected, [1, 2, 0, 0.5]));
  });

  it('axis −1 (Keras)', async () => {
    expectClose(await value(hinge({ axis: -1, reduction: 'none' }), { shape: [2, 2], data: p.data }, { shape: [2, 2], data: [1, -1, 1, -1] }), [0.25, 0.6]);
  });

  it('raises LABEL_OUT_OF_RANGE for labels outside the encoding', async () => {
    const t = (data: number[]) => ({ predictions: p, targets: { shape: [4], data } });
    expect(await codeOf(() => hinge({ targetEncoding: 'signed' }), t([1, 0, 1, 0]))).toBe('LABEL_OUT_OF_RANGE');
    expect(await codeOf(() => hinge({ targetEncoding: 'binary' }), t([1, -1, 1, -1]))).toBe('LABEL_OUT_OF_RANGE');
    expect(await codeOf(() => hinge(), t([1, 0, -1, 1]))).toBe('LABEL_OUT_OF_RANGE');
    expect(await codeOf(() => hinge(), t([1, 2, 1, 1]))).toBe('LABEL_OUT_OF_RANGE');
    expect(await codeOf(() => hinge(), t([1, 0.5, 1, 1]))).toBe('LABEL_OUT_OF_RANGE');
  });
});
