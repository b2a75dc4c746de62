import { fail } from '../errors/losskit-error.js';
import type { Dim } from './node.js';
import type { Program } from './program.js';
import { formatShape } from './shape.js';

/** Symbol → size, as bound by the actual input shapes of one run. */
export type SymbolBindings = ReadonlyMap<string, number>;

/**
 * Checks actual input shapes against a program's declared ones and binds its symbolic
 * dimensions. Every backend calls this, so shape errors are the same everywhere.
 */
export function bindInputShapes(program: Program, shapes: Readonly<Record<string, readonly number[]>>): SymbolBindings {
  const symbols = new Map<string, number>();
  for (const [name, node] of Object.entries(program.inputs)) {
    const actual = shapes[name];
    if (actual === undefined) fail('BAD_PARAM', `missing input '${name}'`, program.name);
    const declared = node.shape;
    if (declared.length !== actual.length) {
      fail('SHAPE_MISMATCH', `expected rank ${declared.length} ${formatShape(declared)}, got ${formatShape(actual)}`, name);
    }
    declared.forEach((d, i) => {
      const got = actual[i] as number;
      if (typeof d === 'number') {
        if (d !== got) fail('SHAPE_MISMATCH', `expected ${formatShape(declared)}, got ${formatShape(actual)}`, name);
        return;
      }
      const bound = symbols.get(d);
      if (bound === undefined) symbols.set(d, got);
      else if (bound !== got) fail('SHAPE_MISMATCH', `dimension '${d}' is ${bound} elsewhere but ${got} here (${formatShape(actual)})`, name);
    });
  }
  return symbols;
}

/** A static shape with its symbols replaced by their bound sizes. */
export function resolveDims(shape: readonly Dim[], symbols: SymbolBindings, where: string): number[] {
  return shape.map((d) => {
    if (typeof d === 'number') return d;
    const s = symbols.get(d);
    if (s === undefined) fail('SHAPE_MISMATCH', `dimension '${d}' is not bound by any input`, where);
    return s;
  });
}
