// @losskit/adapter-onnx against raw session.run of a hand-built equivalent ONNX graph, and
// against a plain JavaScript loop, side by side in one process.
// Run: npm run bench -w @losskit/adapter-onnx   (after npm run build)
import { losses, optimizerPrograms, optimizers } from '@losskit/core';
import { createOnnxBackend } from '@losskit/adapter-onnx';
import * as ort from 'onnxruntime-node';
import protoPackage from 'onnx-proto';
import { compare, randomFloat32 } from './harness.mjs';

const { onnx } = protoPackage;
const quick = process.argv.includes('--quick');
const F = onnx.TensorProto.DataType.FLOAT;
const I64 = onnx.TensorProto.DataType.INT64;
const vi = (name, elemType, dims) => ({ name, type: { tensorType: { elemType, shape: { dim: dims.map((d) => (typeof d === 'number' ? { dimValue: d } : { dimParam: d })) } } } });
const scalar = (name, v) => ({ name, dataType: F, dims: [], rawData: new Uint8Array(Float32Array.of(v).buffer) });
async function session(nodes, inputs, outputs, initializer = []) {
  const model = onnx.ModelProto.create({ irVersion: 8, opsetImport: [{ domain: '', version: 18 }], graph: { name: 'raw', node: nodes, input: inputs, output: outputs, initializer } });
  return ort.InferenceSession.create(onnx.ModelProto.encode(model).finish());
}

const backend = await createOnnxBackend({ ort });
const rows = [];
const line = (label, r) => rows.push({ label, ...r });

// MSE value + gradient: d = p − t; value = mean(d²); grad = d · (2/n)
const mseRaw = await session([
  { opType: 'Sub', input: ['p', 't'], output: ['d'] },
  { opType: 'Mul', input: ['d', 'd'], output: ['sq'] },
  { opType: 'ReduceMean', input: ['sq'], output: ['value'], attribute: [{ name: 'keepdims', type: 2, i: 0 }] },
  { opType: 'Mul', input: ['d', 'c'], output: ['grad'] },
], [vi('p', F, ['n']), vi('t', F, ['n']), vi('c', F, [])], [vi('value', F, []), vi('grad', F, ['n'])]);
for (const n of quick ? [1e4] : [1e6, 1e7]) {
  const p = randomFloat32(n, 1);
  const t = randomFloat32(n, 2);
  const mse = losses.mse();
  const feeds = { p: new ort.Tensor('float32', p, [n]), t: new ort.Tensor('float32', t, [n]), c: new ort.Tensor('float32', Float32Array.of(2 / n), []) };
  const raw = async () => { const o = await mseRaw.run(feeds); return [o.value.data, o.grad.data]; };
  const plain = () => { const g = new Float32Array(n); let s = 0; for (let i = 0; i < n; i++) { const d = p[i] - t[i]; s += d * d; g[i] = (2 * d) / n; } return s / n; };
  const opts = { runs: n >= 1e7 ? 3 : 7, warmup: 1 };
  const inputs = { predictions: { shape: [n], data: p }, targets: { shape: [n], data: t } };
  line(`MSE value+grad, ${n.toExponential(0)}`, (await compare('', { losskit: () => backend.valueAndGrad(mse, inputs), raw, plain }, opts)).medians);
  line(`MSE value+grad, ${n.toExponential(0)}, assumeFinite`, (await compare('', { losskit: () => backend.valueAndGrad(mse, inputs, { assumeFinite: true }), raw, plain }, opts)).medians);
}

// Softmax cross-entropy value + gradient with ORT's own SoftmaxCrossEntropyLoss for the value
{
  const [n, k] = quick ? [256, 100] : [4096, 1000];
  const logits = randomFloat32(n * k, 3, -3, 3);
  const labels = Int32Array.from(randomFloat32(n, 4, 0, k), Math.floor);
  const ceRaw = await session([
    { opType: 'SoftmaxCrossEntropyLoss', input: ['x', 'y'], output: ['value', 'logp'], attribute: [{ name: 'reduction', type: 3, s: new TextEncoder().encode('mean') }] },
    { opType: 'Exp', input: ['logp'], output: ['prob'] },
    { opType: 'OneHot', input: ['y', 'depth', 'onoff'], output: ['oh'], attribute: [{ name: 'axis', type: 2, i: -1 }] },
    { opType: 'Sub', input: ['prob', 'oh'], output: ['diff'] },
    { opType: 'Mul', input: ['diff', 'inv'], output: ['grad'] },
  ], [vi('x', F, ['n', k]), vi('y', I64, ['n'])], [vi('value', F, []), vi('grad', F, ['n', k])], [
    { name: 'depth', dataType: I64, dims: [], rawData: new Uint8Array(BigInt64Array.of(BigInt(k)).buffer) },
    { name: 'onoff', dataType: F, dims: [2], rawData: new Uint8Array(Float32Array.of(0, 1).buffer) },
    scalar('inv', 1 / n),
  ]);
  const feeds = { x: new ort.Tensor('float32', logits, [n, k]), y: new ort.Tensor('int64', BigInt64Array.from(labels, BigInt), [n]) };
  const ce = losses.sparseCategoricalCrossEntropy({ fromLogits: true });
  const plain = () => {
    const g = new Float32Array(n * k); let total = 0;
    for (let r = 0; r < n; r++) {
      const o = r * k; let m = -Infinity; for (let c = 0; c < k; c++) m = Math.max(m, logits[o + c]);
      let s = 0; for (let c = 0; c < k; c++) s += Math.exp(logits[o + c] - m);
      const lse = m + Math.log(s); total += lse - logits[o + labels[r]];
      for (let c = 0; c < k; c++) g[o + c] = (Math.exp(logits[o + c] - lse) - (c === labels[r] ? 1 : 0)) / n;
    }
    return total / n;
  };
  line(`softmax CE value+grad, [${n}, ${k}]`, (await compare('', {
    losskit: () => backend.valueAndGrad(ce, { predictions: { shape: [n, k], data: logits }, targets: { shape: [n], data: labels } }),
    raw: async () => { const o = await ceRaw.run(feeds); return [o.value.data, o.grad.data]; },
    plain,
  }, { runs: 5, warmup: 1 })).medians);
}

// One Adam step over many parameters: m, v, w updated in one graph
{
  const size = quick ? 1e4 : 1e7;
  const g = randomFloat32(size, 5);
  const w0 = randomFloat32(size, 6);
  const adamRaw = await session([
    { opType: 'Mul', input: ['m', 'b1'], output: ['m1'] }, { opType: 'Mul', input: ['g', 'ib1'], output: ['m2'] }, { opType: 'Add', input: ['m1', 'm2'], output: ['m_new'] },
    { opType: 'Mul', input: ['g', 'g'], output: ['g2'] }, { opType: 'Mul', input: ['v', 'b2'], output: ['v1'] }, { opType: 'Mul', input: ['g2', 'ib2'], output: ['v2'] }, { opType: 'Add', input: ['v1', 'v2'], output: ['v_new'] },
    { opType: 'Mul', input: ['m_new', 'c1'], output: ['mh'] }, { opType: 'Mul', input: ['v_new', 'c2'], output: ['vh'] }, { opType: 'Sqrt', input: ['vh'], output: ['sv'] },
    { opType: 'Add', input: ['sv', 'eps'], output: ['den'] }, { opType: 'Div', input: ['mh', 'den'], output: ['u'] }, { opType: 'Mul', input: ['u', 'lr'], output: ['step'] }, { opType: 'Sub', input: ['w', 'step'], output: ['w_new'] },
  ], [vi('w', F, ['n']), vi('g', F, ['n']), vi('m', F, ['n']), vi('v', F, ['n']), vi('c1', F, []), vi('c2', F, [])],
  [vi('w_new', F, ['n']), vi('m_new', F, ['n']), vi('v_new', F, ['n'])],
  [scalar('b1', 0.9), scalar('ib1', 0.1), scalar('b2', 0.999), scalar('ib2', 0.001), scalar('eps', 1e-8), scalar('lr', 1e-3)]);
  let state = { w: new ort.Tensor('float32', Float32Array.from(w0), [size]), m: new ort.Tensor('float32', new Float32Array(size), [size]), v: new ort.Tensor('float32', new Float32Array(size), [size]) };
  let t = 0;
  const run = await backend.optimizer(optimizers.adam({ learningRate: 1e-3 }), { w: { shape: [size], data: w0 } });
  const m = new Float32Array(size); const v = new Float32Array(size); const w = Float32Array.from(w0); let tp = 0;
  const raw = async () => {
    t += 1;
    const o = await adamRaw.run({ ...state, g: new ort.Tensor('float32', g, [size]), c1: new ort.Tensor('float32', Float32Array.of(1 / (1 - 0.9 ** t)), []), c2: new ort.Tensor('float32', Float32Array.of(1 / (1 - 0.999 ** t)), []) });
    state = { w: o.w_new, m: o.m_new, v: o.v_new };
  };
  const plain = () => {
    tp += 1; const c1 = 1 - 0.9 ** tp; const c2 = 1 - 0.999 ** tp;
    for (let i = 0; i < size; i++) { m[i] = 0.9 * m[i] + 0.1 * g[i]; v[i] = 0.999 * v[i] + 0.001 * g[i] * g[i]; w[i] -= (1e-3 * (m[i] / c1)) / (Math.sqrt(v[i] / c2) + 1e-8); }
  };
  line(`Adam step, ${size.toExponential(0)} parameters`, (await compare('', { losskit: () => run.step({ w: { shape: [size], data: g } }), raw, plain }, { runs: 5, warmup: 1 })).medians);
  // The same update program compiled and fed ORT tensors directly: the adapter without the
  // core's per-step validation of the gradients (a NaN/Infinity scan over all 1e7 values).
  const { init, update } = optimizerPrograms(optimizers.adam({ learningRate: 1e-3 }), { w: [size] });
  const step = await backend.compile(update, { floatDType: 'float32' });
  const gT = new ort.Tensor('float32', g, [size]);
  let held = { 'params/w': new ort.Tensor('float32', Float32Array.from(w0), [size]) };
  held = { ...held, ...(await (await backend.compile(init, { floatDType: 'float32' })).run(held)) };
  line(`Adam step, ${size.toExponential(0)} parameters, compiled program on ORT tensors`, (await compare('', {
    losskit: async () => { held = await step.run({ ...held, 'grads/w': gT }); },
    raw,
    plain,
  }, { runs: 5, warmup: 1 })).medians);
}

// Per-call overhead on a 4-element input
{
  const p = Float32Array.of(1, 2, 3, 4);
  const t = Float32Array.of(0, 2, 3, 5);
  const feeds = { p: new ort.Tensor('float32', p, [4]), t: new ort.Tensor('float32', t, [4]), c: new ort.Tensor('float32', Float32Array.of(0.5), []) };
  const mse = losses.mse();
  const calls = 200;
  const r = await compare('', {
    losskit: async () => { for (let i = 0; i < calls; i++) await backend.valueAndGrad(mse, { predictions: { shape: [4], data: p }, targets: { shape: [4], data: t } }); },
    raw: async () => { for (let i = 0; i < calls; i++) await mseRaw.run(feeds); },
    plain: () => { let s = 0; for (let i = 0; i < calls; i++) for (let k = 0; k < 4; k++) s += (p[k] - t[k]) ** 2; return s; },
  }, { runs: 7, warmup: 2 });
  const per = Object.fromEntries(Object.entries(r.medians).map(([k, v]) => [k, v / calls]));
  line('per call, 4 elements', per);
  console.log(`\nper-call overhead of the adapter above raw session.run: ${((per.losskit - per.raw) * 1000).toFixed(1)} µs (target ≤ 50 µs)`);
}

console.log('\nonnx adapter: times in ms (median), ratios adapter / raw and adapter / plain loop (target adapter / raw ≤ 1.2)');
console.log('| case | losskit | raw session.run | plain JS | losskit / raw | losskit / plain |');
console.log('| --- | ---: | ---: | ---: | ---: | ---: |');
for (const r of rows) {
  const f = (x) => (x < 0.1 ? x.toFixed(4) : x.toFixed(2));
  console.log(`| ${r.label} | ${f(r.losskit)} | ${f(r.raw)} | ${f(r.plain)} | ${(r.losskit / r.raw).toFixed(2)} | ${(r.losskit / r.plain).toFixed(2)} |`);
}
