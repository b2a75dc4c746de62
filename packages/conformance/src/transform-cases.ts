import { type GradientTransformation, optimizers, schedules, transforms as t } from '@losskit/core';
import { type OptimizerCase } from './optimizer-cases.js';
import { HALVES, ROW_MATRIX, TWO_ROWS } from './param-layout.js';

/** A key of core's `transforms` catalogue. */
export type TransformName = keyof typeof t;

export interface TransformCase extends OptimizerCase {
  /** The transform this case is for: every key of `transforms` needs at least one case. */
  readonly transform: TransformName;
}

/** `chain(...rules, scaleByLearningRate(lr))`: a rescaling made a descent step. */
const descent = (...rules: readonly GradientTransformation[]) => (lr: number): GradientTransformation => t.chain(...rules, t.scaleByLearningRate(lr));

/** Plain gradient descent's rates (the `sgd` case's): for rules that keep the gradient's scale. */
const SGD_LR = { quadratic: 0.05, rosenbrock: 5e-4 };
/** Adam's rates: for rules that divide by a running root of g². */
const ADAM_LR = { quadratic: 0.1, rosenbrock: 0.02 };

function transformCase(transform: TransformName, detail: string, make: (lr: number) => GradientTransformation, lr: OptimizerCase['lr'], extra: Pick<OptimizerCase, 'layout'> = {}): TransformCase {
  return { name: `transforms.${transform}: ${detail}`, transform, make, lr, ...extra };
}

/**
 * Every transform in `transforms`, made a descent step (a rescaling chained in front of
 * scaleByLearningRate, a gradient filter in front of SGD or Adam, a wrapper around an optimizer),
 * checked on every backend against the reference for 100 steps on each objective. Options that
 * change a rule (centred, Nesterov, ε placement) mostly have their cases in OPTIMIZER_CASES with
 * an independent implementation; here defaults, plus a non-default option where one more case is cheap.
 */
export const TRANSFORM_CASES: readonly TransformCase[] = [
  transformCase('chain', 'chain(chain(scale 2, trace 0.5), scaleByLearningRate), nested', (lr) => t.chain(t.chain(t.scale(2), t.trace({ decay: 0.5 })), t.scaleByLearningRate(lr)), { quadratic: 0.01, rosenbrock: 1e-4 }),
  transformCase('scale', 'scale(−lr), gradient descent', (lr) => t.scale(-lr), SGD_LR),
  transformCase('scaleByLearningRate', 'alone, gradient descent', (lr) => t.scaleByLearningRate(lr), SGD_LR),
  transformCase('scaleByLearningRate', 'an exponential-decay schedule', (lr) => t.scaleByLearningRate(schedules.exponentialDecay({ initValue: lr, decayRate: 0.5, transitionSteps: 50 })), SGD_LR),
  transformCase('scaleBySchedule', 'chain(scaleBySchedule(linear lr → lr/10), scale −1)', (lr) => t.chain(t.scaleBySchedule(schedules.linear({ initValue: lr, endValue: lr / 10, transitionSteps: 100 })), t.scale(-1)), SGD_LR),
  transformCase('scaleByAdam', 'default', descent(t.scaleByAdam()), ADAM_LR),
  transformCase('scaleByAdam', 'epsRoot 1e-6', descent(t.scaleByAdam({ epsRoot: 1e-6 })), ADAM_LR),
  transformCase('scaleByAdamax', 'default', descent(t.scaleByAdamax()), ADAM_LR),
  transformCase('scaleByRms', 'default', descent(t.scaleByRms()), { quadratic: 0.01, rosenbrock: 0.002 }),
  transformCase('scaleByRms', 'biasCorrection, initialScale 1', descent(t.scaleByRms({ biasCorrection: true, initialScale: 1 })), { quadratic: 0.01, rosenbrock: 0.002 }),
  transformCase('scaleByStddev', 'default', descent(t.scaleByStddev()), { quadratic: 0.005, rosenbrock: 5e-4 }),
  transformCase('scaleByRss', 'default', descent(t.scaleByRss()), { quadratic: 0.2, rosenbrock: 0.05 }),
  transformCase('scaleByLion', 'default', descent(t.scaleByLion()), { quadratic: 0.01, rosenbrock: 0.002 }),
  transformCase('scaleByBelief', 'default', descent(t.scaleByBelief()), { quadratic: 0.1, rosenbrock: 0.01 }),
  // b2 0.99 for the reason given at the `radam b2 0.99` optimizer case (float32's β₂ moves ρₜ).
  transformCase('scaleByRadam', 'b2 0.99', descent(t.scaleByRadam({ b2: 0.99 })), { quadratic: 0.1, rosenbrock: 0.002 }),
  transformCase('scaleByYogi', 'default', descent(t.scaleByYogi()), ADAM_LR),
  transformCase('scaleByNovograd', 'default', descent(t.scaleByNovograd()), { quadratic: 0.01, rosenbrock: 0.002 }),
  transformCase('scaleByAdadelta', 'default', descent(t.scaleByAdadelta()), { quadratic: 1, rosenbrock: 1 }),
  // Sign-based: the step is capped so that 100 steps stay short of the minimum, where a 1-ulp
  // difference between backends would flip a gradient's sign (see the rprop optimizer case).
  transformCase('scaleByRprop', 'maxStepSize 0.004', (lr) => t.chain(t.scaleByRprop({ learningRate: lr, maxStepSize: 0.004 }), t.scale(-1)), { quadratic: 0.001, rosenbrock: 0.001 }),
  // Its step is lr·‖w‖ whatever the gradient's size, so it never settles: the rate keeps 100 steps
  // away from the minimum, where the gradient's direction (and with it the step) is rounding noise.
  transformCase('scaleByTrustRatio', 'default', descent(t.scaleByTrustRatio()), { quadratic: 0.025, rosenbrock: 0.001 }),
  // Sign-based: 100 steps of 0.004 move each coordinate 0.4 at most, short of every minimum
  // coordinate (the nearest is 0.5 away), so no gradient sign is decided by rounding.
  transformCase('scaleBySign', 'signSGD, lr short of the minimum', descent(t.scaleBySign()), { quadratic: 0.004, rosenbrock: 0.001 }),
  transformCase('scaleByParamBlockRms', 'minScale 0.1', descent(t.scaleByParamBlockRms({ minScale: 0.1 })), { quadratic: 0.02, rosenbrock: 5e-4 }),
  transformCase('scaleByFactoredRms', 'a vector (not factored)', descent(t.scaleByFactoredRms()), { quadratic: 0.05, rosenbrock: 0.01 }),
  transformCase('scaleByFactoredRms', 'a 2×(n/2) matrix, factored', descent(t.scaleByFactoredRms({ minDimSizeToFactor: 1 })), { quadratic: 0.05, rosenbrock: 0.01 }, { layout: TWO_ROWS }),
  transformCase('scaleByFtrl', 'a descent step by itself', (lr) => t.scaleByFtrl({ learningRate: lr }), { quadratic: 0.1, rosenbrock: 0.01 }),
  transformCase('scaleByMuon', 'a 2×(n/2) matrix', descent(t.scaleByMuon()), { quadratic: 0.01, rosenbrock: 0.002 }, { layout: TWO_ROWS }),
  transformCase('scaleByShape', 'a 1×n matrix (√n)', descent(t.scaleByShape()), { quadratic: 0.02, rosenbrock: 2e-4 }, { layout: ROW_MATRIX }),
  transformCase('trace', 'decay 0.9', descent(t.trace({ decay: 0.9 })), { quadratic: 0.01, rosenbrock: 1e-4 }),
  transformCase('ema', 'decay 0.9, debiased', descent(t.ema({ decay: 0.9 })), SGD_LR),
  transformCase('ema', 'decay 0.5, debias false', descent(t.ema({ decay: 0.5, debias: false })), SGD_LR),
  transformCase('addDecayedWeights', 'in front of SGD', descent(t.addDecayedWeights(0.1)), SGD_LR),
  transformCase('addL2', 'coupled, in front of scaleByAdam', descent(t.addL2(0.1), t.scaleByAdam()), ADAM_LR),
  transformCase('clip', 'clip 1 in front of SGD', descent(t.clip(1)), { quadratic: 0.05, rosenbrock: 0.002 }),
  transformCase('clipByGlobalNorm', 'norm 1 in front of SGD', descent(t.clipByGlobalNorm(1)), { quadratic: 0.05, rosenbrock: 0.002 }),
  transformCase('clipByBlockRms', 'rms 1 in front of SGD', descent(t.clipByBlockRms(1)), { quadratic: 0.05, rosenbrock: 0.002 }),
  transformCase('clipByNorm', 'norm 1 in front of SGD', descent(t.clipByNorm(1)), { quadratic: 0.05, rosenbrock: 0.002 }),
  transformCase('zeroNans', 'in front of SGD', descent(t.zeroNans()), SGD_LR),
  transformCase('applyIfFinite', 'around SGD', (lr) => t.applyIfFinite(optimizers.sgd({ learningRate: lr }), 2), SGD_LR),
  transformCase('multiSteps', 'everyK 2, summed (useGradMean false) around SGD', (lr) => t.multiSteps(optimizers.sgd({ learningRate: lr }), { everyK: 2, useGradMean: false }), SGD_LR),
  transformCase('lookahead', 'around Adam, syncPeriod 4, slowStepSize 0.5', (lr) => t.lookahead(optimizers.adam({ learningRate: lr }), { syncPeriod: 4, slowStepSize: 0.5 }), ADAM_LR),
  transformCase(
    'partition',
    'Adam on one half, SGD at lr/10 on the other',
    (lr) => t.partition({ adam: optimizers.adam({ learningRate: lr }), sgd: optimizers.sgd({ learningRate: lr / 10 }) }, (name) => (name === 'a' ? 'adam' : 'sgd')),
    { quadratic: 0.1, rosenbrock: 0.005 },
    { layout: HALVES },
  ),
  // The loss passed with each step; rtol 0.01 makes a plateau of Adam's slowing progress count,
  // so the scale drops within the 100 steps.
  transformCase('reduceOnPlateau', 'after Adam, patience 3, factor 0.5, rtol 0.01, minScale 0.05', (lr) => t.chain(t.scaleByAdam(), t.scaleByLearningRate(lr), t.reduceOnPlateau({ patience: 3, factor: 0.5, rtol: 0.01, minScale: 0.05 })), ADAM_LR),
  transformCase('scaleByRssEpsOutside', 'PyTorch Adagrad', descent(t.scaleByRssEpsOutside()), { quadratic: 0.2, rosenbrock: 0.05 }),
  transformCase('scaleByAdamaxEpsOutside', 'PyTorch Adamax', descent(t.scaleByAdamaxEpsOutside()), ADAM_LR),
  transformCase('scaleByAmsgradRawMax', 'PyTorch AMSGrad', descent(t.scaleByAmsgradRawMax()), ADAM_LR),
  transformCase('scaleByStddevEpsSubtracted', 'tfjs centred RMSprop', descent(t.scaleByStddevEpsSubtracted()), { quadratic: 0.005, rosenbrock: 5e-4 }),
  transformCase('scaleByAdadeltaPreviousAccumulator', 'tfjs Adadelta (SGD while the accumulators stay equal)', descent(t.scaleByAdadeltaPreviousAccumulator()), SGD_LR),
  transformCase('scaleByRadamEpsUncorrected', 'PyTorch RAdam, b2 0.99', descent(t.scaleByRadamEpsUncorrected({ b2: 0.99 })), { quadratic: 0.1, rosenbrock: 0.002 }),
  transformCase('dampenedTrace', 'decay 0.9, gradientScale 0.5 (PyTorch dampening 0.5)', descent(t.dampenedTrace({ decay: 0.9, gradientScale: 0.5 })), { quadratic: 0.01, rosenbrock: 1e-4 }),
  transformCase('scaleByOnnxAdam', 'default (firstT 0)', descent(t.scaleByOnnxAdam()), ADAM_LR),
  transformCase('scaleByNadamSchedule', 'default (PyTorch NAdam)', descent(t.scaleByNadamSchedule()), ADAM_LR),
  transformCase('decayBeforeUpdate', 'weightDecay 0.1 around Adam (Keras)', (lr) => t.decayBeforeUpdate(optimizers.adam({ learningRate: lr }), { weightDecay: 0.1, learningRate: lr }), ADAM_LR),
  transformCase('decayAfterUpdate', 'coefficient 0.01 around SGD (ONNX)', (lr) => t.decayAfterUpdate(optimizers.sgd({ learningRate: lr }), 0.01), SGD_LR),
];
