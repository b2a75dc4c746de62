import { type HostTensor, losses } from '@losskit/core';
import * as ort from 'onnxruntime-node';
import { describe, expect, it } from 'vitest';
import { attr } from './graph-builder.js';
import { createOnnxBackend } from './index.js';
import { DataType, onnx } from './onnx-proto.js';

// ORT's own SoftmaxCrossEntropyLoss and NegativeLogLikelihoodLoss (classes on axis 1) against
// losskit's sparse cross-entropy (classes on the last axis) with the matching options.

async function ortLoss(op: 'SoftmaxCrossEntropyLoss' | 'NegativeLogLikelihoodLoss', reduction: string, ignore: number | undefined,
  scores: HostTensor, labels: HostTensor, classWeights?: HostTensor): Promise<Float32Array> {
  const attributes = [onnx.AttributeProto.create({ name: 'reduction', type: onnx.AttributeProto.AttributeType.STRING, s: new TextEncoder().encode(reduction) })];
  if (ignore !== undefined) attributes.push(attr.int('ignore_index', ignore));
  const inputs = ['scores', 'labels', ...(classWeights === undefined ? [] : ['weights'])];
  const vi = (name: string, elemType: number) => onnx.ValueInfoProto.create({ name, type: { tensorType: { elemType } } });
  const model = onnx.ModelProto.create({
    irVersion: 8, opsetImport: [{ domain: '', version: 18 }],
    graph: {
      name: 'g', node: [{ opType: op, input: inputs, output: ['loss'], attribute: attributes }],
      input: [vi('scores', DataType.FLOAT), vi('labels', DataType.INT64), ...(classWeights === undefined ? [] : [vi('weights', DataType.FLOAT)])],
      output: [vi('loss', DataType.FLOAT)],
    },
  });
  const session = await ort.InferenceSession.create(onnx.ModelProto.encode(model).finish());
  const feeds: Record<string, ort.Tensor> = {
    scores: new ort.Tensor('float32', scores.data as Float32Array, [...scores.shape]),
    labels: new ort.Tensor('int64', BigInt64Array.from(Array.from(labels.data, BigInt)), [...labels.shape]),
  };
  if (classWeights !== undefined) feeds.weights = new ort.Tensor('float32', classWeights.data as Float32Array, [...classWeights.shape]);
  return (await session.run(feeds)).loss?.data as Float32Array;
}

/** [N, C, d] → [N, d, C]: ONNX puts classes on axis 1, losskit on the last. */
function classesLast(t: HostTensor): HostTensor {
  const [n = 1, c = 1, d = 1] = t.shape;
  const out = new Float32Array(n * c * d);
  for (let i = 0; i < n; i++) for (let k = 0; k < c; k++) for (let j = 0; j < d; j++) out[(i * d + j) * c + k] = t.data[(i * c + k) * d + j] as number;
  return { dtype: 'float32', shape: t.shape.length === 2 ? [n, c] : [n, d, c], data: out };
}

const logits: HostTensor = { dtype: 'float32', shape: [4, 3, 2], data: Float32Array.from({ length: 24 }, (_, i) => Math.sin(1.7 * i) * 2) };
const labels: HostTensor = { dtype: 'int32', shape: [4, 2], data: Int32Array.of(0, 2, 1, -1, 2, 2, -1, 0) };
const classWeights: HostTensor = { dtype: 'float32', shape: [3], data: Float32Array.of(0.5, 2, 1) };

describe.each(['mean', 'sum', 'none'] as const)('ORT SoftmaxCrossEntropyLoss parity › %s', (reduction) => {
  it.each([
    { name: 'N-d, ignore_index −1, class weights', ignore: -1, weights: true },
    { name: 'N-d, ignore_index −1', ignore: -1, weights: false },
  ])('$name', async ({ ignore, weights }) => {
    const backend = await createOnnxBackend({ ort });
    const theirs = await ortLoss('SoftmaxCrossEntropyLoss', reduction, ignore, logits, labels, weights ? classWeights : undefined);
    // class weights are per-sample weights w[y]: PyTorch's and ONNX's weighted mean divides by Σ w[y] over kept samples
    const sampleWeights: HostTensor | undefined = weights
      ? { dtype: 'float32', shape: [4, 2], data: Float32Array.from(labels.data, (y) => (y < 0 ? 0 : (classWeights.data[y] as number))) }
      : undefined;
    const loss = losses.sparseCategoricalCrossEntropy({ fromLogits: true, ignoreIndex: ignore, reduction });
    const ours = await backend.evaluate(loss, { predictions: classesLast(logits), targets: labels, weights: sampleWeights });
    expect(ours.data.length).toBe(theirs.length);
    theirs.forEach((v, i) => expect(ours.data[i]).toBeCloseTo(v, 5));
  });
});

describe('ORT NegativeLogLikelihoodLoss parity', () => {
  it('matches sparse cross-entropy on log-probabilities (mean, ignore_index)', async () => {
    const backend = await createOnnxBackend({ ort });
    const flat: HostTensor = { dtype: 'float32', shape: [6, 3], data: Float32Array.from({ length: 18 }, (_, i) => Math.cos(i)) };
    // log-softmax rows in plain JS, so NLL sees log-probabilities
    const logp = Float32Array.from(flat.data);
    for (let r = 0; r < 6; r++) {
      const row = Array.from(logp.slice(r * 3, r * 3 + 3));
      const m = Math.max(...row);
      const lse = m + Math.log(row.reduce((s, v) => s + Math.exp(v - m), 0));
      for (let k = 0; k < 3; k++) logp[r * 3 + k] = (row[k] as number) - lse;
    }
    const y: HostTensor = { dtype: 'int32', shape: [6], data: Int32Array.of(0, 1, 2, 7, 1, 0) };
    const theirs = await ortLoss('NegativeLogLikelihoodLoss', 'mean', 7, { dtype: 'float32', shape: [6, 3], data: logp }, y);
    const ours = await backend.evaluate(losses.sparseCategoricalCrossEntropy({ fromLogits: true, ignoreIndex: 7 }), { predictions: { dtype: 'float32', shape: [6, 3], data: logp }, targets: y });
    expect(ours.data[0]).toBeCloseTo(theirs[0] as number, 5);
  });
});
