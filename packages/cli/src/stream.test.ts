import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { REDUCTIONS, createLoss, createReferenceBackend, seededRandom } from '@losskit/core';
import { afterAll, describe, expect, it } from 'vitest';

// Streaming evaluation, run as a person runs it: the built binary in a subprocess.
const bin = resolve(dirname(fileURLToPath(import.meta.url)), '../bin/losskit.js');
const dir = mkdtempSync(join(tmpdir(), 'losskit-stream-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function losskit(...args: string[]): { code: number; out: string; err: string } {
  const r = spawnSync(process.execPath, [bin, ...args], { encoding: 'utf8', cwd: dir, maxBuffer: 1 << 26 });
  return { code: r.status ?? -1, out: r.stdout, err: r.stderr };
}

function csv(name: string, header: string | undefined, rows: readonly (readonly number[])[]): string {
  const path = join(dir, name);
  writeFileSync(path, `${header === undefined ? '' : `${header}\n`}${rows.map((r) => r.join(',')).join('\n')}\n`);
  return path;
}

// More rows than one block (16 384), so values are merged across blocks, and a short last block.
const ROWS = 20_000;
const random = seededRandom(7);
const table = (f: () => number, columns: number): number[][] => Array.from({ length: ROWS }, () => Array.from({ length: columns }, f));
const data = {
  pred: table(() => random() * 4 - 2, 2),
  target: table(() => random() * 4 - 2, 2),
  probs: table(() => 0.02 + 0.96 * random(), 2),
  labels: table(() => (random() < 0.5 ? 0 : 1), 2),
  // Zero weights too, so 'sum-by-nonzero-weights' differs from 'sum-over-batch-size'.
  weights: table(() => [0, 0.5, 2][Math.floor(random() * 3)] as number, 1),
};
const pred = csv('pred.csv', 'a,b', data.pred);
const target = csv('target.csv', 'a,b', data.target);
const probs = csv('probs.csv', undefined, data.probs);
const labels = csv('labels.csv', undefined, data.labels);
const weights = csv('weights.csv', 'w', data.weights);
const matrix = (rows: number[][]) => ({ shape: [rows.length, (rows[0] as number[]).length], data: Float64Array.from(rows.flat()) });

const value = (out: string): number[] => JSON.parse(out).value.data as number[];

describe('losskit eval --stream', () => {
  const cases = [['mse', pred, target, 'pred', 'target'], ['mae', pred, target, 'pred', 'target'], ['rmse', pred, target, 'pred', 'target'], ['binaryCrossEntropy', probs, labels, 'probs', 'labels']] as const;
  for (const [loss, p, t, pk, tk] of cases) {
    for (const reduction of REDUCTIONS) {
      it(`${loss}, ${reduction}, with weights: the streamed value equals the in-memory one`, async () => {
        const streamed = losskit('eval', loss, '--pred', p, '--target', t, '--weights', weights, '--reduction', reduction, '--json', '--stream');
        expect(streamed.code, streamed.err).toBe(0);
        expect(JSON.parse(streamed.out)).toMatchObject({ loss, reduction, backend: 'reference' });
        // In memory: the whole arrays at once on the reference backend, as `eval` without --stream.
        const backend = await createReferenceBackend();
        const inputs = { predictions: matrix(data[pk]), targets: matrix(data[tk]), weights: { shape: [ROWS], data: Float64Array.from(data.weights.flat()) } };
        const want = Array.from((await backend.evaluate(createLoss(loss, { reduction }), inputs)).data);
        const got = value(streamed.out);
        expect(got.length).toBe(reduction === 'none' ? 2 * ROWS : 1);
        // Sums in blocks round differently from one long sum: equal to ~1e-12 relative.
        got.forEach((v, i) => expect(Math.abs(v - (want[i] as number)), `[${i}]`).toBeLessThanOrEqual(1e-12 * Math.max(1, Math.abs(want[i] as number))));
      });
    }
  }

  it('gives the in-memory command the same value', () => {
    const args = ['eval', 'rmse', '--pred', pred, '--target', target, '--weights', weights, '--json'];
    const [a, b] = [value(losskit(...args).out)[0] as number, value(losskit(...args, '--stream').out)[0] as number];
    expect(Math.abs(a - b)).toBeLessThanOrEqual(1e-12 * a);
  });

  it('splits an evaluation with --partial and merges it back with losskit merge', () => {
    const head = (rows: number[][], from: number, to: number): number[][] => rows.slice(from, to);
    const r2 = seededRandom(11);
    const p = table(() => r2() * 4 - 2, 2);
    const t = table(() => r2() * 4 - 2, 2);
    const w = table(() => [0, 1, 3][Math.floor(r2() * 3)] as number, 1);
    const half = 7_345;
    const parts = [[0, half], [half, ROWS]].map(([a, b], i) => {
      const r = losskit('eval', 'rmse', '--pred', csv(`p${i}.csv`, undefined, head(p, a as number, b as number)), '--target', csv(`t${i}.csv`, undefined, head(t, a as number, b as number)),
        '--weights', csv(`w${i}.csv`, undefined, head(w, a as number, b as number)), '--partial', '--out', join(dir, `part${i}.json`));
      expect(r.code, r.err).toBe(0);
      return JSON.parse(r.out);
    });
    expect(parts[0]).toMatchObject({ loss: 'rmse', reduction: 'mean', rows: half, count: 2 * half });
    const whole = losskit('eval', 'rmse', '--pred', csv('pw.csv', undefined, p), '--target', csv('tw.csv', undefined, t), '--weights', csv('ww.csv', undefined, w), '--json');
    const merged = losskit('merge', join(dir, 'part0.json'), join(dir, 'part1.json'), '--json');
    expect(merged.code, merged.err).toBe(0);
    const want = value(whole.out)[0] as number;
    expect(Math.abs((value(merged.out)[0] as number) - want)).toBeLessThanOrEqual(1e-12 * want);
    // The weighted mean's denominator is Σ w over both slices, each weight covering a row's two losses.
    const weightSum = 2 * w.reduce((s, [x]) => s + (x as number), 0);
    expect(JSON.parse(merged.out).partial.weightSum).toBe(weightSum);
  });

  it('refuses to merge partials of different losses', () => {
    const a = losskit('eval', 'mse', '--pred', pred, '--target', target, '--partial', '--out', join(dir, 'a.json'));
    const b = losskit('eval', 'mae', '--pred', pred, '--target', target, '--partial', '--out', join(dir, 'b.json'));
    expect([a.code, b.code]).toEqual([0, 0]);
    const r = losskit('merge', join(dir, 'a.json'), join(dir, 'b.json'));
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/BAD_PARAM: merge: partial 2 is of .*mae.*only slices of one evaluation merge/);
  });

  it('says why a loss or an option cannot stream', () => {
    const grad = losskit('eval', 'mse', '--pred', pred, '--target', target, '--stream', '--grad');
    expect(grad.code).toBe(1);
    expect(grad.err).toMatch(/UNSUPPORTED: --stream: cannot stream: the gradient/);
    const expression = losskit('eval', 'mean(abs(pred - target))', '--pred', pred, '--target', target, '--stream');
    expect(expression.err).toMatch(/UNSUPPORTED: --stream: cannot stream: .* is not known to be a sum of per-row losses/);
    const overRows = losskit('eval', 'mse', '--pred', pred, '--target', target, '--stream', '--param', 'axis=0');
    expect(overRows.err).toMatch(/does not split by rows/);
    // PyTorch's weighted mean divides by Σ classWeights[y]: not one of the partial sums
    const weighted = losskit('eval', 'sparseCategoricalCrossEntropy', '--pred', probs, '--target', pred, '--stream', '--param', 'classWeights=1,2');
    expect(weighted.err).toMatch(/does not split by rows/);
    const none = losskit('eval', 'mse', '--pred', pred, '--target', target, '--partial', '--reduction', 'none');
    expect(none.err).toMatch(/reduction 'none' has no sums to merge/);
  });

  it('reports files of different lengths and bad cells with their row', () => {
    const short = csv('short.csv', 'a,b', [[1, 2], [3, 4]]);
    const r = losskit('eval', 'mse', '--pred', pred, '--target', short, '--stream');
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/SHAPE_MISMATCH: .*short\.csv: .*short\.csv ends after 2 rows; the other files go on/);
    const bad = join(dir, 'bad.csv');
    writeFileSync(bad, 'a,b\n1,2\n3,x\n');
    const b = losskit('eval', 'mse', '--pred', bad, '--target', csv('two.csv', undefined, [[1, 2], [3, 4]]), '--stream');
    expect(b.err).toMatch(/BAD_FILE: .*bad\.csv: row 3, column 2: 'x' is not a number/);
    expect(b.err).not.toMatch(/\n\s+at /);
    const folder = losskit('eval', 'mse', '--pred', join(dir, 'x.csv'), '--target', target, '--stream');
    expect(folder.err).toMatch(/BAD_FILE: .*x\.csv: no such file/);
    mkdirSync(join(dir, 'folder.csv'));
    expect(losskit('eval', 'mse', '--pred', join(dir, 'folder.csv'), '--target', target, '--stream').err).toMatch(/BAD_FILE: .*folder\.csv: is a directory, not a file/);
  });
});
