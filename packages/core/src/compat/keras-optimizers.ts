import { fail } from '../errors/losskit-error.js';
import { type GradientTransformation, chain } from '../optim/transformation.js';
import { clipByGlobalNorm, scaleByAdam, scaleByLearningRate, scaleByLion, scaleByRms, scaleByRss, trace } from '../optim/transforms.js';
import { scaleByAdadelta } from '../optim/transforms/adaptive.js';
import { clip, clipByNorm } from '../optim/transforms/clipping.js';
import { scaleByAdamaxEpsOutside } from '../optim/transforms/framework-variants.js';
import { scaleByFtrl } from '../optim/transforms/ftrl.js';
import { scaleByNadamSchedule } from '../optim/transforms/nadam-schedule.js';
import { scaleByTrustRatio } from '../optim/transforms/rescaling.js';
import { decayBeforeUpdate } from '../optim/transforms/weight-decay-order.js';
import { type OptimizerArgs, type OptimizerArgSpec, type OptimizerPreset, bool, fixedAt, num, rate } from './optimizer-preset.js';

// Keras 3 (keras/src/optimizers/*.py; docs/research/optimizer-semantics.md §3). Every optimizer
// takes the base class's arguments: clipping first, then the decoupled weight decay
// p ← p − p·wd·lr applied to the parameters *before* the optimizer's own step.

const base: Readonly<Record<string, OptimizerArgSpec>> = {
  weight_decay: num(null), clipnorm: num(null), clipvalue: num(null), global_clipnorm: num(null),
  use_ema: fixedAt(false, 'losskit keeps no parameter EMA inside an optimizer'),
  gradient_accumulation_steps: fixedAt(null, 'wrap the optimizer in transforms.multiSteps instead'),
  loss_scale_factor: fixedAt(null, 'losskit does not scale losses'),
};

/** The base class around `rule` (which ends with the learning rate). */
function keras(a: OptimizerArgs, rule: readonly GradientTransformation[]): GradientTransformation {
  const clipnorm = a.numOrNull('clipnorm');
  const clipvalue = a.numOrNull('clipvalue');
  const globalClipnorm = a.numOrNull('global_clipnorm');
  const set = [['clipnorm', clipnorm], ['clipvalue', clipvalue], ['global_clipnorm', globalClipnorm]].filter(([, v]) => v !== null);
  if (set.length > 1) fail('BAD_PARAM', `only one of clipnorm, clipvalue and global_clipnorm may be set, got ${set.map(([k]) => k).join(' and ')}`, a.where);
  const clipping = [
    ...(clipnorm === null ? [] : [clipByNorm(clipnorm)]),
    ...(clipvalue === null ? [] : [clip(clipvalue)]),
    ...(globalClipnorm === null ? [] : [clipByGlobalNorm(globalClipnorm)]),
  ];
  const body = chain(...clipping, ...rule);
  const wd = a.numOrNull('weight_decay');
  return wd === null || wd === 0 ? body : decayBeforeUpdate(body, { weightDecay: wd, learningRate: a.learningRate('learning_rate') });
}

const adamArgs = { learning_rate: rate(1e-3), beta_1: num(0.9), beta_2: num(0.999), epsilon: num(1e-7), amsgrad: bool(false) };
function adam(a: OptimizerArgs): GradientTransformation {
  // ε on the uncorrected √v, the correction folded into the step size (and AMSGrad's max over the raw v).
  const rule = scaleByAdam({ b1: a.num('beta_1'), b2: a.num('beta_2'), eps: a.num('epsilon'), epsilonPlacement: 'uncorrected', amsgrad: a.bool('amsgrad') });
  return keras(a, [rule, scaleByLearningRate(a.learningRate('learning_rate'))]);
}

/** Keras 3's `keras.optimizers` classes, with the identifiers `model.compile` accepts. */
export const KERAS_OPTIMIZERS: readonly OptimizerPreset[] = [
  {
    name: 'SGD', aliases: ['sgd'],
    args: { learning_rate: rate(0.01), momentum: num(0), nesterov: bool(false), ...base },
    build(a) {
      const momentum = a.num('momentum');
      // The velocity holds −lr·g: momentum after the learning rate, as Keras (exact with schedules too).
      const tail = momentum === 0 ? [] : [trace({ decay: momentum, nesterov: a.bool('nesterov') })];
      return keras(a, [scaleByLearningRate(a.learningRate('learning_rate')), ...tail]);
    },
  },
  { name: 'Adam', aliases: ['adam'], args: { ...adamArgs, ...base }, build: adam },
  { name: 'AdamW', aliases: ['adamw'], args: { ...adamArgs, ...base, weight_decay: num(0.004) }, build: adam },
  {
    name: 'Adamax', aliases: ['adamax'],
    args: { learning_rate: rate(1e-3), beta_1: num(0.9), beta_2: num(0.999), epsilon: num(1e-7), ...base },
    build: (a) => keras(a, [scaleByAdamaxEpsOutside({ b1: a.num('beta_1'), b2: a.num('beta_2'), eps: a.num('epsilon') }), scaleByLearningRate(a.learningRate('learning_rate'))]),
  },
  {
    name: 'Nadam', aliases: ['nadam'],
    args: { learning_rate: rate(1e-3), beta_1: num(0.9), beta_2: num(0.999), epsilon: num(1e-7), ...base },
    // Dozat's schedule μₜ = β1·(1 − ½·0.96ᵗ): PyTorch's NAdam with momentum_decay 1.
    build: (a) => keras(a, [scaleByNadamSchedule({ b1: a.num('beta_1'), b2: a.num('beta_2'), eps: a.num('epsilon'), momentumDecay: 1 }), scaleByLearningRate(a.learningRate('learning_rate'))]),
  },
  {
    name: 'RMSprop', aliases: ['rmsprop'],
    args: { learning_rate: rate(1e-3), rho: num(0.9), momentum: num(0), epsilon: num(1e-7), centered: bool(false), ...base },
    build(a) {
      const momentum = a.num('momentum');
      return keras(a, [
        scaleByRms({ decay: a.num('rho'), eps: a.num('epsilon'), epsInSqrt: true, centered: a.bool('centered') }),
        scaleByLearningRate(a.learningRate('learning_rate')),
        ...(momentum === 0 ? [] : [trace({ decay: momentum })]),
      ]);
    },
  },
  {
    name: 'Adagrad', aliases: ['adagrad'],
    args: { learning_rate: rate(1e-3), initial_accumulator_value: num(0.1), epsilon: num(1e-7), ...base },
    build: (a) => keras(a, [scaleByRss({ initialAccumulatorValue: a.num('initial_accumulator_value'), eps: a.num('epsilon') }), scaleByLearningRate(a.learningRate('learning_rate'))]),
  },
  {
    name: 'Adadelta', aliases: ['adadelta'],
    args: { learning_rate: rate(1e-3), rho: num(0.95), epsilon: num(1e-7), ...base },
    build: (a) => keras(a, [scaleByAdadelta({ rho: a.num('rho'), eps: a.num('epsilon') }), scaleByLearningRate(a.learningRate('learning_rate'))]),
  },
  {
    name: 'Ftrl', aliases: ['ftrl'],
    args: {
      learning_rate: num(1e-3), learning_rate_power: num(-0.5), initial_accumulator_value: num(0.1), l1_regularization_strength: num(0),
      l2_regularization_strength: num(0), l2_shrinkage_regularization_strength: num(0), beta: num(0), ...base,
    },
    build: (a) => keras(a, [scaleByFtrl({
      learningRate: a.num('learning_rate'), learningRatePower: a.num('learning_rate_power'), initialAccumulatorValue: a.num('initial_accumulator_value'),
      l1RegularizationStrength: a.num('l1_regularization_strength'), l2RegularizationStrength: a.num('l2_regularization_strength'),
      l2ShrinkageRegularizationStrength: a.num('l2_shrinkage_regularization_strength'), beta: a.num('beta'),
    })]),
  },
  {
    name: 'Lion', aliases: ['lion'],
    args: { learning_rate: rate(1e-3), beta_1: num(0.9), beta_2: num(0.99), ...base },
    build: (a) => keras(a, [scaleByLion({ b1: a.num('beta_1'), b2: a.num('beta_2') }), scaleByLearningRate(a.learningRate('learning_rate'))]),
  },
  {
    name: 'Lamb', aliases: ['lamb'],
    args: { learning_rate: rate(1e-3), beta_1: num(0.9), beta_2: num(0.999), epsilon: num(1e-7), ...base },
    // ε outside the corrected root here (unlike Keras Adam); the ratio reads the decayed p.
    build: (a) => keras(a, [scaleByAdam({ b1: a.num('beta_1'), b2: a.num('beta_2'), eps: a.num('epsilon') }), scaleByTrustRatio(), scaleByLearningRate(a.learningRate('learning_rate'))]),
  },
];
