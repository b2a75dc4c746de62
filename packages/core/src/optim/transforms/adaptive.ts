import { type Value } from '../../graph/node.js';
import { add, cast, constant, div, equal, greaterEqual, maximum, mul, pow, sign, sqrt, square, sub, sum, where } from '../../graph/ops.js';
import { type GradientTransformation, type StateTree, mapUpdates, stateRecord, stateValue } from '../transformation.js';
import { check, correction, filled, movingAverage, paramOf, zeroCount, zeros } from './common.js';

const checkDecay = (value: number, name: string, owner: string): void =>
  check(value >= 0 && value < 1, `${name} must be in [0, 1), got ${value}`, `${owner}.${name}`);
const checkNonNegative = (value: number, name: string, owner: string): void =>
  check(value >= 0 && Number.isFinite(value), `${name} must be a finite number ≥ 0, got ${value}`, `${owner}.${name}`);

/** optax's bias-corrected first moment, with Nesterov's look-ahead when asked. */
function firstMoment(m: Value, g: Value, b1: number, t: Value, nesterov: boolean): Value {
  if (!nesterov) return div(m, correction(b1, t));
  return add(div(mul(m, b1), correction(b1, add(t, 1))), div(mul(g, 1 - b1), correction(b1, t)));
}

export interface BeliefOptions {
  readonly b1?: number;
  readonly b2?: number;
  /** Default 1e-16. */
  readonly eps?: number;
  /** Added to s at every step and kept in the state (default 1e-16). */
  readonly epsRoot?: number;
  readonly nesterov?: boolean;
}

/**
 * AdaBelief (Zhuang et al., 2020; optax `scale_by_belief`): s ← b2·s + (1 − b2)·(g − m)² + εroot,
 * u = m̂/(√ŝ + ε): the second moment tracks how far g strays from its prediction m.
 */
export function scaleByBelief(options: BeliefOptions = {}): GradientTransformation<StateTree> {
  const { b1 = 0.9, b2 = 0.999, eps = 1e-16, epsRoot = 1e-16, nesterov = false } = options;
  checkDecay(b1, 'b1', 'scaleByBelief');
  checkDecay(b2, 'b2', 'scaleByBelief');
  checkNonNegative(eps, 'eps', 'scaleByBelief');
  checkNonNegative(epsRoot, 'epsRoot', 'scaleByBelief');
  return {
    name: 'scaleByBelief',
    init: (params) => ({ count: zeroCount(), mu: zeros(params), nu: zeros(params) }),
    update(u, state) {
      const mu = stateRecord(state, 'mu', 'scaleByBelief');
      const nu = stateRecord(state, 'nu', 'scaleByBelief');
      const count = add(stateValue(state, 'count', 'scaleByBelief'), 1);
      const t = cast(count, 'float');
      const nextMu = mapUpdates(u, (g, k) => movingAverage(mu[k] as Value, g, b1));
      const nextNu = mapUpdates(u, (g, k) => add(movingAverage(nu[k] as Value, square(sub(g, nextMu[k] as Value)), b2), epsRoot));
      const c2 = correction(b2, t);
      const updates = mapUpdates(u, (g, k) => div(firstMoment(nextMu[k] as Value, g, b1, t, nesterov), add(sqrt(div(nextNu[k] as Value, c2)), eps)));
      return { updates, state: { count, mu: nextMu, nu: nextNu } };
    },
  };
}

export interface RadamOptions {
  readonly b1?: number;
  readonly b2?: number;
  readonly eps?: number;
  readonly epsRoot?: number;
  /** Rectify once the SMA length ρₜ reaches this (default 5). */
  readonly threshold?: number;
  readonly nesterov?: boolean;
}

/**
 * Rectified Adam (Liu et al., 2020; optax `scale_by_radam`): while the variance of the adaptive
 * rate is intractable (ρₜ < threshold) the update is the momentum m̂ alone; after, r·m̂/(√v̂ + ε).
 *
 * @remarks PyTorch rectifies when ρₜ > 5 (strictly) and adds ε to the uncorrected √v.
 */
export function scaleByRadam(options: RadamOptions = {}): GradientTransformation<StateTree> {
  const { b1 = 0.9, b2 = 0.999, eps = 1e-8, epsRoot = 0, threshold = 5, nesterov = false } = options;
  checkDecay(b1, 'b1', 'scaleByRadam');
  checkDecay(b2, 'b2', 'scaleByRadam');
  checkNonNegative(eps, 'eps', 'scaleByRadam');
  checkNonNegative(epsRoot, 'epsRoot', 'scaleByRadam');
  check(Number.isFinite(threshold), `threshold must be finite, got ${threshold}`, 'scaleByRadam.threshold');
  const rhoInf = 2 / (1 - b2) - 1;
  return {
    name: 'scaleByRadam',
    init: (params) => ({ count: zeroCount(), mu: zeros(params), nu: zeros(params) }),
    update(u, state) {
      const mu = stateRecord(state, 'mu', 'scaleByRadam');
      const nu = stateRecord(state, 'nu', 'scaleByRadam');
      const count = add(stateValue(state, 'count', 'scaleByRadam'), 1);
      const t = cast(count, 'float');
      const b2t = pow(constant(b2), t);
      const rho = sub(rhoInf, div(mul(mul(t, 2), b2t), sub(1, b2t)));
      const rectify = greaterEqual(rho, threshold);
      // ρₜ < 4 makes the ratio negative; that branch is never taken, and clamping keeps it finite.
      const ratio = div(mul(mul(sub(rho, 4), sub(rho, 2)), rhoInf), mul(rho, (rhoInf - 4) * (rhoInf - 2)));
      const r = sqrt(maximum(ratio, 0));
      const c2 = correction(b2, t);
      const nextMu = mapUpdates(u, (g, k) => movingAverage(mu[k] as Value, g, b1));
      const nextNu = mapUpdates(u, (g, k) => movingAverage(nu[k] as Value, square(g), b2));
      const updates = mapUpdates(u, (g, k) => {
        const mHat = firstMoment(nextMu[k] as Value, g, b1, t, nesterov);
        const vHat = div(nextNu[k] as Value, c2);
        return where(rectify, div(mul(mHat, r), add(sqrt(epsRoot === 0 ? vHat : add(vHat, epsRoot)), eps)), mHat);
      });
      return { updates, state: { count, mu: nextMu, nu: nextNu } };
    },
  };
}

export interface YogiOptions {
  readonly b1?: number;
  readonly b2?: number;
  /** Default 1e-3. */
  readonly eps?: number;
  readonly epsRoot?: number;
  /** Both moments start here (default 1e-6). */
  readonly initialAccumulatorValue?: number;
}

/**
 * Yogi (Zaheer et al., 2018; optax `scale_by_yogi`): v ← v − (1 − b2)·sign(v − g²)·g², an additive
 * second moment that grows no faster than g² does; then Adam's bias correction and step.
 */
export function scaleByYogi(options: YogiOptions = {}): GradientTransformation<StateTree> {
  const { b1 = 0.9, b2 = 0.999, eps = 1e-3, epsRoot = 0, initialAccumulatorValue = 1e-6 } = options;
  checkDecay(b1, 'b1', 'scaleByYogi');
  checkDecay(b2, 'b2', 'scaleByYogi');
  checkNonNegative(eps, 'eps', 'scaleByYogi');
  checkNonNegative(epsRoot, 'epsRoot', 'scaleByYogi');
  checkNonNegative(initialAccumulatorValue, 'initialAccumulatorValue', 'scaleByYogi');
  return {
    name: 'scaleByYogi',
    init: (params) => ({ count: zeroCount(), mu: filled(params, initialAccumulatorValue), nu: filled(params, initialAccumulatorValue) }),
    update(u, state) {
      const mu = stateRecord(state, 'mu', 'scaleByYogi');
      const nu = stateRecord(state, 'nu', 'scaleByYogi');
      const count = add(stateValue(state, 'count', 'scaleByYogi'), 1);
      const t = cast(count, 'float');
      const nextMu = mapUpdates(u, (g, k) => movingAverage(mu[k] as Value, g, b1));
      const nextNu = mapUpdates(u, (g, k) => {
        const v = nu[k] as Value;
        const g2 = square(g);
        return sub(v, mul(mul(sign(sub(v, g2)), g2), 1 - b2));
      });
      const c1 = correction(b1, t);
      const c2 = correction(b2, t);
      const updates = mapUpdates(u, (_, k) => {
        const vHat = div(nextNu[k] as Value, c2);
        return div(div(nextMu[k] as Value, c1), add(sqrt(epsRoot === 0 ? vHat : add(vHat, epsRoot)), eps));
      });
      return { updates, state: { count, mu: nextMu, nu: nextNu } };
    },
  };
}

export interface NovogradOptions {
  readonly b1?: number;
  /** Decay of the per-tensor second moment (default 0.25). */
  readonly b2?: number;
  readonly eps?: number;
  readonly epsRoot?: number;
  /** Added to the normalised gradient before the momentum (default 0). */
  readonly weightDecay?: number;
}

/**
 * NovoGrad (Ginsburg et al., 2019; optax `scale_by_novograd`): one second moment per tensor,
 * ν ← b2·ν + (1 − b2)·‖g‖² (ν = ‖g‖² at the first step), then m ← b1·m + g/(√ν + ε) + wd·p
 * (m = g/(√ν + ε) + wd·p at the first step; there is no (1 − b1) factor).
 */
export function scaleByNovograd(options: NovogradOptions = {}): GradientTransformation<StateTree> {
  const { b1 = 0.9, b2 = 0.25, eps = 1e-8, epsRoot = 0, weightDecay = 0 } = options;
  checkDecay(b1, 'b1', 'scaleByNovograd');
  checkDecay(b2, 'b2', 'scaleByNovograd');
  checkNonNegative(eps, 'eps', 'scaleByNovograd');
  checkNonNegative(epsRoot, 'epsRoot', 'scaleByNovograd');
  checkNonNegative(weightDecay, 'weightDecay', 'scaleByNovograd');
  return {
    name: 'scaleByNovograd',
    init: (params) => ({ count: zeroCount(), mu: zeros(params), nu: mapUpdates(params, () => constant(0)) }),
    update(u, state, params) {
      const mu = stateRecord(state, 'mu', 'scaleByNovograd');
      const nu = stateRecord(state, 'nu', 'scaleByNovograd');
      const old = stateValue(state, 'count', 'scaleByNovograd');
      const first = equal(old, 0);
      const nextNu = mapUpdates(u, (g, k) => {
        const n2 = sum(square(g));
        return where(first, n2, movingAverage(nu[k] as Value, n2, b2));
      });
      const nextMu = mapUpdates(u, (g, k) => {
        const n = nextNu[k] as Value;
        let step = div(g, add(sqrt(epsRoot === 0 ? n : add(n, epsRoot)), eps));
        if (weightDecay !== 0) step = add(step, mul(paramOf(params, k, 'scaleByNovograd'), weightDecay));
        return where(first, step, add(mul(mu[k] as Value, b1), step));
      });
      return { updates: nextMu, state: { count: add(old, 1), mu: nextMu, nu: nextNu } };
    },
  };
}

/**
 * Adadelta (Zeiler, 2012; optax `scale_by_adadelta`): E[g²] ← ρE[g²] + (1 − ρ)g²,
 * u = √(E[Δ²] + ε)/√(E[g²] + ε)·g, then E[Δ²] ← ρE[Δ²] + (1 − ρ)u², in PyTorch's order.
 *
 * @remarks tfjs reads the old E[g²] and so degenerates to plain SGD: `scaleByAdadeltaPreviousAccumulator` (framework-variants.ts).
 */
export function scaleByAdadelta(options: { rho?: number; eps?: number } = {}): GradientTransformation<StateTree> {
  const { rho = 0.9, eps = 1e-6 } = options;
  checkDecay(rho, 'rho', 'scaleByAdadelta');
  checkNonNegative(eps, 'eps', 'scaleByAdadelta');
  return {
    name: 'scaleByAdadelta',
    init: (params) => ({ eG: zeros(params), eX: zeros(params) }),
    update(u, state) {
      const eG = stateRecord(state, 'eG', 'scaleByAdadelta');
      const eX = stateRecord(state, 'eX', 'scaleByAdadelta');
      const nextG = mapUpdates(u, (g, k) => movingAverage(eG[k] as Value, square(g), rho));
      const updates = mapUpdates(u, (g, k) => mul(div(sqrt(add(eX[k] as Value, eps)), sqrt(add(nextG[k] as Value, eps))), g));
      const nextX = mapUpdates(u, (_, k) => movingAverage(eX[k] as Value, square(updates[k] as Value), rho));
      return { updates, state: { eG: nextG, eX: nextX } };
    },
  };
}
