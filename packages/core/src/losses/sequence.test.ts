import { beforeAll, describe, expect, it } from 'vitest';
import type { Backend } from '../backend/backend.js';
import { createReferenceBackend } from '../reference/reference-backend.js';
import type { HostTensor } from '../tensor/host-tensor.js';
import { expectClose, evaluateOnReference as values, asyncCodeOf as codeOf } from '../__test__/helpers.js';
import type { Loss, LossInputsLike } from './loss.js';
import { ctc, maskedSequenceCrossEntropy } from './sequence.js';

let backend: Backend<HostTensor>;
beforeAll(async () => {
  backend = await createReferenceBackend();
});


const logSoftmaxRow = (row: readonly number[]): number[] => {
  const m = Math.max(...row);
  const lse = m + Math.log(row.reduce((s, v) => s + Math.exp(v - m), 0));
  return row.map((v) => v - lse);
};

/** Seeded logits [N, T, C] and their log-softmax over C, as plain arrays. */
function logits(n: number, frames: number, classes: number, seed: number): { raw: number[]; logProbs: number[] } {
  let x = seed;
  const raw = Array.from({ length: n * frames * classes }, () => {
    x = (x * 16807) % 2147483647;
    return (x / 2147483647) * 4 - 2;
  });
  const logProbs: number[] = [];
  for (let r = 0; r < n * frames; r++) logProbs.push(...logSoftmaxRow(raw.slice(r * classes, (r + 1) * classes)));
  return { raw, logProbs };
}

/**
 * −log Σ over every path of T classes that collapses to `label` (merge repeats, then drop
 * blanks) of Π p_t(π_t): the CTC definition (Graves et al. 2006, eq. 2–3), by enumeration.
 */
function bruteForceCtc(logProbs: readonly number[], frames: number, classes: number, label: readonly number[], blank: number): number {
  let total = 0;
  for (let code = 0; code < classes ** frames; code++) {
    const path = Array.from({ length: frames }, (_, t) => Math.floor(code / classes ** t) % classes);
    const collapsed = path.filter((c, t) => t === 0 || c !== path[t - 1]).filter((c) => c !== blank);
    if (collapsed.length !== label.length || collapsed.some((c, i) => c !== label[i])) continue;
    total += Math.exp(path.reduce((s, c, t) => s + (logProbs[t * classes + c] as number), 0));
  }
  return -Math.log(total);
}

describe('ctc', () => {
  const N = 3;
  const T = 4;
  const C = 3;
  const { raw, logProbs } = logits(N, T, C, 7);
  // a repeated label (needs a blank between), two labels, and an empty sequence
  const sequences = [[1, 1], [2, 1], []];
  const targets = { shape: [N, 2], data: Int32Array.from(sequences.flatMap((s) => [...s, ...new Array<number>(2 - s.length).fill(-1)])) };
  const row = (n: number): number[] => logProbs.slice(n * T * C, (n + 1) * T * C);
  const expected = sequences.map((s, n) => bruteForceCtc(row(n), T, C, s, 0));

  it('equals the negative log of the summed probability of every collapsing path', async () => {
    expectClose(await values(ctc({ reduction: 'none' }), { predictions: { shape: [N, T, C], data: logProbs }, targets }), expected, 10);
  });

  it('takes logits with fromLogits, and any blank index', async () => {
    expectClose(await values(ctc({ reduction: 'none', fromLogits: true }), { predictions: { shape: [N, T, C], data: raw }, targets }), expected, 10);
    const blank2 = [[1, 1], [0, 1], []];
    const t2 = { shape: [N, 2], data: Int32Array.from(blank2.flatMap((s) => [...s, ...new Array<number>(2 - s.length).fill(-1)])) };
    expectClose(
      await values(ctc({ reduction: 'none', blank: 2 }), { predictions: { shape: [N, T, C], data: logProbs }, targets: t2 }),
      blank2.map((s, n) => bruteForceCtc(row(n), T, C, s, 2)), 10,
    );
  });

  it('divides by the target length (at least 1) for PyTorch\'s mean', async () => {
    const [a, b, c] = expected as [number, number, number];
    expectClose(await values(ctc({ divideByTargetLength: true }), { predictions: { shape: [N, T, C], data: logProbs }, targets }), [(a / 2 + b / 2 + c / 1) / 3], 10);
    expectClose(await values(ctc({ reduction: 'sum' }), { predictions: { shape: [N, T, C], data: logProbs }, targets }), [a + b + c], 10);
  });

  it('reads input lengths from column 0 of the targets and ignores the frames after them', async () => {
    const withLengths = { shape: [N, 3], data: Int32Array.from([4, 1, 1, 3, 2, 1, 2, -1, -1]) };
    const got = await values(ctc({ reduction: 'none', inputLengthsInTargets: true }), { predictions: { shape: [N, T, C], data: logProbs }, targets: withLengths });
    expectClose(got, [bruteForceCtc(row(0), 4, C, [1, 1], 0), bruteForceCtc(row(1).slice(0, 3 * C), 3, C, [2, 1], 0), bruteForceCtc(row(2).slice(0, 2 * C), 2, C, [], 0)], 10);
  });

  it('costs +∞ for an impossible alignment, or 0 with zeroInfinity, with a finite gradient', async () => {
    // [1, 1] needs three frames (1, blank, 1); two are given
    const inputs = { predictions: { shape: [2, 2, C], data: logProbs.slice(0, 4 * C) }, targets: { shape: [2, 2], data: Int32Array.from([1, 1, 2, -1]) } };
    const second = bruteForceCtc(logProbs.slice(2 * C, 4 * C), 2, C, [2], 0);
    expect(await values(ctc({ reduction: 'none' }), inputs)).toEqual([Number.POSITIVE_INFINITY, expect.closeTo(second, 10)]);
    const zeroed = await backend.valueAndGrad(ctc({ reduction: 'sum', zeroInfinity: true }), inputs);
    expect(zeroed.value.data[0]).toBeCloseTo(second, 10);
    expect(Array.from(zeroed.grad.data).every(Number.isFinite)).toBe(true);
    expect(Array.from(zeroed.grad.data.slice(0, 2 * C))).toEqual(new Array<number>(2 * C).fill(0));
  });

  it('has the gradient of central differences', async () => {
    const loss = ctc({ fromLogits: true });
    const inputs = { predictions: { shape: [N, T, C], data: raw }, targets };
    const { grad: g } = await backend.valueAndGrad(loss, inputs);
    const h = 1e-6;
    for (let i = 0; i < raw.length; i++) {
      const at = async (d: number) => (await values(loss, { ...inputs, predictions: { shape: [N, T, C], data: raw.map((v, j) => (j === i ? v + d : v)) } }))[0] as number;
      expect(g.data[i], `d/dx[${i}]`).toBeCloseTo(((await at(h)) - (await at(-h))) / (2 * h), 6);
    }
  });

  it('refuses the blank as a label, labels after padding, and log-probabilities above 0', async () => {
    const p = { shape: [1, T, C], data: logProbs.slice(0, T * C) };
    expect(await codeOf(() => backend.evaluate(ctc(), { predictions: p, targets: { shape: [1, 2], data: [0, 1] } }))).toBe('LABEL_OUT_OF_RANGE');
    expect(await codeOf(() => backend.evaluate(ctc(), { predictions: p, targets: { shape: [1, 2], data: [-1, 1] } }))).toBe('LABEL_OUT_OF_RANGE');
    expect(await codeOf(() => backend.evaluate(ctc(), { predictions: p, targets: { shape: [1, 2], data: [3, -1] } }))).toBe('LABEL_OUT_OF_RANGE');
    expect(await codeOf(() => backend.evaluate(ctc({ inputLengthsInTargets: true }), { predictions: p, targets: { shape: [1, 2], data: [5, 1] } }))).toBe('LABEL_OUT_OF_RANGE');
    expect(await codeOf(() => backend.evaluate(ctc(), { predictions: { shape: [1, T, C], data: raw.slice(0, T * C) }, targets: { shape: [1, 2], data: [1, -1] } }))).toBe('NOT_A_PROBABILITY');
    expect(await codeOf(() => backend.evaluate(ctc(), { predictions: p, targets: { shape: [2, 2], data: [1, -1, 1, -1] } }))).toBe('SHAPE_MISMATCH');
    expect(await codeOf(async () => ctc({ blank: 3 }).prepare({ predictions: p, targets: { shape: [1, 2], data: [1, -1] } }))).toBe('BAD_PARAM');
  });
});

describe('maskedSequenceCrossEntropy', () => {
  const { raw } = logits(2, 3, 4, 11);
  const labels = [1, 3, -1, 0, -1, -1];
  const inputs = { predictions: { shape: [2, 3, 4], data: raw }, targets: { shape: [2, 3], data: labels } };
  const ce = (n: number, t: number, y: number): number => -(logSoftmaxRow(raw.slice((n * 3 + t) * 4, (n * 3 + t + 1) * 4))[y] as number);
  const real = [ce(0, 0, 1), ce(0, 1, 3), ce(1, 0, 0)];

  it('averages the token cross-entropies over the real tokens only', async () => {
    expectClose(await values(maskedSequenceCrossEntropy(), inputs), [real.reduce((a, b) => a + b) / 3]);
    expectClose(await values(maskedSequenceCrossEntropy({ reduction: 'none' }), inputs), [real[0], real[1], 0, real[2], 0, 0] as number[]);
  });

  it('weighs whole sequences with [N] weights', async () => {
    const got = await values(maskedSequenceCrossEntropy(), { ...inputs, weights: { shape: [2], data: [1, 3] } });
    expectClose(got, [((real[0] as number) + (real[1] as number) + 3 * (real[2] as number)) / (1 + 1 + 3)]);
  });

  it('takes another pad label', async () => {
    const zeroPad = await values(maskedSequenceCrossEntropy({ padIndex: 0, reduction: 'sum' }), { ...inputs, targets: { shape: [2, 3], data: [1, 3, 0, 2, 0, 0] } });
    expectClose(zeroPad, [(real[0] as number) + (real[1] as number) + ce(1, 0, 2)]);
  });

  it('gives padding a zero gradient', async () => {
    const { grad: g } = await backend.valueAndGrad(maskedSequenceCrossEntropy(), inputs);
    expect(Array.from(g.data.slice(2 * 4, 3 * 4))).toEqual([0, 0, 0, 0]);
    expect(Array.from(g.data.slice(4 * 4))).toEqual(new Array<number>(8).fill(0));
  });

  it('refuses labels of the wrong shape or range', async () => {
    expect(await codeOf(() => backend.evaluate(maskedSequenceCrossEntropy(), { ...inputs, targets: { shape: [2, 2], data: [1, 1, 1, 1] } }))).toBe('SHAPE_MISMATCH');
    expect(await codeOf(() => backend.evaluate(maskedSequenceCrossEntropy(), { ...inputs, targets: { shape: [2, 3], data: [4, 1, 1, 1, 1, 1] } }))).toBe('LABEL_OUT_OF_RANGE');
  });
});

