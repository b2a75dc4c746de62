import { type Value } from '../../graph/node.js';
import { add, clip, constant, div, mul, neg, pow, sqrt, square, sub } from '../../graph/ops.js';
import { type GradientTransformation, type StateTree, mapUpdates, stateRecord } from '../transformation.js';
import { check, filled, paramOf, zeros } from './common.js';

export interface FtrlOptions {
  /** A number: it enters the accumulator arithmetic, not only the step (default 1e-3 as Keras). */
  readonly learningRate?: number;
  /** P ≤ 0; the per-element rate is lr/n^(−P) (default −0.5). */
  readonly learningRatePower?: number;
  readonly initialAccumulatorValue?: number;
  readonly l1RegularizationStrength?: number;
  readonly l2RegularizationStrength?: number;
  /** An L2 penalty added to the gradient only (not to the accumulator). */
  readonly l2ShrinkageRegularizationStrength?: number;
  readonly beta?: number;
}

/**
 * FTRL-Proximal (McMahan et al., 2013) as Keras's `Ftrl` and tfjs's: with accumulator n and
 * linear term z, n' = n + g², z ← z + gₛ − (n'^(−P) − n^(−P))/lr·p, and the new parameter is
 * (clip(z, −l1, l1) − z)/(n'^(−P)/lr + 2·l2eff); the update is that minus p, already a descent
 * step (no learning-rate transform follows).
 */
export function scaleByFtrl(options: FtrlOptions = {}): GradientTransformation<StateTree> {
  const {
    learningRate = 1e-3, learningRatePower = -0.5, initialAccumulatorValue = 0.1,
    l1RegularizationStrength: l1 = 0, l2RegularizationStrength: l2 = 0, l2ShrinkageRegularizationStrength: shrink = 0, beta = 0,
  } = options;
  check(learningRate > 0 && Number.isFinite(learningRate), `learningRate must be a positive number, got ${String(learningRate)}`, 'scaleByFtrl.learningRate');
  check(learningRatePower <= 0, `learningRatePower must be ≤ 0, got ${learningRatePower}`, 'scaleByFtrl.learningRatePower');
  check(initialAccumulatorValue >= 0, `initialAccumulatorValue must be ≥ 0, got ${initialAccumulatorValue}`, 'scaleByFtrl.initialAccumulatorValue');
  for (const [name, v] of [['l1RegularizationStrength', l1], ['l2RegularizationStrength', l2], ['l2ShrinkageRegularizationStrength', shrink], ['beta', beta]] as const) {
    check(v >= 0, `${name} must be ≥ 0, got ${v}`, `scaleByFtrl.${name}`);
  }
  const l2Eff = l2 + beta / (2 * learningRate);
  // n^(−P): the root for the default P = −0.5, pow otherwise
  const rate = (n: Value): Value => (learningRatePower === -0.5 ? sqrt(n) : pow(n, constant(-learningRatePower)));
  return {
    name: 'scaleByFtrl',
    init: (params) => ({ accumulator: filled(params, initialAccumulatorValue), linear: zeros(params) }),
    update(u, state, params) {
      const acc = stateRecord(state, 'accumulator', 'scaleByFtrl');
      const lin = stateRecord(state, 'linear', 'scaleByFtrl');
      const nextAcc = mapUpdates(u, (g, k) => add(acc[k] as Value, square(g)));
      const nextLin: Record<string, Value> = {};
      const updates = mapUpdates(u, (g, k) => {
        const p = paramOf(params, k, 'scaleByFtrl');
        const gs = shrink === 0 ? g : add(g, mul(p, 2 * shrink));
        const newRate = rate(nextAcc[k] as Value);
        const z = sub(add(lin[k] as Value, gs), mul(div(sub(newRate, rate(acc[k] as Value)), learningRate), p));
        nextLin[k] = z;
        const q = add(div(newRate, learningRate), 2 * l2Eff);
        const shrunk = l1 === 0 ? neg(z) : sub(clip(z, -l1, l1), z);
        return sub(div(shrunk, q), p);
      });
      return { updates, state: { accumulator: nextAcc, linear: nextLin } };
    },
  };
}
