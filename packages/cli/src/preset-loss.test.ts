import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';

// `framework:Name` losses through the built binary, as a person runs them.
const here = dirname(fileURLToPath(import.meta.url));
const bin = resolve(here, '../bin/losskit.js');
const dir = mkdtempSync(join(tmpdir(), 'losskit-preset-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function losskit(...args: string[]): { code: number; out: string; err: string } {
  const r = spawnSync(process.execPath, [bin, ...args], { encoding: 'utf8', cwd: dir });
  return { code: r.status ?? -1, out: r.stdout, err: r.stderr };
}

function json(name: string, value: unknown): string {
  const path = join(dir, name);
  writeFileSync(path, JSON.stringify(value));
  return path;
}

// https://keras.io/api/losses/probabilistic_losses/#binarycrossentropy-class (from_logits=True): 0.865, and 1.730 with reduction="sum".
const logits = json('logits.json', [[-18.6, 0.51], [2.94, -12.8]]);
const yTrue = json('y-true.json', [[0, 1], [0, 0]]);

describe('losskit eval framework:Name', () => {
  it('keras:BinaryCrossentropy with from_logits=true gives the Keras docs value', () => {
    const r = losskit('eval', 'keras:BinaryCrossentropy', '--pred', logits, '--target', yTrue, '--param', 'from_logits=true', '--json');
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    const report = JSON.parse(r.out) as { loss: string; reduction: string; value: { data: number[] } };
    expect(report.loss).toBe('binaryCrossEntropy');
    expect(report.reduction).toBe('sum-over-batch-size');
    expect(report.value.data[0]).toBeCloseTo(0.865, 3);
  });

  it('takes the framework reduction and list parameters, and checks the inputs as the preset reads them', () => {
    const sum = losskit('eval', 'keras:binary_crossentropy', '--pred', logits, '--target', yTrue, '--param', 'from_logits=true', '--param', 'reduction=sum', '--json');
    expect(JSON.parse(sum.out).value.data[0]).toBeCloseTo(1.7309, 4);
    // torch BCEWithLogitsLoss(weight=[1, 2], reduction='none'), hand-derived: w_c · (max(x, 0) − x y + log(1 + e^−|x|)).
    const bce = (x: number, y: number) => Math.max(x, 0) - x * y + Math.log1p(Math.exp(-Math.abs(x)));
    const w = losskit('eval', 'torch:BCEWithLogitsLoss', '--pred', logits, '--target', yTrue, '--param', 'weight=1,2', '--param', 'reduction=none', '--json');
    expect(w.code).toBe(0);
    const data = JSON.parse(w.out).value.data as number[];
    [bce(-18.6, 0), 2 * bce(0.51, 1), bce(2.94, 0), 2 * bce(-12.8, 0)].forEach((x, i) => expect(data[i]).toBeCloseTo(x, 10));
    // Keras's probabilities are clipped to [1e-7, 1 − 1e-7]: a logit file read as probabilities is refused, not clipped.
    expect(losskit('eval', 'keras:BinaryCrossentropy', '--pred', logits, '--target', yTrue).code).not.toBe(0);
  });

  it('scikit-learn mean_absolute_percentage_error gives the documented 0.3273...', () => {
    const r = losskit('eval', 'sklearn:mean_absolute_percentage_error', '--pred', json('p.json', [2.5, 0, 2, 8]), '--target', json('t.json', [3, -0.5, 2, 7]), '--json');
    expect(JSON.parse(r.out).value.data[0]).toBeCloseTo(0.3273809523809524, 12);
  });

  it('an unknown preset name suggests close ones; an unknown framework or argument is an error', () => {
    const r = losskit('eval', 'keras:BinaryCrossEntropy', '--pred', logits, '--target', yTrue);
    expect(r.code).not.toBe(0);
    expect(r.err).toContain('UNKNOWN_LOSS');
    expect(r.err).toContain("'BinaryCrossentropy'");
    const fw = losskit('eval', 'pytorch:MSELoss', '--pred', logits, '--target', yTrue);
    expect(fw.err).toContain("'torch'");
    const arg = losskit('eval', 'keras:BinaryCrossentropy', '--pred', logits, '--target', yTrue, '--param', 'fromLogits=true');
    expect(arg.err).toContain('BAD_PARAM');
    expect(arg.err).toContain('from_logits');
    const red = losskit('eval', 'torch:MSELoss', '--pred', logits, '--target', yTrue, '--reduction', 'sum');
    expect(red.err).toContain('--param reduction=');
  });
});

describe('losskit describe framework:Name', () => {
  it('shows the catalogue loss and how each argument maps', () => {
    const r = losskit('describe', 'torch:CrossEntropyLoss');
    expect(r.code).toBe(0);
    expect(r.out).toContain('sparseCategoricalCrossEntropy');
    expect(r.out).toMatch(/ignore_index = -100 → ignoreIndex/);
    expect(r.out).toMatch(/weight = \(none\) → classWeights/);
    expect(r.out).toMatch(/fromLogits: true/);
    const j = JSON.parse(losskit('describe', 'torch:KLDivLoss', '--json').out) as { loss: string; options: Record<string, string> };
    expect(j.loss).toBe('klDivergence');
    expect(j.options.reduction).toBe('reduction, axis');
    expect(losskit('describe', 'torch:CrossEntropy').err).toContain("'CrossEntropyLoss'");
  });
});
