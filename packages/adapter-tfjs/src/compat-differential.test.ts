import { type HostTensor, compat } from '@losskit/core';
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { describe, expect, it } from 'vitest';
import { createTfjsBackend } from './index.js';
import { randomTensor, seeded } from './test-helpers.js';

// compat.loss('tfjs', name, args) against tfjs itself: every tf.losses function and every
// tfjs-layers loss identifier, over reductions, weights and label smoothing. Rows exist only for
// names whose preset resolves in this version, so a preset added later starts running here.
const N = 12;
const D = 4;
const rand = seeded(11);
const values = randomTensor([N, D], () => rand(-2, 2));
const values2 = randomTensor([N, D], () => rand(-2, 2));
const positive = randomTensor([N, D], () => rand(0.1, 3));
const positive2 = randomTensor([N, D], () => rand(0.1, 3));
const probs = randomTensor([N, D], () => rand(0.02, 0.98));
const binary = randomTensor([N, D], () => (rand() < 0.5 ? 0 : 1));
const signed = randomTensor([N, D], () => (rand() < 0.5 ? -1 : 1));
const onehot = randomTensor([N, D], () => 0);
const classIds = randomTensor([N, 1], () => 0);
for (let i = 0; i < N; i++) {
  const c = Math.floor(rand(0, D));
  onehot.data[i * D + c] = 1;
  classIds.data[i] = c;
}
// Distributions (rows sum to 1) for KL divergence and categorical cross-entropy on probabilities.
const simplex = randomTensor([N, D], () => rand(0.05, 1));
for (let i = 0; i < N; i++) {
  let s = 0;
  for (let j = 0; j < D; j++) s += simplex.data[i * D + j] as number;
  for (let j = 0; j < D; j++) simplex.data[i * D + j] = (simplex.data[i * D + j] as number) / s;
}
const elementWeights = randomTensor([N, D], () => (rand() < 0.25 ? 0 : rand(0.5, 2)));
const rowWeights = randomTensor([N, 1], () => (rand() < 0.25 ? 0 : rand(0.5, 2)));
const exampleWeights: HostTensor = { dtype: 'float32', shape: [N], data: rowWeights.data };

const t = (h: HostTensor): tf.Tensor => tf.tensor(h.data as Float32Array, [...h.shape]);
const REDUCTIONS = ['NONE', 'MEAN', 'SUM', 'SUM_BY_NONZERO_WEIGHTS'] as const;
type TfjsReduction = (typeof REDUCTIONS)[number];

interface CoreCase {
  /** The tf.losses function. */
  readonly name: string;
  /** Our inputs: predictions, targets. */
  readonly predictions: HostTensor;
  readonly targets: HostTensor;
  readonly weights: readonly (HostTensor | undefined)[];
  /** Extra tfjs arguments of the grid, by their tfjs names. */
  readonly extra: readonly Record<string, number>[];
  readonly call: (w: tf.Tensor | undefined, extra: Record<string, number>, r: tf.Reduction) => tf.Tensor;
}

const anyWeights = [undefined, elementWeights, rowWeights];
const CORE: readonly CoreCase[] = [
  { name: 'absoluteDifference', predictions: values, targets: values2, weights: anyWeights, extra: [{}],
    call: (w, _e, r) => tf.losses.absoluteDifference(t(values2), t(values), w, r) },
  { name: 'meanSquaredError', predictions: values, targets: values2, weights: anyWeights, extra: [{}],
    call: (w, _e, r) => tf.losses.meanSquaredError(t(values2), t(values), w, r) },
  { name: 'huberLoss', predictions: values, targets: values2, weights: anyWeights, extra: [{}, { delta: 0.5 }, { delta: 2 }],
    call: (w, e, r) => tf.losses.huberLoss(t(values2), t(values), w, e.delta ?? 1, r) },
  { name: 'hingeLoss', predictions: values, targets: binary, weights: anyWeights, extra: [{}],
    call: (w, _e, r) => tf.losses.hingeLoss(t(binary), t(values), w, r) },
  { name: 'logLoss', predictions: probs, targets: binary, weights: anyWeights, extra: [{}, { epsilon: 1e-3 }],
    call: (w, e, r) => tf.losses.logLoss(t(binary), t(probs), w, e.epsilon ?? 1e-7, r) },
  { name: 'sigmoidCrossEntropy', predictions: values, targets: binary, weights: anyWeights, extra: [{}, { labelSmoothing: 0.1 }, { labelSmoothing: 0.5 }],
    call: (w, e, r) => tf.losses.sigmoidCrossEntropy(t(binary), t(values), w, e.labelSmoothing ?? 0, r) },
  { name: 'softmaxCrossEntropy', predictions: values, targets: onehot, weights: [undefined, exampleWeights], extra: [{}, { labelSmoothing: 0.1 }, { labelSmoothing: 0.3 }],
    call: (w, e, r) => tf.losses.softmaxCrossEntropy(t(onehot), t(values), w, e.labelSmoothing ?? 0, r) },
  { name: 'cosineDistance', predictions: values, targets: values2, weights: [undefined, rowWeights], extra: [{ axis: 1 }],
    call: (w, e, r) => tf.losses.cosineDistance(t(values2), t(values), e.axis ?? 1, w, r) },
];

interface LayersCase {
  readonly id: string;
  readonly predictions: HostTensor;
  readonly targets: HostTensor;
}

const LAYERS: readonly LayersCase[] = [
  { id: 'meanSquaredError', predictions: values, targets: values2 },
  { id: 'meanAbsoluteError', predictions: values, targets: values2 },
  { id: 'meanAbsolutePercentageError', predictions: values, targets: positive },
  { id: 'meanSquaredLogarithmicError', predictions: positive, targets: positive2 },
  { id: 'squaredHinge', predictions: values, targets: signed },
  { id: 'hinge', predictions: values, targets: signed },
  { id: 'categoricalHinge', predictions: values, targets: onehot },
  { id: 'logcosh', predictions: values, targets: values2 },
  { id: 'categoricalCrossentropy', predictions: simplex, targets: onehot },
  { id: 'sparseCategoricalCrossentropy', predictions: simplex, targets: classIds },
  { id: 'binaryCrossentropy', predictions: probs, targets: binary },
  { id: 'kullbackLeiblerDivergence', predictions: simplex, targets: probs },
  { id: 'poisson', predictions: positive, targets: positive2 },
  { id: 'cosineProximity', predictions: values, targets: values2 },
];

const coreRows = CORE.filter((c) => compat.has('tfjs', c.name)).flatMap((c) =>
  REDUCTIONS.flatMap((reduction) => c.weights.flatMap((weights) => c.extra.map((extra) => ({
    label: `${c.name} ${JSON.stringify(extra)} ${reduction} weights ${weights === undefined ? 'none' : `[${weights.shape.join(', ')}]`}`,
    c, reduction, weights, extra,
  })))));
const layersRows = LAYERS.filter((c) => compat.has('tfjs', `layers.${c.id}`));

const covered = [...new Set(coreRows.map((r) => r.c.name))];
// What the differential covers today, in the test's name; the rest arrive with their losses.
const coverage = `tf.losses ${covered.length}/${CORE.length} (${covered.join(', ')}) plus computeWeightedLoss; ` +
  `tfjs-layers ${layersRows.length}/${LAYERS.length} (${layersRows.map((r) => r.id).join(', ')})`;

const close = (ours: ArrayLike<number>, theirs: ArrayLike<number>) => {
  expect(ours.length).toBe(theirs.length);
  for (let i = 0; i < theirs.length; i++) {
    const v = theirs[i] as number;
    expect(Math.abs((ours[i] as number) - v)).toBeLessThanOrEqual(3e-5 * Math.abs(v) + 2e-6);
  }
};

describe('tfjs compat presets against tfjs', () => {
  it(`covers ${coverage}`, () => {
    expect(covered.length).toBe(CORE.filter((c) => compat.has('tfjs', c.name)).length);
    expect(covered.length).toBeGreaterThanOrEqual(7);
    expect(layersRows.length).toBeGreaterThanOrEqual(13);
  });

  describe.each(['cpu', 'wasm'] as const)('tfjs-%s', (backendName) => {
    it.each(coreRows)('tf.losses.$label', async ({ c, reduction, weights, extra }) => {
      const backend = await createTfjsBackend({ tf, backend: backendName });
      const loss = compat.loss('tfjs', c.name, { ...extra, ...(reduction === 'SUM_BY_NONZERO_WEIGHTS' ? {} : { reduction }) });
      const ours = await backend.evaluate(loss, { predictions: c.predictions, targets: c.targets, weights });
      const theirs = tf.tidy(() => c.call(weights === undefined ? undefined : t(weights), extra, tf.Reduction[reduction]));
      expect(ours.shape).toEqual(theirs.shape);
      close(ours.data as Float32Array, await theirs.data());
      theirs.dispose();
    });

    // computeWeightedLoss is tfjs's reduction step alone: the absolute value of non-negative
    // "losses" against zero targets goes through the preset's reduction unchanged.
    it.each(compat.has('tfjs', 'absoluteDifference') ? REDUCTIONS.flatMap((r) => anyWeights.map((w) => ({ r, w }))) : [])(
      'tf.losses.computeWeightedLoss $r', async ({ r, w }) => {
        const backend = await createTfjsBackend({ tf, backend: backendName });
        const zeros: HostTensor = { dtype: 'float32', shape: positive.shape, data: new Float32Array(positive.data.length) };
        const ours = await backend.evaluate(compat.loss('tfjs', 'absoluteDifference', { reduction: r }), { predictions: positive, targets: zeros, weights: w });
        const theirs = tf.tidy(() => tf.losses.computeWeightedLoss(t(positive), w === undefined ? undefined : t(w), tf.Reduction[r]));
        close(ours.data as Float32Array, await theirs.data());
        theirs.dispose();
      },
    );

    it.each(layersRows)('tfjs-layers $id (model.evaluate)', async ({ id, predictions, targets }) => {
      await tf.setBackend(backendName);
      const backend = await createTfjsBackend({ tf, backend: backendName });
      const ours = await backend.evaluate(compat.loss('tfjs', `layers.${id}`), { predictions, targets });
      // An identity model: model.evaluate gives the loss of its inputs as predictions, through tfjs-layers' own training path.
      const model = tf.sequential({ layers: [tf.layers.activation({ activation: 'linear', inputShape: [D] })] });
      model.compile({ optimizer: 'sgd', loss: id });
      const theirs = model.evaluate(t(predictions), t(targets), { batchSize: N }) as tf.Scalar;
      close(ours.data as Float32Array, await theirs.data());
      theirs.dispose();
      model.dispose();
    });
  });
});
