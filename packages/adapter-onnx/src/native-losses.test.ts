import { type HostTensor, compat, losses } from '@losskit/core';
import * as ort from 'onnxruntime-node';
import { describe, expect, it } from 'vitest';
import { attr } from './graph-builder.js';
import { createOnnxBackend } from './index.js';
import { DataType, onnx } from './onnx-proto.js';

// ORT's own SoftmaxCrossEntropyLoss and NegativeLogLikelihoodLoss, as raw one-node graphs,
// against losskit's sparse cross-entropy with the matching options, and against
// compat.loss('onnx', op, attributes) — the same operator by its ONNX name and attributes. ONNX puts classes on axis 1,
// losskit on the last axis; ONNX's class weights are losskit's per-sample weights w[y] (losskit's
// sparse cross-entropy has no class-weights parameter of its own).

type NativeLoss = 'SoftmaxCrossEntropyLoss' | 'NegativeLogLikelihoodLoss';
type Reduction = 'mean' | 'sum' | 'none';

async function ortLoss(op: NativeLoss, reduction: Reduction, ignore: number | undefined, scores: HostTensor, labels: HostTensor, classWeights?: HostTensor): Promise<Float32Array> {
  const attributes = [attr.string('reduction', reduction), ...(ignore === undefined ? [] : [attr.int('ignore_index', ignore)])];
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

/** [N, C, d…] → [N, d…, C]. */
function classesLast(t: HostTensor): HostTensor {
  const [n = 1, c = 1, ...rest] = t.shape;
  const d = rest.reduce((a, b) => a * b, 1);
  const out = new Float32Array(n * c * d);
  for (let i = 0; i < n; i++) for (let k = 0; k < c; k++) for (let j = 0; j < d; j++) out[(i * d + j) * c + k] = t.data[(i * c + k) * d + j] as number;
  return { dtype: 'float32', shape: [n, ...rest, c], data: out };
}

/** Log-softmax over axis 1 of [N, C, d…], in float64: what NegativeLogLikelihoodLoss expects. */
function logSoftmaxAxis1(t: HostTensor): HostTensor {
  const [n = 1, c = 1, ...rest] = t.shape;
  const d = rest.reduce((a, b) => a * b, 1);
  const out = new Float32Array(t.data.length);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < d; j++) {
      const at = (k: number): number => (i * c + k) * d + j;
      let m = -Infinity;
      for (let k = 0; k < c; k++) m = Math.max(m, t.data[at(k)] as number);
      let s = 0;
      for (let k = 0; k < c; k++) s += Math.exp((t.data[at(k)] as number) - m);
      for (let k = 0; k < c; k++) out[at(k)] = (t.data[at(k)] as number) - m - Math.log(s);
    }
  }
  return { dtype: 'float32', shape: t.shape, data: out };
}

const classWeights: HostTensor = { dtype: 'float32', shape: [3], data: Float32Array.of(0.5, 2, 1) };
const cases = [
  { name: '2-D [6, 3]', scores: [6, 3], labels: [0, 2, 1, -1, 2, 0] },
  { name: 'N-d [4, 3, 2]', scores: [4, 3, 2], labels: [0, 2, 1, -1, 2, 2, -1, 0] },
  { name: 'N-d [2, 3, 2, 2]', scores: [2, 3, 2, 2], labels: [0, 2, 1, -1, 2, 2, -1, 0] },
];

describe.each(['SoftmaxCrossEntropyLoss', 'NegativeLogLikelihoodLoss'] as const)('ORT %s parity', (op) => {
  describe.each(['mean', 'sum', 'none'] as const)('%s', (reduction) => {
    it.each(cases.flatMap((c) => [
      { ...c, ignore: -1 as number | undefined, weights: true },
      { ...c, ignore: -1 as number | undefined, weights: false },
      // Without ignore_index every label must be a class.
      { ...c, labels: c.labels.map((y) => (y < 0 ? 1 : y)), ignore: undefined, weights: true },
      { ...c, labels: c.labels.map((y) => (y < 0 ? 1 : y)), ignore: undefined, weights: false },
    ]))('$name, ignore_index $ignore, class weights $weights', async ({ scores: shape, labels: y, ignore, weights }) => {
      const n = shape.reduce((a, b) => a * b, 1);
      const raw: HostTensor = { dtype: 'float32', shape, data: Float32Array.from({ length: n }, (_, i) => Math.sin(1.7 * i) * 2) };
      const scores = op === 'SoftmaxCrossEntropyLoss' ? raw : logSoftmaxAxis1(raw);
      const labels: HostTensor = { dtype: 'int32', shape: [shape[0] as number, ...shape.slice(2)], data: Int32Array.from(y) };
      const theirs = await ortLoss(op, reduction, ignore, scores, labels, weights ? classWeights : undefined);
      // ONNX and PyTorch divide a weighted mean by Σ w[y] over the kept samples: losskit's 'mean' with weights.
      const sampleWeights: HostTensor | undefined = weights
        ? { dtype: 'float32', shape: labels.shape, data: Float32Array.from(labels.data, (c) => (c < 0 ? 0 : (classWeights.data[c] as number))) }
        : undefined;
      // NLL reads log-probabilities: their logits are themselves (log-softmax is idempotent).
      const loss = losses.sparseCategoricalCrossEntropy({ fromLogits: true, ignoreIndex: ignore ?? null, reduction });
      const preset = compat.loss('onnx', op, { reduction, ...(ignore === undefined ? {} : { ignore_index: ignore }) });
      const backend = await createOnnxBackend({ ort });
      for (const l of [loss, preset]) {
        const ours = await backend.evaluate(l, { predictions: classesLast(scores), targets: labels, weights: sampleWeights });
        expect(ours.shape).toEqual(reduction === 'none' ? labels.shape : []);
        expect(ours.data.length).toBe(theirs.length);
        theirs.forEach((v, i) => expect(ours.data[i]).toBeCloseTo(v, 5));
      }
      // The operator's own `weights` input, once losskit's loss takes class weights; until then
      // the preset says it is not supported yet.
      const withWeights = () => compat.loss('onnx', op, { reduction, weights: Array.from(classWeights.data), ...(ignore === undefined ? {} : { ignore_index: ignore }) });
      if (!weights) return;
      if (!Object.hasOwn(losses.sparseCategoricalCrossEntropy.metadata.params, 'classWeights')) {
        expect(withWeights).toThrow(expect.objectContaining({ code: 'BAD_PARAM', where: `compat.onnx.${op}.weights` }));
        return;
      }
      const ours = await backend.evaluate(withWeights(), { predictions: classesLast(scores), targets: labels });
      theirs.forEach((v, i) => expect(ours.data[i]).toBeCloseTo(v, 5));
    });
  });
});
