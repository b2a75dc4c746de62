// The reference backend against plain JavaScript loops doing the same work in float64.
// Run: npm run bench -w @losskit/core   (after npm run build)
import { createReferenceBackend, losses, optimizers } from '@losskit/core';
import { compare, printTable, randomFloat32 } from './harness.mjs';

const quick = process.argv.includes('--quick');
const backend = await createReferenceBackend();
const rows = [];

for (const n of quick ? [1e5] : [1e6]) {
  const p = Float64Array.from(randomFloat32(n, 1));
  const t = Float64Array.from(randomFloat32(n, 2));
  const mse = losses.mse();
  rows.push(await compare(`MSE value+grad, ${n.toExponential(0)}`, {
    losskit: () => backend.valueAndGrad(mse, { predictions: { shape: [n], data: p }, targets: { shape: [n], data: t } }),
    'plain loop': () => {
      const g = new Float64Array(n);
      let s = 0;
      for (let i = 0; i < n; i++) {
        const d = p[i] - t[i];
        s += d * d;
        g[i] = (2 * d) / n;
      }
      return s / n;
    },
  }));
  const h = losses.huber({ delta: 0.5 });
  rows.push(await compare(`Huber value+grad, ${n.toExponential(0)}`, {
    losskit: () => backend.valueAndGrad(h, { predictions: { shape: [n], data: p }, targets: { shape: [n], data: t } }),
    'plain loop': () => {
      const g = new Float64Array(n);
      let s = 0;
      for (let i = 0; i < n; i++) {
        const r = p[i] - t[i];
        const a = Math.abs(r);
        s += a <= 0.5 ? 0.5 * r * r : 0.5 * (a - 0.25);
        g[i] = (a <= 0.5 ? r : 0.5 * Math.sign(r)) / n;
      }
      return s / n;
    },
  }));
}

const [rowsN, classes] = quick ? [256, 100] : [1024, 1000];
const logits = Float64Array.from(randomFloat32(rowsN * classes, 3, -3, 3));
const labels = Int32Array.from(randomFloat32(rowsN, 4, 0, classes), Math.floor);
const ce = losses.sparseCategoricalCrossEntropy({ fromLogits: true });
rows.push(await compare(`softmax CE value+grad, [${rowsN}, ${classes}]`, {
  losskit: () => backend.valueAndGrad(ce, { predictions: { shape: [rowsN, classes], data: logits }, targets: { shape: [rowsN], data: labels } }),
  'plain loop': () => {
    const g = new Float64Array(rowsN * classes);
    let total = 0;
    for (let r = 0; r < rowsN; r++) {
      const o = r * classes;
      let m = -Infinity;
      for (let k = 0; k < classes; k++) m = Math.max(m, logits[o + k]);
      let s = 0;
      for (let k = 0; k < classes; k++) s += Math.exp(logits[o + k] - m);
      const lse = m + Math.log(s);
      total += lse - logits[o + labels[r]];
      for (let k = 0; k < classes; k++) g[o + k] = (Math.exp(logits[o + k] - lse) - (k === labels[r] ? 1 : 0)) / rowsN;
    }
    return total / rowsN;
  },
}));

const size = quick ? 1e4 : 1e6;
const grads = Float64Array.from(randomFloat32(size, 5));
const run = await backend.optimizer(optimizers.adam({ learningRate: 1e-3 }), { w: { shape: [size], data: Float64Array.from(randomFloat32(size, 6)) } });
const w = Float64Array.from(randomFloat32(size, 6));
const m = new Float64Array(size);
const v = new Float64Array(size);
let step = 0;
rows.push(await compare(`Adam step, ${size.toExponential(0)}`, {
  losskit: () => run.step({ w: { shape: [size], data: grads } }),
  'plain loop': () => {
    step += 1;
    const c1 = 1 - 0.9 ** step;
    const c2 = 1 - 0.999 ** step;
    for (let i = 0; i < size; i++) {
      m[i] = 0.9 * m[i] + 0.1 * grads[i];
      v[i] = 0.999 * v[i] + 0.001 * grads[i] * grads[i];
      w[i] -= (1e-3 * (m[i] / c1)) / (Math.sqrt(v[i] / c2) + 1e-8);
    }
  },
}));

printTable('reference backend / plain JavaScript loop (float64)', rows, ['losskit', 'plain loop']);
