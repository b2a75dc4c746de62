import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it, vi } from 'vitest';

// The README's example and the quickstart script must run as printed.
const root = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');
const here = dirname(fileURLToPath(import.meta.url));
const scratch = mkdtempSync(join(tmpdir(), 'losskit-readme-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

function codeBlocks(markdown: string, lang: string): string[] {
  return [...markdown.matchAll(new RegExp('```' + lang + '\\n([\\s\\S]*?)```', 'g'))].map((m) => m[1] as string);
}

describe('documentation', () => {
  it('runs the README example as printed', async () => {
    const block = codeBlocks(readFileSync(join(root, 'README.md'), 'utf8'), 'ts')[0];
    expect(block).toBeDefined();
    const file = join(scratch, 'readme-example.ts');
    writeFileSync(file, (block as string).replace("from '@losskit/core'", `from '${join(here, 'index.ts')}'`));
    const logs: unknown[][] = [];
    const spy = vi.spyOn(console, 'log').mockImplementation((...args: unknown[]) => void logs.push(args));
    try {
      await import(/* @vite-ignore */ file);
    } finally {
      spy.mockRestore();
    }
    expect(logs[0]).toEqual([0.375]);
    const [params, state] = logs[1] as [Record<string, { data: Float64Array }>, Record<string, Record<string, unknown>>];
    // One Adam step moves each weight by the learning rate against its gradient's sign.
    expect(Array.from(params.w?.data ?? [])).toEqual([1 - 1e-3, 2 + 1e-3].map((v) => expect.closeTo(v, 9)));
    expect(Object.keys(state)).toEqual(['0', '1']);
  }, 30_000); // imports and transforms all of core's sources: seconds on a loaded machine

  it('runs examples/quickstart.mjs, which trains a line to the data', () => {
    const out = execFileSync(process.execPath, [join(root, 'examples/quickstart.mjs')], { encoding: 'utf8' });
    expect(out).toContain('MSE 0.375');
    const last = out.trim().split('\n').at(-1) as string;
    const w = Number(/w (\S+)/.exec(last)?.[1]);
    const b = Number(/b (\S+)/.exec(last)?.[1]);
    expect(Math.abs(w - 3)).toBeLessThan(0.05);
    expect(Math.abs(b - 1)).toBeLessThan(0.1);
  });
});
