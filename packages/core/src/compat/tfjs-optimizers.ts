import { chain } from '../optim/transformation.js';
import { scaleByAdam, scaleByLearningRate, scaleByRms, scaleByRss, trace } from '../optim/transforms.js';
import { scaleByAdadeltaPreviousAccumulator, scaleByAdamaxEpsOutside, scaleByStddevEpsSubtracted } from '../optim/transforms/framework-variants.js';
import { type OptimizerPreset, bool, inverseTimeRate, num } from './optimizer-preset.js';

// tfjs-core 4.22 `tf.train.*` (tfjs-core/src/optimizers/*.ts; docs/research/optimizer-semantics.md §4).
// Arguments are the factories' positional parameters by name. ε defaults to the float32 backend
// epsilon, 1e-7 (WebGL at float16 uses 1e-4: pass `epsilon: 1e-4` there).
const EPSILON = 1e-7;

/** TensorFlow.js's `tf.train` optimizers. */
export const TFJS_OPTIMIZERS: readonly OptimizerPreset[] = [
  { name: 'sgd', args: { learningRate: num() }, build: (a) => chain(scaleByLearningRate(a.num('learningRate'))) },
  {
    name: 'momentum',
    args: { learningRate: num(), momentum: num(), useNesterov: bool(false) },
    build: (a) => chain(trace({ decay: a.num('momentum'), nesterov: a.bool('useNesterov') }), scaleByLearningRate(a.num('learningRate'))),
  },
  {
    name: 'adagrad',
    args: { learningRate: num(), initialAccumulatorValue: num(0.1) },
    // ε inside the root is the backend epsilon; tfjs offers no argument for it.
    build: (a) => chain(scaleByRss({ initialAccumulatorValue: a.num('initialAccumulatorValue'), eps: EPSILON }), scaleByLearningRate(a.num('learningRate'))),
  },
  {
    name: 'adadelta',
    args: { learningRate: num(1e-3), rho: num(0.95), epsilon: num(EPSILON) },
    build: (a) => chain(scaleByAdadeltaPreviousAccumulator({ rho: a.num('rho'), eps: a.num('epsilon') }), scaleByLearningRate(a.num('learningRate'))),
    note: 'tfjs divides by the previous E[g²], so its Adadelta moves exactly as sgd(learningRate).',
  },
  {
    name: 'adam',
    args: { learningRate: num(1e-3), beta1: num(0.9), beta2: num(0.999), epsilon: num(EPSILON) },
    build: (a) => chain(scaleByAdam({ b1: a.num('beta1'), b2: a.num('beta2'), eps: a.num('epsilon') }), scaleByLearningRate(a.num('learningRate'))),
    note: 'tfjs keeps β₁ᵗ and β₂ᵗ as float32 running products; losskit uses pow, a relative difference of ~1e-6.',
  },
  {
    name: 'adamax',
    args: { learningRate: num(2e-3), beta1: num(0.9), beta2: num(0.999), epsilon: num(EPSILON), decay: num(0) },
    build: (a) => chain(
      scaleByAdamaxEpsOutside({ b1: a.num('beta1'), b2: a.num('beta2'), eps: a.num('epsilon') }),
      scaleByLearningRate(inverseTimeRate(a.num('learningRate'), a.num('decay'))),
    ),
  },
  {
    name: 'rmsprop',
    args: { learningRate: num(), decay: num(0.9), momentum: num(0), epsilon: num(EPSILON), centered: bool(false) },
    build(a) {
      const decay = a.num('decay');
      const eps = a.num('epsilon');
      const momentum = a.num('momentum');
      // The momentum accumulator holds lr·g/√(…): the learning rate comes before it.
      return chain(
        a.bool('centered') ? scaleByStddevEpsSubtracted({ decay, eps }) : scaleByRms({ decay, eps, epsInSqrt: true }),
        scaleByLearningRate(a.num('learningRate')),
        ...(momentum === 0 ? [] : [trace({ decay: momentum })]),
      );
    },
    note: 'Centred, tfjs subtracts ε under the root (√(ν − μ² − ε)); Keras and optax add it.',
  },
];
