import type { LearningRate } from '../schedules/schedule.js';
import { type GradientTransformation, chain } from './transformation.js';
import { type AdamOptions, addDecayedWeights, scaleByAdam, scaleByAdamax, scaleByLearningRate, trace } from './transforms.js';
import { type BeliefOptions, type RadamOptions, type YogiOptions, scaleByBelief, scaleByRadam, scaleByYogi } from './transforms/adaptive.js';
import { addL2 } from './transforms/rescaling.js';

export interface SgdOptions {
  readonly learningRate: LearningRate;
  /** Momentum (0: plain SGD). */
  readonly momentum?: number;
  readonly nesterov?: boolean;
  /** Coupled weight decay, added to the gradient before the momentum as PyTorch's SGD (default 0). */
  readonly weightDecay?: number;
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
  const decay = options.weightDecay ?? 0;
  const parts: GradientTransformation[] = decay === 0 ? [] : [addL2(decay)];
  if (momentum !== 0 || options.nesterov === true) parts.push(trace({ decay: momentum, nesterov: options.nesterov ?? false }));
  return chain(...parts, scaleByLearningRate(options.learningRate));
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

/** NAdam as optax: `adam` with Nesterov momentum (lr 2e-3 by default as PyTorch). */
export function nadam(options: AdamAliasOptions = {}): GradientTransformation {
  return adam({ learningRate: 2e-3, ...options, nesterov: true });
}

/**
 * NAdamW as optax: `adamw` with Nesterov momentum.
 *
 * @remarks PyTorch's NAdam uses a momentum schedule μₜ = b1·(1 − ½·0.96^(t·ψ)); Keras the same with
 * ψ = 1. optax, and this, keep b1 constant.
 */
export function nadamw(options: AdamWOptions = {}): GradientTransformation {
  return adamw({ learningRate: 2e-3, ...options, nesterov: true });
}

/** AMSGrad (Reddi et al., 2018): `adam` dividing by the running maximum of v̂ (optax `amsgrad`). */
export function amsgrad(options: AdamAliasOptions = {}): GradientTransformation {
  return adam({ ...options, amsgrad: true });
}

/** AdamaxW: `chain(scaleByAdamax, addDecayedWeights, scaleByLearningRate)`, weight decay 1e-4 as optax. */
export function adamaxw(options: { learningRate?: LearningRate; b1?: number; b2?: number; eps?: number; weightDecay?: number } = {}): GradientTransformation {
  const { learningRate = 2e-3, weightDecay = 1e-4, ...rest } = options;
  return chain(scaleByAdamax(rest), addDecayedWeights(weightDecay), scaleByLearningRate(learningRate));
}

/** RAdam (Liu et al., 2020): `chain(scaleByRadam, scaleByLearningRate)` as optax. */
export function radam(options: RadamOptions & { learningRate?: LearningRate } = {}): GradientTransformation {
  const { learningRate = 1e-3, ...rest } = options;
  return chain(scaleByRadam(rest), scaleByLearningRate(learningRate));
}

/** AdaBelief: `chain(scaleByBelief, [addDecayedWeights], scaleByLearningRate)`, ε = εroot = 1e-16 as optax. */
export function adabelief(options: BeliefOptions & { learningRate?: LearningRate; weightDecay?: number } = {}): GradientTransformation {
  const { learningRate = 1e-3, weightDecay = 0, ...rest } = options;
  return chain(scaleByBelief(rest), ...(weightDecay === 0 ? [] : [addDecayedWeights(weightDecay)]), scaleByLearningRate(learningRate));
}

/** Yogi: `chain(scaleByYogi, scaleByLearningRate)`, ε 1e-3 and moments from 1e-6 as optax. */
export function yogi(options: YogiOptions & { learningRate?: LearningRate } = {}): GradientTransformation {
  const { learningRate = 1e-2, ...rest } = options;
  return chain(scaleByYogi(rest), scaleByLearningRate(learningRate));
}
