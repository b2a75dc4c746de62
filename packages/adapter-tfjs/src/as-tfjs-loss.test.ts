import { losses } from '@losskit/core';
import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { asTfjsLoss, createTfjsBackend } from './index.js';
import { seeded } from './test-helpers.js';

describe('asTfjsLoss', () => {
  it('trains a tfjs-layers classifier: the loss goes down', async () => {
    await createTfjsBackend({ tf, backend: 'cpu' });
    const rand = seeded(3);
    const n = 200;
    const xs: number[] = [];
    const ys: number[] = [];
    for (let i = 0; i < n; i++) {
      const a = rand(-1, 1);
      const b = rand(-1, 1);
      xs.push(a, b);
      ys.push(a + b > 0 ? 1 : 0);
    }
    const model = tf.sequential({ layers: [tf.layers.dense({ units: 1, inputShape: [2], kernelInitializer: tf.initializers.glorotUniform({ seed: 1 }) })] });
    model.compile({ optimizer: tf.train.adam(0.05), loss: asTfjsLoss(losses.binaryCrossEntropy({ fromLogits: true }), { tf }) });
    const history = await model.fit(tf.tensor2d(xs, [n, 2]), tf.tensor2d(ys, [n, 1]), { epochs: 30, batchSize: 50, verbose: 0, shuffle: false });
    const curve = history.history.loss as number[];
    expect(curve[curve.length - 1]).toBeLessThan((curve[0] as number) * 0.5);
  });

  it('gives losskit value and gradient to tfjs', async () => {
    await createTfjsBackend({ tf, backend: 'cpu' });
    const fn = asTfjsLoss(losses.huber({ delta: 1 }), { tf });
    const yTrue = tf.tensor1d([0, 0, 0, 0]);
    const yPred = tf.tensor1d([0.5, -0.5, 2, -3]);
    const value = (await fn(yTrue, yPred).data())[0] as number;
    // ½·0.25, ½·0.25, 2 − ½, 3 − ½, averaged
    expect(value).toBeCloseTo((0.125 + 0.125 + 1.5 + 2.5) / 4, 6);
    const g = await tf.grad((p: tf.Tensor) => fn(yTrue, p))(yPred).data();
    expect(Array.from(g)).toEqual([0.125, -0.125, 0.25, -0.25]);
  });
});
