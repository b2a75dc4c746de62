import { type HostTensor, type Loss, losses } from '@losskit/core';
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { describe, expect, it } from 'vitest';
import { createTfjsBackend } from './index.js';
import { randomTensor, seeded } from './test-helpers.js';

// tfjs's own losses (tf.losses.*) against losskit with the matching options: the numbers a
// tfjs user migrating to losskit checks first. tfjs reduces by SUM_BY_NONZERO_WEIGHTS.
const N = 16;
const D = 5;
const rand = seeded(7);
const preds = randomTensor([N, D], () => rand(-2, 2));
const labels = randomTensor([N, D], () => rand(-2, 2));
const probs = randomTensor([N, D], () => rand(0.02, 0.98));
const binary = randomTensor([N, D], () => (rand() < 0.5 ? 0 : 1));
const onehot = randomTensor([N, D], () => 0);
for (let i = 0; i < N; i++) onehot.data[i * D + Math.floor(rand(0, D))] = 1;
const weights = randomTensor([N, 1], () => (rand() < 0.25 ? 0 : rand(0.5, 2)));
const rowWeights = { dtype: 'float32' as const, shape: [N], data: weights.data };

const t = (h: { shape: readonly number[]; data: Float32Array }): tf.Tensor => tf.tensor(h.data, [...h.shape]);
const nz = 'sum-by-nonzero-weights' as const;

interface Case {
  readonly name: string;
  readonly loss: Loss;
  readonly inputs: { predictions: HostTensor; targets: HostTensor; weights?: HostTensor };
  readonly tfjs: () => tf.Tensor;
}

const cases: Case[] = [
  { name: 'meanSquaredError', loss: losses.mse({ reduction: nz }), inputs: { predictions: preds, targets: labels, weights },
    tfjs: () => tf.losses.meanSquaredError(t(labels), t(preds), t(weights)) },
  { name: 'absoluteDifference', loss: losses.mae({ reduction: nz }), inputs: { predictions: preds, targets: labels, weights },
    tfjs: () => tf.losses.absoluteDifference(t(labels), t(preds), t(weights)) },
  { name: 'huberLoss', loss: losses.huber({ delta: 0.7, reduction: nz }), inputs: { predictions: preds, targets: labels, weights },
    tfjs: () => tf.losses.huberLoss(t(labels), t(preds), t(weights), 0.7) },
  { name: 'hingeLoss', loss: losses.hinge({ targetEncoding: 'binary', reduction: nz }), inputs: { predictions: preds, targets: binary },
    tfjs: () => tf.losses.hingeLoss(t(binary), t(preds)) },
  { name: 'logLoss', loss: losses.binaryCrossEntropy({ epsilon: 0, logEpsilon: 1e-7, reduction: nz }), inputs: { predictions: probs, targets: binary, weights },
    tfjs: () => tf.losses.logLoss(t(binary), t(probs), t(weights)) },
  { name: 'sigmoidCrossEntropy', loss: losses.binaryCrossEntropy({ fromLogits: true, labelSmoothing: 0.1, reduction: nz }), inputs: { predictions: preds, targets: binary, weights },
    tfjs: () => tf.losses.sigmoidCrossEntropy(t(binary), t(preds), t(weights), 0.1) },
  { name: 'softmaxCrossEntropy', loss: losses.categoricalCrossEntropy({ fromLogits: true, labelSmoothing: 0.2, reduction: nz }), inputs: { predictions: preds, targets: onehot, weights: rowWeights },
    tfjs: () => tf.losses.softmaxCrossEntropy(t(onehot), t(preds), t(rowWeights), 0.2) },
];

describe.each(['cpu', 'wasm'] as const)('tfjs-%s › tf.losses parity', (name) => {
  it.each(cases)('$name', async (c) => {
    const backend = await createTfjsBackend({ tf, backend: name });
    const ours = (await backend.evaluate(c.loss, c.inputs)).data[0] as number;
    const theirs = (await c.tfjs().data())[0] as number;
    expect(Math.abs(ours - theirs)).toBeLessThanOrEqual(2e-5 * Math.abs(theirs) + 1e-6);
  });

  it('gradients equal tf.grad of the tfjs loss', async () => {
    const backend = await createTfjsBackend({ tf, backend: name });
    const { grad } = await backend.valueAndGrad(losses.huber({ delta: 0.7, reduction: nz }), { predictions: preds, targets: labels, weights });
    const theirs = await tf.grad((p: tf.Tensor) => tf.losses.huberLoss(t(labels), p, t(weights), 0.7))(t(preds)).data();
    theirs.forEach((g, i) => expect(Math.abs((grad.data[i] as number) - g)).toBeLessThanOrEqual(1e-6 + 2e-5 * Math.abs(g)));
  });
});
