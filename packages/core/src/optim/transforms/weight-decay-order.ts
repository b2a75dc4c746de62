import { fail } from '../../errors/losskit-error.js';
import { type Value, isValue } from '../../graph/node.js';
import { add, mul, sub } from '../../graph/ops.js';
import { type LearningRate, learningRateAt } from '../../schedules/schedule.js';
import { type GradientTransformation, type StateTree, mapUpdates, stateValue } from '../transformation.js';
import { check, paramOf, zeroCount } from './common.js';

// Weight decay that changes the parameters themselves around an inner optimizer, which
// `addDecayedWeights` (a term added to the update) cannot express once the inner optimizer
// reads the parameters (Keras's Lamb and Ftrl) or the decay multiplies the updated value (ONNX).

function innerState(state: StateTree, owner: string): StateTree {
  const inner = isValue(state) ? undefined : (state as Record<string, StateTree>)['inner'];
  if (inner === undefined) fail('BAD_STATE', "state has no record 'inner'", owner);
  return inner;
}

/**
 * Keras 3's `weight_decay` (base optimizer): p ← p − p·wd·lr *before* the inner optimizer's step,
 * which then sees the decayed p; lr is read at the step count (a schedule at Keras's iterations).
 */
export function decayBeforeUpdate(inner: GradientTransformation, options: { weightDecay: number; learningRate: LearningRate }): GradientTransformation<StateTree> {
  const { weightDecay, learningRate } = options;
  check(weightDecay >= 0 && Number.isFinite(weightDecay), `weightDecay must be a finite number ≥ 0, got ${weightDecay}`, 'decayBeforeUpdate.weightDecay');
  const name = `decayBeforeUpdate(${inner.name})`;
  return {
    name,
    ...(inner.needsValue === true ? { needsValue: true } : {}),
    init: (params) => ({ count: zeroCount(), inner: inner.init(params) }),
    update(u, state, params, extra) {
      const count = stateValue(state, 'count', name);
      const shrink = mul(learningRateAt(learningRate, count), weightDecay);
      const decay = mapUpdates(u, (_, k) => mul(paramOf(params, k, name), shrink));
      const decayed = mapUpdates(u, (_, k) => sub(paramOf(params, k, name), decay[k] as Value));
      const r = inner.update(u, innerState(state, name), decayed, extra);
      return { updates: mapUpdates(r.updates, (x, k) => sub(x, decay[k] as Value)), state: { count: add(count, 1), inner: r.state } };
    },
  };
}

/** ONNX Adam's `norm_coefficient_post`: p ← (1 − c)·(p + u) *after* the inner update, not scaled by the learning rate. */
export function decayAfterUpdate(inner: GradientTransformation, coefficient: number): GradientTransformation<StateTree> {
  check(Number.isFinite(coefficient), `coefficient must be finite, got ${coefficient}`, 'decayAfterUpdate.coefficient');
  const name = `decayAfterUpdate(${inner.name})`;
  return {
    name,
    ...(inner.needsValue === true ? { needsValue: true } : {}),
    init: (params) => ({ inner: inner.init(params) }),
    update(u, state, params, extra) {
      const r = inner.update(u, innerState(state, name), params, extra);
      const updates = mapUpdates(r.updates, (x, k) => sub(x, mul(add(paramOf(params, k, name), x), coefficient)));
      return { updates, state: { inner: r.state } };
    },
  };
}
