import type { LearningRate } from '../schedules/schedule.js';
import { type GradientTransformation, chain } from './transformation.js';
import { type AdamOptions, scaleByAdam, scaleByLearningRate, trace } from './transforms.js';

export interface SgdOptions {
  readonly learningRate: LearningRate;
  /** Momentum (0: plain SGD). */
  readonly momentum?: number;
  readonly nesterov?: boolean;
}

/**
 * Stochastic gradient descent, with heavy-ball or Nesterov momentum as PyTorch's `SGD`
 * (dampening 0): `chain(trace, scaleByLearningRate)`.
 *
 * @example
 * ```ts
 * const run = await backend.optimizer(optimizers.sgd({ learningRate: 0.1, momentum: 0.9 }), { w });
 * ```
 */
export function sgd(options: SgdOptions): GradientTransformation {
  const momentum = options.momentum ?? 0;
  if (momentum === 0 && !options.nesterov) return chain(scaleByLearningRate(options.learningRate));
  return chain(trace({ decay: momentum, nesterov: options.nesterov ?? false }), scaleByLearningRate(options.learningRate));
}

export interface AdamAliasOptions extends AdamOptions {
  readonly learningRate?: LearningRate;
}

/**
 * Adam (Kingma & Ba, 2014): `chain(scaleByAdam, scaleByLearningRate)`, defaults lr 1e-3,
 * b1 0.9, b2 0.999, eps 1e-8 as PyTorch, optax and tfjs.
 *
 * @remarks Keras and ONNX place epsilon differently; see {@link scaleByAdam}.
 */
export function adam(options: AdamAliasOptions = {}): GradientTransformation {
  const { learningRate = 1e-3, ...rest } = options;
  return chain(scaleByAdam(rest), scaleByLearningRate(learningRate));
}
