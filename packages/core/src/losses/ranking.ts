import { fail } from '../errors/losskit-error.js';
import { logSumExp, softmaxCrossEntropyWithLogits } from '../graph/composites.js';
import type { Value } from '../graph/node.js';
import {
  abs, add, cast, constantTensor, div, divNoNan, equal, expandDims, logicalAnd, logicalNot, matmul, max, maximum, minimum, mul, neg, notEqual, pow, relu, softplus, sqrt, square, sub, sum,
  transpose, where,
} from '../graph/ops.js';
import { formatShape } from '../graph/shape.js';
import type { HostTensor } from '../tensor/host-tensor.js';
import { checkLabelSet } from './data-checks.js';
import { defineLoss } from './loss.js';
import { checkPacked, pick } from './packed.js';

const signedTargets = 'labels in {-1, 1}, shape [N]';
const checkSigned = (t: Parameters<typeof checkLabelSet>[0]): void => checkLabelSet(t, [-1, 1], 'targets');

/**
 * Margin ranking loss max(0, −y·(x1 − x2) + margin): y = 1 asks for x1 to rank above x2.
 *
 * Both scores are packed into the predictions: `[N, 2]`, column 0 is x1, column 1 is x2.
 *
 * @example
 * ```ts
 * // x1 = 0.8, x2 = 0.2, y = 1, margin 0.5: max(0, −0.6 + 0.5) = 0
 * await backend.evaluate(losses.marginRanking({ margin: 0.5 }), { predictions: { shape: [1, 2], data: [0.8, 0.2] }, targets: { shape: [1], data: [1] } });
 * ```
 */
export const marginRanking = defineLoss<{ margin: number }>({
  metadata: {
    id: 'marginRanking',
    title: 'Margin ranking loss',
    task: 'ranking',
    description: 'Pairwise ranking: the first score of a pair must beat the second by a margin (y = 1), or lose to it (y = −1).',
    formula: '\\ell(x_1, x_2, y) = \\max(0, -y\\,(x_1 - x_2) + m)',
    predictions: 'score pairs packed as [N, 2]: column 0 is x1, column 1 is x2',
    targets: signedTargets,
    targetKind: 'values',
    defaultReduction: 'mean',
    frameworks: { torch: 'torch.nn.MarginRankingLoss(margin) — predictions stack((x1, x2), dim=1)' },
  },
  params: { margin: { type: 'number', default: 0, description: 'The margin m by which x1 must beat x2.' } },
  checkShapes: (p, t) => checkPacked(p, t, 2, 2, '[N, 2] pairs (x1, x2)'),
  checkData: (inputs) => checkSigned(inputs.targets),
  perSample: (p, t, o) => relu(add(neg(mul(t, sub(pick(p, 1, 0), pick(p, 1, 1)))), o.margin)),
});

/**
 * Hinge embedding loss: x where y = 1, max(0, margin − x) where y = −1; x is typically a
 * distance between two embeddings (small for similar pairs, at least the margin for others).
 */
export const hingeEmbedding = defineLoss<{ margin: number }>({
  metadata: {
    id: 'hingeEmbedding',
    title: 'Hinge embedding loss',
    task: 'ranking',
    description: 'Similarity learning on distances: similar pairs (y = 1) pay their distance, dissimilar ones (y = −1) pay for being closer than the margin.',
    formula: '\\ell(x, y) = \\begin{cases} x & y = 1 \\\\ \\max(0, m - x) & y = -1 \\end{cases}',
    predictions: 'distances (or any scores), any shape',
    targets: 'labels in {-1, 1}, same shape as predictions',
    targetKind: 'values',
    defaultReduction: 'mean',
    frameworks: { torch: 'torch.nn.HingeEmbeddingLoss(margin=1.0)' },
  },
  params: { margin: { type: 'number', default: 1, description: 'The distance m below which a dissimilar pair pays.' } },
  checkData: (inputs) => checkLabelSet(inputs.targets, [-1, 1], 'targets'),
  perSample: (p, t, o) => where(equal(t, 1), p, relu(sub(o.margin, p))),
});

/** PyTorch's CosineEmbeddingLoss adds this to each squared norm (aten Loss.cpp, `EPSILON`). */
const TORCH_COSINE_EPSILON = 1e-12;

/**
 * Cosine embedding loss: 1 − cos(x1, x2) for similar pairs (y = 1), max(0, cos(x1, x2) − margin)
 * for dissimilar ones (y = −1).
 *
 * @remarks cos = x1·x2 / √((‖x1‖² + 1e-12)(‖x2‖² + 1e-12)), PyTorch's formula.
 */
export const cosineEmbedding = defineLoss<{ margin: number }>({
  metadata: {
    id: 'cosineEmbedding',
    title: 'Cosine embedding loss',
    task: 'ranking',
    description: 'Similarity learning on the cosine of two embeddings: similar pairs are pulled to cosine 1, dissimilar ones pushed below the margin.',
    formula: '\\ell(x_1, x_2, y) = \\begin{cases} 1 - \\cos(x_1, x_2) & y = 1 \\\\ \\max(0, \\cos(x_1, x_2) - m) & y = -1 \\end{cases}',
    predictions: 'embedding pairs packed as [N, 2, D]: [:, 0] is x1, [:, 1] is x2',
    targets: signedTargets,
    targetKind: 'values',
    defaultReduction: 'mean',
    frameworks: { torch: 'torch.nn.CosineEmbeddingLoss(margin) — predictions stack((x1, x2), dim=1)' },
  },
  params: { margin: { type: 'number', default: 0, min: -1, max: 1, description: 'The cosine m above which a dissimilar pair pays (PyTorch suggests 0 to 0.5).' } },
  checkShapes: (p, t) => checkPacked(p, t, 3, 2, '[N, 2, D] pairs (x1, x2)'),
  checkData: (inputs) => checkSigned(inputs.targets),
  perSample: (p, t, o) => {
    const x1 = pick(p, 1, 0);
    const x2 = pick(p, 1, 1);
    const norms = mul(add(sum(square(x1), -1), TORCH_COSINE_EPSILON), add(sum(square(x2), -1), TORCH_COSINE_EPSILON));
    const cos = div(sum(mul(x1, x2), -1), sqrt(norms));
    return where(equal(t, 1), sub(1, cos), relu(sub(cos, o.margin)));
  },
});

/** ‖a − b + ε‖_p, as PyTorch's pairwise_distance: ε is added to every component of the difference. */
function pairwiseDistance(a: Value, b: Value, p: number, eps: number): Value {
  const d = add(sub(a, b), eps);
  if (p === 2) return sqrt(sum(square(d), -1));
  if (p === 1) return sum(abs(d), -1);
  return pow(sum(pow(abs(d), p), -1), 1 / p);
}

/**
 * Triplet margin loss max(0, d(a, p) − d(a, n) + margin) with d the p-norm distance.
 *
 * Predictions pack the triplets as `[N, 3, D]`: anchor, positive, negative. The loss needs no
 * targets, but every loss takes some: pass any `[N]` tensor (zeros); its values are ignored.
 *
 * @remarks `swap` (Balntas et al. 2016) uses min(d(a, n), d(p, n)) as the negative distance.
 */
export const tripletMargin = defineLoss<{ margin: number; p: number; eps: number; swap: boolean }>({
  metadata: {
    id: 'tripletMargin',
    title: 'Triplet margin loss',
    task: 'ranking',
    description: 'Metric learning: an anchor must be closer to its positive than to its negative, by a margin.',
    formula: '\\ell(a, p, n) = \\max(0, \\|a - p + \\epsilon\\|_p - \\|a - n + \\epsilon\\|_p + m)',
    predictions: 'triplets packed as [N, 3, D]: [:, 0] anchor, [:, 1] positive, [:, 2] negative',
    targets: 'ignored, but required: any [N] tensor (zeros)',
    targetKind: 'values',
    defaultReduction: 'mean',
    frameworks: {
      torch: 'torch.nn.TripletMarginLoss(margin=1.0, p=2.0, eps=1e-6, swap=False) — predictions stack((a, p, n), dim=1)',
      optax: 'optax.losses.triplet_margin_loss(anchors, positives, negatives) — its eps sits inside the p-sum, not on the difference',
    },
  },
  params: {
    margin: { type: 'number', default: 1, min: 0, description: 'The margin m between the positive and the negative distance.' },
    p: { type: 'number', default: 2, min: 1, description: 'The norm degree of the distance.' },
    eps: { type: 'number', default: 1e-6, min: 0, description: 'Added to every component of each difference before the norm (PyTorch\'s pairwise_distance).' },
    swap: { type: 'boolean', default: false, description: 'Use the smaller of d(a, n) and d(p, n) as the negative distance (distance swap).' },
  },
  checkShapes: (p, t) => checkPacked(p, t, 3, 3, '[N, 3, D] triplets (anchor, positive, negative)'),
  perSample: (x, _t, o) => {
    const a = pick(x, 1, 0);
    const pos = pick(x, 1, 1);
    const negs = pick(x, 1, 2);
    const dPos = pairwiseDistance(a, pos, o.p, o.eps);
    const dAn = pairwiseDistance(a, negs, o.p, o.eps);
    const dNeg = o.swap ? minimum(dAn, pairwiseDistance(pos, negs, o.p, o.eps)) : dAn;
    return relu(add(sub(dPos, dNeg), o.margin));
  },
});

/** Stands in for −∞ in masked log-sum-exps: exp of it is 0, and it never makes ∞ − ∞ = NaN. */
const MASKED = -1e9;
/**
 * Bounds each norm from below. optax's ntxent bounds the squared norm by the dtype's machine
 * epsilon instead (a norm of 3.5e-4 in float32, 1.5e-8 in float64): the two differ only for
 * embeddings shorter than that, which a program shared by both dtypes cannot tell apart.
 */
const NORM_EPSILON = 1e-12;

/**
 * NT-Xent (normalised temperature-scaled cross-entropy), the SimCLR contrastive loss, as
 * optax's `ntxent(embeddings, labels, temperature)`: embeddings with equal labels are positive
 * pairs, all others negatives. For each ordered positive pair (i, j), with s the cosine
 * similarity over the temperature,
 * ℓ_ij = −log(e^{s_ij} / (e^{s_ij} + Σ_{k negative to i} e^{s_ik})).
 *
 * The per-sample losses are the [M, M] matrix of ℓ_ij, masked to the positive pairs, so the
 * `mean` reduction is optax's average over all positive pairs; weights [M] weight anchors.
 */
export const ntXent = defineLoss<{ temperature: number }>({
  metadata: {
    id: 'ntXent',
    title: 'NT-Xent (normalised temperature-scaled cross-entropy)',
    task: 'ranking',
    description: 'Contrastive representation learning (SimCLR): each embedding must be closer in cosine to its positives than to the negatives.',
    formula: '\\ell_{ij} = -\\log \\frac{e^{s_{ij}}}{e^{s_{ij}} + \\sum_{k: y_k \\ne y_i} e^{s_{ik}}},\\; s_{ij} = \\cos(z_i, z_j)/\\tau',
    predictions: 'embeddings [M, D]',
    targets: 'integer group labels [M]: rows with equal labels are positive pairs (SimCLR: rows i and i + N share label i)',
    targetKind: 'labels',
    defaultReduction: 'mean',
    frameworks: {
      optax: 'optax.losses.ntxent(embeddings, labels, temperature=0.07)',
      torch: 'pytorch_metric_learning.losses.NTXentLoss(temperature)',
    },
  },
  params: { temperature: { type: 'number', default: 0.07, above: 0, description: 'The temperature τ dividing the cosine similarities.' } },
  checkShapes: (p, t) => checkPacked(p, t, 2, null, '[M, D] embeddings'),
  perSample: (z, labels, o) => {
    const m = z.shape[0];
    if (typeof m !== 'number') return fail('SHAPE_MISMATCH', `ntXent needs a concrete number of embeddings, got ${formatShape(z.shape)}`, 'predictions');
    const norm = maximum(sqrt(sum(square(z), -1, true)), NORM_EPSILON);
    // τ joins the norm rather than scaling the product: ONNX Runtime fuses a MatMul and a scalar
    // constant into a FusedMatMul whose float32 alpha would round τ in float64 programs.
    const s = matmul(div(z, mul(norm, o.temperature)), transpose(div(z, norm)));
    const same = equal(expandDims(labels, 1), expandDims(labels, 0));
    const notSelf = notEqual(constantTensor(identity(m)), 1);
    // log Σ over the negatives of each anchor; ℓ_ij = log(e^{s_ij} + e^{lse}) − s_ij = softplus(lse − s_ij)
    const negatives = logSumExp(where(same, MASKED, s), -1, true);
    return { loss: softplus(sub(negatives, s)), mask: cast(logicalAnd(same, notSelf), 'float') };
  },
});

function identity(m: number): HostTensor {
  const data = new Float64Array(m * m);
  for (let i = 0; i < m; i++) data[i * m + i] = 1;
  return { dtype: 'float64', shape: [m, m], data };
}

/**
 * Listwise softmax cross-entropy (TF-Ranking's SoftmaxLoss, ListNet's top-one form): the
 * relevances of a list, normalised to sum to one, against the softmax of its scores.
 * A list with no relevant item (Σt = 0) costs 0, as in TF-Ranking.
 */
export const listwiseSoftmax = defineLoss<Record<never, never>>({
  metadata: {
    id: 'listwiseSoftmax',
    title: 'Listwise softmax cross-entropy',
    task: 'ranking',
    description: 'Learning to rank: the softmax of a list\'s scores should match its normalised relevances.',
    formula: '\\ell(s, t) = -\\sum_i \\frac{t_i}{\\sum_j t_j} \\log \\operatorname{softmax}(s)_i',
    predictions: 'scores [N, L]: N lists of L items',
    targets: 'relevances ≥ 0, [N, L]',
    targetKind: 'values',
    defaultReduction: 'mean',
    frameworks: {
      optax: 'optax.losses.softmax_cross_entropy(scores, labels / labels.sum(-1, keepdims=True))',
      keras: 'tensorflow_ranking.keras.losses.SoftmaxLoss() — reduction "sum-over-batch-size"',
    },
  },
  params: {},
  checkShapes: (p, t) => {
    if (p.length !== 2 || t.length !== 2 || p[0] !== t[0] || p[1] !== t[1]) {
      fail('SHAPE_MISMATCH', `predictions and targets must both be [N, L] lists, got ${formatShape(p)} and ${formatShape(t)}`, 'targets');
    }
  },
  checkData: (inputs) => {
    const d = inputs.targets.data;
    for (let i = 0; i < d.length; i++) if (!((d[i] as number) >= 0)) fail('LABEL_OUT_OF_RANGE', `relevances must be ≥ 0, found ${d[i]} at index ${i}`, 'targets');
  },
  perSample: (s, t) => softmaxCrossEntropyWithLogits(divNoNan(t, sum(t, -1, true)), s, -1),
});

/**
 * Circle loss (Sun et al. 2020, "Circle Loss: A Unified Perspective of Pair Similarity
 * Optimization", https://arxiv.org/abs/2002.10857, eq. 6), pair-based, per anchor: with s the
 * cosine similarities, each anchor i weighs its positives P(i) (equal labels, not itself) and
 * negatives N(i) by how far they are from their optimum,
 * α_p = [1 + m − s_p]₊, α_n = [s_n + m]₊, with margins Δ_p = 1 − m, Δ_n = m, and pays
 * log(1 + Σ_{n ∈ N(i)} e^{γα_n(s_n − Δ_n)} · Σ_{p ∈ P(i)} e^{−γα_p(s_p − Δ_p)}).
 * Anchors with no positive or no negative count nowhere (masked), as in pytorch-metric-learning.
 *
 * @remarks The value is the paper's. The gradient here is the true derivative of that value;
 * the authors' code and pytorch-metric-learning's `CircleLoss` detach α_p and α_n, so their
 * gradients differ (and do not match finite differences of their own value).
 */
export const circle = defineLoss<{ m: number; gamma: number }>({
  metadata: {
    id: 'circle',
    title: 'Circle loss',
    task: 'ranking',
    description: 'Metric learning: positives and negatives are each pushed towards their optimum with a weight growing with their distance from it.',
    formula: '\\ell_i = \\log\\Big(1 + \\sum_{n} e^{\\gamma \\alpha_n (s_n - m)} \\sum_{p} e^{-\\gamma \\alpha_p (s_p - 1 + m)}\\Big),\\; \\alpha_p = [1 + m - s_p]_+,\\; \\alpha_n = [s_n + m]_+',
    predictions: 'embeddings [M, D]',
    targets: 'integer class labels [M]: rows with equal labels are positives of each other',
    targetKind: 'labels',
    defaultReduction: 'mean',
    frameworks: {
      torch: 'pytorch_metric_learning.losses.CircleLoss(m=0.4, gamma=80) — its gradient detaches α',
      keras: 'keras.losses.Circle(gamma=80, margin=0.4) on L2-normalised embeddings — it averages over the rows with a positive loss',
    },
  },
  params: {
    m: { type: 'number', default: 0.4, min: 0, max: 1, description: 'The relaxation margin m: optima 1 + m and −m, decision margins 1 − m and m.' },
    gamma: { type: 'number', default: 80, above: 0, description: 'The scale γ (the paper: 256 for face recognition, 80 for fine-grained retrieval).' },
  },
  checkShapes: (p, t) => checkPacked(p, t, 2, null, '[M, D] embeddings'),
  perSample: (z, labels, o) => {
    const size = z.shape[0];
    if (typeof size !== 'number') return fail('SHAPE_MISMATCH', `circle needs a concrete number of embeddings, got ${formatShape(z.shape)}`, 'predictions');
    const unit = div(z, maximum(sqrt(sum(square(z), -1, true)), NORM_EPSILON));
    const s = matmul(unit, transpose(unit));
    const same = equal(expandDims(labels, 1), expandDims(labels, 0));
    const positive = logicalAnd(same, notEqual(constantTensor(identity(size)), 1));
    const negative = logicalNot(same);
    const logitP = mul(mul(relu(sub(1 + o.m, s)), sub(s, 1 - o.m)), -o.gamma);
    const logitN = mul(mul(relu(add(s, o.m)), sub(s, o.m)), o.gamma);
    const loss = softplus(add(logSumExp(where(positive, logitP, MASKED), -1), logSumExp(where(negative, logitN, MASKED), -1)));
    const has = (pairs: Value): Value => max(cast(pairs, 'float'), -1);
    return { loss, mask: mul(has(positive), has(negative)) };
  },
});
