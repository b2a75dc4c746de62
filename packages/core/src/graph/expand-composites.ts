import { decompose } from './composites.js';
import { COMPOSITE_OPS } from './node.js';
import { type Program, rewriteProgram } from './program.js';

const composite = new Set<string>(COMPOSITE_OPS);

/** Replaces every composite op by its primitive decomposition (for backends with no native kernel). */
export function expandComposites(program: Program, keep: (op: string) => boolean = () => false): Program {
  if (!program.nodes.some((n) => composite.has(n.op) && !keep(n.op))) return program;
  return rewriteProgram(program, program.name, (node, inputs) =>
    composite.has(node.op) && !keep(node.op) ? decompose(node, inputs) : undefined,
  );
}
