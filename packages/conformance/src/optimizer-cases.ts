import { type GradientTransformation, optimizers, schedules, transforms } from '@losskit/core';
import { type PlainOptimizer, plainAdagrad, plainAdam, plainAdamax, plainLion, plainRmsprop, plainSgd } from './plain-optimizers.js';

export interface OptimizerCase {
  readonly name: string;
  readonly make: (lr: number) => GradientTransformation;
  /** The same optimizer written out independently (absent for the every-named-optimizer sweep). */
  readonly plain?: (lr: number) => PlainOptimizer;
  /** Learning rates that keep 100 steps stable and far from converged (so every step counts), per objective. */
  readonly lr: Readonly<Record<string, number>>;
}

const cosine = (lr: number) => ({ initValue: lr, decaySteps: 100, alpha: 0.1 });
/** optax.cosine_decay_schedule, written out: lr·((1 − α)·½(1 + cos(π·min(t, T)/T)) + α). */
const plainCosine = (lr: number) => (t: number): number => lr * ((1 - 0.1) * 0.5 * (1 + Math.cos((Math.PI * Math.min(t, 100)) / 100)) + 0.1);

/** optax.warmup_cosine_decay_schedule, written out: linear 0 → lr over 10 steps, then cosine to lr/10 at step 80. */
const plainWarmupCosine = (lr: number) => (t: number): number =>
  t < 10 ? (lr * t) / 10 : lr * (0.9 * 0.5 * (1 + Math.cos((Math.PI * Math.min(t - 10, 70)) / 70)) + 0.1);

/** lr for 30 steps, then PyTorch CosineAnnealingWarmRestarts(T_0 = 10, T_mult = 2, eta_min = lr/10), written out with a loop. */
const plainJoinedRestarts = (lr: number) => (t: number): number => {
  if (t < 30) return lr;
  let cur = t - 30;
  let period = 10;
  while (cur >= period) {
    cur -= period;
    period *= 2;
  }
  return lr / 10 + ((lr - lr / 10) * (1 + Math.cos((Math.PI * cur) / period))) / 2;
};

/** The optimizers whose trajectories are checked against the reference and against plain float64 code. */
export const OPTIMIZER_CASES: readonly OptimizerCase[] = [
  { name: 'sgd', make: (lr) => optimizers.sgd({ learningRate: lr }), plain: (lr) => plainSgd(lr), lr: { quadratic: 0.05, rosenbrock: 5e-4 } },
  { name: 'sgd momentum 0.9', make: (lr) => optimizers.sgd({ learningRate: lr, momentum: 0.9 }), plain: (lr) => plainSgd(lr, 0.9), lr: { quadratic: 0.01, rosenbrock: 1e-4 } },
  { name: 'sgd nesterov 0.9', make: (lr) => optimizers.sgd({ learningRate: lr, momentum: 0.9, nesterov: true }), plain: (lr) => plainSgd(lr, 0.9, true), lr: { quadratic: 0.01, rosenbrock: 1e-4 } },
  { name: 'adam', make: (lr) => optimizers.adam({ learningRate: lr }), plain: (lr) => plainAdam(lr), lr: { quadratic: 0.1, rosenbrock: 0.02 } },
  {
    name: 'adam b1 0.8 b2 0.99 eps 1e-6',
    make: (lr) => optimizers.adam({ learningRate: lr, b1: 0.8, b2: 0.99, eps: 1e-6 }),
    plain: (lr) => plainAdam(lr, { b1: 0.8, b2: 0.99, eps: 1e-6 }),
    lr: { quadratic: 0.1, rosenbrock: 0.02 },
  },
  {
    name: 'chain(clipByGlobalNorm 1, scaleByAdam, addDecayedWeights 0.01, scaleByLearningRate)',
    make: (lr) => transforms.chain(transforms.clipByGlobalNorm(1), transforms.scaleByAdam(), transforms.addDecayedWeights(0.01), transforms.scaleByLearningRate(lr)),
    plain: (lr) => plainAdam(lr, { weightDecay: 0.01, maxNorm: 1 }),
    lr: { quadratic: 0.1, rosenbrock: 0.005 },
  },
  { name: 'adamw', make: (lr) => optimizers.adamw({ learningRate: lr, weightDecay: 0.05 }), plain: (lr) => plainAdam(lr, { weightDecay: 0.05 }), lr: { quadratic: 0.1, rosenbrock: 0.02 } },
  { name: 'adamax', make: (lr) => optimizers.adamax({ learningRate: lr }), plain: (lr) => plainAdamax(lr), lr: { quadratic: 0.1, rosenbrock: 0.02 } },
  { name: 'rmsprop', make: (lr) => optimizers.rmsprop({ learningRate: lr }), plain: (lr) => plainRmsprop(lr), lr: { quadratic: 0.01, rosenbrock: 0.002 } },
  { name: 'adagrad', make: (lr) => optimizers.adagrad({ learningRate: lr }), plain: (lr) => plainAdagrad(lr), lr: { quadratic: 0.5, rosenbrock: 0.05 } },
  { name: 'lion', make: (lr) => optimizers.lion({ learningRate: lr }), plain: (lr) => plainLion(lr), lr: { quadratic: 0.01, rosenbrock: 0.002 } },
  {
    name: 'adam with a cosine-decay schedule',
    make: (lr) => optimizers.adam({ learningRate: schedules.cosineDecay(cosine(lr)) }),
    plain: (lr) => plainAdam(lr, { schedule: plainCosine(lr) }),
    lr: { quadratic: 0.1, rosenbrock: 0.02 },
  },
  {
    name: 'adam with warmupCosineDecay',
    make: (lr) => optimizers.adam({ learningRate: schedules.warmupCosineDecay({ initValue: 0, peakValue: lr, warmupSteps: 10, decaySteps: 80, endValue: lr / 10 }) }),
    plain: (lr) => plainAdam(lr, { schedule: plainWarmupCosine(lr) }),
    lr: { quadratic: 0.1, rosenbrock: 0.02 },
  },
  {
    name: 'adam with join(constant, cosineWithRestarts)',
    make: (lr) => optimizers.adam({ learningRate: schedules.join([schedules.constant(lr), schedules.cosineWithRestarts({ initValue: lr, firstPeriod: 10, periodMult: 2, minValue: lr / 10 })], [30]) }),
    plain: (lr) => plainAdam(lr, { schedule: plainJoinedRestarts(lr) }),
    lr: { quadratic: 0.1, rosenbrock: 0.02 },
  },
];

/**
 * Every named optimizer in `optimizers`, with a learning rate only: covered automatically, so
 * an optimizer added to core is checked on every backend against the reference.
 */
export function namedOptimizerCases(): OptimizerCase[] {
  return Object.entries(optimizers).map(([name, make]) => ({
    name: `optimizers.${name}`,
    make: (lr: number) => (make as (o: { learningRate: number }) => GradientTransformation)({ learningRate: lr }),
    lr: { quadratic: 0.01, rosenbrock: 1e-4 },
  }));
}
