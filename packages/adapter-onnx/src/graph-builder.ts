import { type Dim, LossKitError, type ValueDType } from '@losskit/core';
import { DataType, type NodeProtoInit, onnx } from './onnx-proto.js';

type Attr = ReturnType<typeof onnx.AttributeProto.create>;
type Tensor = ReturnType<typeof onnx.TensorProto.create>;

const { AttributeType } = onnx.AttributeProto;

export const attr = {
  int: (name: string, i: number): Attr => onnx.AttributeProto.create({ name, type: AttributeType.INT, i }),
  ints: (name: string, ints: readonly number[]): Attr => onnx.AttributeProto.create({ name, type: AttributeType.INTS, ints: [...ints] }),
  string: (name: string, s: string): Attr => onnx.AttributeProto.create({ name, type: AttributeType.STRING, s: new TextEncoder().encode(s) }),
};

/** Where each symbolic dimension can be read at run time: an input and its axis. */
export type SymbolSources = ReadonlyMap<string, { readonly input: string; readonly axis: number }>;

/**
 * A run-time check the graph computes as an extra int32 scalar output: the number of offending
 * elements. ONNX has no assert op, so the backend reads these after `run` and raises the
 * core's typed error, as the reference backend would.
 */
export interface RuntimeCheck {
  readonly output: string;
  readonly code: 'LABEL_OUT_OF_RANGE';
  readonly message: string;
  readonly where: string;
}

/**
 * Accumulates the nodes and initializers of one ONNX graph, naming every intermediate value
 * uniquely. Constants become initializers, deduplicated (gradient programs repeat the same
 * scalars and axes many times).
 */
export class GraphBuilder {
  readonly nodes: NodeProtoInit[] = [];
  readonly initializers: Tensor[] = [];
  readonly checks: RuntimeCheck[] = [];
  private counter = 0;
  private readonly constants = new Map<string, string>();

  constructor(
    readonly floatType: number,
    private readonly symbols: SymbolSources,
    /** Whether to add run-time checks (the backend) or leave them out (an exported file). */
    readonly runtimeChecks: boolean,
  ) {}

  /** Internal names start with '~', which no program input or output name does. */
  fresh(prefix: string): string {
    return `~${prefix}_${this.counter++}`;
  }

  elemType(dtype: ValueDType): number {
    return dtype === 'float' ? this.floatType : dtype === 'int' ? DataType.INT32 : DataType.BOOL;
  }

  node(op: string, inputs: readonly string[], attributes: readonly Attr[] = [], output?: string): string {
    const out = output ?? this.fresh(op.toLowerCase());
    this.nodes.push({ opType: op, input: [...inputs], output: [out], attribute: [...attributes], name: `${op}${out}` });
    return out;
  }

  /** A constant tensor; its bytes are little-endian raw data, as the format asks. */
  constant(type: number, shape: readonly number[], values: ArrayLike<number>): string {
    let raw: Uint8Array;
    if (type === DataType.FLOAT) raw = new Uint8Array(Float32Array.from(values).buffer);
    else if (type === DataType.DOUBLE) raw = new Uint8Array(Float64Array.from(values).buffer);
    else if (type === DataType.INT32) raw = new Uint8Array(Int32Array.from(values).buffer);
    else if (type === DataType.INT64) raw = new Uint8Array(BigInt64Array.from(Array.from(values, (v) => BigInt(v))).buffer);
    else if (type === DataType.BOOL) raw = Uint8Array.from(values, (v) => (v !== 0 ? 1 : 0));
    else throw new LossKitError('UNSUPPORTED', `no constants of ONNX type ${type}`, { where: 'onnx' });
    // Small constants are shared by content; large ones (embedded tensors) are not worth keying.
    const key = raw.length <= 64 ? `${type}|${shape.join(',')}|${Array.from(raw).join(',')}` : undefined;
    const known = key === undefined ? undefined : this.constants.get(key);
    if (known !== undefined) return known;
    const name = this.fresh('const');
    this.initializers.push(onnx.TensorProto.create({ name, dataType: type, dims: [...shape], rawData: raw }));
    if (key !== undefined) this.constants.set(key, name);
    return name;
  }

  /** A float scalar in the graph's float type. */
  float(value: number): string {
    return this.constant(this.floatType, [], [value]);
  }

  int64s(values: readonly number[]): string {
    return this.constant(DataType.INT64, [values.length], values);
  }

  /** A 1-D int64 shape tensor; symbolic entries are read from the input that binds them. */
  dims(shape: readonly Dim[]): string {
    if (shape.every((d) => typeof d === 'number')) return this.int64s(shape as number[]);
    const parts = shape.map((d) => (typeof d === 'number' ? this.int64s([d]) : this.symbolDim(d)));
    return this.node('Concat', parts, [attr.int('axis', 0)]);
  }

  /** A symbol's size as a 1-element int64 tensor. */
  symbolDim(symbol: string): string {
    const src = this.symbols.get(symbol);
    if (src === undefined) throw new LossKitError('SHAPE_MISMATCH', `dimension '${symbol}' is not bound by any input`, { where: 'onnx' });
    return this.node('Shape', [src.input], [attr.int('start', src.axis), attr.int('end', src.axis + 1)]);
  }

  /** A dimension (number or symbol) as an int32 scalar: Range and comparisons with int32 indices. */
  dimScalarInt32(d: Dim): string {
    if (typeof d === 'number') return this.constant(DataType.INT32, [], [d]);
    return this.node('Squeeze', [this.node('Cast', [this.symbolDim(d)], [attr.int('to', DataType.INT32)]), this.int64s([0])]);
  }

  /** Registers a run-time check: `count` is an int32 scalar, non-zero when the check fails. */
  check(count: string, code: RuntimeCheck['code'], message: string, where: string): void {
    const output = `~check_${this.checks.length}`;
    this.node('Identity', [count], [], output);
    this.checks.push({ output, code, message, where });
  }
}
