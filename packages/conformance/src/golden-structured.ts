import type { GoldenCase, GoldenTensor } from './golden-cases.js';

/**
 * Golden values for the ranking, segmentation, counting and sequence losses: documentation
 * examples where the framework prints one, else hand-derived from the documented formula with
 * the arithmetic spelled out. None of these numbers comes from losskit.
 */

const m = (shape: number[], data: number[]): GoldenTensor => ({ shape, data });
const ints = (shape: number[], data: number[]): GoldenTensor => ({ shape, data, labels: true });
const eps = 1e-6;

/** optax ntxent's formula in plain Math: the mean over ordered positive pairs of −log(e^{s_ij} / (e^{s_ij} + Σ_negatives e^{s_ik})). */
function ntXentByHand(z: number[][], labels: number[], tau: number): number {
  const unit = z.map((v) => v.map((x) => x / Math.hypot(...v)));
  const s = unit.map((u) => unit.map((v) => u.reduce((acc, x, k) => acc + x * (v[k] as number), 0) / tau));
  let total = 0;
  let pairs = 0;
  labels.forEach((li, i) => labels.forEach((lj, j) => {
    if (i === j || li !== lj) return;
    const row = s[i] as number[];
    const negatives = labels.reduce((acc, lk, k) => (lk === li ? acc : acc + Math.exp(row[k] as number)), 0);
    total += -Math.log(Math.exp(row[j] as number) / (Math.exp(row[j] as number) + negatives));
    pairs += 1;
  }));
  return total / pairs;
}

export const STRUCTURED_GOLDEN_CASES: readonly GoldenCase[] = [
  {
    name: 'optax ntxent example',
    source: 'optax.losses.ntxent docstring: 1-D embeddings [0.0897, 1.629, 0.862, 0.136], labels [0, 0, 1, 1] → 1.0986123; ' +
      'all positive, so every cosine is 1 and each pair costs −log(e^s / 3e^s) = log 3',
    loss: 'ntXent', options: {}, predictions: m([4, 1], [0.08969027, 1.6291292, 0.8622629, 0.13612625]), targets: ints([4], [0, 0, 1, 1]),
    expected: Math.log(3), documented: 1.0986123,
  },
  {
    name: 'NT-Xent worked example',
    source: 'docs/research/loss-semantics.md §5.12 (numpy from optax ntxent\'s formula): unit vectors [1, 0], [0.8, 0.6], [0, 1], [−0.6, 0.8], labels [0, 0, 1, 1], ' +
      'τ = 0.5 → 0.430190; each of the four ordered positive pairs costs softplus(s_ik + … − s_ij) against the two negatives',
    loss: 'ntXent', options: { temperature: 0.5 }, predictions: m([4, 2], [1, 0, 0.8, 0.6, 0, 1, -0.6, 0.8]), targets: ints([4], [0, 0, 1, 1]),
    expected: ntXentByHand([[1, 0], [0.8, 0.6], [0, 1], [-0.6, 0.8]], [0, 0, 1, 1], 0.5), documented: 0.43019,
  },
  {
    name: 'Keras Dice example, per sample',
    source: 'keras.losses.Dice docstring: y_true [[1, 1], [0, 0]] twice, y_pred [[0, 1], [0, 1]] and [[0.4, 0], [0, 0.9]], axis=(1, 2, 3) → [0.5, 0.75757575]; ' +
      'by hand 1 − 2·1/4 and 1 − 2·0.4/3.3 (Keras adds 1e-7 to the denominator, smooth 0 here)',
    loss: 'dice', options: { smooth: 0, reduction: 'none' },
    predictions: m([2, 2, 2, 1], [0, 1, 0, 1, 0.4, 0, 0, 0.9]), targets: m([2, 2, 2, 1], [1, 1, 0, 0, 1, 1, 0, 0]),
    expected: [0.5, 1 - 0.8 / 3.3], documented: [0.5, 0.75757575],
  },
  {
    name: 'scikit-learn hamming_loss, multi-label example',
    source: 'sklearn.metrics.hamming_loss docstring: hamming_loss(np.array([[0, 1], [1, 1]]), np.zeros((2, 2))) → 0.75',
    loss: 'hammingLoss', options: {}, predictions: m([2, 2], [0, 0, 0, 0]), targets: m([2, 2], [0, 1, 1, 1]), expected: 0.75, documented: 0.75,
  },
  {
    name: 'scikit-learn zero_one_loss example',
    source: 'sklearn.metrics.zero_one_loss docstring: y_pred=[1, 2, 3, 4], y_true=[2, 2, 3, 4] → 0.25 (predictions as one-hot scores over 5 classes)',
    loss: 'zeroOneLoss', options: {}, predictions: m([4, 5], [1, 2, 3, 4].flatMap((c) => [0, 1, 2, 3, 4].map((k) => (k === c ? 1 : 0)))),
    targets: ints([4], [2, 2, 3, 4]), expected: 0.25, documented: 0.25,
  },
  {
    name: 'scikit-learn zero_one_loss, normalize=False',
    source: 'sklearn.metrics.zero_one_loss docstring: normalize=False → 1 (reduction sum)',
    loss: 'zeroOneLoss', options: { reduction: 'sum' }, predictions: m([4, 5], [1, 2, 3, 4].flatMap((c) => [0, 1, 2, 3, 4].map((k) => (k === c ? 1 : 0)))),
    targets: ints([4], [2, 2, 3, 4]), expected: 1, documented: 1,
  },
  {
    name: 'PyTorch MarginRankingLoss, by hand',
    source: 'hand-derived from torch.nn.MarginRankingLoss docs, max(0, −y(x1 − x2) + margin): pairs (0.8, 0.2), (0.1, 0.9), (0.5, 0.4), ' +
      'y = [1, 1, −1], margin 0.5 → [0, 1.3, 0.6], mean 1.9/3',
    loss: 'marginRanking', options: { margin: 0.5 }, predictions: m([3, 2], [0.8, 0.2, 0.1, 0.9, 0.5, 0.4]), targets: m([3], [1, 1, -1]), expected: 1.9 / 3,
  },
  {
    name: 'PyTorch HingeEmbeddingLoss, by hand',
    source: 'hand-derived from torch.nn.HingeEmbeddingLoss docs: x = [0.3, 0.3, 1.7], y = [1, −1, −1], margin 1 → [0.3, 0.7, 0], mean 1/3',
    loss: 'hingeEmbedding', options: {}, predictions: m([3], [0.3, 0.3, 1.7]), targets: m([3], [1, -1, -1]), expected: 1 / 3,
  },
  {
    name: 'PyTorch CosineEmbeddingLoss, by hand',
    source: 'hand-derived from torch.nn.CosineEmbeddingLoss docs: cos((1, 2, 2), (2, 1, 2)) = 8/9 with y = 1 → 1/9; cos((3, 0, 4), (−3, 0, 4)) = 7/25 with y = −1, margin 0 → 7/25',
    loss: 'cosineEmbedding', options: { reduction: 'none' }, predictions: m([2, 2, 3], [1, 2, 2, 2, 1, 2, 3, 0, 4, -3, 0, 4]), targets: m([2], [1, -1]),
    expected: [1 / 9, 7 / 25],
  },
  {
    name: 'PyTorch TripletMarginLoss, by hand',
    source: 'hand-derived from torch.nn.TripletMarginLoss docs (pairwise_distance adds eps = 1e-6 to the difference): a = (0, 0), p = (3, 4), n = (0, 1), ' +
      'margin 1 → ‖(−3, −4) + ε‖ − ‖(0, −1) + ε‖ + 1 ≈ 5',
    loss: 'tripletMargin', options: {}, predictions: m([1, 3, 2], [0, 0, 3, 4, 0, 1]), targets: m([1], [0]),
    expected: Math.hypot(-3 + eps, -4 + eps) - Math.hypot(eps, -1 + eps) + 1,
  },
  {
    name: 'listwise softmax cross-entropy, by hand',
    source: 'hand-derived from TF-Ranking SoftmaxLoss: scores [2, 1, 0], relevances [0, 1, 2] → −(⅓·log softmax₁ + ⅔·log softmax₂) with log softmax = s − log(e² + e + 1)',
    loss: 'listwiseSoftmax', options: {}, predictions: m([1, 3], [2, 1, 0]), targets: m([1, 3], [0, 1, 2]),
    expected: -((1 / 3) * (1 - Math.log(Math.E ** 2 + Math.E + 1)) + (2 / 3) * (0 - Math.log(Math.E ** 2 + Math.E + 1))),
  },
  {
    name: 'soft Dice, by hand',
    source: 'hand-derived: p = [0.9, 0.2, 0.6, 0.1], t = [1, 0, 1, 0], smooth 1 → Σpt = 1.5, Σp = 1.8, Σt = 2 → 1 − (3 + 1)/(3.8 + 1) = 1/6',
    loss: 'dice', options: {}, predictions: m([1, 4], [0.9, 0.2, 0.6, 0.1]), targets: m([1, 4], [1, 0, 1, 0]), expected: 1 - 4 / 4.8,
  },
  {
    name: 'Tversky, by hand',
    source: 'hand-derived (Salehi et al. 2017): same masks, α = 0.7, β = 0.3, smooth 1 → TP = 1.5, FP = 0.3, FN = 0.5 → 1 − 2.5/(1.5 + 0.21 + 0.15 + 1)',
    loss: 'tversky', options: { alpha: 0.7, beta: 0.3 }, predictions: m([1, 4], [0.9, 0.2, 0.6, 0.1]), targets: m([1, 4], [1, 0, 1, 0]),
    expected: 1 - 2.5 / (1.5 + 0.7 * 0.3 + 0.3 * 0.5 + 1),
  },
  {
    name: 'CTC over two frames, by hand',
    source: 'hand-derived from the CTC definition (Graves et al. 2006; torch.nn.CTCLoss): p_t = (blank 0.4, label 0.6) at both frames, target [1]: ' +
      'paths (1, 1), (0, 1), (1, 0) → −log(0.36 + 0.24 + 0.24) = −log 0.84',
    loss: 'ctc', options: {}, predictions: m([1, 2, 2], [Math.log(0.4), Math.log(0.6), Math.log(0.4), Math.log(0.6)]), targets: ints([1, 1], [1]),
    expected: -Math.log(0.84),
  },
];
