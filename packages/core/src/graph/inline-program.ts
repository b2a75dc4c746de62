import { fail } from '../errors/losskit-error.js';
import { type Value, createNode } from './node.js';
import type { Program } from './program.js';
import { formatShape } from './shape.js';

/**
 * Calls a program inside another trace: its inputs are replaced by the given values, its nodes
 * copied, and its outputs returned. This is how a model's forward pass, a loss and an optimizer
 * update become one training-step program.
 */
export function inlineProgram(program: Program, args: Readonly<Record<string, Value | undefined>>): Record<string, Value> {
  const map = new Map<number, Value>();
  for (const [name, node] of Object.entries(program.inputs)) {
    const v = args[name];
    if (v === undefined) fail('BAD_PARAM', `no value for input '${name}' of program '${program.name}'`, 'inlineProgram');
    if (v.dtype !== node.dtype || v.shape.length !== node.shape.length || v.shape.some((d, i) => d !== node.shape[i])) {
      fail('SHAPE_MISMATCH', `input '${name}' of '${program.name}' is ${node.dtype} ${formatShape(node.shape)}, got ${v.dtype} ${formatShape(v.shape)}`, 'inlineProgram');
    }
    map.set(node.id, v);
  }
  for (const node of program.nodes) {
    if (map.has(node.id)) continue;
    const ins = node.inputs.map((i) => map.get(i.id) as Value);
    map.set(node.id, node.inputs.length === 0 ? node : createNode(node.op, ins, node.attrs, node.shape, node.dtype));
  }
  const out: Record<string, Value> = {};
  for (const [k, v] of Object.entries(program.outputs)) out[k] = map.get(v.id) as Value;
  return out;
}
