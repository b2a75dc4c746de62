import { describe, expect, it } from 'vitest';
import { expectClose, evaluateOnReference as values, asyncCodeOf as codeOf } from '../__test__/helpers.js';
import type { Loss, LossInputsLike } from './loss.js';
import { circle, cosineEmbedding, hingeEmbedding, listwiseSoftmax, marginRanking, ntXent, tripletMargin } from './ranking.js';

const dot = (a: readonly number[], b: readonly number[]): number => a.reduce((s, v, i) => s + v * (b[i] as number), 0);
const norm = (a: readonly number[], p = 2): number => a.reduce((s, v) => s + Math.abs(v) ** p, 0) ** (1 / p);

describe('marginRanking', () => {
  // torch.nn.MarginRankingLoss: max(0, −y·(x1 − x2) + margin)
  const inputs = { predictions: { shape: [3, 2], data: [0.8, 0.2, 0.1, 0.9, 0.5, 0.4] }, targets: { shape: [3], data: [1, 1, -1] } };

  it('is max(0, −y(x1 − x2) + margin) per pair', async () => {
    expectClose(await values(marginRanking({ reduction: 'none' }), inputs), [0, 0.8, 0.1]);
    expectClose(await values(marginRanking({ margin: 0.5, reduction: 'none' }), inputs), [0, 1.3, 0.6]);
    expectClose(await values(marginRanking({ margin: 0.5 }), inputs), [(1.3 + 0.6) / 3]);
  });

  it('refuses unpacked pairs and labels other than ±1', async () => {
    expect(await codeOf(() => values(marginRanking(), { predictions: { shape: [3], data: [1, 2, 3] }, targets: { shape: [3], data: [1, 1, 1] } }))).toBe('SHAPE_MISMATCH');
    expect(await codeOf(() => values(marginRanking(), { ...inputs, targets: { shape: [2], data: [1, 1] } }))).toBe('SHAPE_MISMATCH');
    expect(await codeOf(() => values(marginRanking(), { ...inputs, targets: { shape: [3], data: [1, 0, 1] } }))).toBe('LABEL_OUT_OF_RANGE');
  });
});

describe('hingeEmbedding', () => {
  it('is x for y = 1 and max(0, margin − x) for y = −1', async () => {
    const inputs = { predictions: { shape: [4], data: [0.3, 0.3, 1.7, 0.2] }, targets: { shape: [4], data: [1, -1, -1, 1] } };
    expectClose(await values(hingeEmbedding({ reduction: 'none' }), inputs), [0.3, 0.7, 0, 0.2]);
    expectClose(await values(hingeEmbedding({ margin: 2, reduction: 'none' }), inputs), [0.3, 1.7, 0.3, 0.2]);
  });
});

describe('cosineEmbedding', () => {
  const x1 = [[1, 2, 2], [3, 0, 4]];
  const x2 = [[2, 1, 2], [-3, 0, 4]];
  const inputs = { predictions: { shape: [2, 2, 3], data: [...x1[0]!, ...x2[0]!, ...x1[1]!, ...x2[1]!] }, targets: { shape: [2], data: [1, -1] } };
  // cos = 8/9 and 7/25, with PyTorch's 1e-12 on each squared norm (below float64's resolution here)
  const cos = x1.map((a, i) => dot(a, x2[i]!) / Math.sqrt((dot(a, a) + 1e-12) * (dot(x2[i]!, x2[i]!) + 1e-12)));

  it('is 1 − cos for similar pairs and max(0, cos − margin) for dissimilar ones', async () => {
    expect(cos[0]).toBeCloseTo(8 / 9, 12);
    expectClose(await values(cosineEmbedding({ reduction: 'none' }), inputs), [1 - cos[0]!, cos[1]!]);
    expectClose(await values(cosineEmbedding({ margin: 0.5, reduction: 'none' }), inputs), [1 - cos[0]!, 0]);
  });

  it('refuses pairs that are not [N, 2, D]', async () => {
    expect(await codeOf(() => values(cosineEmbedding(), { predictions: { shape: [2, 3], data: [1, 2, 3, 4, 5, 6] }, targets: { shape: [2], data: [1, 1] } }))).toBe('SHAPE_MISMATCH');
  });
});

describe('tripletMargin', () => {
  const [a, p, n] = [[0, 0], [1, 1], [2, 0.5]];
  const inputs = { predictions: { shape: [1, 3, 2], data: [...a!, ...p!, ...n!] }, targets: { shape: [1], data: [0] } };
  const diff = (u: readonly number[], v: readonly number[], eps: number): number[] => u.map((x, i) => x - v[i]! + eps);

  it('is max(0, ‖a − p + ε‖ − ‖a − n + ε‖ + margin), ε added to the difference as PyTorch does', async () => {
    const want = Math.max(0, norm(diff(a!, p!, 1e-6)) - norm(diff(a!, n!, 1e-6)) + 1);
    expectClose(await values(tripletMargin(), inputs), [want]);
    const l1 = Math.max(0, norm(diff(a!, p!, 0.1), 1) - norm(diff(a!, n!, 0.1), 1) + 2);
    expectClose(await values(tripletMargin({ p: 1, eps: 0.1, margin: 2 }), inputs), [l1]);
    const l3 = Math.max(0, norm(diff(a!, p!, 1e-6), 3) - norm(diff(a!, n!, 1e-6), 3) + 1);
    expectClose(await values(tripletMargin({ p: 3 }), inputs), [l3]);
  });

  it('swap takes the closer of d(a, n) and d(p, n)', async () => {
    // d(p, n) = √1.25 < d(a, n) = √4.25
    const want = Math.max(0, norm(diff(a!, p!, 1e-6)) - norm(diff(p!, n!, 1e-6)) + 1);
    expectClose(await values(tripletMargin({ swap: true }), inputs), [want]);
  });

  it('requires [N] targets although it ignores their values', async () => {
    expect(await codeOf(() => values(tripletMargin(), { ...inputs, targets: { shape: [1, 3, 2], data: [0, 0, 0, 0, 0, 0] } }))).toBe('SHAPE_MISMATCH');
    expectClose(await values(tripletMargin(), { ...inputs, targets: { shape: [1], data: [7] } }), await values(tripletMargin(), inputs));
  });
});

describe('ntXent', () => {
  // optax.losses.ntxent: for each ordered positive pair, −log(e^{s_ij} / (e^{s_ij} + Σ_negatives e^{s_ik}))
  const z = [[1, 0], [0.8, 0.6], [0, 1], [-1, 0.2]];
  const labels = [0, 0, 1, 1];
  const tau = 0.5;
  const s = z.map((u) => z.map((v) => dot(u, v) / (norm(u) * norm(v)) / tau));
  const pairLoss = (i: number, j: number): number => {
    const neg = labels.reduce((acc, l, k) => (l === labels[i] ? acc : acc + Math.exp(s[i]![k]!)), 0);
    return -Math.log(Math.exp(s[i]![j]!) / (Math.exp(s[i]![j]!) + neg));
  };
  const pairs = [[0, 1], [1, 0], [2, 3], [3, 2]] as const;
  const inputs = { predictions: { shape: [4, 2], data: z.flat() }, targets: { shape: [4], data: Int32Array.from(labels) } };

  it('averages −log softmax over every ordered positive pair, against the negatives only', async () => {
    expectClose(await values(ntXent({ temperature: tau }), inputs), [pairs.reduce((acc, [i, j]) => acc + pairLoss(i, j), 0) / 4]);
  });

  it('returns the masked pair matrix with reduction none', async () => {
    const got = await values(ntXent({ temperature: tau, reduction: 'none' }), inputs);
    const want = new Array<number>(16).fill(0);
    for (const [i, j] of pairs) want[i * 4 + j] = pairLoss(i, j);
    expectClose(got, want);
  });

  it('gives a group with no negatives a loss of 0 (optax: log e^s − s)', async () => {
    const got = await values(ntXent({ temperature: tau }), { ...inputs, targets: { shape: [4], data: Int32Array.from([0, 0, 0, 0]) } });
    expectClose(got, [0]);
  });
});

describe('listwiseSoftmax', () => {
  it('is −Σ (t/Σt) log softmax(s), and 0 for a list with no relevant item', async () => {
    const scores = [2, 1, 0];
    const lse = Math.log(scores.reduce((acc, v) => acc + Math.exp(v), 0));
    const want = -((1 / 3) * (1 - lse) + (2 / 3) * (0 - lse));
    const got = await values(listwiseSoftmax({ reduction: 'none' }), { predictions: { shape: [2, 3], data: [...scores, 1, 2, 3] }, targets: { shape: [2, 3], data: [0, 1, 2, 0, 0, 0] } });
    expectClose(got, [want, 0]);
  });

  it('refuses negative relevances', async () => {
    expect(await codeOf(() => values(listwiseSoftmax(), { predictions: { shape: [1, 2], data: [1, 2] }, targets: { shape: [1, 2], data: [-1, 1] } }))).toBe('LABEL_OUT_OF_RANGE');
  });
});

describe('circle', () => {
  // Sun et al. 2020, eq. 6, per anchor: log(1 + Σ_n e^{γα_n(s_n − m)} Σ_p e^{−γα_p(s_p − 1 + m)})
  const z = [[1, 0.2], [0.8, 0.6], [-0.3, 1], [-1, -0.1], [0.1, -1]];
  const labels = [0, 0, 1, 1, 2];
  const cos = (u: readonly number[], v: readonly number[]): number => dot(u, v) / (norm(u) * norm(v));
  const byHand = (m: number, gamma: number): number[] => z.map((u, i) => {
    let sumN = 0;
    let sumP = 0;
    z.forEach((v, j) => {
      const s = cos(u, v);
      if (labels[j] !== labels[i]) sumN += Math.exp(gamma * Math.max(s + m, 0) * (s - m));
      else if (j !== i) sumP += Math.exp(-gamma * Math.max(1 + m - s, 0) * (s - 1 + m));
    });
    return Math.log(1 + sumN * sumP);
  });
  const inputs = { predictions: { shape: [5, 2], data: z.flat() }, targets: { shape: [5], data: Int32Array.from(labels) } };

  it('is the paper\'s per-anchor formula; an anchor with no positive counts nowhere', async () => {
    const want = byHand(0.25, 2);
    expectClose(await values(circle({ m: 0.25, gamma: 2, reduction: 'none' }), inputs), [...want.slice(0, 4), 0]);
    expectClose(await values(circle({ m: 0.25, gamma: 2 }), inputs), [want.slice(0, 4).reduce((a, b) => a + b) / 4]);
  });

  it('stays finite for a large scale', async () => {
    const want = byHand(0.4, 80);
    expectClose(await values(circle({ reduction: 'none' }), inputs), [...want.slice(0, 4), 0], 9);
  });
});
