import { adabelief, adam, adamax, adamw, amsgrad, nadam, nadamw, radam, sgd, yogi } from '../optim/aliases.js';
import { lamb, lars, lion, novograd, signSgd } from '../optim/aliases-layerwise.js';
import { adadelta, adagrad, rmsprop } from '../optim/aliases-rms.js';
import type { GradientTransformation } from '../optim/transformation.js';
import { type OptimizerArgs, type OptimizerPreset, bool, num, rate } from './optimizer-preset.js';

// optax's aliases (optax/_src/alias.py; docs/research/optimizer-semantics.md §6): losskit's
// optimizers are optax's chains, so each preset maps the arguments onto the matching alias.
// `learning_rate` is required, as in optax (a number or a schedule of the step count).

const lr = { learning_rate: rate() };
const adamArgs = { ...lr, b1: num(0.9), b2: num(0.999), eps: num(1e-8), eps_root: num(0) };
const adamOptions = (a: OptimizerArgs) => ({ learningRate: a.learningRate('learning_rate'), b1: a.num('b1'), b2: a.num('b2'), eps: a.num('eps'), epsRoot: a.num('eps_root') });

/** optax's optimizer aliases. */
export const OPTAX_OPTIMIZERS: readonly OptimizerPreset[] = [
  {
    name: 'sgd', args: { ...lr, momentum: num(null), nesterov: bool(false) },
    build: (a) => sgd({ learningRate: a.learningRate('learning_rate'), momentum: a.numOrNull('momentum') ?? 0, nesterov: a.bool('nesterov') }),
  },
  { name: 'adam', args: { ...adamArgs, nesterov: bool(false) }, build: (a) => adam({ ...adamOptions(a), nesterov: a.bool('nesterov') }) },
  { name: 'adamw', args: { ...adamArgs, weight_decay: num(1e-4), nesterov: bool(false) }, build: (a) => adamw({ ...adamOptions(a), weightDecay: a.num('weight_decay'), nesterov: a.bool('nesterov') }) },
  { name: 'nadam', args: adamArgs, build: (a) => nadam(adamOptions(a)) },
  { name: 'nadamw', args: { ...adamArgs, weight_decay: num(1e-4) }, build: (a) => nadamw({ ...adamOptions(a), weightDecay: a.num('weight_decay') }) },
  { name: 'amsgrad', args: adamArgs, build: (a) => amsgrad(adamOptions(a)) },
  {
    name: 'adamax', args: { ...lr, b1: num(0.9), b2: num(0.999), eps: num(1e-8) },
    build: (a) => adamax({ learningRate: a.learningRate('learning_rate'), b1: a.num('b1'), b2: a.num('b2'), eps: a.num('eps') }),
  },
  {
    name: 'radam', args: { ...adamArgs, threshold: num(5), nesterov: bool(false) },
    build: (a) => radam({ ...adamOptions(a), threshold: a.num('threshold'), nesterov: a.bool('nesterov') }),
  },
  {
    name: 'adabelief', args: { ...lr, b1: num(0.9), b2: num(0.999), eps: num(1e-16), eps_root: num(1e-16), weight_decay: num(null), nesterov: bool(false) },
    build: (a) => adabelief({ ...adamOptions(a), weightDecay: a.numOrNull('weight_decay') ?? 0, nesterov: a.bool('nesterov') }),
  },
  {
    name: 'yogi', args: { ...lr, b1: num(0.9), b2: num(0.999), eps: num(1e-3) },
    build: (a) => yogi({ learningRate: a.learningRate('learning_rate'), b1: a.num('b1'), b2: a.num('b2'), eps: a.num('eps') }),
  },
  {
    name: 'rmsprop',
    args: { ...lr, decay: num(0.9), eps: num(1e-8), initial_scale: num(0), eps_in_sqrt: bool(true), centered: bool(false), momentum: num(null), nesterov: bool(false), bias_correction: bool(false) },
    build: (a): GradientTransformation => rmsprop({
      learningRate: a.learningRate('learning_rate'), decay: a.num('decay'), eps: a.num('eps'), initialScale: a.num('initial_scale'), epsInSqrt: a.bool('eps_in_sqrt'),
      centered: a.bool('centered'), momentum: a.numOrNull('momentum') ?? 0, nesterov: a.bool('nesterov'), biasCorrection: a.bool('bias_correction'),
    }),
  },
  {
    name: 'adagrad', args: { ...lr, initial_accumulator_value: num(0.1), eps: num(1e-7) },
    build: (a) => adagrad({ learningRate: a.learningRate('learning_rate'), initialAccumulatorValue: a.num('initial_accumulator_value'), eps: a.num('eps') }),
  },
  {
    // optax's default learning_rate=None skips the sign flip, so updates ascend: required here.
    name: 'adadelta', args: { ...lr, rho: num(0.9), eps: num(1e-6), weight_decay: num(0) },
    build: (a) => adadelta({ learningRate: a.learningRate('learning_rate'), rho: a.num('rho'), eps: a.num('eps'), weightDecay: a.num('weight_decay') }),
    note: 'learning_rate is required: optax\'s default None leaves the updates un-negated (ascent).',
  },
  {
    name: 'lion', args: { ...lr, b1: num(0.9), b2: num(0.99), weight_decay: num(1e-3) },
    build: (a) => lion({ learningRate: a.learningRate('learning_rate'), b1: a.num('b1'), b2: a.num('b2'), weightDecay: a.num('weight_decay') }),
  },
  {
    name: 'lamb', args: { ...lr, b1: num(0.9), b2: num(0.999), eps: num(1e-6), eps_root: num(0), weight_decay: num(0) },
    build: (a) => lamb({ ...adamOptions(a), weightDecay: a.num('weight_decay') }),
  },
  {
    name: 'lars', args: { ...lr, weight_decay: num(0), trust_coefficient: num(1e-3), eps: num(0), momentum: num(0.9), nesterov: bool(false) },
    build: (a) => lars({
      learningRate: a.learningRate('learning_rate'), weightDecay: a.num('weight_decay'), trustCoefficient: a.num('trust_coefficient'),
      eps: a.num('eps'), momentum: a.num('momentum'), nesterov: a.bool('nesterov'),
    }),
  },
  {
    name: 'novograd', args: { ...lr, b1: num(0.9), b2: num(0.25), eps: num(1e-6), eps_root: num(0), weight_decay: num(0) },
    build: (a) => novograd({ ...adamOptions(a), weightDecay: a.num('weight_decay') }),
  },
  { name: 'sign_sgd', args: lr, build: (a) => signSgd({ learningRate: a.learningRate('learning_rate') }) },
];
