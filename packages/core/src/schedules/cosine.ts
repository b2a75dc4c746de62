import { fail } from '../errors/losskit-error.js';
import { linearSchedule } from './decay.js';
import { joinSchedules } from './join.js';
import type { ScalarMath } from './scalar-math.js';
import { type StepSchedule, constantSchedule, defineSchedule, finite, positive, stepCount } from './schedule.js';

/** end + (start − end)/2 · (cos(π·pct) + 1): optax's cosine interpolation, start at pct 0, end at pct 1. */
export function cosineInterpolate<T>(m: ScalarMath<T>, start: number, end: number, pct: T): T {
  return m.add(m.mul(m.add(m.cos(m.mul(pct, Math.PI)), 1), (start - end) / 2), end);
}

export interface CosineDecayOptions {
  readonly initValue: number;
  readonly decaySteps: number;
  /** The floor, as a fraction of `initValue` (default 0). */
  readonly alpha?: number;
  /** Power of the cosine factor (default 1). */
  readonly exponent?: number;
}

/**
 * init · ((1 − α) · (½(1 + cos(π · min(step, T) / T)))^exponent + α): from `initValue` to
 * `alpha · initValue` over `decaySteps`, then flat (optax.cosine_decay_schedule; Keras
 * CosineDecay without warmup; PyTorch CosineAnnealingLR's closed form with eta_min = α·init).
 */
export function cosineDecay(o: CosineDecayOptions): StepSchedule {
  finite(o.initValue, 'cosineDecay.initValue');
  positive(o.decaySteps, 'cosineDecay.decaySteps');
  const alpha = o.alpha ?? 0;
  finite(alpha, 'cosineDecay.alpha');
  const exponent = o.exponent ?? 1;
  positive(exponent, 'cosineDecay.exponent');
  return defineSchedule('cosineDecay', (m, step) => {
    const t = m.div(m.minimum(step, o.decaySteps), o.decaySteps);
    const c = m.mul(m.add(m.cos(m.mul(t, Math.PI)), 1), 0.5);
    return m.mul(m.add(m.mul(exponent === 1 ? c : m.pow(c, exponent), 1 - alpha), alpha), o.initValue);
  });
}

export interface WarmupOptions {
  /** The value at step 0 (default 0). */
  readonly initValue?: number;
  readonly peakValue: number;
  readonly warmupSteps: number;
  /** What follows the warmup, counted from its end (default: `peakValue` for ever). */
  readonly then?: StepSchedule;
}

function warmup(kind: 'linear' | 'cosine', o: WarmupOptions): StepSchedule {
  const where = `${kind}Warmup`;
  const init = o.initValue ?? 0;
  finite(init, `${where}.initValue`);
  finite(o.peakValue, `${where}.peakValue`);
  stepCount(o.warmupSteps, `${where}.warmupSteps`, 1);
  const w = o.warmupSteps;
  const ramp = kind === 'linear'
    ? linearSchedule({ initValue: init, endValue: o.peakValue, transitionSteps: w })
    : defineSchedule('cosineRamp', (m, step) => cosineInterpolate(m, init, o.peakValue, m.div(m.minimum(step, w), w)));
  return joinSchedules([ramp, o.then ?? constantSchedule(o.peakValue)], [w]);
}

/** A straight ramp from `initValue` to `peakValue` over `warmupSteps`, then `then` (Keras CosineDecay's warmup, PyTorch LinearLR). */
export function linearWarmup(o: WarmupOptions): StepSchedule {
  return warmup('linear', o);
}

/** A half-cosine ramp from `initValue` to `peakValue` over `warmupSteps` (slow, fast, slow), then `then`. */
export function cosineWarmup(o: WarmupOptions): StepSchedule {
  return warmup('cosine', o);
}

export interface WarmupCosineDecayOptions {
  readonly initValue: number;
  readonly peakValue: number;
  readonly warmupSteps: number;
  /** Total steps, warmup included. */
  readonly decaySteps: number;
  readonly endValue?: number;
  readonly exponent?: number;
}

/**
 * Linear warmup from `initValue` to `peakValue` over `warmupSteps`, then cosine decay to
 * `endValue` at step `decaySteps` (optax.warmup_cosine_decay_schedule: a join of
 * linear_schedule and cosine_decay_schedule(peak, decaySteps − warmupSteps, α = end / peak)).
 */
export function warmupCosineDecay(o: WarmupCosineDecayOptions): StepSchedule {
  finite(o.initValue, 'warmupCosineDecay.initValue');
  finite(o.peakValue, 'warmupCosineDecay.peakValue');
  if (o.peakValue === 0) fail('BAD_PARAM', 'must not be 0 (the floor is endValue / peakValue of it)', 'warmupCosineDecay.peakValue');
  stepCount(o.warmupSteps, 'warmupCosineDecay.warmupSteps');
  stepCount(o.decaySteps, 'warmupCosineDecay.decaySteps', o.warmupSteps + 1);
  const end = o.endValue ?? 0;
  finite(end, 'warmupCosineDecay.endValue');
  const decay = cosineDecay({ initValue: o.peakValue, decaySteps: o.decaySteps - o.warmupSteps, alpha: end / o.peakValue, exponent: o.exponent ?? 1 });
  if (o.warmupSteps === 0) return decay;
  return joinSchedules([linearSchedule({ initValue: o.initValue, endValue: o.peakValue, transitionSteps: o.warmupSteps }), decay], [o.warmupSteps]);
}

/**
 * Warm restarts as optax.sgdr_schedule: one warmup-cosine cycle after another, each starting
 * when the previous one's `decaySteps` are over.
 */
export function sgdr(cycles: readonly WarmupCosineDecayOptions[]): StepSchedule {
  if (cycles.length === 0) fail('EMPTY', 'sgdr needs at least one cycle', 'sgdr');
  const boundaries: number[] = [];
  let at = 0;
  for (const c of cycles.slice(0, -1)) boundaries.push((at += c.decaySteps));
  return joinSchedules(cycles.map(warmupCosineDecay), boundaries);
}

export interface CosineWithRestartsOptions {
  /** The value at the start of every cycle (PyTorch: the optimizer's lr). */
  readonly initValue: number;
  /** Steps in the first cycle (PyTorch T_0). */
  readonly firstPeriod: number;
  /** Each cycle is this many times longer than the last (PyTorch T_mult, an integer ≥ 1; default 1). */
  readonly periodMult?: number;
  /** The value each cycle decays towards (PyTorch eta_min; default 0). */
  readonly minValue?: number;
}

/**
 * Cosine annealing with warm restarts (Loshchilov & Hutter, SGDR; PyTorch
 * CosineAnnealingWarmRestarts stepped once per step): min + (init − min) · ½(1 + cos(π · Tcur / Ti)),
 * where cycle i lasts Ti = T0 · mult^i steps and Tcur counts the steps since it began.
 *
 * @remarks optax's `sgdr_schedule` builds restarts from explicit warmup-cosine cycles instead
 * (see {@link sgdr}); this is PyTorch's geometric form.
 */
export function cosineWithRestarts(o: CosineWithRestartsOptions): StepSchedule {
  finite(o.initValue, 'cosineWithRestarts.initValue');
  stepCount(o.firstPeriod, 'cosineWithRestarts.firstPeriod', 1);
  const mult = o.periodMult ?? 1;
  stepCount(mult, 'cosineWithRestarts.periodMult', 1);
  const min = o.minValue ?? 0;
  finite(min, 'cosineWithRestarts.minValue');
  const t0 = o.firstPeriod;
  return defineSchedule('cosineWithRestarts', (m, step) => {
    let tCur: typeof step;
    let ti: typeof step;
    if (mult === 1) {
      tCur = m.sub(step, m.mul(m.floor(m.div(step, t0)), t0));
      ti = m.constant(t0);
    } else {
      // Cycle n starts at T0 · (mult^n − 1) / (mult − 1); the logarithm can land a hair below a
      // whole n at a cycle's first step, so the estimate is corrected by one either way.
      const start = (n: typeof step) => m.div(m.mul(m.sub(m.pow(mult, n), 1), t0), mult - 1);
      let n = m.floor(m.div(m.log(m.add(m.div(m.mul(step, mult - 1), t0), 1)), Math.log(mult)));
      n = m.ifLess(step, start(m.add(n, 1)), n, m.add(n, 1));
      n = m.ifLess(step, start(n), m.sub(n, 1), n);
      tCur = m.sub(step, start(n));
      ti = m.mul(m.pow(mult, n), t0);
    }
    return cosineInterpolate(m, o.initValue, min, m.div(tCur, ti));
  });
}
