import { fail } from '../errors/losskit-error.js';
import type { Value } from '../graph/node.js';
import { cast, constant } from '../graph/ops.js';
import { type ScalarMath, hostMath, tracedMath } from './scalar-math.js';

/**
 * A learning-rate schedule: a pure function of the step count (an int scalar, 0 at the first
 * step) returning a float scalar. It is traced, so a compiled optimizer step evaluates it on
 * the backend without a host round trip.
 */
export type Schedule = (count: Value) => Value;

/** A learning rate: a number, or a schedule. */
export type LearningRate = number | Schedule;

/** A schedule's formula, written once over {@link ScalarMath} (numbers or traced values); `step` is a float. */
export type ScheduleFormula = <T>(m: ScalarMath<T>, step: T) => T;

/**
 * A built-in schedule: traced when called with the step count, and a plain host function of the
 * step through `at`, both from one formula.
 */
export interface StepSchedule extends Schedule {
  /** `constant(0.1)`, `cosineDecay(...)`: for logs and saved optimizer descriptions. */
  readonly id: string;
  /** The value at this step, computed on the host in float64. */
  at(step: number): number;
  readonly formula: ScheduleFormula;
}

/**
 * Makes a schedule from a formula over {@link ScalarMath}, so it runs on the host (`at`) and in
 * a traced optimizer step alike.
 *
 * @example
 * ```ts
 * const halving = defineSchedule('halving', (m, step) => m.mul(0.1, m.pow(0.5, m.floor(m.div(step, 10)))));
 * halving.at(25); // 0.025
 * ```
 */
export function defineSchedule(id: string, formula: ScheduleFormula): StepSchedule {
  const traced = (count: Value): Value => formula(tracedMath, count.dtype === 'float' ? count : cast(count, 'float'));
  return Object.assign(traced, {
    id,
    formula,
    at(step: number): number {
      if (!Number.isFinite(step) || step < 0) fail('BAD_PARAM', `a step is a number ≥ 0, got ${step}`, `${id}.at`);
      return formula(hostMath, step);
    },
  });
}

export function positive(x: number, where: string): void {
  if (!(x > 0) || !Number.isFinite(x)) fail('BAD_PARAM', `must be a positive number, got ${x}`, where);
}

export function finite(x: number, where: string): void {
  if (!Number.isFinite(x)) fail('BAD_PARAM', `must be finite, got ${x}`, where);
}

export function stepCount(x: number, where: string, min = 0): void {
  if (!Number.isInteger(x) || x < min) fail('BAD_PARAM', `must be an integer ≥ ${min}, got ${x}`, where);
}

/** The same value at every step. */
export function constantSchedule(value: number): StepSchedule {
  finite(value, 'constant.value');
  return defineSchedule(`constant(${value})`, (m) => m.constant(value));
}

export function learningRateAt(lr: LearningRate, count: Value): Value {
  return typeof lr === 'number' ? constant(lr) : lr(count);
}

// The first schedules lived in this file; importers of these names from here keep working.
export { cosineDecay } from './cosine.js';
export { exponentialDecay } from './decay.js';
