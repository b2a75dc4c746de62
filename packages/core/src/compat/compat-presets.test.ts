import { describe, expect, it } from 'vitest';
import type { HostTensor } from '../tensor/host-tensor.js';
import { createReferenceBackend } from '../reference/reference-backend.js';
import { UNREACHABLE_LOSSES, compat } from './index.js';

// Golden values for the presets of PyTorch, Keras, optax and scikit-learn, which cannot run
// here: each from the framework's documentation example (URL given) or hand-derived from its
// documented formula in plain JS next to the case. tfjs and ONNX presets run against the real
// frameworks in packages/adapter-tfjs and packages/adapter-onnx.

const f64 = (shape: number[], xs: number[]): HostTensor => ({ dtype: 'float64', shape, data: Float64Array.from(xs) });
const t = (rows: number[][]): HostTensor => f64([rows.length, (rows[0] as number[]).length], rows.flat());
const v = (xs: number[]): HostTensor => f64([xs.length], xs);
const labels = (xs: number[]): HostTensor => ({ dtype: 'int32', shape: [xs.length], data: Int32Array.from(xs) });
const close = (digits: number) => (xs: number[]) => xs.map((x) => expect.closeTo(x, digits));
const mean = (xs: number[]): number => xs.reduce((a, b) => a + b, 0) / xs.length;
const sigmoid = (x: number): number => 1 / (1 + Math.exp(-x));

async function evaluate(loss: ReturnType<typeof compat.loss>, inputs: { predictions: HostTensor; targets: HostTensor; weights?: HostTensor }): Promise<number[]> {
  const backend = await createReferenceBackend();
  return Array.from((await backend.evaluate(loss, inputs)).data);
}

describe('Keras presets (keras.io / tf.keras docstring examples)', () => {
  const yTrue = t([[0, 1], [0, 0]]);

  // https://www.tensorflow.org/api_docs/python/tf/keras/losses — each class's standalone usage.
  it('regression classes: MAPE 50, MSLE 0.240, LogCosh 0.108, Poisson 0.5, CosineSimilarity −0.5', async () => {
    expect(await evaluate(compat.loss('keras', 'MeanAbsolutePercentageError'), { predictions: t([[1, 1], [1, 0]]), targets: t([[2, 1], [2, 3]]) })).toEqual(close(5)([50]));
    expect(await evaluate(compat.loss('keras', 'msle'), { predictions: t([[1, 1], [1, 0]]), targets: yTrue })).toEqual(close(3)([0.240]));
    expect(await evaluate(compat.loss('keras', 'LogCosh'), { predictions: t([[1, 1], [0, 0]]), targets: yTrue })).toEqual(close(3)([0.108]));
    expect(await evaluate(compat.loss('keras', 'LogCosh', { reduction: 'none' }), { predictions: t([[1, 1], [0, 0]]), targets: yTrue })).toEqual(close(12)([Math.log(Math.cosh(1)) / 2, 0]));
    expect(await evaluate(compat.loss('keras', 'Poisson'), { predictions: t([[1, 1], [0, 0]]), targets: yTrue })).toEqual(close(6)([0.5]));
    expect(await evaluate(compat.loss('keras', 'CosineSimilarity', { axis: 1 }), { predictions: t([[1, 0], [1, 1]]), targets: t([[0, 1], [1, 1]]) })).toEqual(close(6)([-0.5]));
  });

  // KLDivergence 0.458, SquaredHinge 1.86, CategoricalHinge 1.4 on the docs' [[0.6, 0.4], [0.4, 0.6]].
  it('KLDivergence clips both sides at 1e-7; SquaredHinge converts {0, 1} labels; CategoricalHinge', async () => {
    const inputs = { predictions: t([[0.6, 0.4], [0.4, 0.6]]), targets: yTrue };
    expect(await evaluate(compat.loss('keras', 'KLDivergence'), inputs)).toEqual(close(3)([0.458]));
    const e = 1e-7;
    const kl = (ts: number[], ps: number[]) => ts.reduce((s, x, i) => s + Math.max(x, e) * Math.log(Math.max(x, e) / (ps[i] as number)), 0);
    expect(await evaluate(compat.loss('keras', 'kld', { reduction: 'none' }), inputs)).toEqual(close(12)([kl([0, 1], [0.6, 0.4]), kl([0, 0], [0.4, 0.6])]));
    expect(await evaluate(compat.loss('keras', 'SquaredHinge'), inputs)).toEqual(close(10)([1.86]));
    expect(await evaluate(compat.loss('keras', 'CategoricalHinge'), inputs)).toEqual(close(10)([1.4]));
  });

  // https://keras.io/api/losses/probabilistic_losses/#binaryfocalcrossentropy-class: 0.691, and 0.51 with class balancing.
  it('BinaryFocalCrossentropy(gamma=2, from_logits=True), with and without apply_class_balancing', async () => {
    const inputs = { predictions: v([-18.6, 0.51, 2.94, -12.8]), targets: v([0, 1, 0, 0]) };
    expect(await evaluate(compat.loss('keras', 'BinaryFocalCrossentropy', { gamma: 2, from_logits: true }), inputs)).toEqual(close(3)([0.691]));
    expect(await evaluate(compat.loss('keras', 'BinaryFocalCrossentropy', { apply_class_balancing: true, gamma: 2, from_logits: true }), inputs)).toEqual(close(2)([0.51]));
  });

  // https://keras.io/api/losses/probabilistic_losses/#categoricalfocalcrossentropy-class: 0.23315276.
  it('CategoricalFocalCrossentropy: alpha as a number, and as a list of per-class weights', async () => {
    const inputs = { predictions: t([[0.05, 0.95, 0], [0.1, 0.8, 0.1]]), targets: t([[0, 1, 0], [0, 0, 1]]) };
    expect(await evaluate(compat.loss('keras', 'CategoricalFocalCrossentropy'), inputs)).toEqual(close(6)([0.23315276]));
    // A list alpha multiplies each class's term: −α_c (1 − p_c)^γ log p_c, summed over the one-hot class.
    const term = (a: number, p: number) => -a * (1 - p) ** 2 * Math.log(p);
    expect(await evaluate(compat.loss('keras', 'CategoricalFocalCrossentropy', { alpha: [0.1, 0.5, 2], reduction: 'none' }), inputs)).toEqual(close(10)([term(0.5, 0.95), term(2, 0.1)]));
    expect(() => compat.loss('keras', 'CategoricalFocalCrossentropy', { alpha: 'x' })).toThrow(expect.objectContaining({ code: 'BAD_PARAM', where: 'compat.keras.CategoricalFocalCrossentropy.alpha' }));
  });

  // docs/research/loss-semantics.md: Keras takes p[y] unclipped, l = (1 − p^q) / q, q = 0.5 by default.
  it('CategoricalGeneralizedCrossEntropy: q = 0.5, integer labels, no clipping even at p = 0', async () => {
    const inputs = { predictions: t([[0.2, 0.8], [1, 0]]), targets: labels([1, 1]) };
    const gce = (p: number, q: number) => (1 - p ** q) / q;
    expect(await evaluate(compat.loss('keras', 'CategoricalGeneralizedCrossEntropy', { reduction: 'none' }), inputs)).toEqual(close(14)([gce(0.8, 0.5), 2]));
    expect(await evaluate(compat.loss('keras', 'CategoricalGeneralizedCrossEntropy', { q: 0.7 }), inputs)).toEqual(close(12)([(gce(0.8, 0.7) + 1 / 0.7) / 2]));
  });
});

describe('PyTorch presets (pytorch.org/docs torch.nn examples and documented formulas)', () => {
  // https://pytorch.org/docs/stable/generated/torch.nn.MultiMarginLoss.html: x = [[0.1, 0.2, 0.4, 0.8]], y = [3] → 0.3250.
  // https://pytorch.org/docs/stable/generated/torch.nn.MultiLabelMarginLoss.html: y = [[3, 0, −1, 1]] → 0.8500.
  it('MultiMarginLoss and MultiLabelMarginLoss documentation examples', async () => {
    const x = t([[0.1, 0.2, 0.4, 0.8]]);
    expect(await evaluate(compat.loss('torch', 'MultiMarginLoss'), { predictions: x, targets: labels([3]) })).toEqual(close(6)([0.325]));
    // p = 2 squares each hinge: (0.3² + 0.4² + 0.6²) / 4.
    expect(await evaluate(compat.loss('torch', 'MultiMarginLoss', { p: 2 }), { predictions: x, targets: labels([3]) })).toEqual(close(12)([(0.09 + 0.16 + 0.36) / 4]));
    expect(() => compat.loss('torch', 'MultiMarginLoss', { p: 3 })).toThrow(expect.objectContaining({ code: 'BAD_PARAM', where: 'compat.torch.MultiMarginLoss.p' }));
    const y: HostTensor = { dtype: 'int32', shape: [1, 4], data: Int32Array.of(3, 0, -1, 1) };
    expect(await evaluate(compat.loss('torch', 'MultiLabelMarginLoss'), { predictions: x, targets: y })).toEqual(close(6)([0.85]));
  });

  // https://pytorch.org/docs/stable/generated/torch.nn.SmoothL1Loss.html: 0.5 x² / β where |x| < β, else |x| − 0.5 β.
  it('SmoothL1Loss with beta; KLDivLoss mean, batchmean, sum and log_target', async () => {
    const d = { predictions: v([0, 0.5, 3]), targets: v([0.25, 0, 0]) };
    expect(await evaluate(compat.loss('torch', 'SmoothL1Loss', { reduction: 'none' }), d)).toEqual(close(12)([0.03125, 0.125, 2.5]));
    expect(await evaluate(compat.loss('torch', 'SmoothL1Loss', { beta: 2, reduction: 'sum' }), d)).toEqual(close(12)([0.015625 + 0.0625 + 2]));
    // https://pytorch.org/docs/stable/generated/torch.nn.KLDivLoss.html: L = target · (log target − input); mean over
    // elements; batchmean = Σ / N; log_target: L = exp(target) · (target − input).
    const logp = [[Math.log(0.25), Math.log(0.75)], [Math.log(0.5), Math.log(0.5)]];
    const q = [[0.5, 0.5], [0.1, 0.9]];
    const terms = q.flatMap((row, i) => row.map((y, j) => y * (Math.log(y) - (logp[i]?.[j] as number))));
    const inputs = { predictions: t(logp), targets: t(q) };
    const sum = terms.reduce((a, b) => a + b, 0);
    expect(await evaluate(compat.loss('torch', 'KLDivLoss'), inputs)).toEqual(close(12)([sum / 4]));
    expect(await evaluate(compat.loss('torch', 'KLDivLoss', { reduction: 'batchmean' }), inputs)).toEqual(close(12)([sum / 2]));
    expect(await evaluate(compat.loss('torch', 'KLDivLoss', { reduction: 'sum' }), inputs)).toEqual(close(12)([sum]));
    expect(await evaluate(compat.loss('torch', 'KLDivLoss', { reduction: 'none' }), inputs)).toEqual(close(12)(terms));
    const logQ = t(q.map((row) => row.map(Math.log)));
    expect(await evaluate(compat.loss('torch', 'KLDivLoss', { reduction: 'batchmean', log_target: true }), { predictions: t(logp), targets: logQ })).toEqual(close(12)([sum / 2]));
    expect(() => compat.loss('torch', 'KLDivLoss', { reduction: 'avg' })).toThrow(expect.objectContaining({ code: 'BAD_PARAM', where: 'compat.torch.KLDivLoss.reduction' }));
  });

  // torch.nn.PoissonNLLLoss: exp(input) − target·input (log_input), input − target·log(input + eps) otherwise;
  // full adds target·log(target) − target + ½ log(2π target) where target > 1.
  // torch.nn.GaussianNLLLoss: ½ (log max(var, eps) + (input − target)² / max(var, eps)), + ½ log 2π with full.
  it('PoissonNLLLoss and GaussianNLLLoss', async () => {
    const d = { predictions: v([0.5, -1, 2]), targets: v([1, 0, 3]) };
    const logIn = [Math.exp(0.5) - 0.5, Math.exp(-1), Math.exp(2) - 6];
    expect(await evaluate(compat.loss('torch', 'PoissonNLLLoss', { reduction: 'none' }), d)).toEqual(close(12)(logIn));
    const stirling = 3 * Math.log(3) - 3 + 0.5 * Math.log(2 * Math.PI * 3);
    expect(await evaluate(compat.loss('torch', 'PoissonNLLLoss', { full: true, reduction: 'sum' }), d)).toEqual(close(12)([logIn[0]! + logIn[1]! + logIn[2]! + stirling]));
    const rates = { predictions: v([0.5, 0, 2]), targets: v([1, 0, 3]) };
    expect(await evaluate(compat.loss('torch', 'PoissonNLLLoss', { log_input: false, reduction: 'none' }), rates))
      .toEqual(close(12)([0.5 - Math.log(0.5 + 1e-8), 0, 2 - 3 * Math.log(2 + 1e-8)]));
    const g = { predictions: t([[1, 0.5], [0, 1e-9]]), targets: v([2, 1]) };
    const nll = (m: number, s2: number, y: number) => 0.5 * (Math.log(Math.max(s2, 1e-6)) + (m - y) ** 2 / Math.max(s2, 1e-6));
    expect(await evaluate(compat.loss('torch', 'GaussianNLLLoss', { reduction: 'none' }), g)).toEqual(close(8)([nll(1, 0.5, 2), nll(0, 1e-9, 1)]));
    expect(await evaluate(compat.loss('torch', 'GaussianNLLLoss', { full: true }), g)).toEqual(close(8)([(nll(1, 0.5, 2) + nll(0, 1e-9, 1)) / 2 + 0.5 * Math.log(2 * Math.PI)]));
  });

  // MarginRankingLoss max(0, −y(x1 − x2) + margin); HingeEmbeddingLoss x or max(0, margin − x);
  // SoftMarginLoss log(1 + exp(−y x)); CosineEmbeddingLoss 1 − cos or max(0, cos − margin).
  it('margin and embedding losses', async () => {
    expect(await evaluate(compat.loss('torch', 'MarginRankingLoss', { margin: 0.5, reduction: 'none' }), { predictions: t([[0.8, 0.2], [0.1, 0.4]]), targets: v([1, 1]) }))
      .toEqual(close(12)([0, 0.8]));
    expect(await evaluate(compat.loss('torch', 'HingeEmbeddingLoss', { margin: 2 }), { predictions: v([0.3, 0.5, 3]), targets: v([1, -1, -1]) })).toEqual(close(12)([(0.3 + 1.5) / 3]));
    expect(await evaluate(compat.loss('torch', 'SoftMarginLoss'), { predictions: v([2, -1]), targets: v([1, 1]) })).toEqual(close(12)([(Math.log1p(Math.exp(-2)) + Math.log1p(Math.E)) / 2]));
    const pairs = f64([2, 2, 2], [1, 0, 1, 1, 1, 0, 0, 1]);
    expect(await evaluate(compat.loss('torch', 'CosineEmbeddingLoss', { margin: 0.5, reduction: 'none' }), { predictions: pairs, targets: v([1, -1]) }))
      .toEqual(close(6)([1 - Math.SQRT1_2, 0]));
  });

  // TripletMarginLoss: max(d(a, p) − d(a, n) + margin, 0), d(x, y) = ‖x − y + eps‖_p; swap uses min(d(a, n), d(p, n)).
  it('TripletMarginLoss with p, eps and swap', async () => {
    const triplet = f64([1, 3, 2], [0, 0, 1, 0, 1.5, 0]);
    const zeros = v([0]);
    const e = 1e-6;
    const dAP = Math.hypot(-1 + e, e);
    expect(await evaluate(compat.loss('torch', 'TripletMarginLoss'), { predictions: triplet, targets: zeros })).toEqual(close(10)([dAP - Math.hypot(-1.5 + e, e) + 1]));
    expect(await evaluate(compat.loss('torch', 'TripletMarginLoss', { swap: true }), { predictions: triplet, targets: zeros })).toEqual(close(10)([dAP - Math.hypot(-0.5 + e, e) + 1]));
    expect(await evaluate(compat.loss('torch', 'TripletMarginLoss', { p: 1, eps: 0, margin: 0.2 }), { predictions: triplet, targets: zeros })).toEqual([0]);
  });

  // MultiLabelSoftMarginLoss: −mean_c w_c [y log σ(x) + (1 − y) log σ(−x)] per sample.
  it('MultiLabelSoftMarginLoss and BCEWithLogitsLoss with weight and pos_weight', async () => {
    const x = t([[1, -2]]);
    const y = t([[1, 0]]);
    const ls = (xi: number, yi: number, pw = 1) => -(pw * yi * Math.log(sigmoid(xi)) + (1 - yi) * Math.log(sigmoid(-xi)));
    expect(await evaluate(compat.loss('torch', 'MultiLabelSoftMarginLoss', { weight: [2, 0.5] }), { predictions: x, targets: y })).toEqual(close(12)([(2 * ls(1, 1) + 0.5 * ls(-2, 0)) / 2]));
    expect(await evaluate(compat.loss('torch', 'BCEWithLogitsLoss', { pos_weight: [3, 3], weight: [2, 0.5], reduction: 'none' }), { predictions: x, targets: y }))
      .toEqual(close(12)([2 * ls(1, 1, 3), 0.5 * ls(-2, 0, 3)]));
  });

  // NLLLoss: −w[y] x[y], the mean divides by Σ w[y] over the samples not ignored.
  it('NLLLoss with weight and ignore_index', async () => {
    const x = t([[-0.5, -1, -2], [-3, -0.1, -4], [-1, -1, -1]]);
    const w = [0.2, 0.3, 0.5];
    expect(await evaluate(compat.loss('torch', 'NLLLoss', { weight: w }), { predictions: x, targets: labels([0, 1, -100]) })).toEqual(close(12)([(0.2 * 0.5 + 0.3 * 0.1) / 0.5]));
    expect(await evaluate(compat.loss('torch', 'NLLLoss', { reduction: 'none' }), { predictions: x, targets: labels([2, 1, 0]) })).toEqual(close(12)([2, 0.1, 1]));
  });

  // torch.nn.CTCLoss: −log Σ over alignments; 'mean' divides each loss by its target length first.
  it('CTCLoss: blank, sum and mean (÷ target length)', async () => {
    const p = [[0.2, 0.5, 0.3], [0.1, 0.3, 0.6]];
    const logp = f64([1, 2, 3], p.flat().map(Math.log));
    const target: HostTensor = { dtype: 'int32', shape: [1, 2], data: Int32Array.of(1, 2) };
    // T = 2, target [1, 2]: the only alignment is (1, 2).
    const only12 = -Math.log(0.5 * 0.6);
    expect(await evaluate(compat.loss('torch', 'CTCLoss', { reduction: 'sum' }), { predictions: logp, targets: target })).toEqual(close(10)([only12]));
    expect(await evaluate(compat.loss('torch', 'CTCLoss'), { predictions: logp, targets: target })).toEqual(close(10)([only12 / 2]));
    // blank = 2, target [1]: alignments (1, 1), (1, b), (b, 1).
    const one: HostTensor = { dtype: 'int32', shape: [1, 1], data: Int32Array.of(1) };
    expect(await evaluate(compat.loss('torch', 'CTCLoss', { blank: 2 }), { predictions: logp, targets: one })).toEqual(close(10)([-Math.log(0.5 * 0.3 + 0.5 * 0.6 + 0.3 * 0.3)]));
  });

  // torchvision.ops.sigmoid_focal_loss: ce · (1 − p_t)^γ · α_t, α < 0 turns α_t off; reduction 'none' by default.
  it('torchvision sigmoid_focal_loss', async () => {
    const inputs = { predictions: v([2, -1]), targets: v([1, 1]) };
    const fl = (x: number, y: number, a: number, g: number) => {
      const p = sigmoid(x);
      const pt = p * y + (1 - p) * (1 - y);
      const ce = -(y * Math.log(p) + (1 - y) * Math.log(1 - p));
      return ce * (1 - pt) ** g * (a < 0 ? 1 : a * y + (1 - a) * (1 - y));
    };
    expect(await evaluate(compat.loss('torch', 'sigmoid_focal_loss'), inputs)).toEqual(close(12)([fl(2, 1, 0.25, 2), fl(-1, 1, 0.25, 2)]));
    expect(await evaluate(compat.loss('torch', 'torchvision.ops.sigmoid_focal_loss', { alpha: -1, gamma: 1, reduction: 'sum' }), inputs)).toEqual(close(12)([fl(2, 1, -1, 1) + fl(-1, 1, -1, 1)]));
  });
});

describe('optax presets (optax.readthedocs.io docstrings and formulas)', () => {
  it('log_cosh, kl_divergence, cosine_distance, perceptron_loss, unreduced', async () => {
    expect(await evaluate(compat.loss('optax', 'log_cosh'), { predictions: v([1, -2]), targets: v([0, 0]) })).toEqual(close(12)([Math.log(Math.cosh(1)), Math.log(Math.cosh(2))]));
    // kl_divergence(log_predictions, targets) = Σ targets (log targets − log_predictions), 0 where targets = 0.
    expect(await evaluate(compat.loss('optax', 'kl_divergence'), { predictions: t([[Math.log(0.5), Math.log(0.5)]]), targets: t([[1, 0]]) })).toEqual(close(12)([Math.LN2]));
    // cosine_distance = 1 − cos.
    expect(await evaluate(compat.loss('optax', 'cosine_distance'), { predictions: t([[1, 0], [1, 1]]), targets: t([[0, 1], [2, 2]]) })).toEqual(close(12)([1, 0]));
    // perceptron_loss = max(0, −y · s).
    expect(await evaluate(compat.loss('optax', 'perceptron_loss'), { predictions: v([0.5, 2, -1]), targets: v([1, -1, 1]) })).toEqual([0, 2, 1]);
  });

  it('sigmoid_focal_loss: alpha None is no balancing; poly_loss_cross_entropy adds ε (1 − p_t)', async () => {
    const inputs = { predictions: v([2, -1]), targets: v([1, 0]) };
    const ce = (x: number, y: number) => -(y * Math.log(sigmoid(x)) + (1 - y) * Math.log(sigmoid(-x)));
    const pt = (x: number, y: number) => y * sigmoid(x) + (1 - y) * sigmoid(-x);
    expect(await evaluate(compat.loss('optax', 'sigmoid_focal_loss'), inputs)).toEqual(close(12)([ce(2, 1) * (1 - pt(2, 1)) ** 2, ce(-1, 0) * (1 - pt(-1, 0)) ** 2]));
    expect(await evaluate(compat.loss('optax', 'sigmoid_focal_loss', { alpha: 0.25, gamma: 1 }), inputs))
      .toEqual(close(12)([0.25 * ce(2, 1) * (1 - pt(2, 1)), 0.75 * ce(-1, 0) * (1 - pt(-1, 0))]));
    const logits = t([[1.2, -0.8, -0.5]]);
    const soft = [Math.exp(1.2), Math.exp(-0.8), Math.exp(-0.5)];
    const p0 = (soft[0] as number) / soft.reduce((a, b) => a + b, 0);
    expect(await evaluate(compat.loss('optax', 'poly_loss_cross_entropy', { epsilon: 1 }), { predictions: logits, targets: labels([0]) })).toEqual(close(12)([-Math.log(p0) + (1 - p0)]));
  });

  // multiclass_sparsemax_loss: with sparsemax support {y} only (one score ≥ 1 above the rest) the loss is 0;
  // with two equal top scores it is ½ ‖z_S − τ‖² terms: hand-derived from the documented ½(‖z‖²−‖z−τ‖²)_S − z_y form.
  it('multiclass_sparsemax_loss and ntxent', async () => {
    expect(await evaluate(compat.loss('optax', 'multiclass_sparsemax_loss'), { predictions: t([[3, 0, 0]]), targets: labels([0]) })).toEqual(close(12)([0]));
    // z = [1, 1, −5]: τ = 0.5, support {0, 1}; loss = Σ_S ½(z² − τ²) − z_y + ½ = ½·(0.75 + 0.75) − 1 + ½ = 0.25.
    expect(await evaluate(compat.loss('optax', 'multiclass_sparsemax_loss'), { predictions: t([[1, 1, -5]]), targets: labels([1]) })).toEqual(close(12)([0.25]));
    // Two groups of identical unit vectors at τ = 1: each positive pair has s = 1 against two negatives at s = 0.
    const emb = t([[1, 0], [1, 0], [0, 1], [0, 1]]);
    expect(await evaluate(compat.loss('optax', 'ntxent', { temperature: 1 }), { predictions: emb, targets: labels([0, 0, 1, 1]) })).toEqual(close(10)([Math.log((Math.E + 2) / Math.E)]));
  });

  it('ctc_loss on logits with blank_id, unreduced', async () => {
    const logits = [[0, Math.log(2), 0], [Math.log(3), 0, 0]];
    const logp = f64([1, 2, 3], logits.flat());
    const sm = logits.map((r) => r.map((x) => Math.exp(x) / r.reduce((s, y) => s + Math.exp(y), 0)));
    const target: HostTensor = { dtype: 'int32', shape: [1, 1], data: Int32Array.of(1) };
    const p = (tt: number, c: number) => sm[tt]?.[c] as number;
    expect(await evaluate(compat.loss('optax', 'ctc_loss'), { predictions: logp, targets: target })).toEqual(close(10)([-Math.log(p(0, 1) * p(1, 1) + p(0, 1) * p(1, 0) + p(0, 0) * p(1, 1))]));
    expect(await evaluate(compat.loss('optax', 'ctc_loss', { blank_id: 2 }), { predictions: logp, targets: target })).toEqual(close(10)([-Math.log(p(0, 1) * p(1, 1) + p(0, 1) * p(1, 2) + p(0, 2) * p(1, 1))]));
  });
});

describe('scikit-learn presets (scikit-learn.org sklearn.metrics examples)', () => {
  const yTrue = v([3, -0.5, 2, 7]);
  const yPred = v([2.5, 0, 2, 8]);

  // mean_absolute_percentage_error.html → 0.3273...; mean_squared_log_error.html → 0.039...; mean_pinball_loss.html.
  it('mean_absolute_percentage_error, mean_squared_log_error, mean_pinball_loss', async () => {
    expect(await evaluate(compat.loss('sklearn', 'mean_absolute_percentage_error'), { predictions: yPred, targets: yTrue })).toEqual(close(12)([0.3273809523809524]));
    const msle = mean([[3, 2.5], [5, 5], [2.5, 4], [7, 8]].map(([a, b]) => (Math.log1p(a as number) - Math.log1p(b as number)) ** 2));
    const got = await evaluate(compat.loss('sklearn', 'mean_squared_log_error'), { predictions: v([2.5, 5, 4, 8]), targets: v([3, 5, 2.5, 7]) });
    // The docs print 0.039... (truncated).
    expect(got[0]).toBeGreaterThanOrEqual(0.039);
    expect(got[0]).toBeLessThan(0.040);
    expect(got).toEqual(close(12)([msle]));
    // A zero is not floored: log1p(0) = 0 exactly.
    expect(await evaluate(compat.loss('sklearn', 'mean_squared_log_error'), { predictions: v([0]), targets: v([Math.E - 1]) })).toEqual(close(12)([1]));
    const y = v([1, 2, 3]);
    expect(await evaluate(compat.loss('sklearn', 'mean_pinball_loss', { alpha: 0.1 }), { predictions: v([0, 2, 3]), targets: y })).toEqual(close(12)([0.1 / 3]));
    expect(await evaluate(compat.loss('sklearn', 'mean_pinball_loss', { alpha: 0.1 }), { predictions: v([1, 2, 4]), targets: y })).toEqual(close(12)([0.9 / 3]));
    expect(await evaluate(compat.loss('sklearn', 'mean_pinball_loss', { alpha: 0.9 }), { predictions: v([0, 2, 3]), targets: y })).toEqual(close(12)([0.9 / 3]));
    expect(await evaluate(compat.loss('sklearn', 'mean_pinball_loss'), { predictions: v([0, 2, 3]), targets: y })).toEqual(close(12)([0.5 / 3]));
  });

  // hamming_loss.html: hamming_loss([[0, 1], [1, 1]], zeros((2, 2))) → 0.75; zero_one_loss.html: [1, 2, 3, 4] vs [2, 2, 3, 4] → 0.25, 1 unnormalised.
  it('hamming_loss and zero_one_loss', async () => {
    expect(await evaluate(compat.loss('sklearn', 'hamming_loss'), { predictions: t([[0, 0], [0, 0]]), targets: t([[0, 1], [1, 1]]) })).toEqual([0.75]);
    const oneHot = (c: number) => [0, 1, 2, 3, 4].map((k) => (k === c ? 1 : 0));
    const scores = t([1, 2, 3, 4].map(oneHot));
    expect(await evaluate(compat.loss('sklearn', 'zero_one_loss'), { predictions: scores, targets: labels([2, 2, 3, 4]) })).toEqual([0.25]);
    expect(await evaluate(compat.loss('sklearn', 'zero_one_loss', { normalize: false }), { predictions: scores, targets: labels([2, 2, 3, 4]) })).toEqual([1]);
  });
});

describe('names that no parameters reach', () => {
  it('are listed with a reason and are not presets', () => {
    expect(UNREACHABLE_LOSSES.length).toBeGreaterThanOrEqual(10);
    for (const u of UNREACHABLE_LOSSES) {
      expect(compat.has(u.framework, u.name), `${u.framework} ${u.name}`).toBe(false);
      expect(() => compat.loss(u.framework, u.name)).toThrow(expect.objectContaining({ code: 'UNKNOWN_LOSS' }));
    }
  });

  it('say why they are left out, unlike a misspelt name', () => {
    expect(() => compat.loss('keras', 'Dice')).toThrow(/keras Dice is not offered.*1e-7 to the denominator only/);
    expect(() => compat.loss('keras', 'Dicey')).toThrow(/no keras loss 'Dicey'; known:/);
  });
});
