// @losskit/adapter-tfjs against hand-written tfjs for the same work, on cpu and wasm.
// Both sides start from host Float32Arrays and end with host arrays, as a user's call does.
// Run: npm run bench -w @losskit/adapter-tfjs   (after npm run build)
import { losses, optimizers } from '@losskit/core';
import { createTfjsBackend } from '@losskit/adapter-tfjs';
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { compare, printTable, randomFloat32 } from './harness.mjs';

const quick = process.argv.includes('--quick');
const names = ['losskit', 'hand-written'];

for (const which of ['cpu', 'wasm']) {
  const backend = await createTfjsBackend({ tf, backend: which });
  const rows = [];

  for (const n of quick ? [1e5] : [1e6, 1e7]) {
    const p = randomFloat32(n, 1);
    const t = randomFloat32(n, 2);
    const mse = losses.mse();
    const handMse = async () => {
      const [v, g] = tf.tidy(() => {
        const d = tf.sub(tf.tensor1d(p), tf.tensor1d(t));
        return [tf.mean(tf.square(d)), tf.mul(d, 2 / n)];
      });
      const out = [await v.data(), await g.data()];
      tf.dispose([v, g]);
      return out;
    };
    const inputs = { predictions: { shape: [n], data: p }, targets: { shape: [n], data: t } };
    const opts = { runs: n >= 1e7 ? 3 : 7, warmup: 1 };
    rows.push(await compare(`MSE value+grad, ${n.toExponential(0)} elements`, {
      losskit: () => backend.valueAndGrad(mse, inputs),
      'hand-written': handMse,
    }, opts));
    // The same without the scan for NaN/Infinity, which hand-written code does not do.
    rows.push(await compare(`MSE value+grad, ${n.toExponential(0)} elements, assumeFinite`, {
      losskit: () => backend.valueAndGrad(mse, inputs, { assumeFinite: true }),
      'hand-written': handMse,
    }, opts));
  }

  const [rowsN, classes] = quick ? [256, 100] : [4096, 1000];
  const logits = randomFloat32(rowsN * classes, 3, -3, 3);
  const labels = Int32Array.from(randomFloat32(rowsN, 4, 0, classes), Math.floor);
  const ce = losses.sparseCategoricalCrossEntropy({ fromLogits: true });
  rows.push(await compare(`softmax CE value+grad, [${rowsN}, ${classes}]`, {
    losskit: () => backend.valueAndGrad(ce, { predictions: { shape: [rowsN, classes], data: logits }, targets: { shape: [rowsN], data: labels } }),
    'hand-written': async () => {
      const [v, g] = tf.tidy(() => {
        const x = tf.tensor2d(logits, [rowsN, classes]);
        const y = tf.oneHot(tf.tensor1d(labels, 'int32'), classes).toFloat();
        const logp = tf.logSoftmax(x);
        return [tf.neg(tf.mean(tf.sum(tf.mul(y, logp), -1))), tf.div(tf.sub(tf.exp(logp), y), rowsN)];
      });
      const out = [await v.data(), await g.data()];
      tf.dispose([v, g]);
      return out;
    },
  }, { runs: 5, warmup: 1 }));

  const size = quick ? 1e4 : 1e6;
  const grads = randomFloat32(size, 5);
  const run = await backend.optimizer(optimizers.adam({ learningRate: 1e-3 }), { w: { shape: [size], data: randomFloat32(size, 6) } });
  const w = tf.variable(tf.tensor1d(randomFloat32(size, 6)));
  const m = tf.variable(tf.zeros([size]));
  const v = tf.variable(tf.zeros([size]));
  let step = 0;
  rows.push(await compare(`Adam step, ${size.toExponential(0)} parameters`, {
    losskit: () => run.step({ w: { shape: [size], data: grads } }),
    'hand-written': async () => {
      step += 1;
      tf.tidy(() => {
        const g = tf.tensor1d(grads);
        m.assign(tf.add(tf.mul(m, 0.9), tf.mul(g, 0.1)));
        v.assign(tf.add(tf.mul(v, 0.999), tf.mul(tf.square(g), 0.001)));
        const mHat = tf.div(m, 1 - 0.9 ** step);
        const vHat = tf.div(v, 1 - 0.999 ** step);
        w.assign(tf.sub(w, tf.mul(tf.div(mHat, tf.add(tf.sqrt(vHat), 1e-8)), 1e-3)));
      });
      await w.data();
    },
  }, { runs: 7, warmup: 2 }));

  printTable(`tfjs-${which}: adapter / hand-written (target ≤ 1.2)`, rows, names);
}
