import type { LearningRate } from '../schedules/schedule.js';
import { type GradientTransformation, chain } from './transformation.js';
import { type AdamOptions, addDecayedWeights, scaleByAdam, scaleByAdamax, scaleByLearningRate, trace } from './transforms.js';
import { type BeliefOptions, type RadamOptions, type YogiOptions, scaleByBelief, scaleByRadam, scaleByYogi } from './transforms/adaptive.js';
import { addL2 } from './transforms/rescaling.js';
import { acceptedKeys, checkOptionKeys } from './option-keys.js';

export interface SgdOptions {
  readonly learningRate: LearningRate;
  /** Momentum (0: plain SGD). */
  readonly momentum?: number;
  readonly nesterov?: boolean;
  /** Coupled weight decay, added to the gradient before the momentum as PyTorch's SGD (default 0). */
  readonly weightDecay?: number;
}

export const SGD_KEYS = acceptedKeys<SgdOptions>()(['learningRate', 'momentum', 'nesterov', 'weightDecay']);

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
  checkOptionKeys('sgd', options, SGD_KEYS);
  const momentum = options.momentum ?? 0;
  const decay = options.weightDecay ?? 0;
  const parts: GradientTransformation[] = decay === 0 ? [] : [addL2(decay)];
  if (momentum !== 0 || options.nesterov === true) parts.push(trace({ decay: momentum, nesterov: options.nesterov ?? false }));
  return chain(...parts, scaleByLearningRate(options.learningRate));
}

export interface AdamAliasOptions extends AdamOptions {
  readonly learningRate?: LearningRate;
}

export const ADAM_KEYS = acceptedKeys<AdamAliasOptions>()(['learningRate', 'b1', 'b2', 'eps', 'epsRoot', 'epsilonPlacement', 'nesterov', 'amsgrad']);

/**
 * Adam (Kingma & Ba, 2014): `chain(scaleByAdam, scaleByLearningRate)`, defaults lr 1e-3,
 * b1 0.9, b2 0.999, eps 1e-8 as PyTorch, optax and tfjs.
 *
 * @remarks Keras and ONNX place epsilon differently; see {@link scaleByAdam}.
 */
export function adam(options: AdamAliasOptions = {}): GradientTransformation {
  checkOptionKeys('adam', options, ADAM_KEYS);
  const { learningRate = 1e-3, ...rest } = options;
  return chain(scaleByAdam(rest), scaleByLearningRate(learningRate));
}

export interface AdamWOptions extends AdamAliasOptions {
  /** Decoupled weight decay (default 1e-4, optax's; PyTorch's AdamW uses 1e-2). */
  readonly weightDecay?: number;
}

export const ADAMW_KEYS = acceptedKeys<AdamWOptions>()([...ADAM_KEYS, 'weightDecay']);

/**
 * AdamW (Loshchilov & Hutter, 2019): `chain(scaleByAdam, addDecayedWeights, scaleByLearningRate)`,
 * so p ← p − lr·(adam + wd·p) with the pre-update p: PyTorch's `AdamW` and optax's `adamw`.
 *
 * @remarks Keras's AdamW shrinks p before the step and places ε on the uncorrected √v.
 */
export function adamw(options: AdamWOptions = {}): GradientTransformation {
  checkOptionKeys('adamw', options, ADAMW_KEYS);
  const { learningRate = 1e-3, weightDecay = 1e-4, ...rest } = options;
  return chain(scaleByAdam(rest), addDecayedWeights(weightDecay), scaleByLearningRate(learningRate));
}

export interface AdamaxOptions {
  readonly learningRate?: LearningRate;
  readonly b1?: number;
  readonly b2?: number;
  readonly eps?: number;
}

export const ADAMAX_KEYS = acceptedKeys<AdamaxOptions>()(['learningRate', 'b1', 'b2', 'eps']);

/** Adamax: `chain(scaleByAdamax, scaleByLearningRate)`, lr 2e-3 by default as PyTorch. */
export function adamax(options: AdamaxOptions = {}): GradientTransformation {
  checkOptionKeys('adamax', options, ADAMAX_KEYS);
  const { learningRate = 2e-3, ...rest } = options;
  return chain(scaleByAdamax(rest), scaleByLearningRate(learningRate));
}

/** NAdam as optax: `adam` with Nesterov momentum (lr 2e-3 by default as PyTorch). */
export function nadam(options: AdamAliasOptions = {}): GradientTransformation {
  checkOptionKeys('nadam', options, ADAM_KEYS);
  return adam({ learningRate: 2e-3, ...options, nesterov: true });
}

/**
 * NAdamW as optax: `adamw` with Nesterov momentum.
 *
 * @remarks PyTorch's NAdam uses a momentum schedule μₜ = b1·(1 − ½·0.96^(t·ψ)); Keras the same with
 * ψ = 1. optax, and this, keep b1 constant.
 */
export function nadamw(options: AdamWOptions = {}): GradientTransformation {
  checkOptionKeys('nadamw', options, ADAMW_KEYS);
  return adamw({ learningRate: 2e-3, ...options, nesterov: true });
}

/** AMSGrad (Reddi et al., 2018): `adam` dividing by the running maximum of v̂ (optax `amsgrad`). */
export function amsgrad(options: AdamAliasOptions = {}): GradientTransformation {
  checkOptionKeys('amsgrad', options, ADAM_KEYS);
  return adam({ ...options, amsgrad: true });
}

export interface AdamaxWOptions extends AdamaxOptions {
  readonly weightDecay?: number;
}

export const ADAMAXW_KEYS = acceptedKeys<AdamaxWOptions>()([...ADAMAX_KEYS, 'weightDecay']);

/** AdamaxW: `chain(scaleByAdamax, addDecayedWeights, scaleByLearningRate)`, weight decay 1e-4 as optax. */
export function adamaxw(options: AdamaxWOptions = {}): GradientTransformation {
  checkOptionKeys('adamaxw', options, ADAMAXW_KEYS);
  const { learningRate = 2e-3, weightDecay = 1e-4, ...rest } = options;
  return chain(scaleByAdamax(rest), addDecayedWeights(weightDecay), scaleByLearningRate(learningRate));
}

export interface RadamAliasOptions extends RadamOptions {
  readonly learningRate?: LearningRate;
}

export const RADAM_KEYS = acceptedKeys<RadamAliasOptions>()(['learningRate', 'b1', 'b2', 'eps', 'epsRoot', 'threshold', 'nesterov']);

/** RAdam (Liu et al., 2020): `chain(scaleByRadam, scaleByLearningRate)` as optax. */
export function radam(options: RadamAliasOptions = {}): GradientTransformation {
  checkOptionKeys('radam', options, RADAM_KEYS);
  const { learningRate = 1e-3, ...rest } = options;
  return chain(scaleByRadam(rest), scaleByLearningRate(learningRate));
}

export interface AdabeliefOptions extends BeliefOptions {
  readonly learningRate?: LearningRate;
  readonly weightDecay?: number;
}

export const ADABELIEF_KEYS = acceptedKeys<AdabeliefOptions>()(['learningRate', 'b1', 'b2', 'eps', 'epsRoot', 'nesterov', 'weightDecay']);

/** AdaBelief: `chain(scaleByBelief, [addDecayedWeights], scaleByLearningRate)`, ε = εroot = 1e-16 as optax. */
export function adabelief(options: AdabeliefOptions = {}): GradientTransformation {
  checkOptionKeys('adabelief', options, ADABELIEF_KEYS);
  const { learningRate = 1e-3, weightDecay = 0, ...rest } = options;
  return chain(scaleByBelief(rest), ...(weightDecay === 0 ? [] : [addDecayedWeights(weightDecay)]), scaleByLearningRate(learningRate));
}

export interface YogiAliasOptions extends YogiOptions {
  readonly learningRate?: LearningRate;
}

export const YOGI_KEYS = acceptedKeys<YogiAliasOptions>()(['learningRate', 'b1', 'b2', 'eps', 'epsRoot', 'initialAccumulatorValue']);

/** Yogi: `chain(scaleByYogi, scaleByLearningRate)`, ε 1e-3 and moments from 1e-6 as optax. */
export function yogi(options: YogiAliasOptions = {}): GradientTransformation {
  checkOptionKeys('yogi', options, YOGI_KEYS);
  const { learningRate = 1e-2, ...rest } = options;
  return chain(scaleByYogi(rest), scaleByLearningRate(learningRate));
}
