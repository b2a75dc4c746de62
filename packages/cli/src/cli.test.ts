import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';

// Every command runs as a person runs it: the built binary in a subprocess.
const here = dirname(fileURLToPath(import.meta.url));
const bin = resolve(here, '../bin/losskit.js');
const examples = resolve(here, '../../../examples');
const dir = mkdtempSync(join(tmpdir(), 'losskit-cli-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function losskit(...args: string[]): { code: number; out: string; err: string } {
  const r = spawnSync(process.execPath, [bin, ...args], { encoding: 'utf8', cwd: dir });
  return { code: r.status ?? -1, out: r.stdout, err: r.stderr };
}

function file(name: string, contents: string | Uint8Array): string {
  const path = join(dir, name);
  writeFileSync(path, contents);
  return path;
}

/** A .npy file (format 1.0), written here byte by byte so the reader is tested on the real format. */
function npy(name: string, shape: number[], data: Float64Array): string {
  let header = `{'descr': '<f8', 'fortran_order': False, 'shape': (${shape.join(', ')}${shape.length === 1 ? ',' : ''}), }`;
  header += ' '.repeat(64 - ((10 + header.length + 1) % 64)) + '\n';
  const bytes = new Uint8Array(10 + header.length + data.byteLength);
  bytes.set([0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59, 1, 0, header.length & 0xff, header.length >> 8]);
  bytes.set(new TextEncoder().encode(header), 10);
  bytes.set(new Uint8Array(data.buffer), 10 + header.length);
  return file(name, bytes);
}

const pred = join(examples, 'pred.csv');
const target = join(examples, 'target.csv');

describe('losskit eval', () => {
  it("prints scikit-learn's documented MSE, 0.375, for the examples", () => {
    const r = losskit('eval', 'mse', '--pred', pred, '--target', target);
    expect(r).toMatchObject({ code: 0, out: '0.375\n', err: '' });
  });

  it('prints value and gradient as JSON with --grad --json', () => {
    const r = losskit('eval', 'huber', '--pred', pred, '--target', target, '--grad', '--json', '--param', 'delta=0.5');
    expect(r.code).toBe(0);
    // residuals −0.5, 0.5, 0, 1 → ½r² inside δ = 0.5, δ(|r| − δ/2) beyond
    expect(JSON.parse(r.out)).toEqual({
      loss: 'huber', backend: 'reference', reduction: 'mean',
      value: { shape: [], data: [(0.125 + 0.125 + 0 + 0.375) / 4] },
      grad: { shape: [4], data: [-0.125, 0.125, 0, 0.125] },
    });
  });

  it('evaluates an expression loss and its gradient, parsed into the op graph', () => {
    const r = losskit('eval', 'mean(abs(pred - target) ^ 1.5)', '--pred', pred, '--target', target, '--grad', '--json');
    expect(r.code).toBe(0);
    const out = JSON.parse(r.out);
    // residuals −0.5, 0.5, 0, 1
    expect(out.value.data[0]).toBeCloseTo((2 * 0.5 ** 1.5 + 1) / 4, 12);
    expect(out.grad.data[3]).toBeCloseTo(1.5 / 4, 12);
    const bad = losskit('eval', 'mean(pred - )', '--pred', pred, '--target', target);
    expect(bad.code).toBe(1);
    expect(bad.err).toMatch(/BAD_PARAM: expression: unexpected '\)' at column 13/);
  });

  it('reads .json (both forms) and .npy, with weights and a reduction', () => {
    const p = file('p.json', JSON.stringify([[1, 2], [3, 4]]));
    const t = npy('t.npy', [2, 2], Float64Array.of(0, 0, 0, 0));
    const w = file('w.json', JSON.stringify({ shape: [2], data: [1, 0] }));
    const r = losskit('eval', 'mse', '--pred', p, '--target', t, '--weights', w, '--reduction', 'sum', '--json');
    expect(JSON.parse(r.out).value.data).toEqual([1 + 4]);
  });

  it('computes the same value on the tfjs and ONNX backends', () => {
    for (const [backend, name] of [['tfjs', 'tfjs-cpu'], ['tfjs-wasm', 'tfjs-wasm'], ['onnx', 'onnx']]) {
      const r = losskit('eval', 'mse', '--pred', pred, '--target', target, '--backend', backend as string, '--json');
      expect(JSON.parse(r.out)).toMatchObject({ backend: name, value: { data: [0.375] } });
    }
  });

  it('writes --out atomically and leaves no file when it fails', () => {
    const out = join(dir, 'result.json');
    expect(losskit('eval', 'mse', '--pred', pred, '--target', target, '--out', out).code).toBe(0);
    expect(JSON.parse(readFileSync(out, 'utf8')).value.data).toEqual([0.375]);
    const failed = join(dir, 'failed.json');
    expect(losskit('eval', 'mse', '--pred', pred, '--target', file('short.csv', '1\n2\n'), '--out', failed).code).toBe(1);
    expect(readdirSync(dir).filter((f) => f.includes('failed'))).toEqual([]);
  });

  const bad: [string, string[], RegExp][] = [
    ['a missing file', ['mse', '--pred', 'nope.csv', '--target', target], /BAD_FILE: nope\.csv: no such file/],
    ['a malformed CSV', ['mse', '--pred', file('bad.csv', 'a\n1\nx\n2\n'), '--target', target], /BAD_FILE: .*bad\.csv: row 3, column a: 'x' is not a number/],
    ['a malformed NPY', ['mse', '--pred', file('bad.npy', 'not numpy'), '--target', target], /BAD_FILE: .*bad\.npy: malformed NPY/],
    ['a shape mismatch', ['mse', '--pred', file('three.csv', '1\n2\n3\n'), '--target', target], /SHAPE_MISMATCH: targets: targets \[4\] and predictions \[3\]/],
    ['an unknown loss, with a suggestion', ['hubber', '--pred', pred, '--target', target], /UNKNOWN_LOSS: .*no loss 'hubber'; did you mean 'huber'/],
    ['a bad parameter', ['huber', '--pred', pred, '--target', target, '--param', 'delta=-1'], /BAD_PARAM: huber\.delta: must be in/],
    ['an unknown reduction', ['mse', '--pred', pred, '--target', target, '--reduction', 'meen'], /BAD_PARAM: .*did you mean 'mean'/],
    ['a label out of range', ['sparseCategoricalCrossEntropy', '--pred', file('probs.json', '[[0.5, 0.5]]'), '--target', file('label.json', '[3]')], /LABEL_OUT_OF_RANGE: targets: expected labels in \[0, 2\)/],
    ['an unknown backend', ['mse', '--pred', pred, '--target', target, '--backend', 'tfsj'], /BAD_PARAM: .*did you mean 'tfjs'/],
    ['a misspelt parameter, with a suggestion', ['huber', '--pred', pred, '--target', target, '--param', 'delt=0.5'], /BAD_PARAM: --param: huber has no parameter 'delt'; did you mean 'delta'\?/],
    ['an unknown parameter, listing the known ones', ['mae', '--pred', pred, '--target', target, '--param', 'axis=-1', '--param', 'p=2'], /BAD_PARAM: --param: mae has no parameter 'p'; known: axis, reduction/],
  ];
  it.each(bad)('rejects %s with one clear line and exit code 1', (_, args, message) => {
    const r = losskit('eval', ...args);
    expect(r.code).toBe(1);
    expect(r.out).toBe('');
    expect(r.err).toMatch(message);
    expect(r.err.trim().split('\n')).toHaveLength(1); // no stack trace
  });

  it('shows the stack with --debug', () => {
    const r = losskit('--debug', 'eval', 'mse', '--pred', 'nope.csv', '--target', target);
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/at readBytes/);
  });

  it('exits 1 with a usage message when a required option is missing', () => {
    const r = losskit('eval', 'mse', '--pred', pred);
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/required option '--target <file>' not specified/);
  });
});

describe('losskit step', () => {
  it('runs SGD on an objective expression: w ← w − lr·2(w − 3) converges to 3', () => {
    const w = file('w.json', JSON.stringify({ shape: [2], data: [0, 10] }));
    const r = losskit('step', 'sgd', '--params', w, '--objective', 'sum((w - 3) ^ 2)', '--steps', '5', '--param', 'learningRate=0.25', '--json');
    expect(r.code).toBe(0);
    const { trajectory } = JSON.parse(r.out);
    expect(trajectory).toHaveLength(6);
    // each step halves the distance to 3
    expect(trajectory[5].w).toEqual([3 - 3 / 32, 3 + 7 / 32]);
    expect(trajectory[0].value).toBe(9 + 49);
  });

  it('runs Adam with fixed gradients from a file, and needs one source of gradients', () => {
    const w = file('w1.json', '[1]');
    const g = file('g1.json', '[2]');
    const { trajectory } = JSON.parse(losskit('step', 'adam', '--params', w, '--grads', g, '--steps', '3', '--param', 'learningRate=0.1', '--json').out);
    // Adam's step is lr·m̂/(√v̂ + ε) = 0.1 for a constant gradient
    expect(trajectory[3].w[0]).toBeCloseTo(1 - 0.3, 6);
    expect(losskit('step', 'adam', '--params', w).err).toMatch(/exactly one of --grads FILE or --objective EXPR/);
  });
});

describe('losskit bench', () => {
  it('times every case on each backend and prints medians and ratios', () => {
    const r = losskit('bench', '--backends', 'reference,tfjs', '--sizes', '1000', '--runs', '2', '--json');
    expect(r.code).toBe(0);
    const { rows } = JSON.parse(r.out);
    expect(rows.map((x: { case: string }) => x.case)).toEqual(['MSE value+grad, 1000', 'softmax CE value+grad, [100, 10]', 'Adam step, 1000']);
    for (const row of rows) expect(Object.keys(row.medians)).toEqual(['reference', 'tfjs-cpu']);
    const table = losskit('bench', '--backends', 'reference,onnx', '--sizes', '100', '--runs', '1').out;
    expect(table).toMatch(/\| case \| reference \(ms\) \| onnx \(ms\) \| onnx \/ reference \|/);
  });
});

describe('losskit export', () => {
  it('writes a loss with its gradient as .onnx that ONNX Runtime runs for any batch size', async () => {
    const out = join(dir, 'mse.onnx');
    const r = losskit('export', 'loss', 'mse', '--pred-shape', 'batch', '--target-shape', 'batch', '--grad', '--out', out);
    expect(r.code).toBe(0);
    const ort = await import('onnxruntime-node');
    const session = await ort.InferenceSession.create(readFileSync(out));
    const f32 = (d: number[]) => new ort.Tensor('float32', Float32Array.from(d), [d.length]);
    const res = await session.run({ predictions: f32([2.5, 0, 2, 8]), targets: f32([3, -0.5, 2, 7]) });
    const value = Object.entries(res).find(([k]) => k.startsWith('value'))?.[1];
    expect(value?.data[0]).toBeCloseTo(0.375, 6);
  });

  it('prints what it wrote as JSON with --json', () => {
    const out = join(dir, 'sgd.onnx');
    const r = losskit('export', 'optimizer', 'sgd', '--params', 'w=4', '--out', out, '--json');
    expect(r.code, r.err).toBe(0);
    expect(JSON.parse(r.out)).toEqual({ kind: 'optimizer', out, bytes: readFileSync(out).length });
  });

  it('writes an optimizer step, and rejects bad shapes', () => {
    const out = join(dir, 'adam.onnx');
    expect(losskit('export', 'optimizer', 'adam', '--params', 'w=3x2,b=2', '--param', 'learningRate=0.01', '--out', out).code).toBe(0);
    expect(readFileSync(out).length).toBeGreaterThan(100);
    const bad = losskit('export', 'optimizer', 'adam', '--params', 'w=3y2', '--out', join(dir, 'nope.onnx'));
    expect(bad.code).toBe(1);
    expect(bad.err).toMatch(/BAD_PARAM: --params: expected name=AxB, got 'w=3y2'/);
    expect(readdirSync(dir).filter((f) => f.startsWith('nope'))).toEqual([]);
  });
});

describe('losskit list and describe', () => {
  it('lists losses by task and the installed backends, as text and JSON', () => {
    const r = losskit('list', '--json');
    const json = JSON.parse(r.out);
    expect(json.losses.regression).toContain('mse');
    expect(json.losses.classification).toContain('sparseCategoricalCrossEntropy');
    expect(json.optimizers).toEqual(expect.arrayContaining(['sgd', 'adam']));
    expect(json.backends.find((b: { name: string }) => b.name === 'reference').available).toBe(true);
    expect(losskit('list', 'losses').out).toMatch(/regression: mse, mae/);
    expect(losskit('list', 'lossses').err).toMatch(/did you mean 'losses'/);
  });

  it("describes a loss: formula, parameters with defaults and ranges, frameworks, example", () => {
    const r = losskit('describe', 'huber');
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/delta = 1 {2}number, > 0/);
    expect(r.out).toMatch(/torch: torch\.nn\.HuberLoss/);
    expect(r.out).toMatch(/losskit eval huber --pred pred\.csv --target target\.csv/);
    expect(JSON.parse(losskit('describe', 'mse', '--json').out).frameworks.sklearn).toMatch(/mean_squared_error/);
    expect(losskit('describe', 'hubr').err).toMatch(/did you mean 'huber'/);
  });

  it('has --help on every command', () => {
    for (const cmd of ['list', 'describe', 'eval', 'step', 'train', 'bench', 'export', 'check', 'merge']) {
      const r = losskit(cmd, '--help');
      expect(r.code).toBe(0);
      expect(r.out).toMatch(new RegExp(`Usage: losskit ${cmd}`));
      // Every command that prints results can print them for machines.
      expect(r.out).toMatch(/--json/);
    }
    const top = losskit('--help').out;
    for (const cmd of ['check', 'merge']) expect(top).toMatch(new RegExp(`^ +${cmd} \\[options\\]`, 'm'));
  });
});

describe('losskit train', () => {
  const iris = join(examples, 'iris.csv');
  const base = ['train', '--data', iris, '--target', 'species', '--model', 'softmax', '--optimizer', 'adam', '--param', 'learningRate=0.1', '--seed', '1'];

  it('reaches ≥ 95% accuracy on iris and draws a decreasing loss curve', () => {
    const plot = join(dir, 'curve.svg');
    const r = losskit(...base, '--epochs', '30', '--plot', plot, '--json');
    expect(r.code).toBe(0);
    const summary = JSON.parse(r.out);
    expect(summary.final.accuracy).toBeGreaterThanOrEqual(0.95);
    expect(summary.epochs).toHaveLength(30);
    // scikit-learn's classification report over the same predictions: its accuracy is the final
    // one, and 50 flowers of each species were scored.
    expect(summary.report.classes.map((c: { name: string; scores: { support: number } }) => [c.name, c.scores.support])).toEqual([['setosa', 50], ['versicolor', 50], ['virginica', 50]]);
    expect(summary.report.accuracy).toBeCloseTo(summary.final.accuracy, 12);
    // Vega draws the line as one path "M x,y L x,y ...": SVG's y grows downwards, so a falling
    // loss is a rising y, and the x steps right epoch by epoch.
    const svg = readFileSync(plot, 'utf8');
    const d = /aria-roledescription="line mark" d="([^"]+)"/.exec(svg)?.[1] ?? '';
    const points = d.replace(/^M/, '').split('L').map((p) => p.split(',').map(Number) as [number, number]);
    expect(points).toHaveLength(30);
    expect(points.every(([x], i) => i === 0 || x > (points[i - 1] as [number, number])[0])).toBe(true);
    expect((points.at(-1) as [number, number])[1]).toBeGreaterThan((points[0] as [number, number])[1] + 100);
  });

  it('--save-state then --resume continues exactly where it stopped', () => {
    const state = join(dir, 'state.lks');
    const straight = JSON.parse(losskit(...base, '--epochs', '12', '--json').out);
    expect(losskit(...base, '--epochs', '6', '--save-state', state).code).toBe(0);
    // A losskit checkpoint: magic bytes, then a JSON header naming the format, its version and the epoch.
    const bytes = readFileSync(state);
    expect(bytes.subarray(0, 7).toString('latin1')).toBe('LKSTATE');
    const header = JSON.parse(bytes.subarray(12, 12 + bytes.readUInt32LE(8)).toString('utf8'));
    expect(header).toMatchObject({ format: 'losskit-state', version: 1, kind: 'checkpoint', step: 6, meta: { config: { model: 'softmax', optimizer: 'adam' } } });
    expect(readdirSync(dir).filter((f) => f.endsWith('.tmp'))).toEqual([]);
    const resumed = JSON.parse(losskit(...base, '--epochs', '12', '--resume', state, '--json').out);
    expect(resumed.epochs.map((e: { epoch: number }) => e.epoch)).toEqual([7, 8, 9, 10, 11, 12]);
    expect(resumed.final.loss).toBe(straight.final.loss);
  });

  it('prints a classification report for a classifier', () => {
    const r = losskit(...base, '--epochs', '5');
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/ +precision +recall +f1-score +support\n/);
    expect(r.out).toMatch(/\n +setosa( +\d\.\d\d){3} +50\n/);
    expect(r.out).toMatch(/\n *weighted avg( +\d\.\d\d){3} +150\n/);
  });

  it('refuses a damaged or foreign checkpoint with BAD_FILE, and a failed save leaves no file', () => {
    const state = join(dir, 'good.lks');
    expect(losskit(...base, '--epochs', '2', '--save-state', state).code).toBe(0);
    const bytes = readFileSync(state);
    const length = bytes.readUInt32LE(8);
    const v9 = Buffer.from(bytes);
    v9.write(bytes.subarray(12, 12 + length).toString('utf8').replace('"version":1', '"version":9'), 12, 'utf8');
    const flipped = Buffer.from(bytes);
    flipped[flipped.length - 5] = (flipped[flipped.length - 5] as number) ^ 0xff;
    const cases: [string, Uint8Array | string, RegExp][] = [
      ['v9.lks', v9, /BAD_FILE: .*v9\.lks: state format version 9 .*reads version 1/],
      ['cut.lks', bytes.subarray(0, bytes.length - 10), /BAD_FILE: .*cut\.lks: truncated/],
      ['flipped.lks', flipped, /BAD_FILE: .*flipped\.lks: corrupted/],
      ['old.json', JSON.stringify({ format: 'losskit-train-state', version: 1 }), /BAD_FILE: .*old\.json: not a losskit state file/],
    ];
    for (const [name, contents, message] of cases) {
      const r = losskit(...base, '--epochs', '4', '--resume', file(name, contents));
      expect(r.code, name).toBe(1);
      expect(r.err, name).toMatch(message);
    }
    // The state of another optimizer's run: its tree does not fit.
    const sgd = join(dir, 'sgd.lks');
    const sgdBase = base.map((a) => (a === 'adam' ? 'sgd' : a));
    expect(losskit(...sgdBase, '--epochs', '2', '--save-state', sgd).code).toBe(0);
    const r = losskit(...base, '--epochs', '4', '--resume', sgd);
    expect(r.err).toMatch(/BAD_PARAM: .*the saved run used --optimizer sgd, not adam/);
    // Saving into a directory that does not exist fails cleanly and leaves nothing behind.
    const missing = join(dir, 'no-such-dir', 'state.lks');
    const failed = losskit(...base, '--epochs', '2', '--save-state', missing);
    expect(failed.code).toBe(1);
    expect(failed.err).toMatch(/BAD_FILE: .*cannot write it/);
    expect(readdirSync(dir).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  });

  it('fits a regression and reports R²', () => {
    const data = file('houses.csv', `area,rooms,price\n${Array.from({ length: 40 }, (_, i) => `${50 + i},${1 + (i % 4)},${3 * (50 + i) + 10 * (1 + (i % 4)) + 7}`).join('\n')}\n`);
    const r = losskit('train', '--data', data, '--target', 'price', '--model', 'linear', '--optimizer', 'sgd', '--param', 'learningRate=0.3', '--epochs', '100', '--batch-size', '40', '--json');
    expect(JSON.parse(r.out).final.r2).toBeGreaterThan(0.999);
  });

  const bad: [string, string[], RegExp][] = [
    ['an unknown optimizer, with a suggestion', ['--optimizer', 'adamm'], /BAD_PARAM: .*did you mean 'adam'/],
    ['a missing target column', ['--target', 'specie'], /BAD_PARAM: .*no column 'specie'; did you mean 'species'/],
    ['a corrupted state file', ['--resume', file('broken.json', '{"format":')], /BAD_FILE: .*broken\.json: truncated/],
  ];
  it.each(bad)('rejects %s', (_, args, message) => {
    const argv = [...base, '--epochs', '2'];
    for (let i = 0; i < args.length; i += 2) {
      const at = argv.indexOf(args[i] as string);
      if (at >= 0) argv.splice(at, 2, args[i] as string, args[i + 1] as string);
      else argv.push(args[i] as string, args[i + 1] as string);
    }
    const r = losskit(...argv);
    expect(r.code).toBe(1);
    expect(r.err).toMatch(message);
  });
});
