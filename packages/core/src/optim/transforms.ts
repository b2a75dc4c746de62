import { fail } from '../errors/losskit-error.js';
import { type Value } from '../graph/node.js';
import { abs, add, cast, constant, div, greater, less, maximum, mul, pow, sign, sqrt, square, sub, sum, where, zerosLike } from '../graph/ops.js';
import { type LearningRate, type Schedule, learningRateAt } from '../schedules/schedule.js';
import { type GradientTransformation, type StateTree, type Updates, mapUpdates, stateRecord, stateValue } from './transformation.js';

function check(ok: boolean, message: string, where: string): void {
  if (!ok) fail('BAD_PARAM', message, where);
}

/** decay·old + (1 − decay)·x: the moving average every moment estimate is. */
const movingAverage = (old: Value, x: Value, decay: number): Value => add(mul(old, decay), mul(x, 1 - decay));

const zeros = (params: Updates): Record<string, Value> => mapUpdates(params, zerosLike);
const zeroCount = (): Value => constant(0, 'int');

/** Multiplies updates by a constant. */
export function scale(factor: number): GradientTransformation<Record<string, never>> {
  check(Number.isFinite(factor), `factor must be finite, got ${factor}`, 'scale.factor');
  return { name: 'scale', init: () => ({}), update: (u) => ({ updates: mapUpdates(u, (g) => mul(g, factor)), state: {} }) };
}

/** Multiplies updates by `schedule(step)`; keeps the step count. */
export function scaleBySchedule(schedule: Schedule): GradientTransformation<{ count: Value }> {
  return {
    name: 'scaleBySchedule',
    init: () => ({ count: zeroCount() }),
    update(u, state) {
      const count = stateValue(state, 'count', 'scaleBySchedule');
      const s = schedule(count);
      return { updates: mapUpdates(u, (g) => mul(g, s)), state: { count: add(count, 1) } };
    },
  };
}

/**
 * Scales by −learningRate (a number or a schedule), turning gradients into descent updates.
 */
export function scaleByLearningRate(learningRate: LearningRate, options: { flipSign?: boolean } = {}): GradientTransformation<StateTree> {
  const sign = options.flipSign === false ? 1 : -1;
  if (typeof learningRate === 'number') {
    check(Number.isFinite(learningRate) && learningRate >= 0, `learningRate must be a finite number ≥ 0, got ${learningRate}`, 'scaleByLearningRate.learningRate');
    return { ...scale(sign * learningRate), name: 'scaleByLearningRate' } as GradientTransformation<StateTree>;
  }
  const t = scaleBySchedule((count) => mul(learningRateAt(learningRate, count), sign));
  return { ...t, name: 'scaleByLearningRate' } as unknown as GradientTransformation<StateTree>;
}

export interface AdamOptions {
  /** Decay of the first moment (default 0.9). */
  readonly b1?: number;
  /** Decay of the second moment (default 0.999). */
  readonly b2?: number;
  /** Added to the root of the bias-corrected second moment (default 1e-8). */
  readonly eps?: number;
  /** Added inside the root (default 0). */
  readonly epsRoot?: number;
}

/**
 * Adam's rescaling (Kingma & Ba, 2014): m̂ / (√(v̂ + εroot) + ε) with bias-corrected moments.
 *
 * @remarks PyTorch, optax and tfjs put ε outside the bias-corrected root, as here. Keras and
 * ONNX add ε to the root of the uncorrected v, which differs early in training.
 */
export function scaleByAdam(options: AdamOptions = {}): GradientTransformation<StateTree> {
  const { b1 = 0.9, b2 = 0.999, eps = 1e-8, epsRoot = 0 } = options;
  check(b1 >= 0 && b1 < 1, `b1 must be in [0, 1), got ${b1}`, 'scaleByAdam.b1');
  check(b2 >= 0 && b2 < 1, `b2 must be in [0, 1), got ${b2}`, 'scaleByAdam.b2');
  check(eps >= 0, `eps must be ≥ 0, got ${eps}`, 'scaleByAdam.eps');
  check(epsRoot >= 0, `epsRoot must be ≥ 0, got ${epsRoot}`, 'scaleByAdam.epsRoot');
  return {
    name: 'scaleByAdam',
    init: (params) => ({ count: zeroCount(), mu: zeros(params), nu: zeros(params) }),
    update(u, state) {
      const mu = stateRecord(state, 'mu', 'scaleByAdam');
      const nu = stateRecord(state, 'nu', 'scaleByAdam');
      const count = add(stateValue(state, 'count', 'scaleByAdam'), 1);
      const t = cast(count, 'float');
      const c1 = sub(1, pow(constant(b1), t));
      const c2 = sub(1, pow(constant(b2), t));
      const nextMu = mapUpdates(u, (g, k) => movingAverage(mu[k] as Value, g, b1));
      const nextNu = mapUpdates(u, (g, k) => movingAverage(nu[k] as Value, square(g), b2));
      const updates = mapUpdates(u, (_, k) => {
        const mHat = div(nextMu[k] as Value, c1);
        const vHat = div(nextNu[k] as Value, c2);
        return div(mHat, add(sqrt(epsRoot === 0 ? vHat : add(vHat, epsRoot)), eps));
      });
      return { updates, state: { count, mu: nextMu, nu: nextNu } };
    },
  };
}

/**
 * Momentum: trace ← g + decay·trace; the update is the trace, or g + decay·trace with Nesterov.
 * The first step's trace is g, as PyTorch's SGD buffer.
 */
export function trace(options: { decay: number; nesterov?: boolean }): GradientTransformation<StateTree> {
  const { decay, nesterov = false } = options;
  check(decay >= 0 && decay <= 1, `decay must be in [0, 1], got ${decay}`, 'trace.decay');
  return {
    name: 'trace',
    init: (params) => ({ trace: zeros(params) }),
    update(u, state) {
      const tr = stateRecord(state, 'trace', 'trace');
      const next = mapUpdates(u, (g, k) => add(g, mul(tr[k] as Value, decay)));
      const updates = nesterov ? mapUpdates(u, (g, k) => add(g, mul(next[k] as Value, decay))) : next;
      return { updates, state: { trace: next } };
    },
  };
}

/**
 * Rescales all updates together so their global L2 norm is at most `maxNorm`
 * (torch.nn.utils.clip_grad_norm_ without its 1e-6, optax.clip_by_global_norm).
 */
export function clipByGlobalNorm(maxNorm: number): GradientTransformation<Record<string, never>> {
  check(maxNorm > 0 && Number.isFinite(maxNorm), `maxNorm must be a positive number, got ${maxNorm}`, 'clipByGlobalNorm.maxNorm');
  return {
    name: 'clipByGlobalNorm',
    init: () => ({}),
    update(u) {
      const parts = Object.values(u).map((g) => sum(square(g)));
      if (parts.length === 0) return { updates: u, state: {} };
      const norm = sqrt(parts.reduce((a, b) => add(a, b)));
      const keep = less(norm, maxNorm);
      return { updates: mapUpdates(u, (g) => where(keep, g, mul(div(g, norm), maxNorm))), state: {} };
    },
  };
}

/** Adds `weightDecay · params` to the updates (decoupled weight decay when placed after Adam). */
export function addDecayedWeights(weightDecay: number): GradientTransformation<Record<string, never>> {
  check(weightDecay >= 0 && Number.isFinite(weightDecay), `weightDecay must be ≥ 0, got ${weightDecay}`, 'addDecayedWeights.weightDecay');
  return {
    name: 'addDecayedWeights',
    init: () => ({}),
    update(u, _state, params) {
      if (weightDecay === 0) return { updates: u, state: {} };
      return {
        updates: mapUpdates(u, (g, k) => {
          const p = params[k];
          if (p === undefined) fail('BAD_STATE', `addDecayedWeights needs parameter '${k}'`, 'addDecayedWeights');
          return add(g, mul(p, weightDecay));
        }),
        state: {},
      };
    },
  };
}


/** Moving average of squared gradients; u = g / √(ν + ε) (ε inside the root, optax's default). */
export function scaleByRms(options: { decay?: number; eps?: number; initialScale?: number } = {}): GradientTransformation<StateTree> {
  const { decay = 0.9, eps = 1e-8, initialScale = 0 } = options;
  check(decay >= 0 && decay < 1, `decay must be in [0, 1), got ${decay}`, 'scaleByRms.decay');
  check(eps >= 0, `eps must be ≥ 0, got ${eps}`, 'scaleByRms.eps');
  return {
    name: 'scaleByRms',
    init: (params) => ({ nu: mapUpdates(params, (p) => add(zerosLike(p), initialScale)) }),
    update(u, state) {
      const nu = stateRecord(state, 'nu', 'scaleByRms');
      const next = mapUpdates(u, (g, k) => movingAverage(nu[k] as Value, square(g), decay));
      return { updates: mapUpdates(u, (g, k) => div(g, sqrt(add(next[k] as Value, eps)))), state: { nu: next } };
    },
  };
}

/**
 * Adagrad's rescaling (optax `scale_by_rss`): S ← S + g², u = g / √(S + ε), and 0 where S is 0.
 *
 * @remarks PyTorch's Adagrad starts S at 0 and puts ε outside the root; Keras, tfjs and optax
 * start at 0.1 with ε inside (the defaults here).
 */
export function scaleByRss(options: { initialAccumulatorValue?: number; eps?: number } = {}): GradientTransformation<StateTree> {
  const { initialAccumulatorValue = 0.1, eps = 1e-7 } = options;
  check(initialAccumulatorValue >= 0, `initialAccumulatorValue must be ≥ 0, got ${initialAccumulatorValue}`, 'scaleByRss.initialAccumulatorValue');
  check(eps >= 0, `eps must be ≥ 0, got ${eps}`, 'scaleByRss.eps');
  return {
    name: 'scaleByRss',
    init: (params) => ({ sum: mapUpdates(params, (p) => add(zerosLike(p), initialAccumulatorValue)) }),
    update(u, state) {
      const sum = stateRecord(state, 'sum', 'scaleByRss');
      const next = mapUpdates(u, (g, k) => add(sum[k] as Value, square(g)));
      const updates = mapUpdates(u, (g, k) => {
        const s = next[k] as Value;
        const positive = greater(s, 0);
        return where(positive, div(g, sqrt(add(where(positive, s, 1), eps))), 0);
      });
      return { updates, state: { sum: next } };
    },
  };
}

/** Adamax (Kingma & Ba, 2014): ν ← max(b2·ν, |g| + ε), u = m̂ / ν. */
export function scaleByAdamax(options: { b1?: number; b2?: number; eps?: number } = {}): GradientTransformation<StateTree> {
  const { b1 = 0.9, b2 = 0.999, eps = 1e-8 } = options;
  check(b1 >= 0 && b1 < 1, `b1 must be in [0, 1), got ${b1}`, 'scaleByAdamax.b1');
  check(b2 >= 0 && b2 < 1, `b2 must be in [0, 1), got ${b2}`, 'scaleByAdamax.b2');
  return {
    name: 'scaleByAdamax',
    init: (params) => ({ count: zeroCount(), mu: zeros(params), nu: zeros(params) }),
    update(u, state) {
      const mu = stateRecord(state, 'mu', 'scaleByAdamax');
      const nu = stateRecord(state, 'nu', 'scaleByAdamax');
      const count = add(stateValue(state, 'count', 'scaleByAdamax'), 1);
      const c1 = sub(1, pow(constant(b1), cast(count, 'float')));
      const nextMu = mapUpdates(u, (g, k) => movingAverage(mu[k] as Value, g, b1));
      const nextNu = mapUpdates(u, (g, k) => maximum(mul(nu[k] as Value, b2), add(abs(g), eps)));
      return { updates: mapUpdates(u, (_, k) => div(div(nextMu[k] as Value, c1), nextNu[k] as Value)), state: { count, mu: nextMu, nu: nextNu } };
    },
  };
}

/** Lion (Chen et al., 2023): u = sign((1 − b1)·g + b1·m), then m ← (1 − b2)·g + b2·m. */
export function scaleByLion(options: { b1?: number; b2?: number } = {}): GradientTransformation<StateTree> {
  const { b1 = 0.9, b2 = 0.99 } = options;
  check(b1 >= 0 && b1 <= 1, `b1 must be in [0, 1], got ${b1}`, 'scaleByLion.b1');
  check(b2 >= 0 && b2 <= 1, `b2 must be in [0, 1], got ${b2}`, 'scaleByLion.b2');
  return {
    name: 'scaleByLion',
    init: (params) => ({ mu: zeros(params) }),
    update(u, state) {
      const mu = stateRecord(state, 'mu', 'scaleByLion');
      // sign() has no gradient, but updates are never differentiated: a plain elementwise op here.
      const updates = mapUpdates(u, (g, k) => sign(movingAverage(mu[k] as Value, g, b1)));
      return { updates, state: { mu: mapUpdates(u, (g, k) => movingAverage(mu[k] as Value, g, b2)) } };
    },
  };
}
