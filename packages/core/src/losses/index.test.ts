import { describe, expect, it } from 'vitest';
import { createLoss, losses } from './index.js';
import { createReferenceBackend } from '../reference/reference-backend.js';
import type { Framework, LossInputsLike, ParamSpec, ParamValue } from './loss.js';
import { REDUCTIONS } from './reduction.js';
import { codeOf } from '../__test__/helpers.js';

const FRAMEWORKS: readonly Framework[] = ['torch', 'keras', 'tfjs', 'onnx', 'sklearn', 'optax'];

describe('createLoss', () => {
  it('builds a loss by name with options', () => {
    const l = createLoss('huber', { delta: 2, reduction: 'sum' });
    expect(l.id).toBe('huber');
    expect(l.reduction).toBe('sum');
    expect(l.options.delta).toBe(2);
  });

  it('raises UNKNOWN_LOSS for a name that is not in the catalogue, naming the known ones', () => {
    expect(codeOf(() => createLoss('meanSquaredError'))).toBe('UNKNOWN_LOSS');
    expect(codeOf(() => createLoss('toString'))).toBe('UNKNOWN_LOSS');
    expect(codeOf(() => createLoss('constructor'))).toBe('UNKNOWN_LOSS');
    try {
      createLoss('nope');
    } catch (e) {
      expect(String(e)).toContain('mse');
    }
  });

  it('passes option errors through (BAD_PARAM)', () => {
    expect(codeOf(() => createLoss('mse', { delta: 1 }))).toBe('BAD_PARAM');
  });
});

describe.each(Object.entries(losses))('metadata of %s', (key, ctor) => {
  const m = ctor.metadata;

  it('is complete: id, title, description, formula, input meanings, task, reduction', () => {
    expect(m.id).toBe(key);
    for (const field of [m.title, m.description, m.formula, m.predictions, m.targets]) expect(field.trim().length).toBeGreaterThan(0);
    expect(['regression', 'classification', 'ranking', 'segmentation', 'sequence']).toContain(m.task);
    expect(['values', 'labels']).toContain(m.targetKind);
    expect(REDUCTIONS).toContain(m.defaultReduction);
    expect(typeof m.differentiable).toBe('boolean');
  });

  it('names the equivalent call in at least one framework, and only known frameworks', () => {
    const entries = Object.entries(m.frameworks);
    expect(entries.length).toBeGreaterThan(0);
    for (const [fw, text] of entries) {
      expect(FRAMEWORKS).toContain(fw);
      expect((text ?? '').trim().length).toBeGreaterThan(0);
    }
  });

  it('describes every parameter, and every default passes its own checks', () => {
    for (const [name, spec] of Object.entries(m.params) as [string, ParamSpec][]) {
      expect(spec.description.trim().length, name).toBeGreaterThan(0);
      if (spec.default === null) expect(spec.nullable, name).toBe(true);
      if (spec.type === 'enum') expect(spec.values, name).toContain(spec.default);
      if (typeof spec.default === 'number') {
        if (spec.min !== undefined) expect(spec.default, name).toBeGreaterThanOrEqual(spec.min);
        if (spec.max !== undefined) expect(spec.default, name).toBeLessThanOrEqual(spec.max);
        if (spec.above !== undefined) expect(spec.default, name).toBeGreaterThan(spec.above);
        if (spec.below !== undefined) expect(spec.default, name).toBeLessThan(spec.below);
      }
    }
    // Passing every default explicitly is accepted and gives the same options.
    const explicit = Object.fromEntries(Object.entries(m.params).map(([k, s]) => [k, s.default]));
    expect(ctor(explicit).options).toEqual(ctor().options);
  });

  it('constructs with every reduction', () => {
    for (const reduction of REDUCTIONS) expect(ctor({ reduction }).reduction).toBe(reduction);
  });
});

describe('valueAndGrad of every loss against central differences of evaluate', () => {
  // Inputs inside every loss's smooth region: probabilities away from 0, 1 and the clip bounds,
  // hinge margins away from 1, huber residuals away from ±δ.
  const P = [0.31, 0.62, 0.07, 0.45, 0.83, 0.22];
  const cases: [string, LossInputsLike, Record<string, ParamValue>][] = [
    ['mse', { predictions: { shape: [2, 3], data: P }, targets: { shape: [2, 3], data: [0, 1, 0.5, 0.2, 0.9, 0] } }, {}],
    ['mae', { predictions: { shape: [2, 3], data: P }, targets: { shape: [2, 3], data: [0, 1, 0.5, 0.2, 0.9, 0] } }, {}],
    ['rmse', { predictions: { shape: [2, 3], data: P }, targets: { shape: [2, 3], data: [0, 1, 0.5, 0.2, 0.9, 0] } }, {}],
    ['huber', { predictions: { shape: [2, 3], data: [3, -1.2, 0.4, 0.1, 2.5, -0.3] }, targets: { shape: [2, 3], data: [0, 0, 0, 0, 0, 0] } }, { delta: 1 }],
    ['binaryCrossEntropy', { predictions: { shape: [2, 3], data: P }, targets: { shape: [2, 3], data: [0, 1, 0.5, 0.2, 0.9, 0] }, weights: { shape: [2], data: [1, 3] } }, { labelSmoothing: 0.1 }],
    ['binaryCrossEntropy', { predictions: { shape: [2, 3], data: [2, -1, 0.3, -4, 0.5, 1] }, targets: { shape: [2, 3], data: [0, 1, 0.5, 0.2, 0.9, 0] } }, { fromLogits: true }],
    ['categoricalCrossEntropy', { predictions: { shape: [2, 3], data: P }, targets: { shape: [2, 3], data: [0, 1, 0, 0.2, 0.3, 0.5] } }, {}],
    ['categoricalCrossEntropy', { predictions: { shape: [2, 3], data: [2, -1, 0.3, -4, 0.5, 1] }, targets: { shape: [2, 3], data: [0, 1, 0, 0.2, 0.3, 0.5] } }, { fromLogits: true, labelSmoothing: 0.2 }],
    ['sparseCategoricalCrossEntropy', { predictions: { shape: [2, 3], data: P }, targets: { shape: [2], data: [1, 2] } }, {}],
    ['sparseCategoricalCrossEntropy', { predictions: { shape: [3, 3], data: [...P, 1, 2, 3] }, targets: { shape: [3], data: Int32Array.of(1, -100, 0) } }, { fromLogits: true, ignoreIndex: -100 }],
    ['hinge', { predictions: { shape: [2, 3], data: [0.5, -2, 3, 0.2, -0.4, 1.7] }, targets: { shape: [2, 3], data: [1, -1, 1, -1, 1, 1] } }, {}],
    ['smoothL1', { predictions: { shape: [2, 3], data: [3, -1.2, 0.4, 0.1, 2.5, -0.3] }, targets: { shape: [2, 3], data: [0, 0, 0, 0, 0, 0] } }, { beta: 0.5 }],
    ['logCosh', { predictions: { shape: [2, 3], data: [3, -1.2, 0.4, 0.1, 2.5, -0.3] }, targets: { shape: [2, 3], data: [0, 0.5, 0, 1, 0, 0] } }, { axis: -1 }],
    ['mape', { predictions: { shape: [2, 3], data: P }, targets: { shape: [2, 3], data: [1, -2, 0.5, 0.6, 1.5, -1] } }, {}],
    ['msle', { predictions: { shape: [2, 3], data: P }, targets: { shape: [2, 3], data: [0, 1, 0.5, 0.2, 0.9, 0] } }, {}],
    ['quantile', { predictions: { shape: [2, 3], data: P }, targets: { shape: [2, 3], data: [0, 1, 0.5, 0.2, 0.9, 0] } }, { quantile: 0.3 }],
    ['poisson', { predictions: { shape: [2, 3], data: P }, targets: { shape: [2, 3], data: [0, 1, 2, 0, 3, 1] } }, {}],
    ['poissonNLL', { predictions: { shape: [2, 3], data: [2, -1, 0.3, -4, 0.5, 1] }, targets: { shape: [2, 3], data: [0, 1, 2, 0, 3, 1] } }, { full: true }],
    ['gaussianNLL', { predictions: { shape: [3, 2], data: P }, targets: { shape: [3], data: [0, 1, 0.5] } }, {}],
    ['cosineSimilarity', { predictions: { shape: [2, 3], data: P }, targets: { shape: [2, 3], data: [0, 1, 0.5, 0.2, 0.9, 0] } }, { form: 'distance' }],
    ['nll', { predictions: { shape: [2, 3], data: P.map(Math.log) }, targets: { shape: [2], data: [1, 2] } }, { classWeights: [2, 1, 0.5], labelSmoothing: 0.1 }],
    ['klDivergence', { predictions: { shape: [2, 3], data: [0.2, 0.5, 0.3, 0.6, 0.1, 0.3] }, targets: { shape: [2, 3], data: [0.1, 0.7, 0.2, 0.3, 0.3, 0.4] } }, {}],
    ['klDivergence', { predictions: { shape: [2, 3], data: [0.2, 0.5, 0.3, 0.6, 0.1, 0.3].map(Math.log) }, targets: { shape: [2, 3], data: [0, 0.7, 0.3, 0.3, 0.3, 0.4] } }, { logPredictions: true, epsilon: 0, axis: null }],
    ['binaryFocal', { predictions: { shape: [2, 3], data: P }, targets: { shape: [2, 3], data: [0, 1, 0.5, 0.2, 0.9, 0] } }, { applyClassBalancing: true, labelSmoothing: 0.1 }],
    ['binaryFocal', { predictions: { shape: [2, 3], data: [2, -1, 0.3, -4, 0.5, 1] }, targets: { shape: [2, 3], data: [0, 1, 0.5, 0.2, 0.9, 0] } }, { fromLogits: true, epsilon: 0, gamma: 1.5 }],
    ['categoricalFocal', { predictions: { shape: [2, 3], data: P }, targets: { shape: [2, 3], data: [0, 1, 0, 0.2, 0.3, 0.5] } }, { classWeights: [1, 2, 3] }],
    ['categoricalFocal', { predictions: { shape: [2, 3], data: [2, -1, 0.3, -4, 0.5, 1] }, targets: { shape: [2, 3], data: [0, 1, 0, 0.2, 0.3, 0.5] } }, { fromLogits: true, epsilon: 0 }],
    ['generalizedCrossEntropy', { predictions: { shape: [2, 3], data: P }, targets: { shape: [2], data: [1, 2] } }, { q: 0.5 }],
    ['generalizedCrossEntropy', { predictions: { shape: [2, 3], data: [2, -1, 0.3, -4, 0.5, 1] }, targets: { shape: [2], data: [1, 2] } }, { fromLogits: true, labelSmoothing: 0.2 }],
    ['poly1', { predictions: { shape: [2, 3], data: [2, -1, 0.3, -4, 0.5, 1] }, targets: { shape: [2], data: [1, 2] } }, { fromLogits: true, polyEpsilon: 2, classWeights: [1, 2, 3] }],
    ['squaredHinge', { predictions: { shape: [2, 3], data: [0.5, -2, 3, 0.2, -0.4, 1.7] }, targets: { shape: [2, 3], data: [1, -1, 1, -1, 1, 1] } }, {}],
    ['categoricalHinge', { predictions: { shape: [2, 3], data: [0.5, -2, 3, 0.2, -0.4, 1.7] }, targets: { shape: [2, 3], data: [0, 1, 0, 1, 0, 0] } }, {}],
    ['multiMargin', { predictions: { shape: [2, 3], data: [0.5, -0.2, 0.3, 0.2, -0.4, 1.7] }, targets: { shape: [2], data: [2, 0] } }, { p: 2, classWeights: [1, 2, 3] }],
    ['multiLabelMargin', { predictions: { shape: [2, 3], data: P }, targets: { shape: [2, 3], data: Int32Array.of(2, 0, -1, 1, -1, 0) } }, {}],
    ['softMargin', { predictions: { shape: [2, 3], data: [0.5, -2, 3, 0.2, -0.4, 1.7] }, targets: { shape: [2, 3], data: [1, -1, 1, -1, 1, 1] } }, {}],
    ['multiLabelSoftMargin', { predictions: { shape: [2, 3], data: [2, -1, 0.3, -4, 0.5, 1] }, targets: { shape: [2, 3], data: [0, 1, 1, 0, 0, 1] } }, { classWeights: [1, 2, 3] }],
    ['perceptron', { predictions: { shape: [2, 3], data: [0.5, -2, 3, 0.2, -0.4, 1.7] }, targets: { shape: [2, 3], data: [-1, -1, 1, -1, 1, 1] } }, {}],
    ['sparsemax', { predictions: { shape: [2, 3], data: [2, -1, 0.3, -4, 0.5, 1] }, targets: { shape: [2], data: [1, 2] } }, {}],
    ['marginRanking', { predictions: { shape: [3, 2], data: [0.5, 0.2, -1, 0.4, 2, 1.1] }, targets: { shape: [3], data: [-1, 1, 1] } }, { margin: 0.5 }],
    ['hingeEmbedding', { predictions: { shape: [2, 3], data: P }, targets: { shape: [2, 3], data: [1, -1, -1, 1, -1, -1] } }, {}],
    ['cosineEmbedding', { predictions: { shape: [2, 2, 3], data: [...P, 1, -2, 0.5, 0.3, 0.1, -0.7] }, targets: { shape: [2], data: [1, -1] } }, { margin: -0.5 }],
    ['tripletMargin', { predictions: { shape: [1, 3, 2], data: P }, targets: { shape: [1], data: [0] } }, { swap: true, p: 1.5 }],
    ['ntXent', { predictions: { shape: [3, 2], data: P }, targets: { shape: [3], data: [0, 0, 1] } }, { temperature: 0.5 }],
    ['circle', { predictions: { shape: [4, 2], data: [1, 0.2, 0.8, 0.6, -0.3, 1, -1, -0.1] }, targets: { shape: [4], data: [0, 0, 1, 1] } }, { gamma: 2 }],
    ['listwiseSoftmax', { predictions: { shape: [2, 3], data: P }, targets: { shape: [2, 3], data: [0, 2, 1, 1, 0, 0] } }, {}],
    ['dice', { predictions: { shape: [2, 3], data: P }, targets: { shape: [2, 3], data: [0, 1, 0.5, 0.2, 0.9, 0] } }, {}],
    ['generalizedDice', { predictions: { shape: [1, 2, 3], data: P }, targets: { shape: [1, 2, 3], data: [0, 1, 0, 0, 1, 0] } }, {}],
    ['tversky', { predictions: { shape: [2, 3], data: P }, targets: { shape: [2, 3], data: [0, 1, 0.5, 0.2, 0.9, 0] } }, { alpha: 0.7, beta: 0.3 }],
    ['ctc', { predictions: { shape: [1, 3, 3], data: [...P, 1, -1, 0.5] }, targets: { shape: [1, 2], data: [1, 2] } }, { fromLogits: true }],
    ['maskedSequenceCrossEntropy', { predictions: { shape: [1, 2, 3], data: P }, targets: { shape: [1, 2], data: [2, -1] } }, {}],
  ];

  it('covers every differentiable loss', () => {
    const differentiable = Object.entries(losses).filter(([, c]) => c.metadata.differentiable).map(([n]) => n);
    expect(new Set(cases.map(([n]) => n))).toEqual(new Set(differentiable));
  });

  it.each(cases.map(([n, inputs, opts]) => [`${n} ${JSON.stringify(opts)}`, n, inputs, opts] as const))('%s', async (_, name, inputs, opts) => {
    const backend = await createReferenceBackend();
    const loss = createLoss(name, opts);
    const { value, grad } = await backend.valueAndGrad(loss, inputs);
    expect(value.data[0]).toBe((await backend.evaluate(loss, inputs)).data[0]);
    const base = Array.from(inputs.predictions.data as readonly number[]);
    const h = 1e-6;
    for (let i = 0; i < base.length; i++) {
      const at = async (d: number) => {
        const data = [...base];
        data[i] = (data[i] as number) + d;
        return (await backend.evaluate(loss, { ...inputs, predictions: { shape: inputs.predictions.shape, data } })).data[0] as number;
      };
      const fd = ((await at(h)) - (await at(-h))) / (2 * h);
      expect(grad.data[i], `d/dp[${i}]`).toBeCloseTo(fd, 6);
    }
  });
});
