// Tutorial: linear regression on generated house prices, with MSE and an L2 penalty.
// Run after `npm install` with: node examples/house-prices.mjs
import { createReferenceBackend, losses, models, optimizers, regularizers, train } from '@losskit/core';

// 1. Data: 200 houses. price = 3000·area + 20000·rooms − 1500·age + 40000, plus noise.
//    A seeded generator, so every run prints the same numbers.
let seed = 7;
const random = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
const n = 200;
const area = Float64Array.from({ length: n }, () => 40 + 160 * random()); // m²
const rooms = Float64Array.from(area, (a) => Math.max(1, Math.round(a / 35 + 2 * (random() - 0.5))));
const age = Float64Array.from({ length: n }, () => 60 * random()); // years
const price = Float64Array.from(area, (a, i) => 3000 * a + 20000 * rooms[i] - 1500 * age[i] + 40000 + 20000 * (random() - 0.5));

// 2. Standardise features and target, so one learning rate suits every weight.
const standardise = (v) => {
  const mean = v.reduce((s, x) => s + x, 0) / v.length;
  const sd = Math.sqrt(v.reduce((s, x) => s + (x - mean) ** 2, 0) / v.length);
  return { mean, sd, z: Float64Array.from(v, (x) => (x - mean) / sd) };
};
const columns = [area, rooms, age].map(standardise);
const target = standardise(price);
const x = new Float64Array(n * 3);
for (let i = 0; i < n; i++) columns.forEach((c, f) => (x[i * 3 + f] = c.z[i]));

// 3. Train: a linear model, mean squared error plus 1e-3·Σw², Adam, mini-batches of 32.
const backend = await createReferenceBackend();
const { history, params, trainer } = await train({
  backend,
  model: models.linear({ inputs: 3 }),
  loss: losses.mse(),
  regularizer: regularizers.l2(1e-3),
  optimizer: optimizers.adam({ learningRate: 0.05 }),
  data: { x: { shape: [n, 3], data: x }, y: { shape: [n], data: target.z } },
  epochs: 60,
  batchSize: 32,
  seed: 1,
});

// 4. Report: R² on the training data, the error in currency units, and the weights back in
//    the original units (price per m², per room, per year of age).
const last = history.at(-1);
const w = Array.from(params.w0.data, (v, f) => (v * target.sd) / columns[f].sd);
// The epoch loss includes the penalty: the error itself comes from the model's predictions.
const predicted = await trainer.predict({ shape: [n, 3], data: x });
const rmse = Math.sqrt(predicted.data.reduce((s, p, i) => s + (p * target.sd + target.mean - price[i]) ** 2, 0) / n);
console.log(`epoch ${last.epoch}  loss ${last.loss.toFixed(5)}  r2 ${last.metric.toFixed(4)}`);
console.log(`per m² ${w[0].toFixed(0)}  per room ${w[1].toFixed(0)}  per year ${w[2].toFixed(0)}`);
console.log(`final r2 ${last.metric.toFixed(4)}  rmse ${rmse.toFixed(0)}`);
