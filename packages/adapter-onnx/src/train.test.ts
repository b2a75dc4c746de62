import { type Backend, createReferenceBackend, losses, models, optimizers, seededRandom, train } from '@losskit/core';
import * as ort from 'onnxruntime-node';
import { describe, expect, it } from 'vitest';
import { createOnnxBackend } from './index.js';

/** Three Gaussian blobs in 2-D, 150 points: the last batch of 32 is a short one (22). */
function blobs(): { x: { shape: number[]; data: Float64Array }; y: { shape: number[]; data: Int32Array } } {
  const r = seededRandom(7);
  const centres = [[0, 2], [2, -1], [-2, -1]] as const;
  const n = 150;
  const x = new Float64Array(n * 2);
  const y = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    const c = i % 3;
    y[i] = c;
    for (let f = 0; f < 2; f++) x[i * 2 + f] = (centres[c]?.[f] ?? 0) + 0.6 * Math.sqrt(-2 * Math.log(1 - r())) * Math.cos(2 * Math.PI * r());
  }
  return { x: { shape: [n, 2], data: x }, y: { shape: [n], data: y } };
}

const fit = (backend: Backend) => train({
  backend,
  model: models.mlp({ inputs: 2, hidden: [8], outputs: 3, task: 'multiclass' }),
  loss: losses.sparseCategoricalCrossEntropy({ fromLogits: true }),
  optimizer: optimizers.adam({ learningRate: 0.05 }),
  data: blobs(),
  epochs: 15,
  batchSize: 32,
  seed: 3,
  dtype: 'float64',
});

describe('onnx › train', () => {
  it('an MLP trains through the core train loop, one ONNX graph per step, on the reference backend trajectory', async () => {
    const onnx = await fit(await createOnnxBackend({ ort }));
    const reference = await fit(await createReferenceBackend());
    expect(onnx.history.at(-1)?.metric).toBeGreaterThanOrEqual(0.95);
    onnx.history.forEach((h, i) => expect(h.loss).toBeCloseTo(reference.history[i]?.loss ?? Number.NaN, 8));
  });
});
