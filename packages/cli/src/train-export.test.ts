import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type HostTensor, createReferenceBackend, deserializeCheckpoint, losses, models, optimizers } from '@losskit/core';
import { afterAll, describe, expect, it } from 'vitest';

// `losskit train --export`: the .onnx takes raw feature rows, so the standardisation the CLI
// applies must be inside it; checked against the trainer's own predictions from the saved state.
const here = dirname(fileURLToPath(import.meta.url));
const bin = resolve(here, '../bin/losskit.js');
const iris = resolve(here, '../../../examples/iris.csv');
const dir = mkdtempSync(join(tmpdir(), 'losskit-train-export-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function losskit(...args: string[]): { code: number; out: string; err: string } {
  const r = spawnSync(process.execPath, [bin, ...args], { encoding: 'utf8', cwd: dir });
  return { code: r.status ?? -1, out: r.stdout, err: r.stderr };
}

/** Rows of a CSV file with a header: the feature columns as numbers, and the target column's cells. */
function readCsv(path: string, target: string): { features: number[][]; targets: string[] } {
  const [head = '', ...lines] = readFileSync(path, 'utf8').trim().split('\n');
  const columns = head.split(',');
  const t = columns.indexOf(target);
  const rows = lines.map((l) => l.split(','));
  return { features: rows.map((r) => r.filter((_, i) => i !== t).map(Number)), targets: rows.map((r) => r[t] as string) };
}

/** The ONNX file's outputs on raw features, through ONNX Runtime. */
async function runOnnx(path: string, features: number[][], output: string): Promise<{ data: Float32Array; dims: readonly number[] }> {
  const ort = await import('onnxruntime-node');
  const session = await ort.InferenceSession.create(readFileSync(path));
  expect(session.inputNames).toEqual(['x']);
  expect(session.outputNames).toEqual([output]);
  const x = new ort.Tensor('float32', Float32Array.from(features.flat()), [features.length, (features[0] as number[]).length]);
  const res = await session.run({ x });
  return { data: res[output]?.data as Float32Array, dims: res[output]?.dims as readonly number[] };
}

/** What the trainer predicts with the saved parameters, on the features standardised as the CLI saved them. */
async function trainerPredictions(statePath: string, model: ReturnType<typeof models.linear>, features: number[][], loss: ReturnType<typeof losses.mse>): Promise<HostTensor> {
  const saved = deserializeCheckpoint(new Uint8Array(readFileSync(statePath)));
  const { mean, sd } = (saved.meta as { config: { mean: number[]; sd: number[] } }).config;
  const z = features.flatMap((row) => row.map((v, f) => (v - (mean[f] as number)) / (sd[f] as number)));
  const backend = await createReferenceBackend();
  const trainer = await backend.trainer({ model, loss, optimizer: optimizers.sgd({ learningRate: 0 }), params: saved.params });
  return trainer.predict({ shape: [features.length, model.inputs], data: Float64Array.from(z) });
}

describe('losskit train --export', () => {
  it("writes iris's softmax classifier as .onnx on raw features: same logits as the trainer, same accuracy as reported", async () => {
    const out = join(dir, 'iris.onnx');
    const state = join(dir, 'iris.lks');
    const r = losskit('train', '--data', iris, '--target', 'species', '--model', 'softmax', '--param', 'learningRate=0.1', '--epochs', '20', '--seed', '2', '--save-state', state, '--export', out, '--json');
    expect(r.code, r.err).toBe(0);
    const summary = JSON.parse(r.out);
    expect(summary.export).toMatchObject({ out, input: 'x', output: 'logits', classes: ['setosa', 'versicolor', 'virginica'] });
    expect(summary.export.bytes).toBe(readFileSync(out).length);
    expect(readdirSync(dir).filter((f) => f.endsWith('.tmp'))).toEqual([]);

    const { features, targets } = readCsv(iris, 'species');
    const logits = await runOnnx(out, features, 'logits');
    expect(logits.dims).toEqual([150, 3]);
    // numpy's argmax: the first largest score.
    const predicted = Array.from({ length: 150 }, (_, i) => {
      const row = Array.from(logits.data.subarray(i * 3, i * 3 + 3));
      return row.indexOf(Math.max(...row));
    });
    const accuracy = predicted.filter((p, i) => summary.export.classes[p] === targets[i]).length / 150;
    expect(accuracy).toBe(summary.report.accuracy);
    expect(accuracy).toBeCloseTo(summary.final.accuracy, 12);
    expect(accuracy).toBeGreaterThan(0.9);

    const model = models.softmax({ inputs: 4, classes: 3 });
    const want = await trainerPredictions(state, model, features, losses.sparseCategoricalCrossEntropy({ fromLogits: true }));
    expect(want.shape).toEqual([150, 3]);
    // float32 arithmetic against float64: relative 1e-5 of the logits' scale.
    const scale = Math.max(...Array.from(want.data, Math.abs));
    Array.from(want.data).forEach((v, i) => expect(Math.abs((logits.data[i] as number) - v), `logit ${i}`).toBeLessThan(1e-5 * scale));
  });

  it('writes a linear regression whose predictions on raw rows match the trainer and give the reported R²', async () => {
    // price = 3·area + 10·rooms + 7: features on very different scales, so a missing standardisation shows.
    const rows = Array.from({ length: 40 }, (_, i) => [50 + i, 1 + (i % 4)] as const);
    const data = join(dir, 'houses.csv');
    writeFileSync(data, `area,rooms,price\n${rows.map(([a, k]) => `${a},${k},${3 * a + 10 * k + 7}`).join('\n')}\n`);
    const out = join(dir, 'houses.onnx');
    const state = join(dir, 'houses.lks');
    const r = losskit('train', '--data', data, '--target', 'price', '--model', 'linear', '--optimizer', 'sgd', '--param', 'learningRate=0.3', '--epochs', '60', '--batch-size', '40', '--save-state', state, '--export', out, '--json');
    expect(r.code, r.err).toBe(0);
    const summary = JSON.parse(r.out);
    expect(summary.export).toMatchObject({ out, output: 'predictions', classes: null });

    const features = rows.map((row) => [...row]);
    const got = await runOnnx(out, features, 'predictions');
    expect(got.dims).toEqual([40, 1]);
    const want = await trainerPredictions(state, models.linear({ inputs: 2 }), features, losses.mse());
    Array.from(want.data).forEach((v, i) => expect(Math.abs((got.data[i] as number) - v), `row ${i}`).toBeLessThan(1e-5 * Math.abs(v)));
    // R² = 1 − Σ(y − ŷ)² / Σ(y − ȳ)², scikit-learn's r2_score.
    const y = rows.map(([a, k]) => 3 * a + 10 * k + 7);
    const mean = y.reduce((s, v) => s + v, 0) / y.length;
    const r2 = 1 - y.reduce((s, v, i) => s + (v - (got.data[i] as number)) ** 2, 0) / y.reduce((s, v) => s + (v - mean) ** 2, 0);
    expect(r2).toBeCloseTo(summary.final.r2, 4);
  });

  it("writes a logistic model's single logit: above 0 is the second class, as the reported accuracy counts it", async () => {
    const [head, ...lines] = readFileSync(iris, 'utf8').trim().split('\n');
    const data = join(dir, 'two-species.csv');
    writeFileSync(data, `${head}\n${lines.filter((l) => !l.endsWith('virginica')).join('\n')}\n`);
    const out = join(dir, 'two-species.onnx');
    const r = losskit('train', '--data', data, '--target', 'species', '--model', 'logistic', '--epochs', '3', '--export', out, '--json');
    expect(r.code, r.err).toBe(0);
    const summary = JSON.parse(r.out);
    expect(summary.export).toMatchObject({ output: 'logits', classes: ['setosa', 'versicolor'] });
    const { features, targets } = readCsv(data, 'species');
    const logits = await runOnnx(out, features, 'logits');
    expect(logits.dims).toEqual([100, 1]);
    const accuracy = targets.filter((t, i) => summary.export.classes[(logits.data[i] as number) > 0 ? 1 : 0] === t).length / 100;
    expect(accuracy).toBe(summary.report.accuracy);
  });

  it('leaves no file when the export cannot be written, and says where', () => {
    const out = join(dir, 'no-such-dir', 'model.onnx');
    const r = losskit('train', '--data', iris, '--target', 'species', '--epochs', '1', '--export', out);
    expect(r.code).toBe(1);
    expect(r.err.trim().split('\n')).toEqual([expect.stringMatching(/^losskit: BAD_FILE: .*no-such-dir\/model\.onnx: cannot write it \(ENOENT\)$/)]);
    expect(readdirSync(dir).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  });
});
