import { type FloatDType, type Program, type Value, prepareForBackend } from '@losskit/core';
import { GraphBuilder, attr } from './graph-builder.js';
import { keepNative, lowerOp } from './lower-op.js';
import { DataType, onnx } from './onnx-proto.js';

/** The opset losskit's graphs use: reductions take their axes as inputs (18+). */
export const OPSET = 18;

export interface LoweredModel {
  readonly bytes: Uint8Array;
  /** Graph input names in the program's order, and the host dtype each expects. */
  readonly inputs: readonly { readonly name: string; readonly dtype: 'float' | 'int' | 'bool' }[];
  /** Program output name → graph output name (ONNX names must be unique, and an output may share an input's name). */
  readonly outputs: ReadonlyMap<string, string>;
}

/**
 * Lowers a program to ONNX `ModelProto` bytes: symbolic dimensions become `dim_param`, so one
 * session serves every batch size; bool inputs arrive as int32 (as host tensors carry them) and
 * bool outputs leave as int32. Throws `UNKNOWN_OP` here, at compile time, for an op with no
 * lowering.
 */
export function lowerProgram(source: Program, floatDType: FloatDType): LoweredModel {
  const program = prepareForBackend(source, keepNative);
  const floatType = floatDType === 'float64' ? DataType.DOUBLE : DataType.FLOAT;
  const symbols = new Map<string, { input: string; axis: number }>();
  for (const [name, node] of Object.entries(program.inputs)) {
    node.shape.forEach((d, axis) => {
      if (typeof d === 'string' && !symbols.has(d)) symbols.set(d, { input: name, axis });
    });
  }
  const g = new GraphBuilder(floatType, symbols);
  const names = new Map<number, string>();
  const graphInputs: ReturnType<typeof onnx.ValueInfoProto.create>[] = [];
  const valueInfo = (name: string, elemType: number, shape?: readonly (number | string)[]) =>
    onnx.ValueInfoProto.create({
      name,
      type: {
        tensorType: {
          elemType,
          ...(shape === undefined ? {} : { shape: { dim: shape.map((d) => (typeof d === 'number' ? { dimValue: d } : { dimParam: d })) } }),
        },
      },
    });
  for (const [name, node] of Object.entries(program.inputs)) {
    const hostType = node.dtype === 'bool' ? DataType.INT32 : g.elemType(node.dtype);
    graphInputs.push(valueInfo(name, hostType, node.shape));
    names.set(node.id, node.dtype === 'bool' ? g.node('Cast', [name], [attr.int('to', DataType.BOOL)]) : name);
  }
  for (const node of program.nodes) {
    if (node.op === 'input') continue;
    names.set(node.id, lowerOp(g, node, node.inputs.map((i) => names.get(i.id) as string)));
  }
  const graphOutputs: ReturnType<typeof onnx.ValueInfoProto.create>[] = [];
  const outputs = new Map<string, string>();
  for (const [name, node] of Object.entries(program.outputs)) {
    const value = names.get(node.id) as string;
    const out = `${name}:out`;
    // Every output gets its own node: an output may be an input, or the same value twice.
    if (node.dtype === 'bool') g.node('Cast', [value], [attr.int('to', DataType.INT32)], out);
    else g.node('Identity', [value], [], out);
    graphOutputs.push(valueInfo(out, node.dtype === 'bool' ? DataType.INT32 : g.elemType(node.dtype)));
    outputs.set(name, out);
  }
  const model = onnx.ModelProto.create({
    irVersion: 8,
    producerName: 'losskit',
    opsetImport: [{ domain: '', version: OPSET }],
    graph: { name: program.name, node: g.nodes, initializer: g.initializers, input: graphInputs, output: graphOutputs },
  });
  return {
    bytes: onnx.ModelProto.encode(model).finish(),
    inputs: Object.entries(program.inputs).map(([name, v]: [string, Value]) => ({ name, dtype: v.dtype })),
    outputs,
  };
}
