import { fail } from '../errors/losskit-error.js';
import { type GradientTransformation, chain } from '../optim/transformation.js';
import { scaleByLearningRate } from '../optim/transforms.js';
import { scaleByRssEpsOutside } from '../optim/transforms/framework-variants.js';
import { dampenedTrace, scaleByOnnxAdam } from '../optim/transforms/onnx-training.js';
import { addL2 } from '../optim/transforms/rescaling.js';
import { decayAfterUpdate } from '../optim/transforms/weight-decay-order.js';
import { type OptimizerArgs, type OptimizerPreset, inverseTimeRate, num, oneOfStrings } from './optimizer-preset.js';

// ONNX `ai.onnx.preview.training` opset 1 (onnx/defs/training/defs.cc; docs/research/optimizer-semantics.md §5).
// The operators take the learning rate R and the update count T as inputs: `R` is a number here,
// and `T` the count passed on the first step (default 0, as the operator tests), one more each step.

const inputs = { R: num(), T: num(0) };

function firstT(a: OptimizerArgs): number {
  const t = a.num('T');
  if (!Number.isInteger(t) || t < 0) fail('BAD_PARAM', `T must be an integer ≥ 0, got ${t}`, `${a.where}.T`);
  return t;
}

function coupled(a: OptimizerArgs): GradientTransformation[] {
  const c = a.num('norm_coefficient');
  return c === 0 ? [] : [addL2(c)];
}

/** ONNX's training operators. */
export const ONNX_OPTIMIZERS: readonly OptimizerPreset[] = [
  {
    name: 'Adam',
    args: { ...inputs, alpha: num(0.9), beta: num(0.999), epsilon: num(1e-6), norm_coefficient: num(0), norm_coefficient_post: num(0) },
    build(a) {
      const step = chain(...coupled(a), scaleByOnnxAdam({ alpha: a.num('alpha'), beta: a.num('beta'), epsilon: a.num('epsilon'), firstT: firstT(a) }), scaleByLearningRate(a.num('R')));
      const post = a.num('norm_coefficient_post');
      return post === 0 ? step : decayAfterUpdate(step, post);
    },
    note: 'With T 0 the first step is uncorrected; pass T: 1 for Keras\'s Adam (with epsilon 1e-7).',
  },
  {
    name: 'Adagrad',
    args: { ...inputs, epsilon: num(1e-6), decay_factor: num(0), norm_coefficient: num(0) },
    build: (a) => chain(...coupled(a), scaleByRssEpsOutside({ initialAccumulatorValue: 0, eps: a.num('epsilon') }), scaleByLearningRate(inverseTimeRate(a.num('R'), a.num('decay_factor'), firstT(a)))),
  },
  {
    name: 'Momentum',
    // Every attribute is required by the operator.
    args: { ...inputs, alpha: num(), beta: num(), mode: oneOfStrings(['standard', 'nesterov']), norm_coefficient: num() },
    build: (a) => chain(
      ...coupled(a),
      dampenedTrace({ decay: a.num('alpha'), gradientScale: a.num('beta'), nesterov: a.str('mode') === 'nesterov', firstT: firstT(a) }),
      scaleByLearningRate(a.num('R')),
    ),
  },
];
