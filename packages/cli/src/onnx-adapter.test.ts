import { resolve } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';

// The ONNX adapter is an optional peer dependency: without it, `train --export` and `export`
// refuse with UNSUPPORTED and the install command, before any training is spent.
const iris = resolve(import.meta.dirname, '../../../examples/iris.csv');

async function run(argv: string[]): Promise<{ code: number; out: string[]; err: string[] }> {
  const { main } = await import('./main.js');
  const out: string[] = [];
  const err: string[] = [];
  const code = await main(argv, { out: (l) => void out.push(l), err: (l) => void err.push(l) });
  return { code, out, err };
}

describe('without @losskit/adapter-onnx', () => {
  afterEach(() => {
    vi.doUnmock('@losskit/adapter-onnx');
    vi.resetModules();
  });

  it.each([
    ['train --export', ['train', '--data', iris, '--target', 'species', '--epochs', '1', '--export', 'model.onnx'], '--export'],
    ['export loss', ['export', 'loss', 'mse', '--pred-shape', 'batch', '--target-shape', 'batch', '--out', 'mse.onnx'], 'export'],
  ])('%s exits 1 with UNSUPPORTED and how to install it, training nothing', async (_, argv, where) => {
    vi.resetModules();
    vi.doMock('@losskit/adapter-onnx', () => {
      throw new Error("Cannot find package '@losskit/adapter-onnx'");
    });
    const r = await run(argv);
    expect(r.code).toBe(1);
    expect(r.err).toEqual([`losskit: UNSUPPORTED: ${where}: writing .onnx needs the ONNX adapter: npm install @losskit/adapter-onnx`]);
    expect(r.out).toEqual([]);
  });
});
