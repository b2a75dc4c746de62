import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

// Every command's bad inputs, as a person meets them: the built binary in a subprocess, one line
// on stderr naming the error code and the file or parameter, exit code 1, nothing on stdout, no
// stack trace unless --debug, and no file written.
const here = dirname(fileURLToPath(import.meta.url));
const bin = resolve(here, '../bin/losskit.js');
const examples = resolve(here, '../../../examples');
const iris = join(examples, 'iris.csv');
const pred = join(examples, 'pred.csv');
const target = join(examples, 'target.csv');
const dir = mkdtempSync(join(tmpdir(), 'losskit-bad-inputs-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function losskit(...args: string[]): { code: number; out: string; err: string } {
  const r = spawnSync(process.execPath, [bin, ...args], { encoding: 'utf8', cwd: dir });
  return { code: r.status ?? -1, out: r.stdout, err: r.stderr };
}

// Files named relative to the working directory, so the message names them as given.
const files: Record<string, string> = {
  'bad.csv': 'a,b\n1,2\n3,x\n',
  'bad.npy': 'not numpy',
  'bad.json': '[[1, 2], [3',
  'three.csv': '1\n2\n3\n',
  'w.json': '[1, 2]',
  'g.json': '[1, 2, 3]',
  'probs.csv': '0.3,0.7\n0.6,0.4\n',
  'labels.csv': '1\n2\n',
  'binary-pred.csv': '0.2\n0.8\n0.6\n',
  'binary-target.csv': '0\n1\n0\n',
  'not-partial.json': '{ "loss": "mse" }',
  'ab.csv': 'x,species\n1,a\n2,b\n',
  'abc.csv': 'x,species\n1,a\n2,c\n',
  'text.csv': 'x,species\n1,a\nfoo,b\n',
};

beforeAll(() => {
  for (const [name, contents] of Object.entries(files)) writeFileSync(join(dir, name), contents);
  // A run over classes a and b, to resume on data with a class it never saw.
  const saved = losskit('train', '--data', 'ab.csv', '--target', 'species', '--epochs', '1', '--save-state', 'ab.lks');
  expect(saved.code, saved.err).toBe(0);
});

type Case = readonly [what: string, argv: readonly string[], code: string, where: string, message: RegExp];

const cases: readonly Case[] = [
  ['list: an unknown kind', ['list', 'lossses'], 'BAD_PARAM', 'list', /did you mean 'losses'\?/],
  ['describe: an unknown loss', ['describe', 'hubr'], 'UNKNOWN_LOSS', 'describe', /no loss 'hubr'; did you mean 'huber'\?/],

  ['eval: the gradient of a non-differentiable loss', ['eval', 'hammingLoss', '--pred', 'binary-pred.csv', '--target', 'binary-target.csv', '--grad'], 'NOT_DIFFERENTIABLE', 'hammingLoss', /has no gradient/],
  ['eval: a label equal to the number of classes', ['eval', 'sparseCategoricalCrossEntropy', '--pred', 'probs.csv', '--target', 'labels.csv'], 'LABEL_OUT_OF_RANGE', 'targets', /expected labels in \[0, 2\), found 2 at index 1/],
  ['eval: malformed JSON', ['eval', 'mse', '--pred', 'bad.json', '--target', target], 'BAD_FILE', 'bad.json', /malformed JSON/],
  ['eval: weights of another length', ['eval', 'mse', '--pred', pred, '--target', target, '--weights', 'three.csv'], 'SHAPE_MISMATCH', 'weights', /\[3\] and \[4\]/],

  ['merge: a missing file', ['merge', 'nope.json'], 'BAD_FILE', 'nope.json', /no such file/],
  ['merge: malformed JSON', ['merge', 'bad.json'], 'BAD_FILE', 'bad.json', /malformed JSON/],
  ['merge: a file that is not a partial', ['merge', 'not-partial.json'], 'BAD_FILE', 'not-partial.json', /expected a partial from `losskit eval --partial`/],

  ['train: a missing file', ['train', '--data', 'nope.csv', '--target', 'species'], 'BAD_FILE', 'nope.csv', /no such file/],
  ['train: a malformed CSV', ['train', '--data', 'text.csv', '--target', 'species'], 'BAD_FILE', 'text.csv', /row 3, column x: 'foo' is not a number/],
  ['train: an unknown loss', ['train', '--data', iris, '--target', 'species', '--loss', 'hubr'], 'UNKNOWN_LOSS', 'loss', /did you mean 'huber'\?/],
  ['train: a bad optimizer parameter', ['train', '--data', iris, '--target', 'species', '--param', 'learningRate=-1'], 'BAD_PARAM', 'scaleByLearningRate.learningRate', /≥ 0, got -1/],
  ['train: a misspelt optimizer option', ['train', '--data', iris, '--target', 'species', '--optimizer', 'sgd', '--param', 'momentun=0.9'], 'BAD_PARAM', 'sgd.momentun', /unknown option 'momentun' \(sgd accepts learningRate, momentum, nesterov, weightDecay\); did you mean 'momentum'\?/],
  ['train: an unknown loss parameter', ['train', '--data', iris, '--target', 'species', '--loss-param', 'smoothing=0.1'], 'BAD_PARAM', '--param', /has no parameter 'smoothing'/],
  ['train: an unknown model', ['train', '--data', iris, '--target', 'species', '--model', 'sofmax'], 'BAD_PARAM', '--model', /did you mean 'softmax'\?/],
  ['train: zero epochs', ['train', '--data', iris, '--target', 'species', '--epochs', '0'], 'BAD_PARAM', '--epochs', /positive integer, got '0'/],
  ['train: a class the resumed run never saw', ['train', '--data', 'abc.csv', '--target', 'species', '--epochs', '2', '--resume', 'ab.lks'], 'LABEL_OUT_OF_RANGE', 'abc.csv', /row 3, column species: class 'c' is not one of the saved run's a, b/],

  ['step: a missing file', ['step', 'adam', '--params', 'nope.json', '--grads', 'w.json'], 'BAD_FILE', 'nope.json', /no such file/],
  ['step: a malformed NPY', ['step', 'adam', '--params', 'bad.npy', '--grads', 'w.json'], 'BAD_FILE', 'bad.npy', /malformed NPY/],
  ['step: gradients of another shape', ['step', 'adam', '--params', 'w.json', '--grads', 'g.json'], 'SHAPE_MISMATCH', 'g.json', /gradients \[3\] do not match the parameters \[2\] of w\.json/],
  ['step: an unknown optimizer', ['step', 'adamm', '--params', 'w.json', '--grads', 'w.json'], 'BAD_PARAM', 'step', /did you mean 'adam'/],
  ['step: a bad parameter', ['step', 'sgd', '--params', 'w.json', '--grads', 'w.json', '--param', 'learningRate=-1'], 'BAD_PARAM', 'scaleByLearningRate.learningRate', /≥ 0, got -1/],
  ['step: a misspelt optimizer option', ['step', 'adam', '--params', 'w.json', '--grads', 'w.json', '--param', 'lerningRate=0.1'], 'BAD_PARAM', 'adam.lerningRate', /unknown option 'lerningRate' \(adam accepts learningRate, .*\); did you mean 'learningRate'\?/],
  ['step: a malformed objective', ['step', 'sgd', '--params', 'w.json', '--objective', 'sum(w ^ )'], 'BAD_PARAM', 'expression', /unexpected '\)' at column 9/],

  ['check: an unknown backend', ['check', '--backend', 'refrence'], 'BAD_PARAM', '--backend', /did you mean 'reference'\?/],
  ['bench: an unknown backend', ['bench', '--backends', 'refrence'], 'BAD_PARAM', '--backends', /did you mean 'reference'\?/],
  ['bench: bad sizes', ['bench', '--sizes', '10,x'], 'BAD_PARAM', '--sizes', /expected positive integers/],

  ['export: an unknown loss', ['export', 'loss', 'hubr', '--pred-shape', 'batch', '--target-shape', 'batch', '--out', 'x.onnx'], 'UNKNOWN_LOSS', 'loss', /did you mean 'huber'\?/],
  ['export: the gradient of a non-differentiable loss', ['export', 'loss', 'hammingLoss', '--pred-shape', 'batch', '--target-shape', 'batch', '--grad', '--out', 'x.onnx'], 'NOT_DIFFERENTIABLE', 'hammingLoss', /export it without --grad/],
  ['export: shapes that do not fit the loss', ['export', 'loss', 'mse', '--pred-shape', 'batch,3', '--target-shape', 'batch,4', '--out', 'x.onnx'], 'SHAPE_MISMATCH', '--target-shape', /--pred-shape batch,3 and --target-shape batch,4 do not fit mse/],
  ['export: a bad loss parameter', ['export', 'loss', 'huber', '--pred-shape', 'batch', '--target-shape', 'batch', '--param', 'delta=-1', '--out', 'x.onnx'], 'BAD_PARAM', 'huber.delta', /must be in/],
  ['export: malformed parameter shapes', ['export', 'optimizer', 'adam', '--params', 'w=3y2', '--out', 'x.onnx'], 'BAD_PARAM', '--params', /expected name=AxB, got 'w=3y2'/],
  ['export: an unknown kind', ['export', 'trainstep', '--out', 'x.onnx'], 'BAD_PARAM', 'export', /did you mean 'train-step'\?/],
];

const escape = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

describe('bad inputs of every command', () => {
  it.each(cases)('%s', (_, argv, code, where, message) => {
    const before = readdirSync(dir).sort();
    const r = losskit(...argv);
    expect(r.code, r.err).toBe(1);
    expect(r.out).toBe('');
    const lines = r.err.trimEnd().split('\n');
    expect(lines, 'one line, no stack trace').toHaveLength(1);
    expect(lines[0]).toMatch(new RegExp(`^losskit: ${code}: ${escape(where)}: `));
    expect(lines[0]).toMatch(message);
    expect(readdirSync(dir).sort(), 'no file written').toEqual(before);
  });

  // One case per command with --debug: the same line, then the stack.
  const firstOfEach = cases.filter(([, argv], i) => cases.findIndex(([, a]) => a[0] === argv[0]) === i);
  it.each(firstOfEach)('with --debug, %s shows the stack', (_, argv, code) => {
    const r = losskit('--debug', ...argv);
    expect(r.code).toBe(1);
    const [first, ...rest] = r.err.trimEnd().split('\n');
    expect(first).toMatch(new RegExp(`^losskit: ${code}: `));
    expect(rest.filter((l) => /^ {4}at /.test(l)).length).toBeGreaterThan(0);
  });
});
