import { fail } from '../errors/losskit-error.js';
import type { Value } from '../graph/node.js';
import { add, constant, zerosLike } from '../graph/ops.js';
import { type Program, makeProgram } from '../graph/program.js';
import { expandTo, vjp } from './vjp-rules.js';

export interface GradOptions {
  /** The output to differentiate (default `value`). A non-scalar output is summed first. */
  readonly of?: string;
  /** The inputs to differentiate with respect to. */
  readonly wrt: readonly string[];
  /** Keep the program's own outputs beside the gradients (default true). */
  readonly keepOutputs?: boolean;
}

/** The output name under which `grad` puts the gradient with respect to input `name`. */
export const gradName = (name: string): string => `grad/${name}`;

/**
 * Reverse-mode autodiff: a new program whose outputs are the original ones plus
 * `grad/<input>` for each input in `wrt`. The gradient is itself a program of ordinary ops, so
 * every backend runs it exactly as it runs the forward pass.
 *
 * @throws LossKitError `NOT_DIFFERENTIABLE` when the output depends on a `wrt` input only through
 * a piecewise-constant op (round, floor, sign, a comparison cast to float or used as a where
 * condition, integer indices of oneHot or gather), or when a `wrt` input is not float.
 */
export function grad(program: Program, options: GradOptions): Program {
  const ofName = options.of ?? 'value';
  const out = program.outputs[ofName];
  if (out === undefined) fail('BAD_PARAM', `program '${program.name}' has no output '${ofName}'`, 'grad');
  if (out.dtype !== 'float') fail('NOT_DIFFERENTIABLE', `output '${ofName}' is ${out.dtype}, not float`, 'grad');
  const wrt: Value[] = options.wrt.map((name) => {
    const v = program.inputs[name];
    if (v === undefined) fail('BAD_PARAM', `program '${program.name}' has no input '${name}'`, 'grad');
    if (v.dtype !== 'float') fail('NOT_DIFFERENTIABLE', `input '${name}' is ${v.dtype}; only float inputs have gradients`, 'grad');
    return v;
  });

  // Only nodes that depend on a wrt input carry cotangents.
  const live = new Set(wrt.map((v) => v.id));
  for (const node of program.nodes) {
    if (node.inputs.some((i) => live.has(i.id))) live.add(node.id);
  }

  const cotangents = new Map<number, Value>();
  if (live.has(out.id)) cotangents.set(out.id, constant(1));
  const order = program.nodes.filter((n) => n.id <= out.id && live.has(n.id)).reverse();
  for (const node of order) {
    const g = cotangents.get(node.id);
    if (g === undefined || node.inputs.length === 0) continue;
    const needs = node.inputs.map((i) => live.has(i.id));
    if (!needs.some(Boolean)) continue;
    const parts = vjp(node, g, needs);
    node.inputs.forEach((inputNode, k) => {
      const part = parts[k];
      if (!needs[k] || part === undefined) return;
      const prev = cotangents.get(inputNode.id);
      cotangents.set(inputNode.id, prev === undefined ? part : add(prev, part));
    });
  }

  const outputs: Record<string, Value> = options.keepOutputs === false ? {} : { ...program.outputs };
  options.wrt.forEach((name, k) => {
    const v = wrt[k] as Value;
    const c = cotangents.get(v.id);
    // The output depends on v's values but no cotangent reached it: every path runs through a
    // where condition, a comparison or integer indices, so the gradient would be silently zero.
    if (c === undefined && dependsOnValues(out, v)) {
      fail('NOT_DIFFERENTIABLE', `output '${ofName}' depends on input '${name}' only through piecewise-constant ops (a comparison, a where condition, integer indices), so it has no gradient`, 'grad');
    }
    outputs[gradName(name)] = c === undefined ? zerosLike(v) : expandTo(c, v.shape);
  });
  return makeProgram(`grad(${program.name})`, { ...program.inputs }, outputs);
}

/** Whether `out` depends on the values of `v` (sizeOf reads only its input's shape). */
function dependsOnValues(out: Value, v: Value): boolean {
  const seen = new Set<number>();
  const stack = [out];
  while (stack.length > 0) {
    const n = stack.pop() as Value;
    if (n.id === v.id) return true;
    if (seen.has(n.id) || n.op === 'sizeOf') continue;
    seen.add(n.id);
    stack.push(...n.inputs);
  }
  return false;
}
