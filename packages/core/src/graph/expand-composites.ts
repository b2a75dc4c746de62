import { decompose } from './composites.js';
import { COMPOSITE_OPS, type Value, createNode } from './node.js';
import { type Program, rewriteProgram } from './program.js';

const composite = new Set<string>(COMPOSITE_OPS);

/**
 * Replaces every composite op by its primitive decomposition, except those `keep` accepts
 * (a backend with a native kernel of exactly the same semantics keeps them).
 */
export function expandComposites(program: Program, keep: (node: Value) => boolean = () => false): Program {
  let p = program;
  // A decomposition may use other composites (softmax cross-entropy uses logSoftmax).
  while (p.nodes.some((n) => composite.has(n.op) && !keep(n))) {
    p = rewriteProgram(p, p.name, (node, inputs) => (composite.has(node.op) && !keep(node) ? decompose(node, inputs) : undefined));
  }
  return p;
}

/**
 * Merges nodes that compute the same thing (same op, inputs and attributes): gradient
 * programs recompute forward values (a softmax beside the forward logSoftmax's inputs).
 */
export function dedupeProgram(program: Program): Program {
  const seen = new Map<string, Value>();
  const keyOf = (node: Value, inputs: readonly Value[]): string | undefined =>
    node.op === 'input' || node.attrs.tensor !== undefined
      ? undefined
      : `${node.op}|${inputs.map((i) => i.id).join(',')}|${JSON.stringify(node.attrs, exactNumbers)}|${node.shape.join(',')}|${node.dtype}`;
  let merged = false;
  const out = rewriteProgram(program, program.name, (node, inputs) => {
    const key = keyOf(node, inputs);
    if (key === undefined) return undefined;
    const prior = seen.get(key);
    if (prior !== undefined) {
      merged = true;
      return prior;
    }
    const same = inputs.every((v, k) => v === node.inputs[k]);
    const fresh = same ? node : createNode(node.op, inputs, node.attrs, node.shape, node.dtype);
    seen.set(key, fresh);
    return fresh;
  });
  return merged ? out : program;
}

/** JSON writes NaN and ±Infinity as null and −0 as 0: keep them apart in dedupe keys. */
function exactNumbers(_key: string, v: unknown): unknown {
  return typeof v === 'number' && (!Number.isFinite(v) || Object.is(v, -0)) ? `#${Object.is(v, -0) ? '-0' : String(v)}` : v;
}

/** What backends run: composites expanded (except kept native ones), duplicates merged. */
export function prepareForBackend(program: Program, keep: (node: Value) => boolean = () => false): Program {
  return dedupeProgram(expandComposites(program, keep));
}
