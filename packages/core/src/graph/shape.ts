import { fail } from '../errors/losskit-error.js';
import type { Dim } from './node.js';

export function formatShape(shape: readonly Dim[]): string {
  return `[${shape.join(', ')}]`;
}

/**
 * numpy broadcasting of two shapes. A symbol against a concrete size other than 1 is taken to
 * be that size; the run-time check of the backend catches a wrong guess.
 */
export function broadcastShapes(a: readonly Dim[], b: readonly Dim[], where = 'broadcast'): Dim[] {
  const rank = Math.max(a.length, b.length);
  const out: Dim[] = [];
  for (let i = 0; i < rank; i++) {
    const da = a[a.length - rank + i] ?? 1;
    const db = b[b.length - rank + i] ?? 1;
    if (da === db || db === 1) out.push(da);
    else if (da === 1) out.push(db);
    else if (typeof da === 'string') out.push(db);
    else if (typeof db === 'string') out.push(da);
    else fail('SHAPE_MISMATCH', `shapes ${formatShape(a)} and ${formatShape(b)} do not broadcast`, where);
  }
  return out;
}

/** Concrete numpy broadcasting, as backends check it at run time. */
export function broadcastConcrete(a: readonly number[], b: readonly number[], where = 'broadcast'): number[] {
  return broadcastShapes(a, b, where) as number[];
}

export function normalizeAxis(axis: number, rank: number, where = 'axis'): number {
  const a = axis < 0 ? axis + rank : axis;
  if (!Number.isInteger(a) || a < 0 || a >= rank) fail('BAD_PARAM', `axis ${axis} is out of range for rank ${rank}`, where);
  return a;
}

export function normalizeAxes(axes: number | readonly number[] | undefined, rank: number, where = 'axes'): number[] {
  if (axes === undefined) return Array.from({ length: rank }, (_, i) => i);
  const list = typeof axes === 'number' ? [axes] : axes;
  const out = [...new Set(list.map((a) => normalizeAxis(a, rank, where)))];
  return out.sort((x, y) => x - y);
}

export function reducedShape(shape: readonly Dim[], axes: readonly number[], keepDims: boolean): Dim[] {
  const out: Dim[] = [];
  shape.forEach((d, i) => {
    if (!axes.includes(i)) out.push(d);
    else if (keepDims) out.push(1);
  });
  return out;
}

export function stridesOf(shape: readonly number[]): number[] {
  const strides = new Array<number>(shape.length);
  let s = 1;
  for (let i = shape.length - 1; i >= 0; i--) {
    strides[i] = s;
    s *= shape[i] as number;
  }
  return strides;
}

export function sameShape(a: readonly Dim[], b: readonly Dim[]): boolean {
  return a.length === b.length && a.every((d, i) => d === b[i]);
}
