import { fail } from '../errors/losskit-error.js';
import type { Value } from '../graph/node.js';
import { add, cast, constant, cos, div, floor, minimum, mul, pow } from '../graph/ops.js';

/**
 * A learning-rate schedule: a pure function of the step count (an int scalar, 0 at the first
 * step) returning a float scalar. It is traced, so a compiled optimizer step evaluates it on
 * the backend without a host round trip.
 */
export type Schedule = (count: Value) => Value;

/** A learning rate: a number, or a schedule. */
export type LearningRate = number | Schedule;

function positive(x: number, where: string): void {
  if (!(x > 0) || !Number.isFinite(x)) fail('BAD_PARAM', `must be a positive number, got ${x}`, where);
}

function finite(x: number, where: string): void {
  if (!Number.isFinite(x)) fail('BAD_PARAM', `must be finite, got ${x}`, where);
}

/** The same value at every step. */
export function constantSchedule(value: number): Schedule {
  if (!Number.isFinite(value)) fail('BAD_PARAM', `must be finite, got ${value}`, 'constant.value');
  return () => constant(value);
}

/**
 * init · rate^(step / transitionSteps), floored to whole transitions with `staircase`
 * (optax.exponential_decay without its begin/end options; Keras ExponentialDecay).
 */
export function exponentialDecay(o: { initValue: number; decayRate: number; transitionSteps: number; staircase?: boolean }): Schedule {
  finite(o.initValue, 'exponentialDecay.initValue');
  positive(o.decayRate, 'exponentialDecay.decayRate');
  positive(o.transitionSteps, 'exponentialDecay.transitionSteps');
  return (count) => {
    const p = div(cast(count, 'float'), o.transitionSteps);
    return mul(pow(constant(o.decayRate), o.staircase ? floor(p) : p), o.initValue);
  };
}

/**
 * Cosine decay from `initValue` to `alpha · initValue` over `decaySteps`, then flat
 * (optax.cosine_decay_schedule, Keras CosineDecay).
 */
export function cosineDecay(o: { initValue: number; decaySteps: number; alpha?: number }): Schedule {
  finite(o.initValue, 'cosineDecay.initValue');
  positive(o.decaySteps, 'cosineDecay.decaySteps');
  const alpha = o.alpha ?? 0;
  finite(alpha, 'cosineDecay.alpha');
  return (count) => {
    const t = div(minimum(cast(count, 'float'), o.decaySteps), o.decaySteps);
    const c = mul(add(cos(mul(t, Math.PI)), 1), 0.5);
    return mul(add(mul(c, 1 - alpha), alpha), o.initValue);
  };
}

/** Schedules keyed by name, so they can be listed. */
export const schedules = { constant: constantSchedule, exponentialDecay, cosineDecay } as const;

export function learningRateAt(lr: LearningRate, count: Value): Value {
  return typeof lr === 'number' ? constant(lr) : lr(count);
}

