import type { LearningRate } from '../schedules/schedule.js';
import { adamw } from './aliases.js';
import { type GradientTransformation, chain } from './transformation.js';
import { addDecayedWeights, scaleByAdam, scaleByLearningRate, scaleByLion, trace } from './transforms.js';
import { type NovogradOptions, scaleByNovograd } from './transforms/adaptive.js';
import { type MuonOptions, scaleByMuon, scaleByShape } from './transforms/muon.js';
import { scaleBySign, scaleByTrustRatio } from './transforms/rescaling.js';
import { partition } from './transforms/wrappers.js';
import { acceptedKeys, checkOptionKeys } from './option-keys.js';

export interface LionOptions {
  readonly learningRate?: LearningRate;
  readonly b1?: number;
  readonly b2?: number;
  readonly weightDecay?: number;
}

export const LION_KEYS = acceptedKeys<LionOptions>()(['learningRate', 'b1', 'b2', 'weightDecay']);

/** Lion: `chain(scaleByLion, addDecayedWeights, scaleByLearningRate)`, weight decay 1e-3 as optax. */
export function lion(options: LionOptions = {}): GradientTransformation {
  checkOptionKeys('lion', options, LION_KEYS);
  const { learningRate = 1e-4, weightDecay = 1e-3, ...rest } = options;
  return chain(scaleByLion(rest), addDecayedWeights(weightDecay), scaleByLearningRate(learningRate));
}

export interface SignSgdOptions {
  readonly learningRate?: LearningRate;
}

export const SIGN_SGD_KEYS = acceptedKeys<SignSgdOptions>()(['learningRate']);

/** signSGD (Bernstein et al., 2018): `chain(scaleBySign, scaleByLearningRate)` as optax `sign_sgd`. */
export function signSgd(options: SignSgdOptions = {}): GradientTransformation {
  checkOptionKeys('signSgd', options, SIGN_SGD_KEYS);
  return chain(scaleBySign(), scaleByLearningRate(options.learningRate ?? 1e-3));
}

export interface LambOptions {
  readonly learningRate?: LearningRate;
  readonly b1?: number;
  readonly b2?: number;
  readonly eps?: number;
  readonly epsRoot?: number;
  readonly weightDecay?: number;
}

export const LAMB_KEYS = acceptedKeys<LambOptions>()(['learningRate', 'b1', 'b2', 'eps', 'epsRoot', 'weightDecay']);

/**
 * LAMB (You et al., 2020) as optax: `chain(scaleByAdam(ε 1e-6), addDecayedWeights,
 * scaleByTrustRatio, scaleByLearningRate)`: Adam's step, rescaled per tensor to ‖p‖/‖step‖.
 *
 * @remarks Keras's Lamb uses ε 1e-7 on the uncorrected root.
 */
export function lamb(options: LambOptions = {}): GradientTransformation {
  checkOptionKeys('lamb', options, LAMB_KEYS);
  const { learningRate = 1e-3, weightDecay = 0, eps = 1e-6, ...rest } = options;
  return chain(scaleByAdam({ ...rest, eps }), addDecayedWeights(weightDecay), scaleByTrustRatio(), scaleByLearningRate(learningRate));
}

export interface LarsOptions {
  readonly learningRate?: LearningRate;
  readonly weightDecay?: number;
  readonly trustCoefficient?: number;
  readonly eps?: number;
  readonly momentum?: number;
  readonly nesterov?: boolean;
}

export const LARS_KEYS = acceptedKeys<LarsOptions>()(['learningRate', 'weightDecay', 'trustCoefficient', 'eps', 'momentum', 'nesterov']);

/**
 * LARS (You et al., 2017) as optax: `chain(addDecayedWeights, scaleByTrustRatio(c),
 * scaleByLearningRate, trace(momentum))`, trust coefficient 1e-3, momentum 0.9.
 */
export function lars(options: LarsOptions = {}): GradientTransformation {
  checkOptionKeys('lars', options, LARS_KEYS);
  const { learningRate = 1, weightDecay = 0, trustCoefficient = 1e-3, eps = 0, momentum = 0.9, nesterov = false } = options;
  return chain(addDecayedWeights(weightDecay), scaleByTrustRatio({ trustCoefficient, eps }), scaleByLearningRate(learningRate), trace({ decay: momentum, nesterov }));
}

export interface NovogradAliasOptions extends NovogradOptions {
  readonly learningRate?: LearningRate;
}

export const NOVOGRAD_KEYS = acceptedKeys<NovogradAliasOptions>()(['learningRate', 'b1', 'b2', 'eps', 'epsRoot', 'weightDecay']);

/** NovoGrad: `chain(scaleByNovograd, scaleByLearningRate)`, b2 0.25 and ε 1e-6 as optax's alias. */
export function novograd(options: NovogradAliasOptions = {}): GradientTransformation {
  checkOptionKeys('novograd', options, NOVOGRAD_KEYS);
  const { learningRate = 1e-3, eps = 1e-6, ...rest } = options;
  return chain(scaleByNovograd({ ...rest, eps }), scaleByLearningRate(learningRate));
}

export interface MuonAliasOptions extends MuonOptions {
  readonly learningRate?: LearningRate;
  /** Decoupled weight decay of the matrices (default 0). */
  readonly weightDecay?: number;
  readonly adamB1?: number;
  readonly adamB2?: number;
  readonly adamEpsRoot?: number;
  readonly adamWeightDecay?: number;
  /** The other parameters' learning rate (default: `learningRate`). */
  readonly adamLearningRate?: LearningRate;
}

export const MUON_KEYS = acceptedKeys<MuonAliasOptions>()([
  'learningRate', 'nsCoefficients', 'nsSteps', 'beta', 'eps', 'nesterov', 'weightDecay',
  'adamB1', 'adamB2', 'adamEpsRoot', 'adamWeightDecay', 'adamLearningRate',
]);

/**
 * Muon (Jordan et al., 2024) as optax's `contrib.muon`: 2-D parameters take
 * `chain(scaleByMuon, scaleByShape, addDecayedWeights, scaleByLearningRate)`; all others take
 * `adamw` with the same Nesterov setting (so NAdamW by default).
 *
 * @remarks Keras's Muon has no (1 − β) factor, no bias correction, ε 1e-7 and a √max(r, c)·0.2 scale.
 */
export function muon(options: MuonAliasOptions = {}): GradientTransformation {
  checkOptionKeys('muon', options, MUON_KEYS);
  const { learningRate = 2e-2, weightDecay = 0, adamB1 = 0.9, adamB2 = 0.999, adamEpsRoot = 0, adamWeightDecay = 0, adamLearningRate, ...muonOptions } = options;
  const nesterov = muonOptions.nesterov ?? true;
  return partition(
    {
      muon: chain(scaleByMuon(muonOptions), scaleByShape(), addDecayedWeights(weightDecay), scaleByLearningRate(learningRate)),
      adam: adamw({ learningRate: adamLearningRate ?? learningRate, b1: adamB1, b2: adamB2, eps: muonOptions.eps ?? 1e-8, epsRoot: adamEpsRoot, weightDecay: adamWeightDecay, nesterov }),
    },
    (_name, p) => (p.shape.length === 2 ? 'muon' : 'adam'),
  );
}
