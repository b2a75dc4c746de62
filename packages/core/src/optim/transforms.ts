import { fail } from '../errors/losskit-error.js';
import { type Value } from '../graph/node.js';
import { abs, add, cast, constant, div, greater, less, maximum, mul, pow, sign, sqrt, square, sub, sum, where } from '../graph/ops.js';
import { type LearningRate, type Schedule, learningRateAt } from '../schedules/schedule.js';
import { type GradientTransformation, type StateTree, mapUpdates, stateRecord, stateValue } from './transformation.js';
import { check, correction, filled, movingAverage, zeroCount, zeros } from './transforms/common.js';

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
  /** Added to the root of the second moment (default 1e-8). */
  readonly eps?: number;
  /** Added inside the root (default 0). */
  readonly epsRoot?: number;
  /**
   * Where ε goes: `'corrected'` (default) adds it to √v̂ of the bias-corrected v, as PyTorch,
   * optax and tfjs; `'uncorrected'` adds it to √v and folds the correction into the step,
   * `m̂·√(1 − b2ᵗ)/(√v + ε)`, as Keras and ONNX.
   */
  readonly epsilonPlacement?: 'corrected' | 'uncorrected';
  /** Nesterov momentum (NAdam as optax: m̂ = b1·m/(1 − b1ᵗ⁺¹) + (1 − b1)·g/(1 − b1ᵗ)). */
  readonly nesterov?: boolean;
  /** AMSGrad: divide by the running maximum of what is under the root. */
  readonly amsgrad?: boolean;
}

/**
 * Adam's rescaling (Kingma & Ba, 2014): m̂ / (√(v̂ + εroot) + ε) with bias-corrected moments;
 * optax `scale_by_adam` (with `nesterov`) and `scale_by_amsgrad`.
 *
 * @remarks PyTorch, optax and tfjs put ε outside the bias-corrected root (the default). Keras and
 * ONNX add ε to the root of the uncorrected v (`epsilonPlacement: 'uncorrected'`), which differs
 * early in training. With `amsgrad` the maximum is taken over the quantity under the root: v̂ as
 * optax with `'corrected'`, the raw v as Keras with `'uncorrected'`. PyTorch's AMSGrad takes the
 * maximum of the raw v and then corrects it: `scaleByAmsgradRawMax` (transforms/framework-variants.ts).
 */
export function scaleByAdam(options: AdamOptions = {}): GradientTransformation<StateTree> {
  const { b1 = 0.9, b2 = 0.999, eps = 1e-8, epsRoot = 0, epsilonPlacement = 'corrected', nesterov = false, amsgrad = false } = options;
  check(b1 >= 0 && b1 < 1, `b1 must be in [0, 1), got ${b1}`, 'scaleByAdam.b1');
  check(b2 >= 0 && b2 < 1, `b2 must be in [0, 1), got ${b2}`, 'scaleByAdam.b2');
  check(eps >= 0, `eps must be ≥ 0, got ${eps}`, 'scaleByAdam.eps');
  check(epsRoot >= 0, `epsRoot must be ≥ 0, got ${epsRoot}`, 'scaleByAdam.epsRoot');
  check(epsilonPlacement === 'corrected' || epsilonPlacement === 'uncorrected', `epsilonPlacement must be 'corrected' or 'uncorrected', got '${String(epsilonPlacement)}'`, 'scaleByAdam.epsilonPlacement');
  const corrected = epsilonPlacement === 'corrected';
  return {
    name: 'scaleByAdam',
    init: (params) => ({ count: zeroCount(), mu: zeros(params), nu: zeros(params), ...(amsgrad ? { nuMax: zeros(params) } : {}) }),
    update(u, state) {
      const mu = stateRecord(state, 'mu', 'scaleByAdam');
      const nu = stateRecord(state, 'nu', 'scaleByAdam');
      const nuMax = amsgrad ? stateRecord(state, 'nuMax', 'scaleByAdam') : {};
      const count = add(stateValue(state, 'count', 'scaleByAdam'), 1);
      const t = cast(count, 'float');
      const c1 = correction(b1, t);
      const c2 = correction(b2, t);
      const nextMu = mapUpdates(u, (g, k) => movingAverage(mu[k] as Value, g, b1));
      const nextNu = mapUpdates(u, (g, k) => movingAverage(nu[k] as Value, square(g), b2));
      const under = mapUpdates(u, (_, k) => (corrected ? div(nextNu[k] as Value, c2) : (nextNu[k] as Value)));
      const nextMax = amsgrad ? mapUpdates(u, (_, k) => maximum(nuMax[k] as Value, under[k] as Value)) : {};
      const root = amsgrad ? nextMax : under;
      const updates = mapUpdates(u, (g, k) => {
        const m = nextMu[k] as Value;
        // Nesterov looks one step ahead: the next step's momentum plus this gradient's share.
        const mHat = nesterov ? add(div(mul(m, b1), correction(b1, add(t, 1))), div(mul(g, 1 - b1), c1)) : div(m, c1);
        const r = root[k] as Value;
        const denom = add(sqrt(epsRoot === 0 ? r : add(r, epsRoot)), eps);
        return corrected ? div(mHat, denom) : div(mul(mHat, sqrt(c2)), denom);
      });
      return { updates, state: { count, mu: nextMu, nu: nextNu, ...(amsgrad ? { nuMax: nextMax } : {}) } };
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


export interface RmsOptions {
  /** Decay of the moving averages (default 0.9). */
  readonly decay?: number;
  /** Default 1e-8. */
  readonly eps?: number;
  /** The second moment's starting value (default 0; TensorFlow 1 used 1). */
  readonly initialScale?: number;
  /** ε inside the root (default: optax, Keras, tfjs) or added to the root (PyTorch). */
  readonly epsInSqrt?: boolean;
  /** Divide the averages by 1 − decayᵗ (default false). */
  readonly biasCorrection?: boolean;
}

/** The second moment, optionally centred by the first: what RMSprop divides by. */
function rmsTransform(name: string, centered: boolean, options: RmsOptions): GradientTransformation<StateTree> {
  const { decay = 0.9, eps = 1e-8, initialScale = 0, epsInSqrt = true, biasCorrection = false } = options;
  check(decay >= 0 && decay < 1, `decay must be in [0, 1), got ${decay}`, `${name}.decay`);
  check(eps >= 0, `eps must be ≥ 0, got ${eps}`, `${name}.eps`);
  check(initialScale >= 0, `initialScale must be ≥ 0, got ${initialScale}`, `${name}.initialScale`);
  return {
    name,
    init: (params) => ({
      nu: filled(params, initialScale),
      ...(centered ? { mu: zeros(params) } : {}),
      ...(biasCorrection ? { count: zeroCount() } : {}),
    }),
    update(u, state) {
      const nu = stateRecord(state, 'nu', name);
      const mu = centered ? stateRecord(state, 'mu', name) : {};
      const count = biasCorrection ? add(stateValue(state, 'count', name), 1) : undefined;
      const c = count === undefined ? undefined : correction(decay, cast(count, 'float'));
      const debias = (x: Value): Value => (c === undefined ? x : div(x, c));
      const nextNu = mapUpdates(u, (g, k) => movingAverage(nu[k] as Value, square(g), decay));
      const nextMu = centered ? mapUpdates(u, (g, k) => movingAverage(mu[k] as Value, g, decay)) : {};
      const updates = mapUpdates(u, (g, k) => {
        const v = centered ? sub(debias(nextNu[k] as Value), square(debias(nextMu[k] as Value))) : debias(nextNu[k] as Value);
        return div(g, epsInSqrt ? sqrt(add(v, eps)) : add(sqrt(v), eps));
      });
      const next: Record<string, StateTree> = { nu: nextNu };
      if (centered) next['mu'] = nextMu;
      if (count !== undefined) next['count'] = count;
      return { updates, state: next };
    },
  };
}

/**
 * RMSprop's rescaling (optax `scale_by_rms`): ν ← decay·ν + (1 − decay)·g², u = g/√(ν + ε), or
 * the centred form of {@link scaleByStddev} with `centered`.
 *
 * @remarks PyTorch adds ε to the root (`epsInSqrt: false`); Keras, tfjs and optax put it inside.
 * tfjs's centred RMSprop subtracts ε under the root instead: `scaleByStddevEpsSubtracted` (transforms/framework-variants.ts).
 */
export function scaleByRms(options: RmsOptions & { readonly centered?: boolean } = {}): GradientTransformation<StateTree> {
  const { centered = false, ...rest } = options;
  return centered ? scaleByStddev(rest) : rmsTransform('scaleByRms', false, rest);
}

/** Centred RMS (optax `scale_by_stddev`): u = g/√(ν − μ² + ε), μ and ν moving averages of g and g². */
export function scaleByStddev(options: RmsOptions = {}): GradientTransformation<StateTree> {
  return rmsTransform('scaleByStddev', true, options);
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
    init: (params) => ({ sum: filled(params, initialAccumulatorValue) }),
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
