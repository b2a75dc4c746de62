import { losses, optimizers } from '@losskit/core';
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { describe, expect, it } from 'vitest';
import { createTfjsBackend } from './index.js';

describe.each(['cpu', 'wasm'] as const)('tfjs-%s › memory', (name) => {
  it('holds no more tensors after 1,000 Adam steps than after 10', async () => {
    const backend = await createTfjsBackend({ tf, backend: name });
    const run = await backend.optimizer(optimizers.adam({ learningRate: 0.01 }), {
      w: { shape: [3, 2], data: new Float32Array(6).fill(1) },
      b: { shape: [2], data: new Float32Array(2) },
    });
    const grads = { w: { shape: [3, 2], data: new Float32Array(6).fill(0.5) }, b: { shape: [2], data: Float32Array.of(1, -1) } };
    for (let i = 0; i < 10; i++) await run.step(grads);
    const after10 = tf.memory().numTensors;
    for (let i = 0; i < 990; i++) await run.step(grads);
    expect(tf.memory().numTensors).toBe(after10);
    // Adam's first steps move each weight by about the learning rate, against the gradient's sign.
    const { b } = await run.params();
    expect(b?.data[0]).toBeLessThan(-5);
    expect(b?.data[1]).toBeGreaterThan(5);
  });

  it('leaks nothing across loss evaluations', async () => {
    const backend = await createTfjsBackend({ tf, backend: name });
    const inputs = { predictions: { shape: [4], data: Float32Array.of(1, 2, 3, 4) }, targets: { shape: [4], data: Float32Array.of(0, 2, 3, 5) } };
    await backend.valueAndGrad(losses.mse(), inputs);
    const before = tf.memory().numTensors;
    for (let i = 0; i < 50; i++) await backend.valueAndGrad(losses.mse(), inputs);
    expect(tf.memory().numTensors).toBe(before);
  });
});
