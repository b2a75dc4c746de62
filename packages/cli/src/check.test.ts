import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type Backend, createReferenceBackend } from '@losskit/core';
import { describe, expect, it } from 'vitest';
import type { BackendEntry } from './backends.js';
import { checkCommand } from './commands/check.js';

const here = dirname(fileURLToPath(import.meta.url));
const bin = resolve(here, '../bin/losskit.js');

function losskit(args: readonly string[], env: NodeJS.ProcessEnv = {}): { code: number; out: string; err: string } {
  const r = spawnSync(process.execPath, [bin, ...args], { encoding: 'utf8', env: { PATH: process.env.PATH, ...env }, maxBuffer: 1 << 26 });
  return { code: r.status ?? -1, out: r.stdout, err: r.stderr };
}

interface Report { backend: string; sections: Record<string, { passed: number; failed: number; skipped: number }>; failures: { name: string; message: string }[] }

describe('losskit check', () => {
  it('runs the whole conformance suite on the reference backend, outside vitest', () => {
    const t0 = performance.now();
    const r = losskit(['check', '--backend', 'reference', '--json']);
    expect(r.code, r.err).toBe(0);
    expect(performance.now() - t0).toBeLessThan(30_000);
    const { ok, backends } = JSON.parse(r.out) as { ok: boolean; backends: Report[] };
    expect(ok).toBe(true);
    expect(backends.map((b) => b.backend)).toEqual(['reference']);
    const sections = (backends[0] as Report).sections;
    // Every section of the suite ran, none failed.
    for (const s of ['golden', 'mse', 'optimizers', 'hard inputs', 'bad inputs', 'ops', 'training']) expect(sections[s]?.passed, s).toBeGreaterThan(0);
    expect(Object.values(sections).every((t) => t.failed === 0)).toBe(true);
  });

  it('prints a table of sections × backends, here the golden cases on reference and ONNX', () => {
    const r = losskit(['check', '--backend', 'reference', '--backend', 'onnx', '--grep', 'golden']);
    expect(r.code, r.err).toBe(0);
    const [header, row] = r.out.split('\n');
    expect(header).toMatch(/^section\s+reference\s+onnx/);
    // n/n: every case ran passed; a dtype a backend does not compute in counts as skipped, not failed.
    expect(row).toMatch(/^golden\s+(\d+)\/\1\s/);
    expect(r.out).toMatch(/reference: pass {2}\d+ passed, 0 failed/);
    expect(r.out).not.toMatch(/\u001b\[/); // no colour into a pipe
  });

  it('suggests the closest backend name', () => {
    const r = losskit(['check', '--backend', 'refrence']);
    expect(r.code).toBe(1);
    expect(r.err).toBe("losskit: BAD_PARAM: --backend: unknown backend 'refrence'; did you mean 'reference'?\n");
  });

  it('fails, with exit code 1 and the first failures, a backend whose values are off', async () => {
    const off = async (): Promise<Backend<unknown>> => {
      const b = await createReferenceBackend();
      return { ...b, evaluate: async (loss, inputs) => {
        const v = await b.evaluate(loss, inputs);
        return { ...v, data: Float64Array.from(v.data, (x) => x * 1.01) };
      } };
    };
    const broken: BackendEntry = { name: 'broken', description: 'values 1% off', open: off };
    const lines: string[] = [];
    const code = await checkCommand({ backend: ['broken'], grep: 'golden' }, { out: (l) => lines.push(l), err: (l) => lines.push(l) }, [broken]);
    expect(code).toBe(1);
    const text = lines.join('\n');
    expect(text).toMatch(/^golden\s+0\/\d+/m);
    expect(text).toMatch(/broken: FAIL {2}0 passed, \d+ failed/);
    expect(text).toMatch(/✗ broken › mse › golden › .*\n\s+.*\[0\] = .*, expected/);
    expect(text).toMatch(/… and \d+ more/);
  });

  it("uses @losskit/conformance/collect, which imports no test runner", () => {
    const src = resolve(here, '../../conformance/src');
    const seen = new Set<string>();
    const visit = (file: string): void => {
      if (seen.has(file)) return;
      seen.add(file);
      const source = readFileSync(join(src, file), 'utf8');
      expect(source, file).not.toMatch(/from 'vitest'/);
      for (const m of source.matchAll(/from '\.\/([^']+)\.js'/g)) visit(`${m[1]}.ts`);
    };
    visit('collect-entry.ts');
    expect(seen.has('loss-suite.ts')).toBe(true);
  });
});

describe('colour', () => {
  it('only on a terminal: not into a pipe even under CI; FORCE_COLOR turns it on, NO_COLOR off', () => {
    const esc = /\u001b\[/;
    expect(losskit(['list', 'losses'], { CI: '1' }).out).not.toMatch(esc);
    expect(losskit(['list', 'losses'], { FORCE_COLOR: '1' }).out).toMatch(esc);
    expect(losskit(['list', 'losses'], { FORCE_COLOR: '1', NO_COLOR: '1' }).out).not.toMatch(esc);
  });
});
