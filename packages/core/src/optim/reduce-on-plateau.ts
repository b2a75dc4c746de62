import { fail } from '../errors/losskit-error.js';
import type { Value } from '../graph/node.js';
import { add, cast, constant, div, equal, greater, less, logicalAnd, logicalNot, logicalOr, maximum, mul, sub, where } from '../graph/ops.js';
import { type GradientTransformation, type StateTree, mapUpdates, stateValue } from './transformation.js';

export interface ReduceOnPlateauOptions {
  /** The scale is multiplied by this on a plateau (default 0.1). */
  readonly factor?: number;
  /** Evaluations without improvement before the scale drops (default 10). */
  readonly patience?: number;
  /** An improvement must beat best·(1 − rtol) − atol (defaults 1e-4 and 0). */
  readonly rtol?: number;
  readonly atol?: number;
  /** Evaluations after a drop during which plateaus are not counted (default 0). */
  readonly cooldown?: number;
  /** Steps whose losses are averaged into one evaluation (default 1: every step). */
  readonly accumulationSize?: number;
  /** The scale never drops below this (default 0). */
  readonly minScale?: number;
}

const INT = (x: number): Value => constant(x, 'int');

/**
 * Scales updates by a factor that drops when the loss stops improving (optax.contrib
 * `reduce_on_plateau`; PyTorch ReduceLROnPlateau in relative mode). Place it after the learning
 * rate: `chain(scaleByAdam(), scaleByLearningRate(1e-2), reduceOnPlateau({ patience: 5 }))`.
 *
 * The loss reaches the update as optax passes it, an extra argument: `update(..., { value })`.
 * A run takes it with each step, `run.step(grads, { value: loss })`; a trainer wires in the
 * loss it computes in the same step program. Every `accumulationSize` steps the mean of those
 * losses is one evaluation: it improves when below best·(1 − rtol) − atol; after `patience`
 * evaluations without improvement (outside cooldown) the scale is multiplied by `factor`.
 *
 * @remarks Like optax, the scale applies from the update in which it drops. PyTorch steps the
 * scheduler after the optimizer, so its learning rate drops one step later, and it compares
 * with `threshold` in one mode (rel or abs) where optax combines rtol and atol.
 */
export function reduceOnPlateau(o: ReduceOnPlateauOptions = {}): GradientTransformation<StateTree> {
  const { factor = 0.1, patience = 10, rtol = 1e-4, atol = 0, cooldown = 0, accumulationSize = 1, minScale = 0 } = o;
  const where_ = 'reduceOnPlateau';
  if (!(factor > 0 && factor <= 1)) fail('BAD_PARAM', `factor must be in (0, 1], got ${factor}`, `${where_}.factor`);
  for (const [k, v, min] of [['patience', patience, 1], ['cooldown', cooldown, 0], ['accumulationSize', accumulationSize, 1]] as const) {
    if (!Number.isInteger(v) || v < min) fail('BAD_PARAM', `${k} must be an integer ≥ ${min}, got ${v}`, `${where_}.${k}`);
  }
  if (!(rtol >= 0 && rtol < 1)) fail('BAD_PARAM', `rtol must be in [0, 1), got ${rtol}`, `${where_}.rtol`);
  if (!(atol >= 0) || !Number.isFinite(atol)) fail('BAD_PARAM', `atol must be a finite number ≥ 0, got ${atol}`, `${where_}.atol`);
  if (!(minScale >= 0 && minScale <= 1)) fail('BAD_PARAM', `minScale must be in [0, 1], got ${minScale}`, `${where_}.minScale`);
  return {
    name: where_,
    needsValue: true,
    init: () => ({
      scale: constant(1),
      bestValue: constant(Number.POSITIVE_INFINITY),
      plateauCount: INT(0),
      cooldownCount: INT(0),
      count: INT(0),
      avgValue: constant(0),
    }),
    update(u, state, _params, extra) {
      const value = extra?.value;
      if (value === undefined) fail('BAD_PARAM', 'reads the loss value: pass it with each step (run.step(grads, { value }))', where_);
      const get = (k: string): Value => stateValue(state, k, where_);
      const count = get('count');
      const newCount = add(count, 1);
      const avg = div(add(mul(cast(count, 'float'), get('avgValue')), value), cast(newCount, 'float'));
      const evaluate = equal(newCount, accumulationSize);
      // One evaluation: what optax's _update_scale does, applied where `evaluate` holds.
      const best = get('bestValue');
      const improved = less(avg, sub(mul(best, 1 - rtol), atol));
      const plateau = where(improved, INT(0), add(get('plateauCount'), 1));
      const cooling = greater(get('cooldownCount'), 0);
      const drop = logicalAnd(logicalNot(cooling), equal(plateau, patience));
      const scale = get('scale');
      const evaluated = {
        scale: where(drop, maximum(mul(scale, factor), minScale), scale),
        bestValue: where(improved, avg, best),
        plateauCount: where(logicalOr(cooling, drop), INT(0), plateau),
        cooldownCount: where(cooling, sub(get('cooldownCount'), 1), where(drop, INT(cooldown), INT(0))),
      };
      const next = {
        scale: where(evaluate, evaluated.scale, scale),
        bestValue: where(evaluate, evaluated.bestValue, best),
        plateauCount: where(evaluate, evaluated.plateauCount, get('plateauCount')),
        cooldownCount: where(evaluate, evaluated.cooldownCount, get('cooldownCount')),
        count: where(evaluate, INT(0), newCount),
        avgValue: where(evaluate, constant(0), avg),
      };
      return { updates: mapUpdates(u, (g) => mul(g, next.scale)), state: next };
    },
  };
}
