import { type FloatDType, type Program, type Value, LossKitError, prepareForBackend } from '@losskit/core';
import { GraphBuilder, type RuntimeCheck, attr } from './graph-builder.js';
import { type LowerContext, keepNative, lowerOp } from './lower-op.js';
import { DataType, onnx } from './onnx-proto.js';

/** The opset losskit's graphs use: reductions take their axes as inputs (18+). */
export const OPSET = 18;

export interface LowerOptions {
  /**
   * Add the run-time checks the core's semantics need (gather indices in range) as extra
   * outputs the backend reads. Default true; `exportOnnx` leaves them out.
   */
  readonly runtimeChecks?: boolean;
}

export interface LoweredModel {
  readonly bytes: Uint8Array;
  /** Graph inputs in the program's order, and the value dtype each holds. */
  readonly inputs: readonly { readonly name: string; readonly dtype: 'float' | 'int' | 'bool' }[];
  /**
   * Program output name → graph output name: the same, or `<name>:out` where the name is also
   * an input's (an optimizer step's `params/w`; ONNX names must be unique).
   */
  readonly outputs: ReadonlyMap<string, string>;
  readonly checks: readonly RuntimeCheck[];
}

type ValueInfo = ReturnType<typeof onnx.ValueInfoProto.create>;

function valueInfo(name: string, elemType: number, shape?: readonly (number | string)[]): ValueInfo {
  const dims = shape?.map((d) => (typeof d === 'number' ? { dimValue: d } : { dimParam: d }));
  return onnx.ValueInfoProto.create({ name, type: { tensorType: { elemType, ...(dims === undefined ? {} : { shape: { dim: dims } }) } } });
}

/** What a node's lowering reads: a native cross-entropy reads the one-hot's indices, not the one-hot. */
function loweredInputs(node: Value): readonly Value[] {
  if (node.op === 'softmaxCrossEntropyWithLogits' && keepNative(node)) {
    const [labels, logits] = node.inputs as [Value, Value];
    return [labels.inputs[0] as Value, logits];
  }
  return node.inputs;
}

/** Ids of the nodes the outputs need once lowered: a one-hot only a native cross-entropy read is not built. */
function liveNodes(program: Program): Set<number> {
  const live = new Set<number>();
  const stack = [...Object.values(program.outputs)];
  while (stack.length > 0) {
    const v = stack.pop() as Value;
    if (live.has(v.id)) continue;
    live.add(v.id);
    stack.push(...loweredInputs(v));
  }
  return live;
}

/**
 * Lowers a program to ONNX `ModelProto` bytes: symbolic dimensions become `dim_param`, so one
 * session serves every batch size; bool inputs arrive as int32 (as host tensors carry them) and
 * bool outputs leave as int32. Throws `UNKNOWN_OP` here, at compile time, for an op with no
 * lowering.
 */
export function lowerProgram(source: Program, floatDType: FloatDType, options: LowerOptions = {}): LoweredModel {
  const program = prepareForBackend(source, keepNative);
  const floatType = floatDType === 'float64' ? DataType.DOUBLE : DataType.FLOAT;
  const symbols = new Map<string, { input: string; axis: number }>();
  for (const [name, node] of Object.entries(program.inputs)) {
    node.shape.forEach((d, axis) => {
      if (typeof d === 'string' && !symbols.has(d)) symbols.set(d, { input: name, axis });
    });
  }
  const g = new GraphBuilder(floatType, symbols, options.runtimeChecks ?? true);
  const names = new Map<number, string>();
  const graphInputs: ValueInfo[] = [];
  for (const [name, node] of Object.entries(program.inputs)) {
    if (name.startsWith('~')) throw new LossKitError('BAD_PARAM', `input names must not start with '~', got '${name}'`, { where: program.name });
    const hostType = node.dtype === 'bool' ? DataType.INT32 : g.elemType(node.dtype);
    graphInputs.push(valueInfo(name, hostType, node.shape));
    names.set(node.id, node.dtype === 'bool' ? g.node('Cast', [name], [attr.int('to', DataType.BOOL)]) : name);
  }

  const logSoftmaxes = new Map<string, Value>();
  for (const node of program.nodes) if (node.op === 'logSoftmax') logSoftmaxes.set(`${node.inputs[0]?.id}|${node.attrs.axis}`, node);
  const nameOf = (v: Value): string => {
    const name = names.get(v.id);
    if (name === undefined) throw new LossKitError('BACKEND', `value ${v.id} (${v.op}) used before it was lowered`, { where: program.name });
    return name;
  };
  const ctx: LowerContext = {
    g,
    sharedLogSoftmax(x, axis) {
      const node = logSoftmaxes.get(`${x.id}|${axis}`);
      if (node === undefined) return undefined;
      if (!names.has(node.id)) names.set(node.id, lowerOp(ctx, node, [nameOf(x)]));
      return names.get(node.id);
    },
  };
  const live = liveNodes(program);
  for (const node of program.nodes) {
    // Inputs are bound above; a logSoftmax may have been lowered early for a cross-entropy.
    if (node.op === 'input' || names.has(node.id) || !live.has(node.id)) continue;
    names.set(node.id, lowerOp(ctx, node, loweredInputs(node).map(nameOf)));
  }

  const outputs = new Map<string, string>();
  const graphOutputs: ValueInfo[] = [];
  const inputNames = new Set(Object.keys(program.inputs));
  const produced = new Map<string, number>();
  g.nodes.forEach((n, i) => {
    for (const o of n.output ?? []) produced.set(o, i);
  });
  const renames = new Map<string, string>();
  for (const [name, node] of Object.entries(program.outputs)) {
    if (name.startsWith('~')) throw new LossKitError('BAD_PARAM', `output names must not start with '~', got '${name}'`, { where: program.name });
    const value = nameOf(node);
    const out = inputNames.has(name) ? `${name}:out` : name;
    const bool = node.dtype === 'bool';
    if (!bool && produced.has(value) && !renames.has(value)) {
      // The node computing it writes the output directly: an Identity would copy the tensor.
      renames.set(value, out);
    } else if (bool) {
      g.node('Cast', [value], [attr.int('to', DataType.INT32)], out);
    } else {
      g.node('Identity', [value], [], out);
    }
    graphOutputs.push(valueInfo(out, bool ? DataType.INT32 : g.elemType(node.dtype)));
    outputs.set(name, out);
  }
  if (renames.size > 0) {
    const rename = (s: string): string => renames.get(s) ?? s;
    for (const n of g.nodes) {
      n.input = (n.input ?? []).map(rename);
      n.output = (n.output ?? []).map(rename);
    }
  }
  for (const c of g.checks) graphOutputs.push(valueInfo(c.output, DataType.INT32, []));

  const model = onnx.ModelProto.create({
    irVersion: 8,
    producerName: 'losskit',
    opsetImport: [{ domain: '', version: OPSET }],
    graph: { name: program.name, node: g.nodes, initializer: g.initializers, input: graphInputs, output: graphOutputs },
  });
  return {
    bytes: onnx.ModelProto.encode(model).finish(),
    inputs: Object.entries(program.inputs).map(([name, v]) => ({ name, dtype: v.dtype })),
    outputs,
    checks: g.checks,
  };
}
