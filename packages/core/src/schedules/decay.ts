import { fail } from '../errors/losskit-error.js';
import { type StepSchedule, defineSchedule, finite, positive, stepCount } from './schedule.js';

export interface ExponentialDecayOptions {
  readonly initValue: number;
  readonly decayRate: number;
  readonly transitionSteps: number;
  /** Steps at `initValue` before the decay starts (default 0). */
  readonly transitionBegin?: number;
  /** Decay in whole transitions only: rate^⌊t / T⌋. */
  readonly staircase?: boolean;
  /** A floor (decayRate < 1) or a ceiling (decayRate > 1) on the value. */
  readonly endValue?: number;
}

/**
 * init · rate^(t / transitionSteps) with t = max(step − transitionBegin, 0), floored to whole
 * transitions with `staircase` and bounded by `endValue` (optax.exponential_decay; Keras
 * ExponentialDecay is the case transitionBegin = 0, no endValue).
 */
export function exponentialDecay(o: ExponentialDecayOptions): StepSchedule {
  finite(o.initValue, 'exponentialDecay.initValue');
  positive(o.decayRate, 'exponentialDecay.decayRate');
  positive(o.transitionSteps, 'exponentialDecay.transitionSteps');
  const begin = o.transitionBegin ?? 0;
  stepCount(begin, 'exponentialDecay.transitionBegin');
  if (o.endValue !== undefined) finite(o.endValue, 'exponentialDecay.endValue');
  return defineSchedule('exponentialDecay', (m, step) => {
    const p = m.div(m.maximum(m.sub(step, begin), 0), o.transitionSteps);
    const v = m.mul(m.pow(o.decayRate, o.staircase === true ? m.floor(p) : p), o.initValue);
    if (o.endValue === undefined) return v;
    return o.decayRate < 1 ? m.maximum(v, o.endValue) : m.minimum(v, o.endValue);
  });
}

/**
 * init · gamma^⌊step / stepSize⌋ (PyTorch StepLR): the learning rate drops by `gamma` every
 * `stepSize` steps.
 */
export function stepDecay(o: { readonly initValue: number; readonly stepSize: number; readonly gamma?: number }): StepSchedule {
  finite(o.initValue, 'stepDecay.initValue');
  stepCount(o.stepSize, 'stepDecay.stepSize', 1);
  const gamma = o.gamma ?? 0.1;
  positive(gamma, 'stepDecay.gamma');
  return defineSchedule('stepDecay', (m, step) => m.mul(m.pow(gamma, m.floor(m.div(step, o.stepSize))), o.initValue));
}

/**
 * init / (1 + decayRate · step / decaySteps), with ⌊step / decaySteps⌋ under `staircase`
 * (Keras InverseTimeDecay).
 */
export function inverseTimeDecay(o: { readonly initValue: number; readonly decayRate: number; readonly decaySteps: number; readonly staircase?: boolean }): StepSchedule {
  finite(o.initValue, 'inverseTimeDecay.initValue');
  if (!(o.decayRate >= 0) || !Number.isFinite(o.decayRate)) fail('BAD_PARAM', `must be a finite number ≥ 0, got ${o.decayRate}`, 'inverseTimeDecay.decayRate');
  positive(o.decaySteps, 'inverseTimeDecay.decaySteps');
  return defineSchedule('inverseTimeDecay', (m, step) => {
    const p = m.div(step, o.decaySteps);
    return m.div(o.initValue, m.add(m.mul(o.staircase === true ? m.floor(p) : p, o.decayRate), 1));
  });
}

export interface PolynomialDecayOptions {
  readonly initValue: number;
  readonly endValue: number;
  readonly power: number;
  readonly transitionSteps: number;
  /** Steps at `initValue` before the transition starts (default 0). */
  readonly transitionBegin?: number;
}

/**
 * (init − end) · (1 − t / T)^power + end with t = clip(step − transitionBegin, 0, T), then flat
 * at `endValue` (optax.polynomial_schedule; Keras PolynomialDecay without `cycle`).
 */
export function polynomialDecay(o: PolynomialDecayOptions): StepSchedule {
  finite(o.initValue, 'polynomialDecay.initValue');
  finite(o.endValue, 'polynomialDecay.endValue');
  positive(o.power, 'polynomialDecay.power');
  stepCount(o.transitionSteps, 'polynomialDecay.transitionSteps', 1);
  const begin = o.transitionBegin ?? 0;
  stepCount(begin, 'polynomialDecay.transitionBegin');
  return defineSchedule('polynomialDecay', (m, step) => {
    const t = m.minimum(m.maximum(m.sub(step, begin), 0), o.transitionSteps);
    const frac = m.sub(1, m.div(t, o.transitionSteps));
    return m.add(m.mul(m.pow(frac, o.power), o.initValue - o.endValue), o.endValue);
  });
}

/** A straight line from `initValue` to `endValue` over `transitionSteps`, then flat (optax.linear_schedule). */
export function linearSchedule(o: Omit<PolynomialDecayOptions, 'power'>): StepSchedule {
  return polynomialDecay({ ...o, power: 1 });
}

/**
 * `initValue`, multiplied by `scale` from each `boundary` step on (optax.piecewise_constant_schedule:
 * the scale applies at step = boundary).
 *
 * @remarks Keras PiecewiseConstantDecay switches after the boundary (step > b): its boundary b is
 * boundary b + 1 here. PyTorch MultiStepLR(milestones, gamma) is `{ m: gamma }` for each milestone.
 */
export function piecewiseConstant(o: { readonly initValue: number; readonly boundariesAndScales: Readonly<Record<number, number>> }): StepSchedule {
  finite(o.initValue, 'piecewiseConstant.initValue');
  const pairs = Object.entries(o.boundariesAndScales).map(([b, s]) => [Number(b), s] as const).sort((a, b) => a[0] - b[0]);
  for (const [b, s] of pairs) {
    stepCount(b, `piecewiseConstant.boundariesAndScales[${b}]`);
    if (!(s >= 0) || !Number.isFinite(s)) fail('BAD_PARAM', `a scale must be a finite number ≥ 0, got ${s}`, `piecewiseConstant.boundariesAndScales[${b}]`);
  }
  return defineSchedule('piecewiseConstant', (m, step) => {
    let v = m.constant(o.initValue);
    for (const [b, s] of pairs) v = m.mul(v, m.ifLess(step, b, 1, s));
    return v;
  });
}
