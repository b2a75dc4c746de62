import { fail } from '../../errors/losskit-error.js';
import { type Value, isValue } from '../../graph/node.js';
import { add, cast, constant, mul, notEqual, pow, sqrt, square, sub, sum, where, zerosLike } from '../../graph/ops.js';
import { type StateTree, type Updates, mapUpdates } from '../transformation.js';

/** Throws BAD_PARAM unless `ok`: every transform validates its hyperparameters when built. */
export function check(ok: boolean, message: string, where: string): void {
  if (!ok) fail('BAD_PARAM', message, where);
}

/** decay·old + (1 − decay)·x: the moving average every moment estimate is. */
export const movingAverage = (old: Value, x: Value, decay: number): Value => add(mul(old, decay), mul(x, 1 - decay));

/** One zero tensor per parameter. */
export const zeros = (params: Updates): Record<string, Value> => mapUpdates(params, zerosLike);
/** One tensor per parameter, filled with `value`. */
export const filled = (params: Updates, value: number): Record<string, Value> => mapUpdates(params, (p) => add(zerosLike(p), value));
/** The int step counter optax keeps (0 before the first update). */
export const zeroCount = (): Value => constant(0, 'int');

/** 1 − decay^t for a float step t: the bias correction of a moving average started at 0. */
export const correction = (decay: number, t: Value): Value => sub(1, pow(constant(decay), t));

/** The L2 norm of one tensor. */
export const norm = (x: Value): Value => sqrt(sum(square(x)));

/** The parameter matching an update, with a typed error when the caller passed none. */
export function paramOf(params: Updates, key: string, owner: string): Value {
  const p = params[key];
  if (p === undefined) fail('BAD_STATE', `${owner} needs parameter '${key}'`, owner);
  return p;
}

/** 1 where any element of any update is NaN or ±Inf (x − x is NaN exactly for those), else 0: an int scalar. */
export function countNonFinite(updates: Updates): Value {
  const parts = Object.values(updates).map((g) => sum(cast(notEqual(sub(g, g), 0), 'int')));
  return parts.reduce((a, b) => add(a, b), constant(0, 'int'));
}

/** `cond ? a : b` leaf by leaf over two state trees of one structure (a scalar bool `cond`). */
export function selectTree(cond: Value, a: StateTree, b: StateTree, owner: string): StateTree {
  if (isValue(a)) {
    if (!isValue(b)) fail('BAD_STATE', 'state trees differ in structure', owner);
    return where(cond, a, b);
  }
  if (isValue(b)) fail('BAD_STATE', 'state trees differ in structure', owner);
  const out: Record<string, StateTree> = {};
  for (const [k, v] of Object.entries(a)) {
    const other = (b as Record<string, StateTree>)[k];
    if (other === undefined) fail('BAD_STATE', `state has no entry '${k}'`, owner);
    out[k] = selectTree(cond, v, other, owner);
  }
  return out;
}
