import { beforeAll, describe, expect, it } from 'vitest';
import type { Backend } from '../backend/backend.js';
import { LossKitError, type LossKitErrorCode } from '../errors/losskit-error.js';
import {
  logSoftmax, logSumExp, sigmoidCrossEntropyWithLogits, softmax, softmaxCrossEntropyWithLogits,
} from '../graph/composites.js';
import { expandComposites } from '../graph/expand-composites.js';
import {
  BINARY_OPS, COMPOSITE_OPS, type OpName, OTHER_OPS, REDUCE_OPS, SHAPE_OPS, UNARY_OPS, type Value,
} from '../graph/node.js';
import * as o from '../graph/ops.js';
import { type InputSpec, type Program, trace } from '../graph/program.js';
import { createReferenceBackend } from '../reference/reference-backend.js';
import type { HostTensor } from '../tensor/host-tensor.js';
import { grad, gradName } from './grad.js';
import { codeOf, mulberry32 } from '../__test__/helpers.js';

// ---------------------------------------------------------------------------------------------
// Helpers: a seeded generator, inputs shaped for each op's smooth region, and the check itself.
// ---------------------------------------------------------------------------------------------

const size = (shape: readonly number[]): number => shape.reduce((p, d) => p * d, 1);

/** An input of the case: its declared spec (symbols allowed) and the concrete data it runs on. */
interface CaseInput {
  readonly spec: InputSpec;
  readonly shape: readonly number[];
  readonly data: readonly number[];
}

type Gen = (r: () => number, n: number) => number[];

const uniform = (lo: number, hi: number): Gen => (r, n) => Array.from({ length: n }, () => lo + (hi - lo) * r());
/** |x| in [0.3, 2], either sign: away from the kinks of abs, relu, sign. */
const awayFromZero: Gen = (r, n) => Array.from({ length: n }, () => (r() < 0.5 ? -1 : 1) * (0.3 + 1.7 * r()));
/** Distinct values at least 0.25 apart: no ties for max / min reductions. */
const distinct: Gen = (r, n) => {
  const perm = Array.from({ length: n }, (_, i) => i);
  for (let i = n - 1; i > 0; i--) {
    const j = Math.floor(r() * (i + 1));
    [perm[i], perm[j]] = [perm[j] as number, perm[i] as number];
  }
  return perm.map((k) => (k - n / 2) * 0.25 + 0.05 * r());
};
/** Rows of `k` positive numbers that sum to 1 (soft labels). */
const rowsSummingToOne = (k: number): Gen => (r, n) => {
  const raw = Array.from({ length: n }, () => 0.1 + r());
  return raw.map((v, i) => v / raw.slice(i - (i % k), i - (i % k) + k).reduce((a, b) => a + b, 0));
};
/** On the grid 0.5·k + offset: two grids with offsets 0.1 and 0.35 never come within 0.25. */
const grid = (offset: number): Gen => (r, n) => Array.from({ length: n }, () => 0.5 * Math.floor(r() * 8 - 4) + offset);

let seedCounter = 1;
function f(shape: readonly number[], gen: Gen = uniform(-2, 2), declared?: readonly (number | string)[]): CaseInput {
  const r = mulberry32(seedCounter++ * 7919);
  return { spec: { shape: declared ?? shape, dtype: 'float' }, shape, data: gen(r, size(shape)) };
}
function ints(shape: readonly number[], data: readonly number[], declared?: readonly (number | string)[]): CaseInput {
  return { spec: { shape: declared ?? shape, dtype: 'int' }, shape, data };
}

interface GradCase {
  /** The op under test: every op name must appear in some case. */
  readonly op: OpName;
  readonly name: string;
  readonly inputs: Readonly<Record<string, CaseInput>>;
  readonly wrt: readonly string[];
  /** Any-shaped float result; the harness takes sum(result · R) with a fixed random R. */
  readonly fn: (v: Readonly<Record<string, Value>>) => Value;
  /** Set for ops with no gradient: the program must raise this code from grad(). */
  readonly raises?: LossKitErrorCode;
  /** The op folds away when traced (a cast to the value's own dtype is the value itself). */
  readonly elided?: boolean;
}

/** A fixed random tensor of this (concrete) shape, embedded as a constant. */
function weightsFor(shape: readonly (number | string)[], seed: number): Value {
  const concrete = shape.map((d) => (typeof d === 'number' ? d : 1));
  const r = mulberry32(seed);
  const data = Float64Array.from({ length: size(concrete) }, () => 0.5 + r());
  return o.constantTensor({ dtype: 'float64', shape: concrete, data });
}

function scalarProgram(c: GradCase, seed: number): Program {
  const specs: Record<string, InputSpec> = {};
  for (const [k, v] of Object.entries(c.inputs)) specs[k] = v.spec;
  return trace(c.name, specs, (v) => {
    const y = c.fn(v);
    // Symbolic dims get R of size 1 along them (broadcast), which still makes the cotangent non-uniform.
    return o.sum(o.mul(y, weightsFor(y.shape, seed)));
  });
}

function hostInputs(c: GradCase, override?: { name: string; index: number; delta: number }): Record<string, HostTensor> {
  const out: Record<string, HostTensor> = {};
  for (const [k, v] of Object.entries(c.inputs)) {
    if (v.spec.dtype === 'float') {
      const data = Float64Array.from(v.data);
      if (override !== undefined && override.name === k) data[override.index] = (data[override.index] as number) + override.delta;
      out[k] = { dtype: 'float64', shape: v.shape, data };
    } else {
      out[k] = { dtype: 'int32', shape: v.shape, data: Int32Array.from(v.data) };
    }
  }
  return out;
}

const H = 1e-6;

async function checkAgainstFiniteDifferences(backend: Backend<HostTensor>, c: GradCase, seed: number): Promise<void> {
  const program = scalarProgram(c, seed);
  const g = await backend.run(grad(program, { wrt: c.wrt }), hostInputs(c));
  for (const name of c.wrt) {
    const analytic = g[gradName(name)] as HostTensor;
    const input = c.inputs[name] as CaseInput;
    expect(analytic.shape, `${c.name}: shape of grad/${name}`).toEqual(input.shape);
    for (let i = 0; i < input.data.length; i++) {
      const plus = (await backend.run(program, hostInputs(c, { name, index: i, delta: H }))).value as HostTensor;
      const minus = (await backend.run(program, hostInputs(c, { name, index: i, delta: -H }))).value as HostTensor;
      const fd = ((plus.data[0] as number) - (minus.data[0] as number)) / (2 * H);
      const an = analytic.data[i] as number;
      const tol = 1e-6 + 1e-5 * Math.abs(fd);
      if (!(Math.abs(an - fd) <= tol)) {
        expect.fail(`${c.name}: d/d${name}[${i}] analytic ${an} vs central difference ${fd}`);
      }
    }
  }
}

// ---------------------------------------------------------------------------------------------
// The table: every primitive and composite op, broadcasting included.
// ---------------------------------------------------------------------------------------------

const x = (v: Readonly<Record<string, Value>>): Value => v.x as Value;
const y = (v: Readonly<Record<string, Value>>): Value => v.y as Value;

const unary = (op: OpName, fn: (a: Value) => Value, gen: Gen = uniform(-2, 2)): GradCase => ({
  op, name: `${op} [2,3]`, inputs: { x: f([2, 3], gen) }, wrt: ['x'], fn: (v) => fn(x(v)),
});

const notDiffUnary = (op: OpName, fn: (a: Value) => Value): GradCase => ({
  op, name: `${op} raises`, inputs: { x: f([4], uniform(-2, 2)) }, wrt: ['x'], fn: (v) => fn(x(v)), raises: 'NOT_DIFFERENTIABLE',
});

type Cmp = (a: Value, b: Value) => Value;
/** A comparison used as a `where` condition: piecewise, so the gradient flows through the branches only. */
const comparisonCases = (op: OpName, cmp: Cmp): GradCase[] => [
  {
    op, name: `${op} as a where condition`,
    inputs: { x: f([3, 4], grid(0.1)), y: f([4], grid(0.35)) }, wrt: ['x', 'y'],
    fn: (v) => o.where(cmp(x(v), y(v)), o.mul(x(v), y(v)), o.sub(x(v), o.square(y(v)))),
  },
  {
    op, name: `${op} cast to float raises`,
    inputs: { x: f([3, 4], grid(0.1)), y: f([4], grid(0.35)) }, wrt: ['x'],
    fn: (v) => o.cast(cmp(x(v), y(v)), 'float'), raises: 'NOT_DIFFERENTIABLE',
  },
];

const reduceCases = (op: 'sum' | 'mean' | 'max' | 'min', fn: typeof o.sum): GradCase[] => [
  { op, name: `${op} all`, inputs: { x: f([2, 3, 4], distinct) }, wrt: ['x'], fn: (v) => fn(x(v)) },
  { op, name: `${op} axis 1`, inputs: { x: f([2, 3, 4], distinct) }, wrt: ['x'], fn: (v) => fn(x(v), 1) },
  { op, name: `${op} axes [0,2] keepDims`, inputs: { x: f([2, 3, 4], distinct) }, wrt: ['x'], fn: (v) => fn(x(v), [0, 2], true) },
  { op, name: `${op} axis -1 keepDims`, inputs: { x: f([3, 4], distinct) }, wrt: ['x'], fn: (v) => fn(x(v), -1, true) },
  { op, name: `${op} symbolic batch, axis 0`, inputs: { x: f([5, 3], distinct, ['n', 3]) }, wrt: ['x'], fn: (v) => fn(x(v), 0) },
];

const cases: GradCase[] = [
  // --- unary ---
  unary('neg', o.neg),
  unary('abs', o.abs, awayFromZero),
  notDiffUnary('sign', o.sign),
  unary('exp', o.exp),
  unary('log', o.log, uniform(0.2, 3)),
  unary('log1p', o.log1p, uniform(-0.5, 3)),
  unary('expm1', o.expm1),
  unary('sqrt', o.sqrt, uniform(0.2, 3)),
  unary('square', o.square),
  unary('reciprocal', o.reciprocal, awayFromZero),
  unary('tanh', o.tanh),
  unary('sigmoid', o.sigmoid, uniform(-4, 4)),
  unary('softplus', o.softplus, uniform(-4, 4)),
  unary('relu', o.relu, awayFromZero),
  unary('sin', o.sin, uniform(-3, 3)),
  unary('cos', o.cos, uniform(-3, 3)),
  unary('erf', o.erf, uniform(-3, 3)),
  notDiffUnary('floor', o.floor),
  notDiffUnary('round', o.round),
  {
    op: 'logicalNot', name: 'logicalNot as a where condition', inputs: { x: f([5], awayFromZero) }, wrt: ['x'],
    fn: (v) => o.where(o.logicalNot(o.greater(x(v), 0)), o.mul(x(v), 3), o.square(x(v))),
  },
  {
    op: 'logicalNot', name: 'logicalNot cast to float raises', inputs: { x: f([5], awayFromZero) }, wrt: ['x'],
    fn: (v) => o.cast(o.logicalNot(o.greater(x(v), 0)), 'float'), raises: 'NOT_DIFFERENTIABLE',
  },

  // --- binary, with numpy broadcasting ---
  { op: 'add', name: 'add [3,1]×[4]', inputs: { x: f([3, 1]), y: f([4]) }, wrt: ['x', 'y'], fn: (v) => o.add(x(v), y(v)) },
  { op: 'add', name: 'add scalar literal', inputs: { x: f([2, 2]) }, wrt: ['x'], fn: (v) => o.add(x(v), 1.5) },
  { op: 'sub', name: 'sub [2,1,4]×[3,1]', inputs: { x: f([2, 1, 4]), y: f([3, 1]) }, wrt: ['x', 'y'], fn: (v) => o.sub(x(v), y(v)) },
  { op: 'sub', name: 'sub literal − x', inputs: { x: f([3]) }, wrt: ['x'], fn: (v) => o.sub(1, x(v)) },
  { op: 'mul', name: 'mul [2,3,4]×[3,1]', inputs: { x: f([2, 3, 4]), y: f([3, 1]) }, wrt: ['x', 'y'], fn: (v) => o.mul(x(v), y(v)) },
  { op: 'mul', name: 'mul x·x (one input used twice)', inputs: { x: f([4]) }, wrt: ['x'], fn: (v) => o.mul(x(v), x(v)) },
  { op: 'mul', name: 'mul symbolic [n,3]×[3]', inputs: { x: f([4, 3], uniform(-2, 2), ['n', 3]), y: f([3]) }, wrt: ['x', 'y'], fn: (v) => o.mul(x(v), y(v)) },
  { op: 'div', name: 'div [2,3]×[3]', inputs: { x: f([2, 3]), y: f([3], awayFromZero) }, wrt: ['x', 'y'], fn: (v) => o.div(x(v), y(v)) },
  { op: 'div', name: 'div [1]×[2,2] (numerator broadcast)', inputs: { x: f([1]), y: f([2, 2], awayFromZero) }, wrt: ['x', 'y'], fn: (v) => o.div(x(v), y(v)) },
  { op: 'pow', name: 'pow [2,3]×[3] both operands', inputs: { x: f([2, 3], uniform(0.4, 2.5)), y: f([3], uniform(-1.5, 2.5)) }, wrt: ['x', 'y'], fn: (v) => o.pow(x(v), y(v)) },
  { op: 'pow', name: 'pow x^3 (negative base, literal exponent)', inputs: { x: f([4]) }, wrt: ['x'], fn: (v) => o.pow(x(v), 3) },
  { op: 'maximum', name: 'maximum [3,4]×[4] away from ties', inputs: { x: f([3, 4], grid(0.1)), y: f([4], grid(0.35)) }, wrt: ['x', 'y'], fn: (v) => o.maximum(x(v), y(v)) },
  { op: 'minimum', name: 'minimum [2,1,3]×[4,1] away from ties', inputs: { x: f([2, 1, 3], grid(0.1)), y: f([4, 1], grid(0.35)) }, wrt: ['x', 'y'], fn: (v) => o.minimum(x(v), y(v)) },
  ...comparisonCases('equal', o.equal),
  ...comparisonCases('notEqual', o.notEqual),
  ...comparisonCases('less', o.less),
  ...comparisonCases('lessEqual', o.lessEqual),
  ...comparisonCases('greater', o.greater),
  ...comparisonCases('greaterEqual', o.greaterEqual),
  ...comparisonCases('logicalAnd', (a, b) => o.logicalAnd(o.greater(a, 0), o.less(b, 0.5))),
  ...comparisonCases('logicalOr', (a, b) => o.logicalOr(o.greater(a, 0), o.less(b, 0.5))),

  // --- reductions ---
  ...reduceCases('sum', o.sum),
  ...reduceCases('mean', o.mean),
  ...reduceCases('max', o.max),
  ...reduceCases('min', o.min),

  // --- shape ops ---
  { op: 'reshape', name: 'reshape [2,3,4] → [6,-1]', inputs: { x: f([2, 3, 4]) }, wrt: ['x'], fn: (v) => o.mul(o.reshape(x(v), [6, -1]), o.reshape(x(v), [6, 4])) },
  { op: 'reshape', name: 'reshape symbolic [n,6] → [n,2,3]', inputs: { x: f([3, 6], uniform(-2, 2), ['n', 6]) }, wrt: ['x'], fn: (v) => o.square(o.reshape(x(v), ['n', 2, 3])) },
  { op: 'broadcastTo', name: 'broadcastTo [3,1] → [2,3,4]', inputs: { x: f([3, 1]) }, wrt: ['x'], fn: (v) => o.broadcastTo(x(v), [2, 3, 4]) },
  { op: 'transpose', name: 'transpose [2,3,4] perm [2,0,1]', inputs: { x: f([2, 3, 4]) }, wrt: ['x'], fn: (v) => o.transpose(x(v), [2, 0, 1]) },
  { op: 'transpose', name: 'transpose default (reverse)', inputs: { x: f([2, 3]) }, wrt: ['x'], fn: (v) => o.transpose(x(v)) },
  { op: 'expandDims', name: 'expandDims axis 1', inputs: { x: f([2, 3]) }, wrt: ['x'], fn: (v) => o.mul(o.expandDims(x(v), 1), weightsFor([2, 4, 3], 99)) },
  { op: 'expandDims', name: 'expandDims axis -1', inputs: { x: f([3]) }, wrt: ['x'], fn: (v) => o.expandDims(x(v), -1) },
  { op: 'squeeze', name: 'squeeze [2,1,3,1] axes [1,3]', inputs: { x: f([2, 1, 3, 1]) }, wrt: ['x'], fn: (v) => o.squeeze(x(v), [1, 3]) },
  { op: 'squeeze', name: 'squeeze all size-1 axes', inputs: { x: f([1, 3, 1]) }, wrt: ['x'], fn: (v) => o.squeeze(x(v)) },

  // --- other primitives ---
  { op: 'input', name: 'input (identity)', inputs: { x: f([2, 2]) }, wrt: ['x'], fn: (v) => x(v) },
  {
    op: 'constant', name: 'constant (contributes nothing)', inputs: { x: f([2, 3]) }, wrt: ['x'],
    fn: (v) => o.mul(o.add(x(v), o.constantTensor({ dtype: 'float64', shape: [3], data: Float64Array.of(1, -2, 3) })), o.constant(2)),
  },
  {
    op: 'where', name: 'where with a broadcast condition [3,1], branches [3,4]×[4]',
    inputs: { c: f([3, 1], awayFromZero), x: f([3, 4]), y: f([4]) }, wrt: ['x', 'y'],
    fn: (v) => o.where(o.greater(v.c as Value, 0), o.mul(x(v), 2), o.square(y(v))),
  },
  {
    op: 'where', name: 'where with scalar branches', inputs: { x: f([5], awayFromZero) }, wrt: ['x'],
    fn: (v) => o.mul(o.where(o.greater(x(v), 0), x(v), 0.5), x(v)),
  },
  { op: 'cast', name: 'cast float → float', inputs: { x: f([3]) }, wrt: ['x'], fn: (v) => o.square(o.cast(x(v), 'float')), elided: true },
  {
    op: 'cast', name: 'cast int → float of an int input (contributes nothing)', inputs: { x: f([3]), k: ints([3], [2, -1, 5]) }, wrt: ['x'],
    fn: (v) => o.mul(x(v), o.cast(v.k as Value, 'float')),
  },
  { op: 'cast', name: 'cast float → int raises', inputs: { x: f([3]) }, wrt: ['x'], fn: (v) => o.cast(o.cast(x(v), 'int'), 'float'), raises: 'NOT_DIFFERENTIABLE' },
  { op: 'clip', name: 'clip away from the bounds', inputs: { x: f([8], grid(0.1)) }, wrt: ['x'], fn: (v) => o.clip(x(v), -0.7, 0.8) },
  {
    op: 'oneHot', name: 'oneHot of int labels (contributes nothing)', inputs: { x: f([4, 3]), k: ints([4], [2, 0, 2, 1]) }, wrt: ['x'],
    fn: (v) => o.mul(o.oneHot(v.k as Value, 3), o.exp(x(v))),
  },
  {
    op: 'oneHot', name: 'oneHot of a rounded float raises', inputs: { x: f([4], uniform(0, 2.9)) }, wrt: ['x'],
    fn: (v) => o.oneHot(o.cast(x(v), 'int'), 3), raises: 'NOT_DIFFERENTIABLE',
  },
  {
    op: 'gather', name: 'gather axis 0, repeated indices', inputs: { x: f([4, 3]), k: ints([5], [2, 0, 2, 3, 2]) }, wrt: ['x'],
    fn: (v) => o.gather(x(v), v.k as Value, 0),
  },
  {
    op: 'gather', name: 'gather axis 1 of [2,4,3], repeated indices', inputs: { x: f([2, 4, 3]), k: ints([3], [1, 1, 3]) }, wrt: ['x'],
    fn: (v) => o.gather(x(v), v.k as Value, 1),
  },
  {
    op: 'gather', name: 'gather axis 1 with [2,2] indices', inputs: { x: f([3, 4]), k: ints([2, 2], [0, 3, 3, 1]) }, wrt: ['x'],
    fn: (v) => o.gather(x(v), v.k as Value, 1),
  },
  {
    op: 'gather', name: 'gather symbolic indices [n]', inputs: { x: f([4, 3]), k: ints([6], [1, 1, 0, 3, 3, 3], ['n']) }, wrt: ['x'],
    fn: (v) => o.gather(x(v), v.k as Value, 0),
  },
  {
    op: 'gather', name: 'gather of a rounded float index raises', inputs: { x: f([4], uniform(0, 2.9)), t: f([3]) }, wrt: ['x'],
    fn: (v) => o.gather(v.t as Value, o.cast(x(v), 'int'), 0), raises: 'NOT_DIFFERENTIABLE',
  },
  { op: 'matmul', name: 'matmul [3,4]×[4,2]', inputs: { x: f([3, 4]), y: f([4, 2]) }, wrt: ['x', 'y'], fn: (v) => o.matmul(x(v), y(v)) },
  { op: 'matmul', name: 'matmul symbolic [n,3]×[3,2]', inputs: { x: f([5, 3], uniform(-2, 2), ['n', 3]), y: f([3, 2]) }, wrt: ['x', 'y'], fn: (v) => o.matmul(x(v), y(v)) },
  {
    op: 'sizeOf', name: 'sizeOf a symbolic axis (shape only: contributes nothing)', inputs: { x: f([5, 3], uniform(-2, 2), ['n', 3]) }, wrt: ['x'],
    fn: (v) => o.div(o.sum(o.square(x(v)), 0), o.sizeOf(x(v), 0)),
  },

  // --- composites ---
  { op: 'logSoftmax', name: 'logSoftmax axis -1', inputs: { x: f([3, 4], uniform(-3, 3)) }, wrt: ['x'], fn: (v) => logSoftmax(x(v)) },
  { op: 'logSoftmax', name: 'logSoftmax axis 0', inputs: { x: f([3, 4], uniform(-3, 3)) }, wrt: ['x'], fn: (v) => logSoftmax(x(v), 0) },
  { op: 'softmax', name: 'softmax axis -1', inputs: { x: f([3, 4], uniform(-3, 3)) }, wrt: ['x'], fn: (v) => softmax(x(v)) },
  { op: 'softmax', name: 'softmax axis 1 of [2,3,2]', inputs: { x: f([2, 3, 2], uniform(-3, 3)) }, wrt: ['x'], fn: (v) => softmax(x(v), 1) },
  { op: 'logSumExp', name: 'logSumExp axis 1', inputs: { x: f([3, 4], uniform(-3, 3)) }, wrt: ['x'], fn: (v) => logSumExp(x(v), 1) },
  { op: 'logSumExp', name: 'logSumExp axes [0,2] keepDims', inputs: { x: f([2, 3, 2], uniform(-3, 3)) }, wrt: ['x'], fn: (v) => logSumExp(x(v), [0, 2], true) },
  { op: 'logSumExp', name: 'logSumExp all', inputs: { x: f([2, 3], uniform(-3, 3)) }, wrt: ['x'], fn: (v) => logSumExp(x(v)) },
  {
    op: 'sigmoidCrossEntropyWithLogits', name: 'sigmoidCrossEntropyWithLogits both inputs',
    inputs: { y: f([3, 4], uniform(0, 1)), x: f([3, 4], uniform(-4, 4)) }, wrt: ['x', 'y'],
    fn: (v) => sigmoidCrossEntropyWithLogits(y(v), x(v)),
  },
  {
    op: 'sigmoidCrossEntropyWithLogits', name: 'sigmoidCrossEntropyWithLogits broadcast labels [4] against logits [3,4]',
    inputs: { y: f([4], uniform(0, 1)), x: f([3, 4], uniform(-4, 4)) }, wrt: ['x', 'y'],
    fn: (v) => sigmoidCrossEntropyWithLogits(y(v), x(v)),
  },
  {
    op: 'softmaxCrossEntropyWithLogits', name: 'softmaxCrossEntropyWithLogits both inputs, soft labels',
    inputs: { y: f([3, 4], uniform(0, 1)), x: f([3, 4], uniform(-3, 3)) }, wrt: ['x', 'y'],
    fn: (v) => softmaxCrossEntropyWithLogits(y(v), x(v)),
  },
  {
    // The rule may skip Σ labels when the caller promises it is 1 (one-hot or smoothed labels).
    op: 'softmaxCrossEntropyWithLogits', name: 'softmaxCrossEntropyWithLogits with labelsSumToOne, rows summing to 1',
    inputs: { y: f([3, 4], rowsSummingToOne(4)), x: f([3, 4], uniform(-3, 3)) }, wrt: ['x'],
    fn: (v) => softmaxCrossEntropyWithLogits(y(v), x(v), -1, { labelsSumToOne: true }),
  },
  {
    op: 'softmaxCrossEntropyWithLogits', name: 'softmaxCrossEntropyWithLogits axis 0',
    inputs: { y: f([3, 2], uniform(0, 1)), x: f([3, 2], uniform(-3, 3)) }, wrt: ['x', 'y'],
    fn: (v) => softmaxCrossEntropyWithLogits(y(v), x(v), 0),
  },
];

const ALL_OPS: readonly OpName[] = [...UNARY_OPS, ...BINARY_OPS, ...REDUCE_OPS, ...SHAPE_OPS, ...OTHER_OPS, ...COMPOSITE_OPS];

/** The ops a program actually holds for a case (so a case cannot claim an op it does not use). */
function opsOf(c: GradCase): Set<OpName> {
  return new Set(scalarProgram(c, 1).nodes.map((n) => n.op));
}

describe('grad against float64 central finite differences', () => {
  let backend: Backend<HostTensor>;
  beforeAll(async () => {
    backend = await createReferenceBackend();
  });

  it('has a case for every op in the closed op set', () => {
    const covered = new Set(cases.map((c) => c.op));
    const missing = ALL_OPS.filter((op) => !covered.has(op));
    expect(missing).toEqual([]);
  });

  it.each(cases.map((c) => [c.name, c] as const))('each case uses the op it is filed under: %s', (_, c) => {
    expect(opsOf(c).has(c.op)).toBe(c.elided !== true);
  });

  const differentiable = cases.filter((c) => c.raises === undefined);
  it.each(differentiable.map((c, i) => [c.name, c, i] as const))('%s', async (_, c, i) => {
    await checkAgainstFiniteDifferences(backend, c, 1000 + i);
  });

  const raising = cases.filter((c) => c.raises !== undefined);
  it.each(raising.map((c) => [c.name, c] as const))('%s', (_, c) => {
    expect(codeOf(() => grad(scalarProgram(c, 1), { wrt: c.wrt }))).toBe(c.raises);
  });
});

describe('grad', () => {
  const spec = (shape: readonly (number | string)[]): InputSpec => ({ shape, dtype: 'float' });

  it('raises NOT_DIFFERENTIABLE for mean(cast(greater(x, 0.5), float))', () => {
    const p = trace('acc', { x: spec([4]) }, ({ x }) => o.mean(o.cast(o.greater(x, 0.5), 'float')));
    expect(codeOf(() => grad(p, { wrt: ['x'] }))).toBe('NOT_DIFFERENTIABLE');
  });

  it('raises NOT_DIFFERENTIABLE for sum(round(x))', () => {
    const p = trace('r', { x: spec([4]) }, ({ x }) => o.sum(o.round(x)));
    expect(codeOf(() => grad(p, { wrt: ['x'] }))).toBe('NOT_DIFFERENTIABLE');
  });

  it('raises NOT_DIFFERENTIABLE when the value depends on x only through a where condition', () => {
    // A zero-one loss written with where instead of cast: still piecewise constant in x.
    const p = trace('zeroOne', { x: spec([4]) }, ({ x }) => o.mean(o.where(o.greater(x, 0.5), 1, 0)));
    expect(codeOf(() => grad(p, { wrt: ['x'] }))).toBe('NOT_DIFFERENTIABLE');
  });

  it('raises NOT_DIFFERENTIABLE for a gradient with respect to an int input', () => {
    const p = trace('i', { x: spec([3]), k: { shape: [3], dtype: 'int' } }, ({ x, k }) => o.sum(o.mul(x, o.cast(k, 'float'))));
    expect(codeOf(() => grad(p, { wrt: ['k'] }))).toBe('NOT_DIFFERENTIABLE');
  });

  it('raises NOT_DIFFERENTIABLE for an int or bool output', () => {
    const p = trace('i', { x: spec([3]) }, ({ x }) => o.sum(o.cast(x, 'int')));
    expect(codeOf(() => grad(p, { wrt: ['x'] }))).toBe('NOT_DIFFERENTIABLE');
  });

  it('raises BAD_PARAM for an unknown input or output', () => {
    const p = trace('s', { x: spec([3]) }, ({ x }) => o.sum(x));
    expect(codeOf(() => grad(p, { wrt: ['nope'] }))).toBe('BAD_PARAM');
    expect(codeOf(() => grad(p, { wrt: ['x'], of: 'nope' }))).toBe('BAD_PARAM');
  });

  it('gives zeros (not an error) for a wrt input the output does not depend on', async () => {
    const backend = await createReferenceBackend();
    const p = trace('indep', { x: spec([2]), z: spec([2, 3]) }, ({ x }) => o.sum(o.square(x)));
    const out = await backend.run(grad(p, { wrt: ['x', 'z'] }), {
      x: { shape: [2], data: [1, -3] },
      z: { shape: [2, 3], data: [1, 2, 3, 4, 5, 6] },
    });
    expect(Array.from(out[gradName('x')]?.data ?? [])).toEqual([2, -6]);
    expect(out[gradName('z')]?.shape).toEqual([2, 3]);
    expect(Array.from(out[gradName('z')]?.data ?? [])).toEqual([0, 0, 0, 0, 0, 0]);
  });

  it('sums a non-scalar output, keeps the outputs unless told not to, and differentiates `of`', async () => {
    const backend = await createReferenceBackend();
    const p = trace('two', { x: spec([3]) }, ({ x }) => ({ value: o.square(x), other: o.mul(x, 3) }));
    const g = grad(p, { wrt: ['x'] });
    expect(Object.keys(g.outputs).sort()).toEqual(['grad/x', 'other', 'value']);
    const out = await backend.run(g, { x: { shape: [3], data: [1, 2, -1] } });
    expect(Array.from(out[gradName('x')]?.data ?? [])).toEqual([2, 4, -2]);
    const only = grad(p, { wrt: ['x'], of: 'other', keepOutputs: false });
    expect(Object.keys(only.outputs)).toEqual(['grad/x']);
    const out2 = await backend.run(only, { x: { shape: [3], data: [1, 2, -1] } });
    expect(Array.from(out2[gradName('x')]?.data ?? [])).toEqual([3, 3, 3]);
  });

  it('splits the gradient evenly at ties of maximum and of a max reduction', async () => {
    const backend = await createReferenceBackend();
    const p = trace('ties', { x: spec([3]), y: spec([3]) }, ({ x, y }) => o.add(o.sum(o.maximum(x, y)), o.max(x)));
    const out = await backend.run(grad(p, { wrt: ['x', 'y'] }), { x: { shape: [3], data: [1, 5, 5] }, y: { shape: [3], data: [1, 0, 7] } });
    // maximum: tie at 0 → ½ each; x wins at 1; y wins at 2. max(x): tie between 1 and 2 → ½ each.
    expect(Array.from(out[gradName('x')]?.data ?? [])).toEqual([0.5, 1.5, 0.5]);
    expect(Array.from(out[gradName('y')]?.data ?? [])).toEqual([0.5, 0, 1]);
  });

  it('gives the same numbers on the expanded (primitive-only) program as with the composites\' own rules', async () => {
    const backend = await createReferenceBackend();
    const p = trace('ce', { l: spec([3, 4]), z: spec([3, 4]) }, ({ l, z }) =>
      o.add(o.add(o.sum(softmaxCrossEntropyWithLogits(l, z)), o.sum(o.mul(softmax(z), l))), o.sum(logSumExp(z, 1))));
    const r = mulberry32(5);
    const inputs = {
      l: { shape: [3, 4], data: Array.from({ length: 12 }, () => r()) },
      z: { shape: [3, 4], data: Array.from({ length: 12 }, () => 4 * r() - 2) },
    };
    const a = await backend.run(grad(p, { wrt: ['l', 'z'] }), inputs);
    const b = await backend.run(grad(expandComposites(p), { wrt: ['l', 'z'] }), inputs);
    for (const k of ['grad/l', 'grad/z']) {
      const da = Array.from(a[k]?.data ?? []);
      const db = Array.from(b[k]?.data ?? []);
      expect(da.length).toBe(12);
      da.forEach((v, i) => expect(v).toBeCloseTo(db[i] as number, 12));
    }
  });
});
