import type { LearningRate } from '../schedules/schedule.js';
import { type GradientTransformation, chain } from './transformation.js';
import { type AdamOptions, addDecayedWeights, scaleByAdam, scaleByAdamax, scaleByLearningRate, scaleByLion, scaleByRms, scaleByRss, trace } from './transforms.js';

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

export interface AdamWOptions extends AdamAliasOptions {
  /** Decoupled weight decay (default 1e-4, optax's; PyTorch's AdamW uses 1e-2). */
  readonly weightDecay?: number;
}

/**
 * AdamW (Loshchilov & Hutter, 2019): `chain(scaleByAdam, addDecayedWeights, scaleByLearningRate)`,
 * so p ← p − lr·(adam + wd·p) with the pre-update p: PyTorch's `AdamW` and optax's `adamw`.
 *
 * @remarks Keras's AdamW shrinks p before the step and places ε on the uncorrected √v.
 */
export function adamw(options: AdamWOptions = {}): GradientTransformation {
  const { learningRate = 1e-3, weightDecay = 1e-4, ...rest } = options;
  return chain(scaleByAdam(rest), addDecayedWeights(weightDecay), scaleByLearningRate(learningRate));
}

/** Adamax: `chain(scaleByAdamax, scaleByLearningRate)`, lr 2e-3 by default as PyTorch. */
export function adamax(options: { learningRate?: LearningRate; b1?: number; b2?: number; eps?: number } = {}): GradientTransformation {
  const { learningRate = 2e-3, ...rest } = options;
  return chain(scaleByAdamax(rest), scaleByLearningRate(learningRate));
}

/**
 * RMSprop as optax's `rmsprop`: ν ← decay·ν + (1 − decay)·g², p ← p − lr·g/√(ν + ε).
 *
 * @remarks PyTorch's default is alpha 0.99 with ε outside the root; Keras and tfjs use rho 0.9
 * with ε inside, as here.
 */
export function rmsprop(options: { learningRate?: LearningRate; decay?: number; eps?: number; initialScale?: number } = {}): GradientTransformation {
  const { learningRate = 1e-3, ...rest } = options;
  return chain(scaleByRms(rest), scaleByLearningRate(learningRate));
}

/** Adagrad as optax, Keras and tfjs: accumulator from 0.1, ε 1e-7 inside the root. */
export function adagrad(options: { learningRate?: LearningRate; initialAccumulatorValue?: number; eps?: number } = {}): GradientTransformation {
  const { learningRate = 1e-2, ...rest } = options;
  return chain(scaleByRss(rest), scaleByLearningRate(learningRate));
}

/** Lion: `chain(scaleByLion, addDecayedWeights, scaleByLearningRate)`, weight decay 1e-3 as optax. */
export function lion(options: { learningRate?: LearningRate; b1?: number; b2?: number; weightDecay?: number } = {}): GradientTransformation {
  const { learningRate = 1e-4, weightDecay = 1e-3, ...rest } = options;
  return chain(scaleByLion(rest), addDecayedWeights(weightDecay), scaleByLearningRate(learningRate));
}
