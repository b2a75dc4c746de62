import { fail } from '../errors/losskit-error.js';
import { cosineInterpolate } from './cosine.js';
import type { ScalarMath } from './scalar-math.js';
import { type StepSchedule, defineSchedule, positive, stepCount } from './schedule.js';

export interface OneCycleOptions {
  /** The peak (PyTorch max_lr). */
  readonly maxValue: number;
  /** Steps in the whole cycle (PyTorch total_steps). */
  readonly totalSteps: number;
  /** The fraction of steps spent rising (default 0.3). */
  readonly pctStart?: number;
  /** 'cos' (default) or 'linear' (PyTorch anneal_strategy). */
  readonly anneal?: 'cos' | 'linear';
  /** The start is maxValue / divFactor (default 25). */
  readonly divFactor?: number;
  /** The end is start / finalDivFactor (default 1e4). */
  readonly finalDivFactor?: number;
  /** Rise, fall back to the start, then anneal to the end (PyTorch three_phase; default false). */
  readonly threePhase?: boolean;
}

function fractions(o: { pctStart?: number; divFactor?: number; finalDivFactor?: number }, where: string): { pct: number; div: number; finalDiv: number } {
  const pct = o.pctStart ?? 0.3;
  if (!(pct > 0 && pct < 1)) fail('BAD_PARAM', `must be in (0, 1), got ${pct}`, `${where}.pctStart`);
  const div = o.divFactor ?? 25;
  const finalDiv = o.finalDivFactor ?? 1e4;
  positive(div, `${where}.divFactor`);
  positive(finalDiv, `${where}.finalDivFactor`);
  return { pct, div, finalDiv };
}

/**
 * The one-cycle policy as PyTorch's OneCycleLR computes it (Smith & Topin, 2018): from
 * maxValue / divFactor up to maxValue, then down to start / finalDivFactor; phase ends at step
 * pctStart · totalSteps − 1 and totalSteps − 1 (three-phase: pctStart·T − 1, 2·pctStart·T − 2,
 * T − 1). After the last step, where PyTorch raises, the value stays at the end.
 *
 * @remarks optax's `cosine_onecycle_schedule` ({@link cosineOnecycle}) has the same three values
 * but puts the peak at step ⌊pctStart · T⌋ and the end at step T, one step later than PyTorch
 * (whose phases end at pctStart · T − 1 and T − 1). Use this one to match PyTorch, that one for optax.
 */
export function oneCycle(o: OneCycleOptions): StepSchedule {
  positive(o.maxValue, 'oneCycle.maxValue');
  stepCount(o.totalSteps, 'oneCycle.totalSteps', 2);
  const { pct, div, finalDiv } = fractions(o, 'oneCycle');
  const anneal = o.anneal ?? 'cos';
  if (anneal !== 'cos' && anneal !== 'linear') fail('BAD_PARAM', `expected 'cos' or 'linear', got '${String(anneal)}'`, 'oneCycle.anneal');
  const initial = o.maxValue / div;
  const min = initial / finalDiv;
  const t = o.totalSteps;
  const phases = o.threePhase === true
    ? [{ end: pct * t - 1, from: initial, to: o.maxValue }, { end: 2 * pct * t - 2, from: o.maxValue, to: initial }, { end: t - 1, from: initial, to: min }]
    : [{ end: pct * t - 1, from: initial, to: o.maxValue }, { end: t - 1, from: o.maxValue, to: min }];
  const interpolate = <T>(m: ScalarMath<T>, from: number, to: number, p: T): T =>
    anneal === 'cos' ? cosineInterpolate(m, from, to, p) : m.add(m.mul(p, to - from), from);
  return defineSchedule('oneCycle', (m, step) => {
    // PyTorch takes the first phase whose end the step has not passed, else the last one.
    let out = m.constant(min);
    for (let i = phases.length - 1; i >= 0; i--) {
      const ph = phases[i] as (typeof phases)[number];
      const start = i === 0 ? 0 : (phases[i - 1] as (typeof phases)[number]).end;
      const p = m.div(m.sub(m.minimum(step, ph.end), start), ph.end - start);
      const v = interpolate(m, ph.from, ph.to, p);
      out = i === phases.length - 1 ? v : m.ifLessEqual(step, ph.end, v, out);
    }
    return out;
  });
}

/**
 * optax.cosine_onecycle_schedule: cosine from peak / divFactor at step 0 to `peakValue` at step
 * ⌊pctStart · T⌋, then to peak / (divFactor · finalDivFactor) at step T, and flat after.
 * See {@link oneCycle} for PyTorch's placement of the same phases.
 */
export function cosineOnecycle(o: { readonly transitionSteps: number; readonly peakValue: number; readonly pctStart?: number; readonly divFactor?: number; readonly finalDivFactor?: number }): StepSchedule {
  positive(o.peakValue, 'cosineOnecycle.peakValue');
  stepCount(o.transitionSteps, 'cosineOnecycle.transitionSteps', 2);
  const { pct, div, finalDiv } = fractions(o, 'cosineOnecycle');
  const b1 = Math.floor(pct * o.transitionSteps);
  const b2 = o.transitionSteps;
  if (b1 < 1) fail('BAD_PARAM', `pctStart · transitionSteps must reach a whole step, got ${pct * b2}`, 'cosineOnecycle.pctStart');
  const start = o.peakValue / div;
  const end = o.peakValue / (div * finalDiv);
  return defineSchedule('cosineOnecycle', (m, step) => {
    const rise = cosineInterpolate(m, start, o.peakValue, m.div(step, b1));
    const fall = cosineInterpolate(m, o.peakValue, end, m.div(m.sub(step, b1), b2 - b1));
    return m.ifLess(step, b1, rise, m.ifLess(step, b2, fall, end));
  });
}
