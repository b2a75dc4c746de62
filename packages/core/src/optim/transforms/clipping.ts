import { type Value } from '../../graph/node.js';
import { cast, clip as clipOp, constant, div, greater, less, maximum, mean, mul, notEqual, sqrt, square, sum, where } from '../../graph/ops.js';
import { type GradientTransformation, mapUpdates } from '../transformation.js';
import { check, norm } from './common.js';

/** Clamps every element to [−maxDelta, maxDelta] (optax `clip`). */
export function clip(maxDelta: number): GradientTransformation<Record<string, never>> {
  check(maxDelta > 0 && Number.isFinite(maxDelta), `maxDelta must be a positive number, got ${maxDelta}`, 'clip.maxDelta');
  return { name: 'clip', init: () => ({}), update: (u) => ({ updates: mapUpdates(u, (g) => clipOp(g, -maxDelta, maxDelta)), state: {} }) };
}

/** Rescales each tensor so its root mean square is at most `threshold` (optax `clip_by_block_rms`). */
export function clipByBlockRms(threshold: number): GradientTransformation<Record<string, never>> {
  check(threshold > 0 && Number.isFinite(threshold), `threshold must be a positive number, got ${threshold}`, 'clipByBlockRms.threshold');
  return {
    name: 'clipByBlockRms',
    init: () => ({}),
    update: (u) => ({ updates: mapUpdates(u, (g) => div(g, maximum(div(sqrt(mean(square(g))), threshold), 1))), state: {} }),
  };
}

/**
 * Rescales each tensor on its own so its L2 norm is at most `maxNorm`
 * (tf.clip_by_norm, Keras `clipnorm`); {@link clipByGlobalNorm} takes one norm over all.
 */
export function clipByNorm(maxNorm: number): GradientTransformation<Record<string, never>> {
  check(maxNorm > 0 && Number.isFinite(maxNorm), `maxNorm must be a positive number, got ${maxNorm}`, 'clipByNorm.maxNorm');
  return {
    name: 'clipByNorm',
    init: () => ({}),
    update: (u) => ({
      updates: mapUpdates(u, (g) => {
        const n = norm(g);
        return where(less(n, maxNorm), g, mul(div(g, n), maxNorm));
      }),
      state: {},
    }),
  };
}

/**
 * Replaces NaN by 0 in the updates (±Inf stay) and records, per tensor, whether the last
 * update held a NaN (optax `zero_nans`; `foundNan` is an int 0/1 here, a bool there).
 */
export function zeroNans(): GradientTransformation<{ foundNan: Record<string, Value> }> {
  return {
    name: 'zeroNans',
    init: (params) => ({ foundNan: mapUpdates(params, () => constant(0, 'int')) }),
    update(u) {
      const foundNan: Record<string, Value> = {};
      const updates = mapUpdates(u, (g, k) => {
        const nan = notEqual(g, g);
        foundNan[k] = cast(greater(sum(cast(nan, 'int')), 0), 'int');
        return where(nan, 0, g);
      });
      return { updates, state: { foundNan } };
    },
  };
}
