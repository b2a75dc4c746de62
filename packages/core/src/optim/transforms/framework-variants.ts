import { type Value } from '../../graph/node.js';
import { abs, add, cast, constant, div, greater, maximum, mul, pow, sqrt, square, sub, where } from '../../graph/ops.js';
import { type GradientTransformation, type StateTree, mapUpdates, stateRecord, stateValue } from '../transformation.js';
import { check, correction, filled, movingAverage, zeroCount, zeros } from './common.js';

// Rescalings whose ε or accumulator differs from the optax-shaped transforms in a way no option
// of those expresses: each is one framework's documented rule, used by `compat.optimizer`.

const checkDecay = (x: number, name: string, owner: string): void => check(x >= 0 && x < 1, `${name} must be in [0, 1), got ${x}`, `${owner}.${name}`);
const checkEps = (x: number, owner: string): void => check(x >= 0 && Number.isFinite(x), `eps must be a finite number ≥ 0, got ${x}`, `${owner}.eps`);

/**
 * Adagrad with ε outside the root, as PyTorch's `Adagrad` and ONNX's `Adagrad`:
 * S ← S + g², u = g/(√S + ε), S starting at `initialAccumulatorValue` (default 0).
 */
export function scaleByRssEpsOutside(options: { initialAccumulatorValue?: number; eps?: number } = {}): GradientTransformation<StateTree> {
  const { initialAccumulatorValue = 0, eps = 1e-10 } = options;
  check(initialAccumulatorValue >= 0, `initialAccumulatorValue must be ≥ 0, got ${initialAccumulatorValue}`, 'scaleByRssEpsOutside.initialAccumulatorValue');
  checkEps(eps, 'scaleByRssEpsOutside');
  return {
    name: 'scaleByRssEpsOutside',
    init: (params) => ({ sum: filled(params, initialAccumulatorValue) }),
    update(u, state) {
      const sum = stateRecord(state, 'sum', 'scaleByRssEpsOutside');
      const next = mapUpdates(u, (g, k) => add(sum[k] as Value, square(g)));
      return { updates: mapUpdates(u, (g, k) => div(g, add(sqrt(next[k] as Value), eps))), state: { sum: next } };
    },
  };
}

/**
 * Adamax with ε added to the infinity norm, as Keras's and tfjs's `Adamax`:
 * ν ← max(b2·ν, |g|), u = m/(1 − b1ᵗ)/(ν + ε). ({@link scaleByAdamax} puts ε inside the max, as PyTorch.)
 */
export function scaleByAdamaxEpsOutside(options: { b1?: number; b2?: number; eps?: number } = {}): GradientTransformation<StateTree> {
  const { b1 = 0.9, b2 = 0.999, eps = 1e-7 } = options;
  checkDecay(b1, 'b1', 'scaleByAdamaxEpsOutside');
  checkDecay(b2, 'b2', 'scaleByAdamaxEpsOutside');
  checkEps(eps, 'scaleByAdamaxEpsOutside');
  return {
    name: 'scaleByAdamaxEpsOutside',
    init: (params) => ({ count: zeroCount(), mu: zeros(params), nu: zeros(params) }),
    update(u, state) {
      const mu = stateRecord(state, 'mu', 'scaleByAdamaxEpsOutside');
      const nu = stateRecord(state, 'nu', 'scaleByAdamaxEpsOutside');
      const count = add(stateValue(state, 'count', 'scaleByAdamaxEpsOutside'), 1);
      const c1 = correction(b1, cast(count, 'float'));
      const nextMu = mapUpdates(u, (g, k) => movingAverage(mu[k] as Value, g, b1));
      const nextNu = mapUpdates(u, (g, k) => maximum(mul(nu[k] as Value, b2), abs(g)));
      const updates = mapUpdates(u, (_, k) => div(div(nextMu[k] as Value, c1), add(nextNu[k] as Value, eps)));
      return { updates, state: { count, mu: nextMu, nu: nextNu } };
    },
  };
}

/**
 * PyTorch's AMSGrad: the running maximum of the raw second moment, bias-corrected afterwards,
 * u = m̂/(√max(v)/√(1 − b2ᵗ) + ε). (optax takes the maximum of the corrected v̂, Keras of the raw v
 * with ε on the uncorrected root; see {@link scaleByAdam}.)
 */
export function scaleByAmsgradRawMax(options: { b1?: number; b2?: number; eps?: number } = {}): GradientTransformation<StateTree> {
  const { b1 = 0.9, b2 = 0.999, eps = 1e-8 } = options;
  checkDecay(b1, 'b1', 'scaleByAmsgradRawMax');
  checkDecay(b2, 'b2', 'scaleByAmsgradRawMax');
  checkEps(eps, 'scaleByAmsgradRawMax');
  return {
    name: 'scaleByAmsgradRawMax',
    init: (params) => ({ count: zeroCount(), mu: zeros(params), nu: zeros(params), nuMax: zeros(params) }),
    update(u, state) {
      const mu = stateRecord(state, 'mu', 'scaleByAmsgradRawMax');
      const nu = stateRecord(state, 'nu', 'scaleByAmsgradRawMax');
      const nuMax = stateRecord(state, 'nuMax', 'scaleByAmsgradRawMax');
      const count = add(stateValue(state, 'count', 'scaleByAmsgradRawMax'), 1);
      const t = cast(count, 'float');
      const c1 = correction(b1, t);
      const rootC2 = sqrt(correction(b2, t));
      const nextMu = mapUpdates(u, (g, k) => movingAverage(mu[k] as Value, g, b1));
      const nextNu = mapUpdates(u, (g, k) => movingAverage(nu[k] as Value, square(g), b2));
      const nextMax = mapUpdates(u, (_, k) => maximum(nuMax[k] as Value, nextNu[k] as Value));
      const updates = mapUpdates(u, (_, k) => div(div(nextMu[k] as Value, c1), add(div(sqrt(nextMax[k] as Value), rootC2), eps)));
      return { updates, state: { count, mu: nextMu, nu: nextNu, nuMax: nextMax } };
    },
  };
}

/**
 * tfjs's centred RMSprop, which subtracts ε under the root: u = g/√(ν − (μ² + ε)), with ν and μ
 * moving averages of g² and g (tfjs-core `rmsprop_optimizer.ts`; Keras and optax add ε).
 */
export function scaleByStddevEpsSubtracted(options: { decay?: number; eps?: number } = {}): GradientTransformation<StateTree> {
  const { decay = 0.9, eps = 1e-7 } = options;
  checkDecay(decay, 'decay', 'scaleByStddevEpsSubtracted');
  checkEps(eps, 'scaleByStddevEpsSubtracted');
  return {
    name: 'scaleByStddevEpsSubtracted',
    init: (params) => ({ nu: zeros(params), mu: zeros(params) }),
    update(u, state) {
      const nu = stateRecord(state, 'nu', 'scaleByStddevEpsSubtracted');
      const mu = stateRecord(state, 'mu', 'scaleByStddevEpsSubtracted');
      const nextNu = mapUpdates(u, (g, k) => movingAverage(nu[k] as Value, square(g), decay));
      const nextMu = mapUpdates(u, (g, k) => movingAverage(mu[k] as Value, g, decay));
      const updates = mapUpdates(u, (g, k) => div(g, sqrt(sub(nextNu[k] as Value, add(square(nextMu[k] as Value), eps)))));
      return { updates, state: { nu: nextNu, mu: nextMu } };
    },
  };
}

/**
 * tfjs's Adadelta, which divides by the *previous* E[g²]: u = √(E[Δ²] + ε)/√(E[g²]ₜ₋₁ + ε)·g
 * (tfjs-core `adadelta_optimizer.ts`). Both averages start at 0 and then stay equal, so u = g at
 * every step: the optimizer is plain SGD. Kept as the rule itself, not as SGD, so a state
 * restored with unequal accumulators still behaves as tfjs would.
 */
export function scaleByAdadeltaPreviousAccumulator(options: { rho?: number; eps?: number } = {}): GradientTransformation<StateTree> {
  const { rho = 0.95, eps = 1e-7 } = options;
  checkDecay(rho, 'rho', 'scaleByAdadeltaPreviousAccumulator');
  checkEps(eps, 'scaleByAdadeltaPreviousAccumulator');
  return {
    name: 'scaleByAdadeltaPreviousAccumulator',
    init: (params) => ({ eG: zeros(params), eX: zeros(params) }),
    update(u, state) {
      const eG = stateRecord(state, 'eG', 'scaleByAdadeltaPreviousAccumulator');
      const eX = stateRecord(state, 'eX', 'scaleByAdadeltaPreviousAccumulator');
      const updates = mapUpdates(u, (g, k) => mul(div(sqrt(add(eX[k] as Value, eps)), sqrt(add(eG[k] as Value, eps))), g));
      const nextG = mapUpdates(u, (g, k) => movingAverage(eG[k] as Value, square(g), rho));
      const nextX = mapUpdates(u, (_, k) => movingAverage(eX[k] as Value, square(updates[k] as Value), rho));
      return { updates, state: { eG: nextG, eX: nextX } };
    },
  };
}

/**
 * PyTorch's RAdam: with ρ∞ = 2/(1 − b2) − 1 and ρₜ = ρ∞ − 2t·b2ᵗ/(1 − b2ᵗ), u = m̂·r·√(1 − b2ᵗ)/(√v + ε)
 * while ρₜ > 5, with r = √((ρₜ − 4)(ρₜ − 2)ρ∞/((ρ∞ − 4)(ρ∞ − 2)ρₜ)), else u = m̂. ε is added to the
 * uncorrected √v. (`scaleByRadam` is optax's: ρₜ ≥ threshold, ε on √v̂.)
 */
export function scaleByRadamEpsUncorrected(options: { b1?: number; b2?: number; eps?: number } = {}): GradientTransformation<StateTree> {
  const { b1 = 0.9, b2 = 0.999, eps = 1e-8 } = options;
  checkDecay(b1, 'b1', 'scaleByRadamEpsUncorrected');
  checkDecay(b2, 'b2', 'scaleByRadamEpsUncorrected');
  checkEps(eps, 'scaleByRadamEpsUncorrected');
  const rhoInf = 2 / (1 - b2) - 1;
  return {
    name: 'scaleByRadamEpsUncorrected',
    init: (params) => ({ count: zeroCount(), mu: zeros(params), nu: zeros(params) }),
    update(u, state) {
      const mu = stateRecord(state, 'mu', 'scaleByRadamEpsUncorrected');
      const nu = stateRecord(state, 'nu', 'scaleByRadamEpsUncorrected');
      const count = add(stateValue(state, 'count', 'scaleByRadamEpsUncorrected'), 1);
      const t = cast(count, 'float');
      const c1 = correction(b1, t);
      const c2 = correction(b2, t);
      const rho = sub(rhoInf, div(mul(mul(t, 2), pow(constant(b2), t)), c2));
      const rectify = greater(rho, 5);
      // max(ρ, 5) keeps the unused branch's root real.
      const safeRho = maximum(rho, 5);
      const r = sqrt(div(mul(mul(sub(safeRho, 4), sub(safeRho, 2)), rhoInf), mul(safeRho, (rhoInf - 4) * (rhoInf - 2))));
      const nextMu = mapUpdates(u, (g, k) => movingAverage(mu[k] as Value, g, b1));
      const nextNu = mapUpdates(u, (g, k) => movingAverage(nu[k] as Value, square(g), b2));
      const updates = mapUpdates(u, (_, k) => {
        const mHat = div(nextMu[k] as Value, c1);
        return where(rectify, div(mul(mul(mHat, r), sqrt(c2)), add(sqrt(nextNu[k] as Value), eps)), mHat);
      });
      return { updates, state: { count, mu: nextMu, nu: nextNu } };
    },
  };
}
