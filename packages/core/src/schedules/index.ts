import { cosineDecay, cosineWarmup, cosineWithRestarts, linearWarmup, sgdr, warmupCosineDecay } from './cosine.js';
import { exponentialDecay, inverseTimeDecay, linearSchedule, piecewiseConstant, polynomialDecay, stepDecay } from './decay.js';
import { joinSchedules } from './join.js';
import { cosineOnecycle, oneCycle } from './one-cycle.js';
import { constantSchedule } from './schedule.js';

/** Schedules keyed by name, so they can be listed. */
export const schedules = {
  constant: constantSchedule,
  piecewiseConstant,
  stepDecay,
  exponentialDecay,
  inverseTimeDecay,
  polynomialDecay,
  linear: linearSchedule,
  cosineDecay,
  cosineWithRestarts,
  sgdr,
  linearWarmup,
  cosineWarmup,
  warmupCosineDecay,
  oneCycle,
  cosineOnecycle,
  join: joinSchedules,
} as const;

export { cosineDecay, cosineInterpolate, cosineWarmup, cosineWithRestarts, linearWarmup, sgdr, warmupCosineDecay, type CosineDecayOptions, type CosineWithRestartsOptions, type WarmupCosineDecayOptions, type WarmupOptions } from './cosine.js';
export { exponentialDecay, inverseTimeDecay, linearSchedule, piecewiseConstant, polynomialDecay, stepDecay, type ExponentialDecayOptions, type PolynomialDecayOptions } from './decay.js';
export { joinSchedules } from './join.js';
export { cosineOnecycle, oneCycle, type OneCycleOptions } from './one-cycle.js';
export { hostMath, tracedMath, type ScalarMath } from './scalar-math.js';
export { constantSchedule, defineSchedule, learningRateAt, type LearningRate, type Schedule, type ScheduleFormula, type StepSchedule } from './schedule.js';
