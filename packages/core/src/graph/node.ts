import type { HostTensor } from '../tensor/host-tensor.js';

/**
 * The abstract element type of a symbolic value. The float precision (float32 or float64) is
 * chosen when a program is run, so one traced program serves both.
 */
export type ValueDType = 'float' | 'int' | 'bool';

/** A dimension: a size, or a symbol (`'batch'`) bound when the program runs. */
export type Dim = number | string;

export const UNARY_OPS = [
  'neg', 'abs', 'sign', 'exp', 'log', 'log1p', 'expm1', 'sqrt', 'square', 'reciprocal',
  'tanh', 'sigmoid', 'softplus', 'relu', 'sin', 'cos', 'erf', 'floor', 'round', 'logicalNot',
] as const;
export const BINARY_OPS = [
  'add', 'sub', 'mul', 'div', 'pow', 'maximum', 'minimum',
  'equal', 'notEqual', 'less', 'lessEqual', 'greater', 'greaterEqual', 'logicalAnd', 'logicalOr',
] as const;
export const REDUCE_OPS = ['sum', 'mean', 'max', 'min'] as const;
export const SHAPE_OPS = ['reshape', 'broadcastTo', 'transpose', 'expandDims', 'squeeze'] as const;
export const OTHER_OPS = ['input', 'constant', 'where', 'cast', 'clip', 'oneHot', 'gather', 'matmul', 'sizeOf'] as const;
export const COMPOSITE_OPS = [
  'logSoftmax', 'softmax', 'logSumExp', 'sigmoidCrossEntropyWithLogits', 'softmaxCrossEntropyWithLogits',
] as const;

export type UnaryOp = (typeof UNARY_OPS)[number];
export type BinaryOp = (typeof BINARY_OPS)[number];
export type ReduceOp = (typeof REDUCE_OPS)[number];
export type ShapeOp = (typeof SHAPE_OPS)[number];
export type CompositeOp = (typeof COMPOSITE_OPS)[number];
export type PrimitiveOp = UnaryOp | BinaryOp | ReduceOp | ShapeOp | (typeof OTHER_OPS)[number];
/** The closed set of ops a program may hold. Every backend lowers each of them. */
export type OpName = PrimitiveOp | CompositeOp;

export const COMPARISON_OPS: ReadonlySet<OpName> = new Set([
  'equal', 'notEqual', 'less', 'lessEqual', 'greater', 'greaterEqual',
]);

/** Op attributes; which fields are set depends on the op. */
export interface Attrs {
  /** input: the input's name. */
  readonly name?: string;
  /** constant: a scalar. */
  readonly value?: number;
  /** constant: a tensor (float64 data, any shape). */
  readonly tensor?: HostTensor;
  /** reductions, logSumExp, sizeOf: sorted non-negative axes. */
  readonly axes?: readonly number[];
  readonly keepDims?: boolean;
  /** softmax, logSoftmax, softmaxCrossEntropyWithLogits, gather, oneHot, expandDims. */
  readonly axis?: number;
  /** reshape, broadcastTo: the target shape. */
  readonly shape?: readonly Dim[];
  /** transpose. */
  readonly perm?: readonly number[];
  /** clip. */
  readonly min?: number;
  readonly max?: number;
  /** oneHot. */
  readonly depth?: Dim;
  /** cast. */
  readonly dtype?: ValueDType;
  /**
   * softmaxCrossEntropyWithLogits: the labels sum to 1 along the axis (one-hot or smoothed
   * one-hot), which lets the gradient skip that sum. A promise about the data, not a check.
   */
  readonly labelsSumToOne?: boolean;
}

/**
 * A symbolic value: one node of an op graph. Nodes are immutable and are created in
 * topological order, so a node's id is larger than the ids of its inputs.
 */
export interface Value {
  readonly id: number;
  readonly op: OpName;
  readonly inputs: readonly Value[];
  readonly attrs: Attrs;
  readonly shape: readonly Dim[];
  readonly dtype: ValueDType;
}

let nextId = 1;

export function createNode(op: OpName, inputs: readonly Value[], attrs: Attrs, shape: readonly Dim[], dtype: ValueDType): Value {
  return Object.freeze({ id: nextId++, op, inputs, attrs: Object.freeze(attrs), shape: Object.freeze([...shape]), dtype });
}

export function isValue(x: unknown): x is Value {
  return typeof x === 'object' && x !== null && 'op' in x && 'inputs' in x && 'shape' in x;
}

export function isElementwise(op: OpName): boolean {
  return (
    (UNARY_OPS as readonly string[]).includes(op) ||
    (BINARY_OPS as readonly string[]).includes(op) ||
    op === 'where' ||
    op === 'cast' ||
    op === 'clip'
  );
}
