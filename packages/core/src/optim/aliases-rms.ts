import { fail } from '../errors/losskit-error.js';
import type { LearningRate } from '../schedules/schedule.js';
import { type GradientTransformation, chain } from './transformation.js';
import { type RmsOptions, addDecayedWeights, scale, scaleByLearningRate, scaleByRms, scaleByRss, trace } from './transforms.js';
import { scaleByAdadelta, } from './transforms/adaptive.js';
import { clipByBlockRms } from './transforms/clipping.js';
import { type FactoredRmsOptions, scaleByFactoredRms } from './transforms/factored.js';
import { scaleByFtrl, type FtrlOptions } from './transforms/ftrl.js';
import { ema, scaleByParamBlockRms, scaleByRprop } from './transforms/rescaling.js';
import { acceptedKeys, checkOptionKeys } from './option-keys.js';

export interface RmspropOptions extends RmsOptions {
  readonly learningRate?: LearningRate;
  /** Divide by the centred second moment (√(ν − μ²)), as `centered=True` everywhere. */
  readonly centered?: boolean;
  /** Momentum on the scaled step (optax applies it after the learning rate). */
  readonly momentum?: number;
  readonly nesterov?: boolean;
}

export const RMSPROP_KEYS = acceptedKeys<RmspropOptions>()(['learningRate', 'decay', 'eps', 'initialScale', 'epsInSqrt', 'biasCorrection', 'centered', 'momentum', 'nesterov']);

/**
 * RMSprop as optax's `rmsprop`: ν ← decay·ν + (1 − decay)·g², p ← p − lr·g/√(ν + ε), optionally
 * centred, then momentum on −lr·g/√(…).
 *
 * @remarks PyTorch's default is alpha 0.99 with ε outside the root (`epsInSqrt: false`); Keras
 * and tfjs use rho 0.9 with ε inside, as here. With a constant learning rate, momentum after the
 * learning rate is PyTorch's momentum form.
 */
export function rmsprop(options: RmspropOptions = {}): GradientTransformation {
  checkOptionKeys('rmsprop', options, RMSPROP_KEYS);
  const { learningRate = 1e-3, momentum = 0, nesterov = false, ...rest } = options;
  const withMomentum = momentum !== 0 || nesterov;
  return chain(scaleByRms(rest), scaleByLearningRate(learningRate), ...(withMomentum ? [trace({ decay: momentum, nesterov })] : []));
}

export interface AdagradOptions {
  readonly learningRate?: LearningRate;
  readonly initialAccumulatorValue?: number;
  readonly eps?: number;
}

export const ADAGRAD_KEYS = acceptedKeys<AdagradOptions>()(['learningRate', 'initialAccumulatorValue', 'eps']);

/** Adagrad as optax, Keras and tfjs: accumulator from 0.1, ε 1e-7 inside the root. */
export function adagrad(options: AdagradOptions = {}): GradientTransformation {
  checkOptionKeys('adagrad', options, ADAGRAD_KEYS);
  const { learningRate = 1e-2, ...rest } = options;
  return chain(scaleByRss(rest), scaleByLearningRate(learningRate));
}

export interface AdadeltaOptions {
  readonly learningRate?: LearningRate;
  readonly rho?: number;
  readonly eps?: number;
  readonly weightDecay?: number;
}

export const ADADELTA_KEYS = acceptedKeys<AdadeltaOptions>()(['learningRate', 'rho', 'eps', 'weightDecay']);

/**
 * Adadelta: `chain([addDecayedWeights], scaleByAdadelta, scaleByLearningRate)` as optax, with
 * PyTorch's defaults lr 1, ρ 0.9, ε 1e-6 (weight decay is coupled: added before the rescaling).
 *
 * @remarks optax's default `learning_rate=None` skips the sign flip, which ascends; the default
 * here is 1. Keras uses ρ 0.95, ε 1e-7, lr 1e-3.
 */
export function adadelta(options: AdadeltaOptions = {}): GradientTransformation {
  checkOptionKeys('adadelta', options, ADADELTA_KEYS);
  const { learningRate = 1, weightDecay = 0, ...rest } = options;
  return chain(...(weightDecay === 0 ? [] : [addDecayedWeights(weightDecay)]), scaleByAdadelta(rest), scaleByLearningRate(learningRate));
}

export interface RpropAliasOptions {
  /** The initial step size (default 1e-2 as PyTorch). */
  readonly learningRate?: number;
  readonly etaMinus?: number;
  readonly etaPlus?: number;
  readonly minStepSize?: number;
  readonly maxStepSize?: number;
}

export const RPROP_KEYS = acceptedKeys<RpropAliasOptions>()(['learningRate', 'etaMinus', 'etaPlus', 'minStepSize', 'maxStepSize']);

/** Rprop: `chain(scaleByRprop, scale(−1))`; `learningRate` is the initial step size (default 1e-2 as PyTorch). */
export function rprop(options: RpropAliasOptions = {}): GradientTransformation {
  checkOptionKeys('rprop', options, RPROP_KEYS);
  const { learningRate = 1e-2, ...rest } = options;
  if (typeof learningRate !== 'number') fail('BAD_PARAM', 'rprop takes a number as learningRate (its initial step size), not a schedule', 'rprop.learningRate');
  return chain(scaleByRprop({ learningRate, ...rest }), scale(-1));
}

export const FTRL_KEYS = acceptedKeys<FtrlOptions>()([
  'learningRate', 'learningRatePower', 'initialAccumulatorValue', 'l1RegularizationStrength', 'l2RegularizationStrength',
  'l2ShrinkageRegularizationStrength', 'beta',
]);

/** FTRL-Proximal as Keras's and tfjs's `Ftrl` (optax has none); see {@link scaleByFtrl}. */
export function ftrl(options: FtrlOptions = {}): GradientTransformation {
  checkOptionKeys('ftrl', options, FTRL_KEYS);
  return chain(scaleByFtrl(options));
}

export interface AdafactorOptions extends FactoredRmsOptions {
  /** Multiplies the relative step; optax's default (none) leaves it out. */
  readonly learningRate?: LearningRate;
  /** Clip each update to this RMS (default 1; `null` to skip). */
  readonly clippingThreshold?: number | null;
  /** Scale updates by max(RMS(p), 1e-3) (default true). */
  readonly multiplyByParameterScale?: boolean;
  /** An undebiased moving average of the updates. */
  readonly momentum?: number;
  readonly weightDecayRate?: number;
}

export const ADAFACTOR_KEYS = acceptedKeys<AdafactorOptions>()([
  'learningRate', 'clippingThreshold', 'multiplyByParameterScale', 'momentum', 'weightDecayRate',
  'factored', 'decayRate', 'stepOffset', 'minDimSizeToFactor', 'epsilon',
]);

/**
 * Adafactor (Shazeer & Stern, 2018) as optax's chain: scaleByFactoredRms → clipByBlockRms →
 * [× lr] → scaleByParamBlockRms → [ema] → [addDecayedWeights] → scale(−1).
 */
export function adafactor(options: AdafactorOptions = {}): GradientTransformation {
  checkOptionKeys('adafactor', options, ADAFACTOR_KEYS);
  const { learningRate, clippingThreshold = 1, multiplyByParameterScale = true, momentum, weightDecayRate, ...rest } = options;
  return chain(
    scaleByFactoredRms(rest),
    ...(clippingThreshold === null ? [] : [clipByBlockRms(clippingThreshold)]),
    ...(learningRate === undefined ? [] : [scaleByLearningRate(learningRate, { flipSign: false })]),
    ...(multiplyByParameterScale ? [scaleByParamBlockRms({ minScale: 1e-3 })] : []),
    ...(momentum === undefined ? [] : [ema({ decay: momentum, debias: false })]),
    ...(weightDecayRate === undefined ? [] : [addDecayedWeights(weightDecayRate)]),
    scale(-1),
  );
}
