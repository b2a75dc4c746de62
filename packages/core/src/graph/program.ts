import { fail } from '../errors/losskit-error.js';
import { type Dim, type Value, type ValueDType, createNode, isValue } from './node.js';

export interface InputSpec {
  readonly shape: readonly Dim[];
  readonly dtype: ValueDType;
}

/**
 * A traced program: named inputs, named outputs, and every node between them in topological
 * order. Programs are immutable; backends cache what they compile by program identity.
 */
export interface Program {
  readonly id: number;
  readonly name: string;
  readonly inputs: Readonly<Record<string, Value>>;
  readonly outputs: Readonly<Record<string, Value>>;
  readonly nodes: readonly Value[];
}

let nextProgramId = 1;

export function input(name: string, spec: InputSpec): Value {
  return createNode('input', [], { name }, spec.shape, spec.dtype);
}

/** Every node the outputs depend on, in topological (creation) order. */
export function collectNodes(outputs: Iterable<Value>): Value[] {
  const seen = new Map<number, Value>();
  const stack = [...outputs];
  while (stack.length > 0) {
    const v = stack.pop() as Value;
    if (seen.has(v.id)) continue;
    seen.set(v.id, v);
    for (const i of v.inputs) if (!seen.has(i.id)) stack.push(i);
  }
  return [...seen.values()].sort((a, b) => a.id - b.id);
}

export function makeProgram(name: string, inputs: Record<string, Value>, outputs: Record<string, Value>): Program {
  const inputIds = new Set(Object.values(inputs).map((v) => v.id));
  const nodes = collectNodes(Object.values(outputs));
  for (const n of nodes) {
    if (n.op === 'input' && !inputIds.has(n.id)) {
      fail('BAD_PARAM', `output depends on input '${String(n.attrs.name)}' that is not an input of program '${name}'`, 'trace');
    }
  }
  return Object.freeze({ id: nextProgramId++, name, inputs: Object.freeze({ ...inputs }), outputs: Object.freeze({ ...outputs }), nodes: Object.freeze(nodes) });
}

/**
 * Traces a plain TypeScript function over symbolic inputs into a {@link Program}.
 *
 * @example
 * ```ts
 * const p = trace('mse', { p: { shape: ['batch'], dtype: 'float' }, t: { shape: ['batch'], dtype: 'float' } },
 *   ({ p, t }) => mean(square(sub(p, t))));
 * ```
 */
export function trace<K extends string>(
  name: string,
  specs: Record<K, InputSpec>,
  fn: (inputs: Record<K, Value>) => Value | Record<string, Value>,
): Program {
  const inputs = {} as Record<K, Value>;
  for (const key of Object.keys(specs) as K[]) inputs[key] = input(key, specs[key]);
  const result = fn(inputs);
  const outputs = isValue(result) ? { value: result } : result;
  return makeProgram(name, inputs, outputs);
}

/**
 * Rebuilds a program node by node. `rewrite` gets each node with its inputs already rebuilt and
 * returns the replacement (or `undefined` to copy it). Inputs are kept as they are.
 */
export function rewriteProgram(program: Program, name: string, rewrite: (node: Value, inputs: readonly Value[]) => Value | undefined): Program {
  const map = new Map<number, Value>();
  for (const v of Object.values(program.inputs)) map.set(v.id, v);
  for (const node of program.nodes) {
    if (map.has(node.id)) continue;
    const ins = node.inputs.map((i) => map.get(i.id) as Value);
    const replaced = rewrite(node, ins);
    const same = ins.every((v, k) => v === node.inputs[k]);
    map.set(node.id, replaced ?? (same ? node : createNode(node.op, ins, node.attrs, node.shape, node.dtype)));
  }
  const outputs: Record<string, Value> = {};
  for (const [k, v] of Object.entries(program.outputs)) outputs[k] = map.get(v.id) as Value;
  return makeProgram(name, { ...program.inputs }, outputs);
}
