import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parquetWriteBuffer } from 'hyparquet-writer';
import { afterAll, describe, expect, it } from 'vitest';

// Parquet fixtures are written here by a maintained writer (hyparquet-writer), not committed.
const here = dirname(fileURLToPath(import.meta.url));
const bin = resolve(here, '../bin/losskit.js');
const dir = mkdtempSync(join(tmpdir(), 'losskit-parquet-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function losskit(...args: string[]): { code: number; out: string; err: string } {
  const r = spawnSync(process.execPath, [bin, ...args], { encoding: 'utf8', cwd: dir });
  return { code: r.status ?? -1, out: r.stdout, err: r.stderr };
}

function parquet(name: string, columnData: Parameters<typeof parquetWriteBuffer>[0]['columnData']): string {
  const path = join(dir, name);
  writeFileSync(path, new Uint8Array(parquetWriteBuffer({ columnData })));
  return path;
}

describe('Parquet files', () => {
  it("evaluates a loss on columns of a Parquet file: scikit-learn's documented MSE, 0.375", () => {
    // sklearn.metrics.mean_squared_error([3, -0.5, 2, 7], [2.5, 0.0, 2, 8]) == 0.375 (its docstring example).
    const f = parquet('sk.parquet', [
      { name: 'y_true', data: [3, -0.5, 2, 7], type: 'DOUBLE' },
      { name: 'y_pred', data: [2.5, 0, 2, 8], type: 'FLOAT' },
      { name: 'w', data: [1, 1, 0, 2], type: 'INT32' },
    ]);
    const r = losskit('eval', 'mse', '--pred', f, '--pred-column', 'y_pred', '--target', f, '--target-column', 'y_true');
    expect(r).toMatchObject({ code: 0, out: '0.375\n' });
    // Weighted mean: (0.25·1 + 0.25·1 + 0·0 + 1·2) / (1 + 1 + 0 + 2)
    const w = losskit('eval', 'mse', '--pred', f, '--pred-column', 'y_pred', '--target', f, '--target-column', 'y_true', '--weights', f, '--weights-column', 'w', '--json');
    expect(JSON.parse(w.out).value.data[0]).toBeCloseTo(2.5 / 4, 12);
  });

  it('names a missing column, and a null or text cell by row and column', () => {
    const f = parquet('gaps.parquet', [
      { name: 'a', data: [1, null, 3], type: 'DOUBLE' },
      { name: 'b', data: ['x', 'y', 'z'], type: 'STRING' },
      { name: 'c', data: [1, 2, 3], type: 'DOUBLE' },
    ]);
    // Predictions and targets are read at once: only one of them is bad in each call.
    expect(losskit('eval', 'mse', '--pred', f, '--pred-column', 'd', '--target', f, '--target-column', 'c').err)
      .toMatch(/BAD_FILE: .*gaps\.parquet: no column 'd'; columns are a, b, c/);
    expect(losskit('eval', 'mse', '--pred', f, '--pred-column', 'a', '--target', f, '--target-column', 'c').err)
      .toMatch(/BAD_FILE: .*gaps\.parquet: row 2, column a: null is not a number/);
    expect(losskit('eval', 'mse', '--pred', f, '--pred-column', 'b', '--target', f, '--target-column', 'c').err)
      .toMatch(/row 1, column b: 'x' is not a number/);
    const junk = join(dir, 'junk.parquet');
    writeFileSync(junk, 'not parquet at all');
    expect(losskit('eval', 'mse', '--pred', junk, '--target', junk).err).toMatch(/BAD_FILE: .*junk\.parquet: malformed Parquet/);
  });

  it('trains on a Parquet data set exactly as on the same CSV', () => {
    const csv = resolve(here, '../../../examples/iris.csv');
    const [header, ...lines] = readFileSync(csv, 'utf8').trim().split('\n');
    const names = (header as string).split(',');
    const cells = lines.map((l) => l.split(','));
    const f = parquet('iris.parquet', names.map((name, c) => c === names.length - 1
      ? { name, data: cells.map((r) => r[c] as string), type: 'STRING' as const }
      : { name, data: cells.map((r) => Number(r[c])), type: 'DOUBLE' as const }));
    const args = ['--target', 'species', '--model', 'softmax', '--param', 'learningRate=0.1', '--epochs', '30', '--json'];
    const fromParquet = losskit('train', '--data', f, ...args);
    expect(fromParquet.code, fromParquet.err).toBe(0);
    const a = JSON.parse(fromParquet.out);
    const b = JSON.parse(losskit('train', '--data', csv, ...args).out);
    expect(a.final.accuracy).toBeGreaterThanOrEqual(0.95);
    expect(a).toEqual(b);
  });
});
