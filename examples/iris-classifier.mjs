// Tutorial: an iris classifier with sparse categorical cross-entropy and Adam.
// Run after `npm install` with: node examples/iris-classifier.mjs
import { readFileSync } from 'node:fs';
import { createReferenceBackend, losses, metrics, models, optimizers, train } from '@losskit/core';

// 1. Data: Fisher's iris (150 flowers, 4 measurements, 3 species) from the CSV beside this file.
const [header, ...lines] = readFileSync(new URL('./iris.csv', import.meta.url), 'utf8').trim().split('\n');
const rows = lines.map((l) => l.split(','));
const species = [...new Set(rows.map((r) => r[4]))].sort();
const n = rows.length;
console.log(`${n} flowers, features ${header.split(',').slice(0, 4).join(', ')}, classes ${species.join(', ')}`);

// 2. Standardise each measurement; labels are class indices (int32), as sparse losses take them.
const x = new Float64Array(n * 4);
for (let f = 0; f < 4; f++) {
  const col = rows.map((r) => Number(r[f]));
  const mean = col.reduce((s, v) => s + v, 0) / n;
  const sd = Math.sqrt(col.reduce((s, v) => s + (v - mean) ** 2, 0) / n);
  col.forEach((v, i) => (x[i * 4 + f] = (v - mean) / sd));
}
const y = Int32Array.from(rows, (r) => species.indexOf(r[4]));

// 3. Train: a small MLP (4 → 16 tanh → 3 logits), cross-entropy on the logits, Adam.
const backend = await createReferenceBackend();
const { history, trainer } = await train({
  backend,
  model: models.mlp({ inputs: 4, hidden: [16], outputs: 3, activation: 'tanh' }),
  loss: losses.sparseCategoricalCrossEntropy({ fromLogits: true }),
  optimizer: optimizers.adam({ learningRate: 0.02 }),
  data: { x: { shape: [n, 4], data: x }, y: { shape: [n], dtype: 'int32', data: y } },
  epochs: 80,
  batchSize: 16,
  seed: 1,
  onEpoch: (r) => {
    if (r.epoch % 20 === 0) console.log(`epoch ${r.epoch}  loss ${r.loss.toFixed(4)}  accuracy ${r.metric.toFixed(4)}`);
  },
});

// 4. Report the training accuracy from the trained model's logits.
const logits = await trainer.predict({ shape: [n, 4], data: x });
const accuracy = metrics.accuracy(logits, { shape: [n], dtype: 'int32', data: y });
console.log(`final loss ${history.at(-1).loss.toFixed(4)}  accuracy ${accuracy.toFixed(4)}`);
