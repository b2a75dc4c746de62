import { type Value } from '../../graph/node.js';
import { add, cast, constant, div, mul, pow, sqrt, square, sub } from '../../graph/ops.js';
import { type GradientTransformation, type StateTree, mapUpdates, stateRecord, stateValue } from '../transformation.js';
import { check, correction, movingAverage, zeroCount, zeros } from './common.js';

export interface NadamScheduleOptions {
  readonly b1?: number;
  readonly b2?: number;
  readonly eps?: number;
  /** ψ in μₜ = b1·(1 − ½·0.96^(t·ψ)): 4e-3 in PyTorch's NAdam, 1 in Keras's Nadam. */
  readonly momentumDecay?: number;
}

/**
 * NAdam with Dozat's momentum schedule, as PyTorch's `NAdam` and Keras's `Nadam`:
 * μₜ = b1·(1 − ½·0.96^(t·ψ)), Πₜ = μ₁⋯μₜ, and
 * u = (1 − μₜ)/(1 − Πₜ)·g/d + μₜ₊₁/(1 − Πₜ·μₜ₊₁)·m/d with d = √(v/(1 − b2ᵗ)) + ε.
 * (optax's `nadam`, `scaleByAdam({ nesterov: true })`, keeps b1 constant.)
 */
export function scaleByNadamSchedule(options: NadamScheduleOptions = {}): GradientTransformation<StateTree> {
  const { b1 = 0.9, b2 = 0.999, eps = 1e-8, momentumDecay = 4e-3 } = options;
  check(b1 >= 0 && b1 < 1, `b1 must be in [0, 1), got ${b1}`, 'scaleByNadamSchedule.b1');
  check(b2 >= 0 && b2 < 1, `b2 must be in [0, 1), got ${b2}`, 'scaleByNadamSchedule.b2');
  check(eps >= 0 && Number.isFinite(eps), `eps must be a finite number ≥ 0, got ${eps}`, 'scaleByNadamSchedule.eps');
  check(momentumDecay >= 0 && Number.isFinite(momentumDecay), `momentumDecay must be a finite number ≥ 0, got ${momentumDecay}`, 'scaleByNadamSchedule.momentumDecay');
  const muAt = (t: Value): Value => mul(sub(1, mul(pow(constant(0.96), mul(t, momentumDecay)), 0.5)), b1);
  return {
    name: 'scaleByNadamSchedule',
    init: (params) => ({ count: zeroCount(), muProduct: constant(1), mu: zeros(params), nu: zeros(params) }),
    update(u, state) {
      const mu = stateRecord(state, 'mu', 'scaleByNadamSchedule');
      const nu = stateRecord(state, 'nu', 'scaleByNadamSchedule');
      const count = add(stateValue(state, 'count', 'scaleByNadamSchedule'), 1);
      const t = cast(count, 'float');
      const muT = muAt(t);
      const muNext = muAt(add(t, 1));
      const product = mul(stateValue(state, 'muProduct', 'scaleByNadamSchedule'), muT);
      const gradShare = div(sub(1, muT), sub(1, product));
      const momentumShare = div(muNext, sub(1, mul(product, muNext)));
      const c2 = correction(b2, t);
      const nextMu = mapUpdates(u, (g, k) => movingAverage(mu[k] as Value, g, b1));
      const nextNu = mapUpdates(u, (g, k) => movingAverage(nu[k] as Value, square(g), b2));
      const updates = mapUpdates(u, (g, k) => {
        const d = add(sqrt(div(nextNu[k] as Value, c2)), eps);
        return add(mul(div(g, d), gradShare), mul(div(nextMu[k] as Value, d), momentumShare));
      });
      return { updates, state: { count, muProduct: product, mu: nextMu, nu: nextNu } };
    },
  };
}
