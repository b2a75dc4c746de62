import { fail } from '../errors/losskit-error.js';
import { type StepSchedule, defineSchedule, stepCount } from './schedule.js';

/**
 * Runs `schedules[0]` until `boundaries[0]`, then `schedules[1]` on the steps counted from that
 * boundary, and so on (optax.join_schedules): at step t ≥ b_i the value is schedules[i + 1](t − b_i).
 *
 * @example
 * ```ts
 * // Warm up linearly for 100 steps, then decay with a cosine over 900.
 * joinSchedules([linearSchedule({ initValue: 0, endValue: 1e-3, transitionSteps: 100 }), cosineDecay({ initValue: 1e-3, decaySteps: 900 })], [100]);
 * ```
 */
export function joinSchedules(schedules: readonly StepSchedule[], boundaries: readonly number[]): StepSchedule {
  if (schedules.length === 0) fail('EMPTY', 'joinSchedules needs at least one schedule', 'joinSchedules.schedules');
  if (boundaries.length !== schedules.length - 1) {
    fail('BAD_PARAM', `${schedules.length} schedules need ${schedules.length - 1} boundaries, got ${boundaries.length}`, 'joinSchedules.boundaries');
  }
  boundaries.forEach((b, i) => {
    stepCount(b, `joinSchedules.boundaries[${i}]`);
    if (i > 0 && b < (boundaries[i - 1] as number)) fail('BAD_PARAM', `boundaries must not decrease, got ${boundaries.join(', ')}`, 'joinSchedules.boundaries');
  });
  schedules.forEach((s, i) => {
    if (typeof s.formula !== 'function') fail('BAD_PARAM', 'expected a schedule made by losskit or defineSchedule', `joinSchedules.schedules[${i}]`);
  });
  const first = schedules[0] as StepSchedule;
  return defineSchedule(`join(${schedules.map((s) => s.id).join(', ')})`, (m, step) => {
    let out = first.formula(m, step);
    boundaries.forEach((b, i) => {
      out = m.ifLess(step, b, out, (schedules[i + 1] as StepSchedule).formula(m, m.sub(step, b)));
    });
    return out;
  });
}
