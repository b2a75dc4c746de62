import { type GradientTransformation, type LearningRate, optimizers, schedules, transforms } from '@losskit/core';
import { type ParamLayout } from './param-layout.js';
import { plainAdabelief, plainAdamaxW, plainAdamVariant, plainRadam, plainYogi } from './plain-adam-family.js';
import { plainAdafactor, plainLamb, plainLars, plainLookahead, plainMultiSteps, plainNovograd, plainSignSgd } from './plain-layerwise.js';
import { type PlainOptimizer, plainAdagrad, plainAdam, plainAdamax, plainLion, plainRmsprop, plainSgd } from './plain-optimizers.js';
import { plainAdadelta, plainFtrl, plainRmspropFull, plainRprop } from './plain-rms-family.js';

export interface OptimizerCase {
  readonly name: string;
  readonly make: (lr: number) => GradientTransformation;
  /** The same optimizer written out independently (absent for the every-named-optimizer sweep). */
  readonly plain?: (lr: number) => PlainOptimizer;
  /** Learning rates that keep 100 steps stable and far from converged (so every step counts), per objective. */
  readonly lr: Readonly<Record<string, number>>;
  /** How the objective's vector is laid out as parameters (default one vector `w`). */
  readonly layout?: ParamLayout;
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
  { name: 'nadam', make: (lr) => optimizers.nadam({ learningRate: lr }), plain: (lr) => plainAdamVariant(lr, { nesterov: true }), lr: { quadratic: 0.1, rosenbrock: 0.02 } },
  { name: 'nadamw', make: (lr) => optimizers.nadamw({ learningRate: lr, weightDecay: 0.05 }), plain: (lr) => plainAdamVariant(lr, { nesterov: true, weightDecay: 0.05 }), lr: { quadratic: 0.1, rosenbrock: 0.02 } },
  { name: 'amsgrad', make: (lr) => optimizers.amsgrad({ learningRate: lr }), plain: (lr) => plainAdamVariant(lr, { amsgrad: true }), lr: { quadratic: 0.1, rosenbrock: 0.02 } },
  {
    name: "adam epsilonPlacement 'uncorrected' eps 1e-7 (Keras)",
    make: (lr) => optimizers.adam({ learningRate: lr, eps: 1e-7, epsilonPlacement: 'uncorrected' }),
    plain: (lr) => plainAdamVariant(lr, { eps: 1e-7, uncorrected: true }),
    lr: { quadratic: 0.1, rosenbrock: 0.02 },
  },
  {
    name: "adam amsgrad nesterov 'uncorrected'",
    make: (lr) => optimizers.adam({ learningRate: lr, amsgrad: true, nesterov: true, epsilonPlacement: 'uncorrected' }),
    plain: (lr) => plainAdamVariant(lr, { amsgrad: true, nesterov: true, uncorrected: true }),
    lr: { quadratic: 0.1, rosenbrock: 0.02 },
  },
  { name: 'adamaxw', make: (lr) => optimizers.adamaxw({ learningRate: lr, weightDecay: 0.05 }), plain: (lr) => plainAdamaxW(lr, 0.05), lr: { quadratic: 0.1, rosenbrock: 0.02 } },
  // b2 0.99, not 0.999: ρₜ = ρ∞ − 2tβ₂ᵗ/(1 − β₂ᵗ) cancels ~ρ∞ early on, and float32's rounding of
  // β₂ itself moves ρₜ by ~0.03 with ρ∞ = 1999 (a % of the rectifier), ~2e-4 with ρ∞ = 199.
  { name: 'radam b2 0.99', make: (lr) => optimizers.radam({ learningRate: lr, b2: 0.99 }), plain: (lr) => plainRadam(lr, 0.9, 0.99), lr: { quadratic: 0.1, rosenbrock: 0.002 } },
  { name: 'adabelief', make: (lr) => optimizers.adabelief({ learningRate: lr }), plain: (lr) => plainAdabelief(lr), lr: { quadratic: 0.1, rosenbrock: 0.01 } },
  { name: 'yogi', make: (lr) => optimizers.yogi({ learningRate: lr }), plain: (lr) => plainYogi(lr), lr: { quadratic: 0.1, rosenbrock: 0.02 } },
  {
    name: 'rmsprop centered momentum 0.9',
    make: (lr) => optimizers.rmsprop({ learningRate: lr, centered: true, momentum: 0.9 }),
    plain: (lr) => plainRmspropFull(lr, { centered: true, momentum: 0.9 }),
    lr: { quadratic: 0.005, rosenbrock: 5e-4 },
  },
  {
    name: 'rmsprop decay 0.99, eps outside the root (PyTorch)',
    make: (lr) => optimizers.rmsprop({ learningRate: lr, decay: 0.99, epsInSqrt: false }),
    plain: (lr) => plainRmspropFull(lr, { alpha: 0.99, epsInSqrt: false }),
    lr: { quadratic: 0.01, rosenbrock: 0.002 },
  },
  { name: 'sgd momentum 0.9 weightDecay 0.1', make: (lr) => optimizers.sgd({ learningRate: lr, momentum: 0.9, weightDecay: 0.1 }), plain: (lr) => plainSgdL2(lr, 0.9, 0.1), lr: { quadratic: 0.01, rosenbrock: 1e-4 } },
  { name: 'adadelta', make: (lr) => optimizers.adadelta({ learningRate: lr }), plain: (lr) => plainAdadelta(lr), lr: { quadratic: 1, rosenbrock: 1 } },
  // Rprop's moves depend only on gradient signs: at the minimum, a 1-ulp difference between
  // backends flips a sign and the step sizes part ways, so the run is capped to stay short of it.
  {
    name: 'rprop maxStepSize 0.004',
    make: (lr) => optimizers.rprop({ learningRate: lr, maxStepSize: 0.004 }),
    plain: (lr) => plainRprop(lr, 0.5, 1.2, 1e-6, 0.004),
    lr: { quadratic: 0.001, rosenbrock: 0.001 },
  },
  { name: 'ftrl', make: (lr) => optimizers.ftrl({ learningRate: lr }), plain: (lr) => plainFtrl(lr), lr: { quadratic: 0.1, rosenbrock: 0.01 } },
  { name: 'lamb weightDecay 0.01', make: (lr) => optimizers.lamb({ learningRate: lr, weightDecay: 0.01 }), plain: (lr) => plainLamb(lr, 0.01), lr: { quadratic: 0.05, rosenbrock: 0.01 } },
  { name: 'lars', make: (lr) => optimizers.lars({ learningRate: lr }), plain: (lr) => plainLars(lr), lr: { quadratic: 10, rosenbrock: 0.5 } },
  { name: 'novograd', make: (lr) => optimizers.novograd({ learningRate: lr }), plain: (lr) => plainNovograd(lr), lr: { quadratic: 0.01, rosenbrock: 0.002 } },
  { name: 'signSgd', make: (lr) => optimizers.signSgd({ learningRate: lr }), plain: (lr) => plainSignSgd(lr), lr: { quadratic: 0.01, rosenbrock: 0.002 } },
  { name: 'adafactor', make: (lr) => optimizers.adafactor({ learningRate: lr }), plain: (lr) => plainAdafactor(lr), lr: { quadratic: 0.05, rosenbrock: 0.01 } },
  { name: 'muon (a vector: NAdamW)', make: (lr) => optimizers.muon({ learningRate: lr }), plain: (lr) => plainAdamVariant(lr, { nesterov: true }), lr: { quadratic: 0.1, rosenbrock: 0.02 } },
  {
    name: 'multiSteps(adam, everyK 3)',
    make: (lr) => transforms.multiSteps(optimizers.adam({ learningRate: lr }), { everyK: 3 }),
    plain: (lr) => plainMultiSteps(plainAdam(lr), 3),
    lr: { quadratic: 0.1, rosenbrock: 0.02 },
  },
  {
    name: 'lookahead(sgd, syncPeriod 5, slowStepSize 0.5)',
    make: (lr) => transforms.lookahead(optimizers.sgd({ learningRate: lr }), { syncPeriod: 5, slowStepSize: 0.5 }),
    plain: (lr) => plainLookahead(plainSgd(lr), 5, 0.5),
    lr: { quadratic: 0.05, rosenbrock: 5e-4 },
  },
  {
    name: 'applyIfFinite(chain(zeroNans, clip 1, clipByNorm 2, adam))',
    make: (lr) => transforms.applyIfFinite(transforms.chain(transforms.zeroNans(), transforms.clip(1), transforms.clipByNorm(2), optimizers.adam({ learningRate: lr })), 3),
    plain: (lr) => plainClipped(plainAdam(lr), 1, 2),
    lr: { quadratic: 0.1, rosenbrock: 0.005 },
  },
];

/**
 * Every named optimizer in `optimizers`, with a learning rate only: covered automatically, so
 * an optimizer added to core is checked on every backend against the reference.
 */
export function namedOptimizerCases(): OptimizerCase[] {
  return Object.entries(optimizers).map(([name, make]) => ({
    name: `optimizers.${name}`,
    make: (lr: number) => (make as (o: { learningRate: number }) => GradientTransformation)({ learningRate: lr, ...NAMED_OPTIONS[name] }),
    lr: { quadratic: 0.01, rosenbrock: 1e-4 },
  }));
}

/** Options the sweep adds for an optimizer that would otherwise reach the minimum within 100 steps (see the rprop case). */
const NAMED_OPTIONS: Readonly<Record<string, Readonly<Record<string, number>>>> = { rprop: { maxStepSize: 0.004 } };

/** Coupled L2: SGD on g + λw (PyTorch's `weight_decay`). */
function plainSgdL2(lr: number, momentum: number, weightDecay: number): PlainOptimizer {
  return () => {
    const step = plainSgd(lr, momentum)();
    return (w, g) => step(w, g.map((gi, i) => gi + weightDecay * (w[i] as number)));
  };
}

/** Clamps each element to [−maxDelta, maxDelta], then rescales the vector to norm ≤ maxNorm, then steps. */
function plainClipped(inner: PlainOptimizer, maxDelta: number, maxNorm: number): PlainOptimizer {
  return () => {
    const step = inner();
    return (w, g) => {
      const c = g.map((x) => Math.min(Math.max(x, -maxDelta), maxDelta));
      const n = Math.sqrt(c.reduce((s, x) => s + x * x, 0));
      step(w, n < maxNorm ? c : c.map((x) => (x / n) * maxNorm));
    };
  };
}

export interface ConvergenceCase {
  readonly name: keyof typeof optimizers;
  readonly lr: number;
  /** Decay the rate to 0 over the 300 steps (cosine), for methods whose step length does not shrink by itself. */
  readonly anneal?: boolean;
  /** The loss on the quadratic (10 at the start) must fall below this within 300 steps. */
  readonly below: number;
}

/** The learning rate a convergence case runs with. */
export function convergenceRate(c: ConvergenceCase): LearningRate {
  return c.anneal === true ? schedules.cosineDecay({ initValue: c.lr, decaySteps: 300 }) : c.lr;
}

/**
 * Every named optimizer, at a learning rate where it converges on the quadratic. Lion, LARS and LAMB keep
 * a step length set by the rate alone (LARS and LAMB relative to ‖w‖), so they run with an annealed rate.
 */
export const CONVERGENCE_CASES: readonly ConvergenceCase[] = [
  { name: 'sgd', lr: 0.15, below: 1e-3 },
  { name: 'adam', lr: 0.1, below: 1e-3 },
  { name: 'adamw', lr: 0.1, below: 1e-3 },
  { name: 'amsgrad', lr: 0.1, below: 1e-3 },
  { name: 'adamax', lr: 0.1, below: 1e-3 },
  { name: 'adamaxw', lr: 0.1, below: 1e-3 },
  { name: 'nadam', lr: 0.1, below: 1e-3 },
  { name: 'nadamw', lr: 0.1, below: 1e-3 },
  { name: 'radam', lr: 0.3, below: 1e-3 },
  { name: 'rmsprop', lr: 0.03, below: 1e-3 },
  { name: 'adagrad', lr: 1, below: 1e-3 },
  { name: 'adadelta', lr: 5, below: 1e-3 },
  { name: 'rprop', lr: 0.01, below: 1e-3 },
  { name: 'lion', lr: 0.1, anneal: true, below: 1e-3 },
  { name: 'lamb', lr: 0.1, anneal: true, below: 1e-3 },
  { name: 'lars', lr: 10, anneal: true, below: 1e-3 },
  { name: 'adafactor', lr: 0.1, below: 1e-3 },
  { name: 'ftrl', lr: 1, below: 1e-3 },
  { name: 'adabelief', lr: 0.1, below: 1e-3 },
  { name: 'yogi', lr: 0.1, below: 1e-3 },
  { name: 'novograd', lr: 0.003, below: 1e-3 },
  { name: 'signSgd', lr: 0.01, below: 1e-3 },
  { name: 'muon', lr: 0.1, below: 1e-3 },
];
