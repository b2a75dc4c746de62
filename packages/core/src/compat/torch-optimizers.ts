import { fail } from '../errors/losskit-error.js';
import { type GradientTransformation, chain } from '../optim/transformation.js';
import { addDecayedWeights, scale, scaleByAdam, scaleByAdamax, scaleByLearningRate, scaleByRms, trace } from '../optim/transforms.js';
import { scaleByAdadelta } from '../optim/transforms/adaptive.js';
import { scaleByAmsgradRawMax, scaleByRadamEpsUncorrected, scaleByRssEpsOutside } from '../optim/transforms/framework-variants.js';
import { scaleByNadamSchedule } from '../optim/transforms/nadam-schedule.js';
import { dampenedTrace } from '../optim/transforms/onnx-training.js';
import { addL2, scaleByRprop } from '../optim/transforms/rescaling.js';
import { type OptimizerArgs, type OptimizerPreset, bool, inverseTimeRate, num, pair, rate } from './optimizer-preset.js';

// torch.optim (docs pseudo-code and `_single_tensor_*`; docs/research/optimizer-semantics.md §2).
// `maximize` negates the gradient first; `weight_decay` is coupled (g ← g + wd·p) except in AdamW.

const maximize = { maximize: bool(false) };

/** The gradient as PyTorch sees it before the rule: negated for `maximize`, plus wd·p. */
function prelude(a: OptimizerArgs): GradientTransformation[] {
  const wd = a.num('weight_decay');
  return [...(a.bool('maximize') ? [scale(-1)] : []), ...(wd === 0 ? [] : [addL2(wd)])];
}

function adam(a: OptimizerArgs, decoupled: boolean): GradientTransformation {
  const [b1, b2] = a.pair('betas');
  const eps = a.num('eps');
  const rule = a.bool('amsgrad') ? scaleByAmsgradRawMax({ b1, b2, eps }) : scaleByAdam({ b1, b2, eps });
  return withWeightDecay(a, rule, decoupled);
}

/**
 * PyTorch's two weight decays around a rule: coupled (`weight_decay` added to the gradient, in
 * `prelude`) or decoupled (AdamW, `decoupled_weight_decay`): p ← p·(1 − lr·wd) before the step,
 * the same as adding wd·p to the step that lr scales.
 */
function withWeightDecay(a: OptimizerArgs, rule: GradientTransformation, decoupled: boolean): GradientTransformation {
  const lr = a.learningRate('lr');
  if (!decoupled) return chain(...prelude(a), rule, scaleByLearningRate(lr));
  const wd = a.num('weight_decay');
  return chain(...(a.bool('maximize') ? [scale(-1)] : []), rule, ...(wd === 0 ? [] : [addDecayedWeights(wd)]), scaleByLearningRate(lr));
}

const adamArgs = { lr: rate(1e-3), betas: pair([0.9, 0.999]), eps: num(1e-8), amsgrad: bool(false), ...maximize };

/** PyTorch's `torch.optim` classes. */
export const TORCH_OPTIMIZERS: readonly OptimizerPreset[] = [
  {
    name: 'SGD',
    args: { lr: rate(1e-3), momentum: num(0), dampening: num(0), weight_decay: num(0), nesterov: bool(false), ...maximize },
    build(a) {
      const momentum = a.num('momentum');
      const dampening = a.num('dampening');
      const nesterov = a.bool('nesterov');
      if (nesterov && (momentum <= 0 || dampening !== 0)) fail('BAD_PARAM', `Nesterov momentum requires a momentum > 0 and zero dampening, got momentum ${momentum}, dampening ${dampening}`, `${a.where}.nesterov`);
      // The buffer starts as the first gradient, undampened: dampening applies from step 2.
      const momentumPart = momentum === 0 ? [] : [dampening === 0 ? trace({ decay: momentum, nesterov }) : dampenedTrace({ decay: momentum, gradientScale: 1 - dampening })];
      return chain(...prelude(a), ...momentumPart, scaleByLearningRate(a.learningRate('lr')));
    },
  },
  { name: 'Adam', args: { ...adamArgs, weight_decay: num(0), decoupled_weight_decay: bool(false) }, build: (a) => adam(a, a.bool('decoupled_weight_decay')) },
  { name: 'AdamW', args: { ...adamArgs, weight_decay: num(1e-2) }, build: (a) => adam(a, true) },
  {
    name: 'Adamax',
    args: { lr: rate(2e-3), betas: pair([0.9, 0.999]), eps: num(1e-8), weight_decay: num(0), ...maximize },
    build(a) {
      const [b1, b2] = a.pair('betas');
      return chain(...prelude(a), scaleByAdamax({ b1, b2, eps: a.num('eps') }), scaleByLearningRate(a.learningRate('lr')));
    },
  },
  {
    name: 'NAdam',
    args: { lr: rate(2e-3), betas: pair([0.9, 0.999]), eps: num(1e-8), weight_decay: num(0), momentum_decay: num(4e-3), decoupled_weight_decay: bool(false), ...maximize },
    build(a) {
      const [b1, b2] = a.pair('betas');
      return withWeightDecay(a, scaleByNadamSchedule({ b1, b2, eps: a.num('eps'), momentumDecay: a.num('momentum_decay') }), a.bool('decoupled_weight_decay'));
    },
  },
  {
    name: 'RAdam',
    args: { lr: rate(1e-3), betas: pair([0.9, 0.999]), eps: num(1e-8), weight_decay: num(0), decoupled_weight_decay: bool(false), ...maximize },
    build(a) {
      const [b1, b2] = a.pair('betas');
      return withWeightDecay(a, scaleByRadamEpsUncorrected({ b1, b2, eps: a.num('eps') }), a.bool('decoupled_weight_decay'));
    },
  },
  {
    name: 'RMSprop',
    args: { lr: rate(1e-2), alpha: num(0.99), eps: num(1e-8), weight_decay: num(0), momentum: num(0), centered: bool(false), ...maximize },
    build(a) {
      const momentum = a.num('momentum');
      // ε outside the root; momentum buffers g/avg before the learning rate.
      return chain(
        ...prelude(a),
        scaleByRms({ decay: a.num('alpha'), eps: a.num('eps'), epsInSqrt: false, centered: a.bool('centered') }),
        ...(momentum === 0 ? [] : [trace({ decay: momentum })]),
        scaleByLearningRate(a.learningRate('lr')),
      );
    },
  },
  {
    name: 'Adagrad',
    args: { lr: rate(1e-2), lr_decay: num(0), weight_decay: num(0), initial_accumulator_value: num(0), eps: num(1e-10), ...maximize },
    build(a) {
      return chain(
        ...prelude(a),
        scaleByRssEpsOutside({ initialAccumulatorValue: a.num('initial_accumulator_value'), eps: a.num('eps') }),
        scaleByLearningRate(inverseTimeRate(a.learningRate('lr'), a.num('lr_decay'))),
      );
    },
  },
  {
    name: 'Adadelta',
    args: { lr: rate(1), rho: num(0.9), eps: num(1e-6), weight_decay: num(0), ...maximize },
    build: (a) => chain(...prelude(a), scaleByAdadelta({ rho: a.num('rho'), eps: a.num('eps') }), scaleByLearningRate(a.learningRate('lr'))),
  },
  {
    name: 'Rprop',
    args: { lr: num(1e-2), etas: pair([0.5, 1.2]), step_sizes: pair([1e-6, 50]), ...maximize },
    build(a) {
      const [etaMinus, etaPlus] = a.pair('etas');
      const [minStepSize, maxStepSize] = a.pair('step_sizes');
      return chain(...(a.bool('maximize') ? [scale(-1)] : []), scaleByRprop({ learningRate: a.num('lr'), etaMinus, etaPlus, minStepSize, maxStepSize }), scale(-1));
    },
  },
];
