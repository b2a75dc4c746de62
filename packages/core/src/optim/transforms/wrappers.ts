import { fail } from '../../errors/losskit-error.js';
import { isValue, type Value } from '../../graph/node.js';
import { add, cast, div, equal, greater, logicalNot, logicalOr, mul, sub, where, zerosLike } from '../../graph/ops.js';
import { type GradientTransformation, type StateTree, mapUpdates, stateRecord, stateValue } from '../transformation.js';
import { check, countNonFinite, paramOf, selectTree, zeroCount, zeros } from './common.js';

function innerState(state: StateTree, owner: string): StateTree {
  if (isValue(state)) fail('BAD_STATE', `expected a record with 'inner', found a tensor`, owner);
  const inner = (state as Record<string, StateTree>)['inner'];
  if (inner === undefined) fail('BAD_STATE', `state has no 'inner'`, owner);
  return inner;
}

/**
 * Skips steps whose updates hold NaN or ±Inf (optax `apply_if_finite`): the output is 0 and the
 * inner state stays as it was. After more than `maxConsecutiveErrors` bad steps in a row the
 * inner update is applied anyway, so a run that only produces bad gradients does not stall silently.
 * `notfiniteCount` counts the current run of bad steps, `totalNotfinite` all of them.
 */
export function applyIfFinite(inner: GradientTransformation, maxConsecutiveErrors: number): GradientTransformation<StateTree> {
  check(Number.isInteger(maxConsecutiveErrors) && maxConsecutiveErrors >= 0, `maxConsecutiveErrors must be an integer ≥ 0, got ${maxConsecutiveErrors}`, 'applyIfFinite.maxConsecutiveErrors');
  const name = `applyIfFinite(${inner.name})`;
  return {
    name,
    init: (params) => ({ notfiniteCount: zeroCount(), totalNotfinite: zeroCount(), inner: inner.init(params) }),
    update(u, state, params) {
      const old = innerState(state, name);
      const bad = greater(countNonFinite(u), 0);
      const run = where(bad, add(stateValue(state, 'notfiniteCount', name), 1), 0);
      const apply = logicalOr(logicalNot(bad), greater(run, maxConsecutiveErrors));
      const r = inner.update(u, old, params);
      return {
        updates: mapUpdates(r.updates, (x) => where(apply, x, zerosLike(x))),
        state: {
          notfiniteCount: run,
          totalNotfinite: add(stateValue(state, 'totalNotfinite', name), cast(bad, 'int')),
          inner: selectTree(apply, r.state, old, name),
        },
      };
    },
  };
}

/**
 * Gradient accumulation (optax `MultiSteps`): averages (or sums, `useGradMean: false`) the
 * gradients of `everyK` calls and runs `inner` on them at every k-th call; the other calls emit
 * 0 and leave the inner state untouched.
 */
export function multiSteps(inner: GradientTransformation, options: { everyK: number; useGradMean?: boolean }): GradientTransformation<StateTree> {
  const { everyK, useGradMean = true } = options;
  check(Number.isInteger(everyK) && everyK >= 1, `everyK must be an integer ≥ 1, got ${everyK}`, 'multiSteps.everyK');
  const name = `multiSteps(${inner.name})`;
  return {
    name,
    init: (params) => ({ miniStep: zeroCount(), gradientStep: zeroCount(), acc: zeros(params), inner: inner.init(params) }),
    update(u, state, params) {
      const mini = stateValue(state, 'miniStep', name);
      const acc = stateRecord(state, 'acc', name);
      const old = innerState(state, name);
      const n = add(cast(mini, 'float'), 1);
      const nextAcc = mapUpdates(u, (g, k) => {
        const a = acc[k] as Value;
        return useGradMean ? add(a, div(sub(g, a), n)) : add(a, g);
      });
      const emit = equal(mini, everyK - 1);
      const r = inner.update(nextAcc, old, params);
      return {
        updates: mapUpdates(r.updates, (x) => where(emit, x, zerosLike(x))),
        state: {
          miniStep: where(emit, 0, add(mini, 1)),
          gradientStep: add(stateValue(state, 'gradientStep', name), cast(emit, 'int')),
          acc: mapUpdates(nextAcc, (a) => where(emit, zerosLike(a), a)),
          inner: selectTree(emit, r.state, old, name),
        },
      };
    },
  };
}

/**
 * Lookahead (Zhang et al., 2019; optax `lookahead`): `fast` takes its steps, and every
 * `syncPeriod` steps both weights move to slow + α·(fast − slow).
 *
 * @remarks optax carries (fast, slow) pairs as the parameters; here the parameters are the fast
 * weights and the slow weights live in the state, so the result is the same trajectory for the
 * fast weights, which equal the slow ones after every sync.
 */
export function lookahead(fast: GradientTransformation, options: { syncPeriod: number; slowStepSize: number }): GradientTransformation<StateTree> {
  const { syncPeriod, slowStepSize } = options;
  check(Number.isInteger(syncPeriod) && syncPeriod >= 1, `syncPeriod must be an integer ≥ 1, got ${syncPeriod}`, 'lookahead.syncPeriod');
  check(slowStepSize >= 0 && slowStepSize <= 1, `slowStepSize must be in [0, 1], got ${slowStepSize}`, 'lookahead.slowStepSize');
  const name = `lookahead(${fast.name})`;
  return {
    name,
    init: (params) => ({ stepsSinceSync: zeroCount(), slow: mapUpdates(params, (p) => add(p, 0)), inner: fast.init(params) }),
    update(u, state, params) {
      const steps = stateValue(state, 'stepsSinceSync', name);
      const slow = stateRecord(state, 'slow', name);
      const r = fast.update(u, innerState(state, name), params);
      const sync = equal(steps, syncPeriod - 1);
      const nextSlow: Record<string, Value> = {};
      const updates = mapUpdates(r.updates, (x, k) => {
        const s = slow[k] as Value;
        const d = sub(add(paramOf(params, k, name), x), s);
        nextSlow[k] = where(sync, add(s, mul(d, slowStepSize)), s);
        return where(sync, sub(x, mul(d, 1 - slowStepSize)), x);
      });
      return { updates, state: { stepsSinceSync: where(sync, 0, add(steps, 1)), slow: nextSlow, inner: r.state } };
    },
  };
}

/**
 * Routes each parameter to one of several transformations (optax `multi_transform`): `label`
 * names the transformation for a parameter from its name and value; each sees only its own.
 */
export function partition(transforms: Readonly<Record<string, GradientTransformation>>, label: (name: string, param: Value) => string): GradientTransformation<StateTree> {
  const name = `partition(${Object.entries(transforms).map(([k, t]) => `${k}: ${t.name}`).join(', ')})`;
  const groups = (params: Readonly<Record<string, Value>>): Map<string, string[]> => {
    const out = new Map<string, string[]>(Object.keys(transforms).map((k) => [k, []]));
    for (const [k, p] of Object.entries(params)) {
      const l = label(k, p);
      const list = out.get(l);
      if (list === undefined) fail('BAD_PARAM', `label '${l}' of parameter '${k}' names none of [${Object.keys(transforms).join(', ')}]`, name);
      list.push(k);
    }
    return out;
  };
  const pick = (r: Readonly<Record<string, Value>>, keys: readonly string[]): Record<string, Value> => Object.fromEntries(keys.map((k) => [k, r[k] as Value]));
  return {
    name,
    init(params) {
      const state: Record<string, StateTree> = {};
      for (const [l, keys] of groups(params)) state[l] = (transforms[l] as GradientTransformation).init(pick(params, keys));
      return state;
    },
    update(u, state, params) {
      if (isValue(state)) fail('BAD_STATE', 'partition state must be a record', name);
      const next: Record<string, StateTree> = {};
      const updates: Record<string, Value> = {};
      for (const [l, keys] of groups(params)) {
        const part = (state as Record<string, StateTree>)[l];
        if (part === undefined) fail('BAD_STATE', `state has no entry '${l}'`, name);
        const r = (transforms[l] as GradientTransformation).update(pick(u, keys), part, pick(params, keys));
        Object.assign(updates, r.updates);
        next[l] = r.state;
      }
      return { updates, state: next };
    },
  };
}
