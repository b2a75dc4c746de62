import { describe, expect, it } from 'vitest';
import { losses } from '../losses/index.js';
import { createReferenceBackend } from '../reference/reference-backend.js';
import { LOSS_PRESETS, compat } from './index.js';

const t = (rows: number[][]) => ({ dtype: 'float64' as const, shape: [rows.length, (rows[0] as number[]).length], data: Float64Array.from(rows.flat()) });
const v = (xs: number[]) => ({ dtype: 'float64' as const, shape: [xs.length], data: Float64Array.from(xs) });
const labels = (xs: number[]) => ({ dtype: 'int32' as const, shape: [xs.length], data: Int32Array.from(xs) });

async function evaluate(loss: ReturnType<typeof compat.loss>, inputs: Parameters<Awaited<ReturnType<typeof createReferenceBackend>>['evaluate']>[1]): Promise<number[]> {
  const backend = await createReferenceBackend();
  return Array.from((await backend.evaluate(loss, inputs)).data);
}

const close = (digits: number) => (xs: number[]) => xs.map((x) => expect.closeTo(x, digits));

describe('compat.loss — Keras (keras.io examples)', () => {
  // https://keras.io/api/losses/probabilistic_losses/#binarycrossentropy-class
  it('BinaryCrossentropy(from_logits=True) with every reduction and sample_weight', async () => {
    const inputs = { predictions: t([[-18.6, 0.51], [2.94, -12.8]]), targets: t([[0, 1], [0, 0]]) };
    expect(await evaluate(compat.loss('keras', 'BinaryCrossentropy', { from_logits: true }), inputs)).toEqual(close(3)([0.865]));
    // The docs print 0.243, truncated: ÷ 2 samples, not Σ w, gives 0.24364.
    expect(await evaluate(compat.loss('keras', 'BinaryCrossentropy', { from_logits: true }), { ...inputs, weights: v([0.8, 0.2]) })).toEqual(close(4)([0.24364]));
    expect(await evaluate(compat.loss('keras', 'BinaryCrossentropy', { from_logits: true, reduction: 'sum' }), inputs)).toEqual(close(4)([1.7309])) // printed as 1.730 in the docs (truncated);
    expect(await evaluate(compat.loss('keras', 'BinaryCrossentropy', { from_logits: true, reduction: null }), inputs)).toEqual(close(3)([0.235, 1.496]));
    // Label smoothing 0.1 moves targets to 0.05 / 0.95 (t(1 − s) + s/2): hand-derived from the logits formula.
    const ls = await evaluate(compat.loss('keras', 'BinaryCrossentropy', { from_logits: true, label_smoothing: 0.1, reduction: 'none' }), inputs);
    const bce = (x: number, y: number) => Math.max(x, 0) - x * y + Math.log1p(Math.exp(-Math.abs(x)));
    expect(ls).toEqual(close(10)([(bce(-18.6, 0.05) + bce(0.51, 0.95)) / 2, (bce(2.94, 0.05) + bce(-12.8, 0.05)) / 2]));
  });

  // https://keras.io/api/losses/probabilistic_losses/#categoricalcrossentropy-class and #sparsecategoricalcrossentropy-class
  it('CategoricalCrossentropy and SparseCategoricalCrossentropy on probabilities', async () => {
    const predictions = t([[0.05, 0.95, 0], [0.1, 0.8, 0.1]]);
    const oneHot = { predictions, targets: t([[0, 1, 0], [0, 0, 1]]) };
    const sparse = { predictions, targets: labels([1, 2]) };
    for (const [name, inputs] of [['CategoricalCrossentropy', oneHot], ['SparseCategoricalCrossentropy', sparse]] as const) {
      expect(await evaluate(compat.loss('keras', name), inputs)).toEqual(close(3)([1.177]));
      expect(await evaluate(compat.loss('keras', name), { ...inputs, weights: v([0.3, 0.7]) })).toEqual(close(3)([0.814]));
      expect(await evaluate(compat.loss('keras', name, { reduction: 'sum' }), inputs)).toEqual(close(3)([2.354]));
      expect(await evaluate(compat.loss('keras', name, { reduction: 'none' }), inputs)).toEqual(close(3)([0.0513, 2.303]));
    }
    // Keras rescales probabilities that do not sum to 1: half the probabilities, the same loss;
    // without the rescaling each sample's loss would grow by log 2.
    const halved = { predictions: t([[0.025, 0.475, 0], [0.05, 0.4, 0.05]]), targets: oneHot.targets };
    expect(await evaluate(compat.loss('keras', 'CategoricalCrossentropy', { reduction: 'none' }), halved)).toEqual(close(3)([0.0513, 2.303]));
    expect(await evaluate(losses.categoricalCrossEntropy({ normalize: false, reduction: 'none' }), halved)).toEqual(close(3)([0.0513 + Math.LN2, 2.303 + Math.LN2]));
    // label_smoothing 0.1: docs/research/loss-semantics.md §3.2, worked per-sample values [0.685001, 2.233270].
    expect(await evaluate(compat.loss('keras', 'categorical_crossentropy', { label_smoothing: 0.1, reduction: 'none' }), oneHot)).toEqual(close(5)([0.685001, 2.23327]));
  });

  // https://keras.io/api/losses/regression_losses/ (MeanSquaredError, Huber) and hinge_losses/ (Hinge)
  it('MeanSquaredError, Huber and Hinge average the last axis per sample first', async () => {
    const inputs = { predictions: t([[1, 1], [1, 0]]), targets: t([[0, 1], [0, 0]]) };
    expect(await evaluate(compat.loss('keras', 'MeanSquaredError'), inputs)).toEqual([0.5]);
    expect(await evaluate(compat.loss('keras', 'mse'), { ...inputs, weights: v([0.7, 0.3]) })).toEqual(close(12)([0.25]));
    expect(await evaluate(compat.loss('keras', 'MeanSquaredError', { reduction: 'none' }), inputs)).toEqual([0.5, 0.5]);
    const probs = { predictions: t([[0.6, 0.4], [0.4, 0.6]]), targets: t([[0, 1], [0, 0]]) };
    expect(await evaluate(compat.loss('keras', 'Huber'), probs)).toEqual(close(12)([0.155]));
    expect(await evaluate(compat.loss('keras', 'Hinge'), probs)).toEqual(close(12)([1.3]));
    expect(await evaluate(compat.loss('keras', 'Hinge', { reduction: 'none' }), probs)).toEqual(close(12)([1.1, 1.5]));
    // mean_with_sample_weight (Keras ≥ 3.7) divides by Σ w: (0.7·0.5 + 0.3·0.5) / 1.
    expect(await evaluate(compat.loss('keras', 'mse', { reduction: 'mean_with_sample_weight' }), { ...inputs, weights: v([0.7, 0.3]) })).toEqual(close(12)([0.5]));
  });
});

describe('compat.loss — PyTorch, optax, scikit-learn', () => {
  const logits = t([[1.2, -0.8, -0.5], [0.9, -1.2, 1.1]]);

  // optax docs (softmax_cross_entropy, softmax_cross_entropy_with_integer_labels):
  // https://optax.readthedocs.io/en/latest/api/losses.html → [0.2761, 2.9518], unreduced.
  it('optax softmax cross-entropy, one-hot and integer labels', async () => {
    expect(await evaluate(compat.loss('optax', 'softmax_cross_entropy'), { predictions: logits, targets: t([[1, 0, 0], [0, 1, 0]]) })).toEqual(close(4)([0.2761, 2.9518]));
    expect(await evaluate(compat.loss('optax', 'softmax_cross_entropy_with_integer_labels'), { predictions: logits, targets: labels([0, 1]) })).toEqual(close(4)([0.2761, 2.9518]));
    expect(await evaluate(compat.loss('optax', 'huber_loss', { delta: 0.5 }), { predictions: v([0, 2]), targets: v([0.25, 0]) })).toEqual([0.03125, 0.875]);
  });

  // Values derived in docs/research/loss-semantics.md §3.3 from PyTorch's documented formulas.
  it('torch CrossEntropyLoss: reductions, label smoothing, ignore_index -100 by default', async () => {
    const y = labels([0, 1]);
    expect(await evaluate(compat.loss('torch', 'CrossEntropyLoss', { reduction: 'none' }), { predictions: logits, targets: y })).toEqual(close(5)([0.27613, 2.951799]));
    expect(await evaluate(compat.loss('torch', 'CrossEntropyLoss'), { predictions: logits, targets: y })).toEqual(close(5)([1.613964]));
    expect(await evaluate(compat.loss('torch', 'CrossEntropyLoss', { label_smoothing: 0.1 }), { predictions: logits, targets: y })).toEqual(close(5)([1.602298]));
    const three = t([[1.2, -0.8, -0.5], [0.9, -1.2, 1.1], [0, 1, 2]]);
    expect(await evaluate(compat.loss('torch', 'CrossEntropyLoss'), { predictions: three, targets: labels([0, 1, -100]) })).toEqual(close(5)([1.613964]));
  });

  it('torch class weights work once the loss has classWeights, and say "not supported yet" before', async () => {
    const make = () => compat.loss('torch', 'CrossEntropyLoss', { weight: [0.2, 0.3, 0.5] });
    if (Object.hasOwn(losses.sparseCategoricalCrossEntropy.metadata.params, 'classWeights')) {
      expect(await evaluate(make(), { predictions: logits, targets: labels([0, 1]) })).toEqual(close(5)([1.881531]));
    } else {
      expect(make).toThrow(expect.objectContaining({ code: 'BAD_PARAM', where: 'compat.torch.CrossEntropyLoss.weight' }));
    }
  });

  it('torch BCELoss clamps each log at −100; BCEWithLogitsLoss is the stable logits form', async () => {
    expect(await evaluate(compat.loss('torch', 'BCELoss', { reduction: 'none' }), { predictions: v([0, 1, 0.5]), targets: v([1, 1, 0]) })).toEqual(close(6)([100, 0, 0.693147]));
    // https://pytorch.org/docs/stable/generated/torch.nn.BCEWithLogitsLoss.html: ones targets, output 1.5 → 0.2014.
    const out = { dtype: 'float64' as const, shape: [10, 64], data: new Float64Array(640).fill(1.5) };
    const ones = { dtype: 'float64' as const, shape: [10, 64], data: new Float64Array(640).fill(1) };
    expect(await evaluate(compat.loss('torch', 'BCEWithLogitsLoss'), { predictions: out, targets: ones })).toEqual(close(4)([0.2014]));
    // weight [C] broadcasts along the last axis and the mean stays Σ/N (PyTorch's documented ℓ_n = −w_n[...]).
    const weighted = { predictions: t([[0.5, 0.8], [0.9, 0.1]]), targets: t([[1, 1], [0, 0]]) };
    const expected = [Math.LN2, -2 * Math.log(0.8), -Math.log(0.1), -2 * Math.log(0.9)];
    expect(await evaluate(compat.loss('torch', 'BCELoss', { weight: [1, 2], reduction: 'none' }), weighted)).toEqual(close(12)(expected));
    expect(await evaluate(compat.loss('torch', 'BCELoss', { weight: [1, 2] }), weighted)).toEqual(close(12)([expected.reduce((a, b) => a + b) / 4]));
  });

  // https://scikit-learn.org/stable/modules/generated/sklearn.metrics.log_loss.html (ham = 0, spam = 1), mean_squared_error.html, hinge_loss.html
  it('scikit-learn log_loss, mean_squared_error, root_mean_squared_error, hinge_loss', async () => {
    const spam = { predictions: t([[0.1, 0.9], [0.9, 0.1], [0.8, 0.2], [0.35, 0.65]]), targets: labels([1, 0, 0, 1]) };
    expect(await evaluate(compat.loss('sklearn', 'log_loss'), spam)).toEqual(close(5)([0.21616]));
    expect(await evaluate(compat.loss('sklearn', 'log_loss', { normalize: false }), spam)).toEqual(close(4)([4 * 0.216162]));
    const reg = { predictions: v([2.5, 0, 2, 8]), targets: v([3, -0.5, 2, 7]) };
    expect(await evaluate(compat.loss('sklearn', 'mean_squared_error'), reg)).toEqual([0.375]);
    expect(await evaluate(compat.loss('sklearn', 'root_mean_squared_error'), reg)).toEqual(close(12)([Math.sqrt(0.375)]));
    expect(await evaluate(compat.loss('sklearn', 'mean_absolute_error'), reg)).toEqual([0.5]);
    expect(await evaluate(compat.loss('sklearn', 'hinge_loss'), { predictions: v([-2.18, 2.36, 0.09]), targets: v([-1, 1, 1]) })).toEqual(close(2)([0.30]));
    expect(() => compat.loss('sklearn', 'mean_squared_error', { multioutput: 'raw_values' })).toThrow(expect.objectContaining({ code: 'BAD_PARAM' }));
  });

  // tfjs-core softmax_cross_entropy_test.ts values (docs/research/loss-semantics.md §3.2): every row wrong by 20.
  it('tfjs softmaxCrossEntropy: SUM_BY_NONZERO_WEIGHTS by default, tf.Reduction by name or number', async () => {
    const inputs = { predictions: t([[10, -10, -10], [-10, 10, -10], [-10, -10, 10]]), targets: t([[0, 0, 1], [1, 0, 0], [0, 1, 0]]) };
    expect(await evaluate(compat.loss('tfjs', 'softmaxCrossEntropy'), inputs)).toEqual(close(4)([20]));
    expect(await evaluate(compat.loss('tfjs', 'softmaxCrossEntropy', { reduction: 'NONE' }), { ...inputs, weights: v([0.1, 0.2, 0.3]) })).toEqual(close(4)([2, 4, 6]));
    expect(await evaluate(compat.loss('tfjs', 'softmaxCrossEntropy', { reduction: 1 }), { ...inputs, weights: v([0.1, 0.2, 0.3]) })).toEqual(close(4)([20]));
    expect(await evaluate(compat.loss('tfjs', 'softmaxCrossEntropy', { labelSmoothing: 0.3, reduction: 'MEAN' }), { ...inputs, weights: v([0.1, 0.2, 0.3]) })).toEqual(close(4)([18]));
  });
});

describe('compat errors and listing', () => {
  it('unknown framework, name or argument list what is accepted', () => {
    expect(() => compat.loss('jax' as 'optax', 'x')).toThrow(expect.objectContaining({ code: 'BAD_PARAM', message: expect.stringContaining('torch, keras, tfjs, onnx, sklearn, optax') }));
    expect(() => compat.loss('torch', 'CTCLossy')).toThrow(expect.objectContaining({ code: 'UNKNOWN_LOSS', message: expect.stringContaining('CrossEntropyLoss') }));
    expect(() => compat.loss('keras', 'BinaryCrossentropy', { fromLogits: true })).toThrow(expect.objectContaining({ code: 'BAD_PARAM', message: expect.stringContaining('from_logits') }));
    expect(() => compat.loss('keras', 'MeanSquaredError', { reduction: 'auto' })).toThrow(expect.objectContaining({ code: 'BAD_PARAM', where: 'compat.keras.MeanSquaredError.reduction' }));
    expect(() => compat.loss('tfjs', 'logLoss', { reduction: 7 })).toThrow(expect.objectContaining({ code: 'BAD_PARAM' }));
    expect(() => compat.loss('torch', 'toString')).toThrow(expect.objectContaining({ code: 'UNKNOWN_LOSS' }));
    // Out-of-range values are the loss's own checks.
    expect(() => compat.loss('torch', 'CrossEntropyLoss', { label_smoothing: 2 })).toThrow(expect.objectContaining({ code: 'BAD_PARAM' }));
  });

  it('presets map onto the catalogue with the framework defaults', () => {
    expect(compat.loss('keras', 'BinaryCrossentropy', { from_logits: true, label_smoothing: 0.1 }).options).toMatchObject({ fromLogits: true, labelSmoothing: 0.1, axis: -1, epsilon: 1e-7 });
    expect(compat.loss('keras', 'BinaryCrossentropy').reduction).toBe('sum-over-batch-size');
    expect(compat.loss('tfjs', 'logLoss').options).toMatchObject({ epsilon: 0, logEpsilon: 1e-7 });
    expect(compat.loss('tfjs', 'logLoss').reduction).toBe('sum-by-nonzero-weights');
    expect(compat.loss('torch', 'CrossEntropyLoss').options).toMatchObject({ ignoreIndex: -100, fromLogits: true });
    expect(compat.loss('onnx', 'SoftmaxCrossEntropyLoss', { ignore_index: -1, reduction: 'sum' })).toMatchObject({ reduction: 'sum', options: { ignoreIndex: -1 } });
    expect(compat.loss('optax', 'squared_error').reduction).toBe('none');
  });

  it('every preset names a loss and options of the catalogue', () => {
    const infos = compat.presets();
    expect(infos.length).toBe(Object.values(LOSS_PRESETS).reduce((n, t) => n + t.length, 0));
    for (const p of infos) {
      if (!compat.has(p.framework, p.name)) continue;
      // Resolving with the framework's defaults must give a valid loss.
      expect(compat.loss(p.framework, p.name).id).toBe(p.loss);
      for (const alias of p.aliases) expect(compat.loss(p.framework, alias).id).toBe(p.loss);
    }
    // An argument maps onto a parameter of its loss, or onto one that is known to be on its way
    // (then it is a BAD_PARAM "not supported yet" until the parameter lands): no typos.
    const pending = new Set(['classWeights', 'posWeight']);
    for (const table of Object.values(LOSS_PRESETS)) {
      for (const p of table) {
        const params = (losses as Record<string, { metadata: { params: object } }>)[p.loss]?.metadata.params;
        if (params === undefined) continue;
        for (const [arg, spec] of Object.entries(p.args ?? {})) {
          if (spec.option === undefined || spec.option === 'reduction') continue;
          expect(Object.hasOwn(params, spec.option) || pending.has(spec.option), `${p.name}.${arg} → ${spec.option}`).toBe(true);
        }
        for (const key of Object.keys(p.fixed ?? {})) expect(key === 'reduction' || Object.hasOwn(params, key), `${p.name} fixes ${key}`).toBe(true);
      }
    }
    expect(compat.has('torch', 'MSELoss')).toBe(true);
    expect(compat.has('torch', 'Nope')).toBe(false);
  });
});
