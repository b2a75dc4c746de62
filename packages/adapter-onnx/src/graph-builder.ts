import { type Dim, LossKitError, type ValueDType } from '@losskit/core';
import { DataType, type NodeProtoInit, onnx } from './onnx-proto.js';

type Attr = ReturnType<typeof onnx.AttributeProto.create>;
type Tensor = ReturnType<typeof onnx.TensorProto.create>;

export const attr = {
  int: (name: string, i: number): Attr => onnx.AttributeProto.create({ name, type: onnx.AttributeProto.AttributeType.INT, i }),
  ints: (name: string, ints: readonly number[]): Attr => onnx.AttributeProto.create({ name, type: onnx.AttributeProto.AttributeType.INTS, ints: [...ints] }),
};

/** Where each symbolic dimension can be read at run time: an input and its axis. */
export type SymbolSources = ReadonlyMap<string, { readonly input: string; readonly axis: number }>;

/**
 * Accumulates the nodes and initializers of one ONNX graph, naming every intermediate value
 * uniquely. Constants become initializers in the graph's float type.
 */
export class GraphBuilder {
  readonly nodes: NodeProtoInit[] = [];
  readonly initializers: Tensor[] = [];
  private counter = 0;

  constructor(readonly floatType: number, private readonly symbols: SymbolSources) {}

  fresh(prefix: string): string {
    return `${prefix}_${this.counter++}`;
  }

  elemType(dtype: ValueDType): number {
    return dtype === 'float' ? this.floatType : dtype === 'int' ? DataType.INT32 : DataType.BOOL;
  }

  node(op: string, inputs: readonly string[], attributes: readonly Attr[] = [], output?: string): string {
    const out = output ?? this.fresh(op.toLowerCase());
    this.nodes.push({ opType: op, input: [...inputs], output: [out], attribute: [...attributes], name: this.fresh(`n_${op}`) });
    return out;
  }

  /** A constant tensor; its bytes are little-endian raw data, as the format asks. */
  constant(type: number, shape: readonly number[], values: ArrayLike<number>): string {
    const name = this.fresh('const');
    let raw: Uint8Array;
    if (type === DataType.FLOAT) raw = new Uint8Array(Float32Array.from(values).buffer);
    else if (type === DataType.DOUBLE) raw = new Uint8Array(Float64Array.from(values).buffer);
    else if (type === DataType.INT32) raw = new Uint8Array(Int32Array.from(values).buffer);
    else if (type === DataType.INT64) raw = new Uint8Array(BigInt64Array.from(Array.from(values, (v) => BigInt(v))).buffer);
    else if (type === DataType.BOOL) raw = Uint8Array.from(values, (v) => (v !== 0 ? 1 : 0));
    else throw new LossKitError('UNSUPPORTED', `no constants of ONNX type ${type}`, { where: 'onnx' });
    this.initializers.push(onnx.TensorProto.create({ name, dataType: type, dims: [...shape], rawData: raw }));
    return name;
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
}
