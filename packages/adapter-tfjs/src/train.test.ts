import { losses, models, optimizers, train } from '@losskit/core';
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { standardizedIris } from '@losskit/conformance';
import { describe, expect, it } from 'vitest';
import { createTfjsBackend } from './index.js';

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
      data: standardizedIris('float32'),
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
