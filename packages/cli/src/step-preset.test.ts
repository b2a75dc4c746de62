import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';

// `losskit step framework:Name` runs a framework preset (compat.optimizer) as a person runs it:
// the built binary in a subprocess.
const bin = resolve(dirname(fileURLToPath(import.meta.url)), '../bin/losskit.js');
const dir = mkdtempSync(join(tmpdir(), 'losskit-step-preset-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function losskit(...args: string[]): { code: number; out: string; err: string } {
  const r = spawnSync(process.execPath, [bin, ...args], { encoding: 'utf8', cwd: dir });
  return { code: r.status ?? -1, out: r.stdout, err: r.stderr };
}

const w = join(dir, 'w.json');
const g = join(dir, 'g.json');
writeFileSync(w, '[1]');
writeFileSync(g, '[2]');
const trajectory = (...args: string[]): number[] => {
  const r = losskit('step', ...args, '--params', w, '--grads', g, '--steps', '2', '--json');
  expect(r.err).toBe('');
  return (JSON.parse(r.out) as { trajectory: { w: number[] }[] }).trajectory.map((s) => s.w[0] as number);
};

describe('losskit step framework:Name', () => {
  it('keras:Adam takes Keras\'s argument names and puts ε on the uncorrected root', () => {
    // keras/src/optimizers/adam.py: α = lr·√(1 − β2ᵗ)/(1 − β1ᵗ), p −= α·m/(√v + 1e-7); g = 2: m = 0.2, v = 0.004.
    const step1 = (0.01 * Math.sqrt(0.001) / 0.1) * 0.2 / (Math.sqrt(0.004) + 1e-7);
    const keras = trajectory('keras:Adam', '--param', 'learning_rate=0.01');
    expect(keras[1]).toBeCloseTo(1 - step1, 12);
    // PyTorch's Adam (ε 1e-8 on the corrected root) takes another step from the same start.
    const torch = trajectory('torch:Adam', '--param', 'lr=0.01');
    expect(torch[1]).toBeCloseTo(1 - 0.01 * 2 / (2 + 1e-8), 12);
    expect(torch[1]).not.toBeCloseTo(keras[1] as number, 9);
  });

  it('passes pairs and booleans in the framework\'s form (torch betas, tfjs useNesterov)', () => {
    // betas (0.5, 0.9): m̂ = g and v̂ = g² at t = 1, whatever the betas.
    expect(trajectory('torch:Adam', '--param', 'lr=0.1', '--param', 'betas=0.5,0.9')[1]).toBeCloseTo(1 - 0.1 * 2 / (2 + 1e-8), 12);
    // tf.train.momentum(0.1, 0.9, true): a = 2, p −= 0.1·(2 + 0.9·2); then a = 3.8, p −= 0.1·(2 + 0.9·3.8).
    const nesterov = trajectory('tfjs:momentum', '--param', 'learningRate=0.1', '--param', 'momentum=0.9', '--param', 'useNesterov=true');
    expect(nesterov[1]).toBeCloseTo(1 - 0.38, 6);
    expect(nesterov[2]).toBeCloseTo(1 - 0.38 - 0.542, 6);
  });

  it('suggests the closest framework, name or argument', () => {
    expect(losskit('step', 'keras:Adamm', '--params', w, '--grads', g).err).toMatch(/BAD_PARAM: .*unknown keras optimizer 'Adamm'; did you mean 'Adam'/);
    expect(losskit('step', 'kerass:Adam', '--params', w, '--grads', g).err).toMatch(/BAD_PARAM: .*unknown framework 'kerass'.*did you mean 'keras'/);
    expect(losskit('step', 'keras:Adam', '--params', w, '--grads', g, '--param', 'lr=0.1').err).toMatch(/BAD_PARAM: .*takes learning_rate, beta_1/);
    expect(losskit('step', 'tfjs:sgd', '--params', w, '--grads', g).err).toMatch(/BAD_PARAM: .*missing required argument 'learningRate'/);
    // plain names still resolve, and still suggest
    expect(losskit('step', 'adamm', '--params', w, '--grads', g).err).toMatch(/BAD_PARAM: .*did you mean 'adam'/);
  });
});
