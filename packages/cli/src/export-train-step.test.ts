import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type HostTensor, createReferenceBackend, losses, models, optimizerPrograms, optimizers, seededRandom } from '@losskit/core';
import { afterAll, describe, expect, it } from 'vitest';

const bin = resolve(dirname(fileURLToPath(import.meta.url)), '../bin/losskit.js');
const dir = mkdtempSync(join(tmpdir(), 'losskit-export-step-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function losskit(...args: string[]): { code: number; out: string; err: string } {
  const r = spawnSync(process.execPath, [bin, ...args], { encoding: 'utf8', cwd: dir });
  return { code: r.status ?? -1, out: r.stdout, err: r.stderr };
}

describe('losskit export train-step', () => {
  it('writes forward, loss, backward and the Adam update as one graph that matches the reference trainer step for step', async () => {
    const out = join(dir, 'step.onnx');
    const r = losskit('export', 'train-step', '--model', 'softmax', '--inputs', '4', '--classes', '3', '--optimizer', 'adam', '--param', 'learningRate=0.1', '--out', out);
    expect(r.code, r.err).toBe(0);

    // The same model (seed 0 weights, as the exported step expects them), loss and optimizer, on the reference backend.
    const model = models.softmax({ inputs: 4, classes: 3 });
    const loss = losses.sparseCategoricalCrossEntropy({ fromLogits: true });
    const tx = optimizers.adam({ learningRate: 0.1 });
    const params = model.init({ seed: 0, dtype: 'float64' });
    const backend = await createReferenceBackend();
    const trainer = await backend.trainer({ model, loss, optimizer: tx, params });
    const shapes = Object.fromEntries(Object.entries(params).map(([k, t]) => [k, t.shape]));
    const state = await backend.run(optimizerPrograms(tx, shapes).init, Object.fromEntries(Object.entries(params).map(([k, t]) => [`params/${k}`, t])));

    const ort = await import('onnxruntime-node');
    const session = await ort.InferenceSession.create(readFileSync(out));
    const f32 = (t: HostTensor) => new ort.Tensor('float32', Float32Array.from(t.data), [...t.shape]);
    let feeds: Record<string, InstanceType<typeof ort.Tensor>> = {
      ...Object.fromEntries(Object.entries(params).map(([k, t]) => [`params/${k}`, f32(t)])),
      ...Object.fromEntries(Object.entries(state).map(([k, t]) => [k, t.dtype === 'int32' ? new ort.Tensor('int32', Int32Array.from(t.data), [...t.shape]) : f32(t)])),
    };
    const random = seededRandom(3);
    for (let step = 0; step < 3; step++) {
      const x = { shape: [6, 4], data: Float64Array.from({ length: 24 }, () => random() * 2 - 1) };
      const y = Int32Array.from({ length: 6 }, () => Math.floor(random() * 3));
      const want = await trainer.step({ x, y: { shape: [6], data: y, dtype: 'int32' } });
      const res = await session.run({ ...feeds, x: new ort.Tensor('float32', Float32Array.from(x.data), [6, 4]), y: new ort.Tensor('int32', y, [6]) });
      expect(res['out/loss']?.data[0] as number).toBeCloseTo(want, 5);
      const now = await trainer.params();
      for (const [k, t] of Object.entries(now)) {
        const got = Array.from(res[`params/${k}:out`]?.data as Float32Array);
        got.forEach((v, i) => expect(v, `step ${step + 1} ${k}[${i}]`).toBeCloseTo(t.data[i] as number, 5));
      }
      // The outputs are the next step's inputs: parameters and optimizer state.
      feeds = Object.fromEntries(Object.keys(feeds).map((k) => [k, res[`${k}:out`] as InstanceType<typeof ort.Tensor>]));
    }
  });

  it('needs a model and the number of features, and suggests the closest kind', () => {
    expect(losskit('export', 'train-step', '--inputs', '4', '--out', join(dir, 'x.onnx')).err).toMatch(/BAD_PARAM: --model: --model is required/);
    expect(losskit('export', 'train-step', '--model', 'linear', '--out', join(dir, 'x.onnx')).err).toMatch(/BAD_PARAM: --inputs: --inputs is required/);
    expect(losskit('export', 'train-stp', '--out', join(dir, 'x.onnx')).err).toMatch(/did you mean 'train-step'\?/);
  });
});
