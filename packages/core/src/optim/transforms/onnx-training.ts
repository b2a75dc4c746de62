import { type Value } from '../../graph/node.js';
import { add, cast, constant, div, greater, maximum, mul, pow, sqrt, square, sub, where } from '../../graph/ops.js';
import { type GradientTransformation, type StateTree, mapUpdates, stateRecord, stateValue } from '../transformation.js';
import { check, movingAverage, zeros } from './common.js';

// The update rules of ONNX's `ai.onnx.preview.training` operators (onnx/defs/training/defs.cc),
// where the caller passes the update count T: the state holds T, starting at `firstT`.

const startT = (firstT: number, owner: string): Value => {
  check(Number.isInteger(firstT) && firstT >= 0, `firstT must be an integer ≥ 0, got ${firstT}`, `${owner}.firstT`);
  return constant(firstT, 'int');
};

/**
 * Momentum with a dampened gradient after the first step: v ← decay·v + s·g with s = 1 while the
 * count T is 0 and `gradientScale` afterwards; the update is v, or g + decay·v with Nesterov.
 * ONNX `Momentum` (alpha = decay, beta = gradientScale, T from `firstT`), and PyTorch's SGD with
 * dampening (gradientScale = 1 − dampening, firstT 0: the first step is not dampened).
 */
export function dampenedTrace(options: { decay: number; gradientScale: number; nesterov?: boolean; firstT?: number }): GradientTransformation<StateTree> {
  const { decay, gradientScale, nesterov = false, firstT = 0 } = options;
  check(Number.isFinite(decay), `decay must be finite, got ${decay}`, 'dampenedTrace.decay');
  check(Number.isFinite(gradientScale), `gradientScale must be finite, got ${gradientScale}`, 'dampenedTrace.gradientScale');
  const t0 = startT(firstT, 'dampenedTrace');
  return {
    name: 'dampenedTrace',
    init: (params) => ({ count: t0, trace: zeros(params) }),
    update(u, state) {
      const count = stateValue(state, 'count', 'dampenedTrace');
      const tr = stateRecord(state, 'trace', 'dampenedTrace');
      const s = where(greater(count, 0), constant(gradientScale), constant(1));
      const next = mapUpdates(u, (g, k) => add(mul(tr[k] as Value, decay), mul(g, s)));
      const updates = nesterov ? mapUpdates(u, (g, k) => add(g, mul(next[k] as Value, decay))) : next;
      return { updates, state: { count: add(count, 1), trace: next } };
    },
  };
}

/**
 * ONNX `Adam`'s rescaling: V ← αV + (1 − α)g, H ← βH + (1 − β)g², u = V·c/(√H + ε) with
 * c = √(1 − βᵀ)/(1 − αᵀ) when T > 0 and c = 1 when T = 0 (ε on the uncorrected root, as Keras).
 * With `firstT` 1 this is Keras's Adam; with 0 (the operator tests' convention) the first step
 * is uncorrected and later ones use T = t − 1.
 */
export function scaleByOnnxAdam(options: { alpha?: number; beta?: number; epsilon?: number; firstT?: number } = {}): GradientTransformation<StateTree> {
  const { alpha = 0.9, beta = 0.999, epsilon = 1e-6, firstT = 0 } = options;
  check(alpha >= 0 && alpha < 1, `alpha must be in [0, 1), got ${alpha}`, 'scaleByOnnxAdam.alpha');
  check(beta >= 0 && beta < 1, `beta must be in [0, 1), got ${beta}`, 'scaleByOnnxAdam.beta');
  check(epsilon >= 0 && Number.isFinite(epsilon), `epsilon must be ≥ 0, got ${epsilon}`, 'scaleByOnnxAdam.epsilon');
  const t0 = startT(firstT, 'scaleByOnnxAdam');
  return {
    name: 'scaleByOnnxAdam',
    init: (params) => ({ count: t0, mu: zeros(params), nu: zeros(params) }),
    update(u, state) {
      const count = stateValue(state, 'count', 'scaleByOnnxAdam');
      const mu = stateRecord(state, 'mu', 'scaleByOnnxAdam');
      const nu = stateRecord(state, 'nu', 'scaleByOnnxAdam');
      // max(T, 1) keeps the unused branch finite at T = 0.
      const t = maximum(cast(count, 'float'), 1);
      const c = where(greater(count, 0), div(sqrt(sub(1, pow(constant(beta), t))), sub(1, pow(constant(alpha), t))), constant(1));
      const nextMu = mapUpdates(u, (g, k) => movingAverage(mu[k] as Value, g, alpha));
      const nextNu = mapUpdates(u, (g, k) => movingAverage(nu[k] as Value, square(g), beta));
      const updates = mapUpdates(u, (_, k) => div(mul(nextMu[k] as Value, c), add(sqrt(nextNu[k] as Value), epsilon)));
      return { updates, state: { count: add(count, 1), mu: nextMu, nu: nextNu } };
    },
  };
}
