import { type Value } from '../../graph/node.js';
import { add, cast, clip, div, equal, greater, less, logicalOr, maximum, mean, mul, sign, sqrt, square, where } from '../../graph/ops.js';
import { type GradientTransformation, type StateTree, mapUpdates, stateRecord, stateValue } from '../transformation.js';
import { addDecayedWeights } from '../transforms.js';
import { check, correction, filled, movingAverage, norm, paramOf, zeroCount, zeros } from './common.js';

export interface RpropOptions {
  /** The initial step size of every element. */
  readonly learningRate: number;
  /** Shrink factor when the gradient changes sign (default 0.5). */
  readonly etaMinus?: number;
  /** Growth factor when it keeps its sign (default 1.2). */
  readonly etaPlus?: number;
  readonly minStepSize?: number;
  readonly maxStepSize?: number;
}

/**
 * Rprop (Riedmiller & Braun, 1993): each element keeps its own step size, grown by η+ while the
 * gradient keeps its sign and shrunk by η− when it flips; u = step·sign(g), and after a flip the
 * gradient is treated as 0 (no move, and no change of step on the next update).
 *
 * @remarks This is PyTorch's `Rprop` rule. optax 0.2's `scale_by_rprop` emits the previous step's
 * update (one step late, 0 at first: google-deepmind/optax PR #1725); that lag is not reproduced.
 */
export function scaleByRprop(options: RpropOptions): GradientTransformation<StateTree> {
  const { learningRate, etaMinus = 0.5, etaPlus = 1.2, minStepSize = 1e-6, maxStepSize = 50 } = options;
  check(learningRate > 0 && Number.isFinite(learningRate), `learningRate must be a positive number, got ${learningRate}`, 'scaleByRprop.learningRate');
  check(etaMinus > 0 && etaMinus < 1, `etaMinus must be in (0, 1), got ${etaMinus}`, 'scaleByRprop.etaMinus');
  check(etaPlus > 1 && Number.isFinite(etaPlus), `etaPlus must be > 1, got ${etaPlus}`, 'scaleByRprop.etaPlus');
  check(minStepSize >= 0 && minStepSize <= maxStepSize, `need 0 ≤ minStepSize ≤ maxStepSize, got ${minStepSize} and ${maxStepSize}`, 'scaleByRprop.minStepSize');
  return {
    name: 'scaleByRprop',
    init: (params) => ({ step: filled(params, learningRate), prev: zeros(params) }),
    update(u, state) {
      const step = stateRecord(state, 'step', 'scaleByRprop');
      const prev = stateRecord(state, 'prev', 'scaleByRprop');
      const nextStep: Record<string, Value> = {};
      const nextPrev: Record<string, Value> = {};
      const updates = mapUpdates(u, (g, k) => {
        const s = sign(mul(g, prev[k] as Value));
        const factor = where(greater(s, 0), etaPlus, where(less(s, 0), etaMinus, 1));
        const size = clip(mul(step[k] as Value, factor), minStepSize, maxStepSize);
        const kept = where(less(s, 0), 0, g);
        nextStep[k] = size;
        nextPrev[k] = kept;
        return mul(sign(kept), size);
      });
      return { updates, state: { step: nextStep, prev: nextPrev } };
    },
  };
}

export interface TrustRatioOptions {
  /** Norms below this count as this (default 0). */
  readonly minNorm?: number;
  /** Default 1. */
  readonly trustCoefficient?: number;
  /** Added to the update's norm (default 0). */
  readonly eps?: number;
}

/**
 * Layer-wise trust ratio (LARS/LAMB; optax `scale_by_trust_ratio`), per tensor:
 * u ← u·c·‖p‖/(‖u‖ + ε), and u unchanged where ‖p‖ or ‖u‖ is 0.
 */
export function scaleByTrustRatio(options: TrustRatioOptions = {}): GradientTransformation<Record<string, never>> {
  const { minNorm = 0, trustCoefficient = 1, eps = 0 } = options;
  check(minNorm >= 0, `minNorm must be ≥ 0, got ${minNorm}`, 'scaleByTrustRatio.minNorm');
  check(trustCoefficient > 0, `trustCoefficient must be > 0, got ${trustCoefficient}`, 'scaleByTrustRatio.trustCoefficient');
  check(eps >= 0, `eps must be ≥ 0, got ${eps}`, 'scaleByTrustRatio.eps');
  return {
    name: 'scaleByTrustRatio',
    init: () => ({}),
    update(u, _state, params) {
      const updates = mapUpdates(u, (g, k) => {
        const pn = maximum(norm(paramOf(params, k, 'scaleByTrustRatio')), minNorm);
        const un = maximum(norm(g), minNorm);
        const degenerate = logicalOr(equal(pn, 0), equal(un, 0));
        const ratio = where(degenerate, 1, div(mul(pn, trustCoefficient), add(where(degenerate, 1, un), eps)));
        return mul(g, ratio);
      });
      return { updates, state: {} };
    },
  };
}

/** u = sign(g) (optax `scale_by_sign`): signSGD's direction. */
export function scaleBySign(): GradientTransformation<Record<string, never>> {
  return { name: 'scaleBySign', init: () => ({}), update: (u) => ({ updates: mapUpdates(u, sign), state: {} }) };
}

/** u ← u·max(RMS(p), minScale) per tensor (optax `scale_by_param_block_rms`, Adafactor's relative step). */
export function scaleByParamBlockRms(options: { minScale?: number } = {}): GradientTransformation<Record<string, never>> {
  const { minScale = 1e-3 } = options;
  check(minScale >= 0, `minScale must be ≥ 0, got ${minScale}`, 'scaleByParamBlockRms.minScale');
  return {
    name: 'scaleByParamBlockRms',
    init: () => ({}),
    update: (u, _state, params) => ({
      updates: mapUpdates(u, (g, k) => mul(g, maximum(sqrt(mean(square(paramOf(params, k, 'scaleByParamBlockRms')))), minScale))),
      state: {},
    }),
  };
}

/**
 * Exponential moving average of the updates (optax `ema`): e ← decay·e + (1 − decay)·u,
 * emitted as e/(1 − decayᵗ) when `debias` (default true).
 */
export function ema(options: { decay: number; debias?: boolean }): GradientTransformation<StateTree> {
  const { decay, debias = true } = options;
  check(decay >= 0 && decay < 1, `decay must be in [0, 1), got ${decay}`, 'ema.decay');
  return {
    name: 'ema',
    init: (params) => ({ count: zeroCount(), ema: zeros(params) }),
    update(u, state) {
      const old = stateRecord(state, 'ema', 'ema');
      const count = add(stateValue(state, 'count', 'ema'), 1);
      const next = mapUpdates(u, (g, k) => movingAverage(old[k] as Value, g, decay));
      const c = correction(decay, cast(count, 'float'));
      return { updates: debias ? mapUpdates(next, (e) => div(e, c)) : next, state: { count, ema: next } };
    },
  };
}

/**
 * Coupled weight decay, an L2 penalty's gradient: u ← u + wd·p placed *before* the
 * preconditioner (PyTorch's `weight_decay` argument of SGD, Adam, RMSprop, Adagrad).
 * The same sum as {@link addDecayedWeights}, which optimizers place after it (decoupled).
 */
export function addL2(weightDecay: number): GradientTransformation<Record<string, never>> {
  return { ...addDecayedWeights(weightDecay), name: 'addL2' };
}
