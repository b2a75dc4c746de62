// losskit quickstart: a loss value, its gradient, and a small model trained with Adam.
// Run after set-up with: node examples/quickstart.mjs
import { createReferenceBackend, losses, optimizers } from '@losskit/core';

const backend = await createReferenceBackend();

// 1. scikit-learn's mean_squared_error example: 0.375.
const mse = await backend.evaluate(losses.mse(), {
  predictions: { shape: [4], data: [2.5, 0.0, 2, 8] },
  targets: { shape: [4], data: [3, -0.5, 2, 7] },
});
console.log('MSE', mse.data[0]);

// 2. Sparse categorical cross-entropy on logits, with the gradient with respect to the logits.
const { value, grad } = await backend.valueAndGrad(losses.sparseCategoricalCrossEntropy({ fromLogits: true }), {
  predictions: { shape: [2, 3], data: [2.0, 1.0, 0.1, 0.5, 2.5, 0.3] },
  targets: { shape: [2], data: [0, 1], dtype: 'int32' },
});
console.log('cross-entropy', value.data[0].toFixed(6), 'gradient', Array.from(grad.data, (g) => g.toFixed(4)).join(' '));

// 3. Fit price = w·area + b on seeded synthetic houses with MSE and Adam.
let seed = 42;
const random = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
const n = 64;
const area = Float64Array.from({ length: n }, () => 0.5 + 2 * random()); // hundreds of m²
const price = Float64Array.from(area, (a) => 3 * a + 1 + 0.1 * (random() - 0.5));

const loss = losses.mse();
const run = await backend.optimizer(optimizers.adam({ learningRate: 0.1 }), {
  w: { shape: [1], data: [0] },
  b: { shape: [1], data: [0] },
});
for (let step = 0; step <= 600; step++) {
  const { w, b } = await run.params();
  const predictions = { shape: [n], data: Float64Array.from(area, (a) => w.data[0] * a + b.data[0]) };
  const { value: l, grad: dp } = await backend.valueAndGrad(loss, { predictions, targets: { shape: [n], data: price } });
  // Chain rule from the predictions to the parameters.
  let gw = 0;
  let gb = 0;
  for (let i = 0; i < n; i++) {
    gw += dp.data[i] * area[i];
    gb += dp.data[i];
  }
  if (step % 150 === 0) console.log(`step ${step}  loss ${l.data[0].toFixed(5)}  w ${w.data[0].toFixed(3)}  b ${b.data[0].toFixed(3)}`);
  await run.step({ w: { shape: [1], data: [gw] }, b: { shape: [1], data: [gb] } });
}
