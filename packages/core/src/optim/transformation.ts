import { fail } from '../errors/losskit-error.js';
import { type Value, isValue } from '../graph/node.js';
import { add } from '../graph/ops.js';
import type { Tree } from './tree.js';

/** Optimizer state: a tree of symbolic values (traced), or of host tensors between steps. */
export type StateTree = Tree<Value>;
/** Parameters, gradients and updates: one symbolic value per parameter name. */
export type Updates = Readonly<Record<string, Value>>;

/**
 * A gradient transformation in optax's shape: `init(params) → state` and
 * `update(updates, state, params) → { updates, state }`, both pure and traced into programs, so
 * a backend compiles them (and can fuse them with the loss and its gradient).
 *
 * Updates come out negated (ready to add): use {@link applyUpdates}.
 */
export interface GradientTransformation<S extends StateTree = StateTree> {
  readonly name: string;
  init(params: Updates): S;
  update(updates: Updates, state: S, params: Updates, extra?: UpdateExtras): { readonly updates: Updates; readonly state: S };
  /**
   * Set when `update` reads `extra.value` (the loss at these parameters), as optax's
   * `GradientTransformationExtraArgs` do: a step program then takes the loss as an input
   * (`run.step(grads, { value })`) or, in a trainer, wires in the loss it computes.
   */
  readonly needsValue?: boolean;
}

/** What an update may read besides the gradients (optax's extra arguments to `update`). */
export interface UpdateExtras {
  /** The objective's value (a float scalar) at the current parameters. */
  readonly value?: Value;
}

/** `params + updates`, per parameter. */
export function applyUpdates(params: Updates, updates: Updates): Record<string, Value> {
  const out: Record<string, Value> = {};
  for (const [k, p] of Object.entries(params)) {
    const u = updates[k];
    if (u === undefined) fail('BAD_STATE', `no update for parameter '${k}'`, 'applyUpdates');
    out[k] = add(p, u);
  }
  return out;
}

/** Maps `fn` over each parameter's update (and the matching entries of other records). */
export function mapUpdates(updates: Updates, fn: (u: Value, name: string) => Value): Record<string, Value> {
  const out: Record<string, Value> = {};
  for (const [k, u] of Object.entries(updates)) out[k] = fn(u, k);
  return out;
}

/** Reads a record of per-parameter values from a state tree, with a typed error if it is malformed. */
export function stateRecord(state: StateTree, key: string, owner: string): Record<string, Value> {
  if (isValue(state)) fail('BAD_STATE', `expected a record with '${key}', found a tensor`, owner);
  const part = (state as Record<string, StateTree>)[key];
  if (part === undefined || isValue(part)) fail('BAD_STATE', `state has no record '${key}'`, owner);
  return part as Record<string, Value>;
}

export function stateValue(state: StateTree, key: string, owner: string): Value {
  if (isValue(state)) fail('BAD_STATE', `expected a record with '${key}', found a tensor`, owner);
  const part = (state as Record<string, StateTree>)[key];
  if (part === undefined || !isValue(part)) fail('BAD_STATE', `state has no tensor '${key}'`, owner);
  return part;
}

/**
 * Composes transformations left to right; the state is `{ '0': s0, '1': s1, ... }`.
 *
 * @example
 * ```ts
 * const tx = chain(clipByGlobalNorm(1), scaleByAdam(), scaleByLearningRate(1e-3));
 * ```
 */
export function chain(...transforms: readonly GradientTransformation[]): GradientTransformation<Record<string, StateTree>> {
  const name = `chain(${transforms.map((t) => t.name).join(', ')})`;
  return {
    name,
    ...(transforms.some((t) => t.needsValue === true) ? { needsValue: true } : {}),
    init(params) {
      const state: Record<string, StateTree> = {};
      transforms.forEach((t, i) => {
        state[String(i)] = t.init(params);
      });
      return state;
    },
    update(updates, state, params, extra) {
      if (isValue(state) || typeof state !== 'object') fail('BAD_STATE', 'chain state must be a record', name);
      const keys = Object.keys(state);
      if (keys.length !== transforms.length || transforms.some((_, i) => !(String(i) in state))) {
        fail('BAD_STATE', `chain of ${transforms.length} expects state keys 0..${transforms.length - 1}, got [${keys.join(', ')}]`, name);
      }
      const next: Record<string, StateTree> = {};
      let u = updates;
      transforms.forEach((t, i) => {
        const r = t.update(u, state[String(i)] as StateTree, params, extra);
        u = r.updates;
        next[String(i)] = r.state;
      });
      return { updates: u, state: next };
    },
  };
}
