import { type FloatDType, type HostTensor, type InputSpec, type OpName, type Value, ops } from '@losskit/core';
import { type Random, floatTensor, intTensor, sizeOfShape } from './random.js';

type Kind = 'float' | 'positive' | 'int' | 'bool' | 'unit';

export interface OpInput {
  readonly shape: readonly number[];
  readonly kind: Kind;
  /** int inputs: values in [0, max). */
  readonly max?: number;
}

export interface OpCase {
  readonly op: OpName;
  readonly name: string;
  readonly inputs: Readonly<Record<string, OpInput>>;
  readonly fn: (v: Readonly<Record<string, Value>>) => Value;
  /** Inputs the gradient is checked with respect to (float inputs with a derivative there). */
  readonly wrt: readonly string[];
}

const f = (...shape: number[]): OpInput => ({ shape, kind: 'float' });
const pos = (...shape: number[]): OpInput => ({ shape, kind: 'positive' });
const unit = (...shape: number[]): OpInput => ({ shape, kind: 'unit' });
const b = (...shape: number[]): OpInput => ({ shape, kind: 'bool' });
const int = (max: number, ...shape: number[]): OpInput => ({ shape, kind: 'int', max });

const unary = (op: OpName, fn: (x: Value) => Value, input: OpInput = f(2, 3), wrt = true, detail = ''): OpCase =>
  ({ op, name: `${op} [${input.shape.join(',')}]${detail}`, inputs: { x: input }, fn: (v) => fn(v.x as Value), wrt: wrt ? ['x'] : [] });
const binary = (op: OpName, fn: (a: Value, c: Value) => Value, a: OpInput, c: OpInput, wrt: readonly string[] = ['a', 'b']): OpCase =>
  ({ op, name: `${op} [${a.shape.join(',')}]×[${c.shape.join(',')}]`, inputs: { a, b: c }, fn: (v) => fn(v.a as Value, v.b as Value), wrt });

/**
 * One case (or more) for every op of the closed op set, with broadcasting where the op
 * broadcasts. Ops without a derivative are checked for their values only.
 */
export const OP_CASES: readonly OpCase[] = [
  unary('neg', ops.neg), unary('abs', ops.abs), unary('exp', ops.exp), unary('log', ops.log, pos(2, 3)),
  unary('log1p', ops.log1p, pos(2, 3)), unary('expm1', ops.expm1), unary('sqrt', ops.sqrt, pos(2, 3)),
  unary('square', ops.square), unary('reciprocal', ops.reciprocal, pos(2, 3)), unary('tanh', ops.tanh),
  unary('sigmoid', ops.sigmoid), unary('softplus', ops.softplus), unary('relu', ops.relu), unary('sin', ops.sin), unary('cos', ops.cos), unary('erf', ops.erf),
  unary('sign', ops.sign, f(2, 3), false), unary('floor', ops.floor, f(2, 3), false), unary('round', ops.round, f(2, 3), false),
  { op: 'logicalNot', name: 'logicalNot', inputs: { c: b(2, 3) }, fn: (v) => ops.cast(ops.logicalNot(v.c as Value), 'float'), wrt: [] },
  binary('add', ops.add, f(3, 1), f(4)), binary('add', ops.add, f(), f(2, 3)), binary('sub', ops.sub, f(2, 3), f(3)), binary('mul', ops.mul, f(2, 1, 3), f(4, 1)),
  binary('div', ops.div, f(2, 3), pos(3)), binary('pow', ops.pow, pos(2, 3), f(3)),
  binary('maximum', ops.maximum, f(3, 4), f(4)), binary('minimum', ops.minimum, f(2, 3), f(2, 1)),
  ...(['equal', 'notEqual', 'less', 'lessEqual', 'greater', 'greaterEqual'] as const).map((op) =>
    binary(op, (x, y) => ops.where(ops[op](ops.round(x), ops.round(y)), x, y), f(2, 3), f(3), [])),
  { op: 'logicalAnd', name: 'logicalAnd', inputs: { c: b(2, 3), d: b(3) }, fn: (v) => ops.cast(ops.logicalAnd(v.c as Value, v.d as Value), 'float'), wrt: [] },
  { op: 'logicalOr', name: 'logicalOr', inputs: { c: b(2, 3), d: b(3) }, fn: (v) => ops.cast(ops.logicalOr(v.c as Value, v.d as Value), 'float'), wrt: [] },
  { op: 'where', name: 'where [3,1] ? [3,4] : [4]', inputs: { c: b(3, 1), a: f(3, 4), d: f(4) }, fn: (v) => ops.where(v.c as Value, v.a as Value, v.d as Value), wrt: ['a', 'd'] },
  { op: 'cast', name: 'cast float→int→float', inputs: { x: f(2, 3) }, fn: (v) => ops.cast(ops.cast(ops.mul(v.x as Value, 3), 'int'), 'float'), wrt: [] },
  // bounds on halves, which float inputs keep 0.1 away from: no element sits on a kink
  unary('clip', (x) => ops.clip(x, -0.5, 1.5)),
  ...([[undefined, false], [1, false], [[0, 2], true], [0, true]] as const).flatMap(([axes, keep]) =>
    (['sum', 'mean', 'max', 'min'] as const).map((op) =>
      unary(op, (x) => ops[op](x, axes, keep), f(2, 3, 4), true, ` axes ${axes === undefined ? 'all' : String(axes)}${keep ? ' keepDims' : ''}`))),
  { op: 'sizeOf', name: 'sizeOf', inputs: { x: f(2, 3) }, fn: (v) => ops.mul(ops.sum(v.x as Value), ops.sizeOf(v.x as Value, 1)), wrt: ['x'] },
  unary('reshape', (x) => ops.reshape(x, [3, -1]), f(2, 3, 2)),
  unary('broadcastTo', (x) => ops.broadcastTo(x, [2, 3, 4]), f(3, 1)),
  unary('transpose', (x) => ops.transpose(x, [2, 0, 1]), f(2, 3, 4)),
  unary('expandDims', (x) => ops.expandDims(x, 1), f(2, 3)),
  unary('squeeze', (x) => ops.squeeze(x, 1), f(2, 1, 3)),
  { op: 'oneHot', name: 'oneHot', inputs: { i: int(4, 5) }, fn: (v) => ops.oneHot(v.i as Value, 4), wrt: [] },
  { op: 'gather', name: 'gather axis 1, repeated indices', inputs: { x: f(2, 4, 3), i: int(4, 5) }, fn: (v) => ops.gather(v.x as Value, v.i as Value, 1), wrt: ['x'] },
  binary('matmul', ops.matmul, f(3, 4), f(4, 2)),
  { op: 'constant', name: 'constant tensor', inputs: { x: f(2, 2) }, fn: (v) => ops.mul(v.x as Value, ops.constantTensor({ dtype: 'float64', shape: [2], data: Float64Array.of(0.5, -2) })), wrt: ['x'] },
  { op: 'input', name: 'input passed through', inputs: { x: f(2, 2) }, fn: (v) => ops.add(v.x as Value, 0), wrt: ['x'] },
  unary('logSoftmax', (x) => ops.logSoftmax(x, -1), f(3, 5), true, ' axis -1'), unary('logSoftmax', (x) => ops.logSoftmax(x, 0), f(3, 5), true, ' axis 0'),
  unary('softmax', (x) => ops.softmax(x, -1), f(3, 5), true, ' axis -1'), unary('softmax', (x) => ops.softmax(x, 0), f(3, 5), true, ' axis 0'),
  unary('logSumExp', (x) => ops.logSumExp(x, 1), f(3, 5), true, ' axis 1'), unary('logSumExp', (x) => ops.logSumExp(x, [0, 1], true), f(3, 5), true, ' axes 0,1 keepDims'),
  // e^100 overflows float32: the composites must subtract the max first
  { op: 'logSoftmax', name: 'logSoftmax of logits near 100', inputs: { x: f(2, 4) }, fn: (v) => ops.logSoftmax(ops.add(v.x as Value, 100), -1), wrt: ['x'] },
  binary('sigmoidCrossEntropyWithLogits', ops.sigmoidCrossEntropyWithLogits, unit(2, 3), f(2, 3)),
  { op: 'softmaxCrossEntropyWithLogits', name: 'softmaxCrossEntropyWithLogits', inputs: { a: unit(3, 4), b: f(3, 4) }, fn: (v) => ops.softmaxCrossEntropyWithLogits(v.a as Value, v.b as Value, -1), wrt: ['a', 'b'] },
];

/**
 * Random values for an op input. Floats stay 0.1 away from integers and halves: where floor,
 * round and sign jump, and where abs, relu and clip bend, so gradients and finite differences
 * are taken at smooth points.
 */
export function opInputTensor(input: OpInput, dtype: FloatDType, rand: Random): HostTensor {
  const n = sizeOfShape(input.shape);
  switch (input.kind) {
    case 'int': return intTensor(input.shape, Array.from({ length: n }, () => Math.floor(rand(0, input.max ?? 2))));
    case 'bool': return intTensor(input.shape, Array.from({ length: n }, () => (rand() < 0.5 ? 1 : 0)));
    case 'positive': return floatTensor(dtype, input.shape, Array.from({ length: n }, () => rand(0.3, 2)));
    case 'unit': return floatTensor(dtype, input.shape, Array.from({ length: n }, () => rand(0.05, 0.95)));
    default: return floatTensor(dtype, input.shape, Array.from({ length: n }, () => {
      const v = rand(-2, 2);
      return Math.abs(v - Math.round(v)) < 0.1 || Math.abs(Math.abs(v - Math.trunc(v)) - 0.5) < 0.1 ? v + 0.23 : v;
    }));
  }
}

export function opInputSpec(input: OpInput): InputSpec {
  return { shape: input.shape, dtype: input.kind === 'int' ? 'int' : input.kind === 'bool' ? 'bool' : 'float' };
}
