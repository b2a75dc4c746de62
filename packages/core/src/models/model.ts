import { fail } from '../errors/losskit-error.js';
import type { Value } from '../graph/node.js';
import { add, erf, matmul, mul, relu, sigmoid, tanh } from '../graph/ops.js';
import type { FloatDType, HostTensor } from '../tensor/host-tensor.js';
import { type Initializer, initWeights, seededRandom } from './initializers.js';

/** What a model's outputs are, so `train` can pick metrics and shape the targets. */
export type ModelTask = 'regression' | 'binary' | 'multiclass';

/**
 * A model is a program over its parameters: `forward` is traced with symbolic parameters and
 * inputs, so its gradient comes from the autodiff and it runs on every backend.
 */
export interface Model {
  readonly name: string;
  readonly task: ModelTask;
  readonly inputs: number;
  readonly outputs: number;
  /** Fresh parameters, seeded. Weight matrices are named `w0`, `w1`, ...; biases `b0`, `b1`, .... */
  init(options?: { readonly seed?: number; readonly dtype?: FloatDType }): Record<string, HostTensor>;
  /** Predictions [batch, outputs] (logits for classifiers) from features [batch, inputs]. */
  forward(params: Readonly<Record<string, Value>>, x: Value): Value;
}

export type Activation = 'relu' | 'tanh' | 'sigmoid' | 'gelu' | 'geluTanh';

function positiveInt(x: number, where: string): void {
  if (!Number.isInteger(x) || x < 1) fail('BAD_PARAM', `must be a positive integer, got ${x}`, where);
}

/**
 * GELU, exact: x·Φ(x) = ½x(1 + erf(x/√2)), as PyTorch's `nn.GELU()` (default
 * `approximate='none'`), Keras `gelu(approximate=False)` (default) and `tf.nn.gelu` (default).
 */
function gelu(x: Value): Value {
  return mul(mul(x, 0.5), add(erf(mul(x, Math.SQRT1_2)), 1));
}

/**
 * GELU, tanh approximation: ½x(1 + tanh(√(2/π)(x + 0.044715x³))), as PyTorch's
 * `GELU(approximate='tanh')`, Keras `gelu(approximate=True)` and `jax.nn.gelu` (default); within
 * 5e-4 of the exact form everywhere (Hendrycks & Gimpel, 2016).
 */
function geluTanh(x: Value): Value {
  const inner = mul(add(x, mul(mul(mul(x, x), x), 0.044715)), Math.sqrt(2 / Math.PI));
  return mul(mul(x, 0.5), add(tanh(inner), 1));
}

const ACTIVATIONS: Record<Activation, (x: Value) => Value> = { relu, tanh, sigmoid, gelu, geluTanh };

function dense(layers: readonly number[], activation: Activation | null, name: string, task: ModelTask, initializer?: Initializer): Model {
  const init: Initializer = initializer ?? (activation === 'relu' || activation === 'gelu' || activation === 'geluTanh' ? 'heUniform' : 'glorotUniform');
  return {
    name,
    task,
    inputs: layers[0] as number,
    outputs: layers[layers.length - 1] as number,
    init({ seed = 0, dtype = 'float64' } = {}) {
      if (!Number.isInteger(seed)) fail('BAD_PARAM', `a seed is an integer, got ${seed}`, `${name}.init.seed`);
      const random = seededRandom(seed);
      const params: Record<string, HostTensor> = {};
      for (let i = 0; i + 1 < layers.length; i++) {
        const last = i + 2 === layers.length;
        params[`w${i}`] = initWeights(last && activation !== null ? 'glorotUniform' : init, [layers[i] as number, layers[i + 1] as number], random, dtype);
        params[`b${i}`] = initWeights('zeros', [layers[i + 1] as number], random, dtype);
      }
      return params;
    },
    forward(params, x) {
      let h = x;
      for (let i = 0; i + 1 < layers.length; i++) {
        const w = params[`w${i}`];
        const b = params[`b${i}`];
        if (w === undefined || b === undefined) fail('BAD_STATE', `model ${name} needs parameters w${i} and b${i}`, name);
        h = add(matmul(h, w), b);
        if (activation !== null && i + 2 < layers.length) h = ACTIVATIONS[activation](h);
      }
      return h;
    },
  };
}

/** Linear regression: x·W + b, `outputs` values per sample. Pair with MSE, MAE, Huber. */
export function linear(o: { readonly inputs: number; readonly outputs?: number }): Model {
  positiveInt(o.inputs, 'linear.inputs');
  positiveInt(o.outputs ?? 1, 'linear.outputs');
  return dense([o.inputs, o.outputs ?? 1], null, 'linear', 'regression');
}

/** Logistic regression: one logit per sample. Pair with `binaryCrossEntropy({ fromLogits: true })`. */
export function logistic(o: { readonly inputs: number }): Model {
  positiveInt(o.inputs, 'logistic.inputs');
  return dense([o.inputs, 1], null, 'logistic', 'binary');
}

/** Softmax regression: one logit per class. Pair with `sparseCategoricalCrossEntropy({ fromLogits: true })`. */
export function softmaxRegression(o: { readonly inputs: number; readonly classes: number }): Model {
  positiveInt(o.inputs, 'softmax.inputs');
  if (!Number.isInteger(o.classes) || o.classes < 2) fail('BAD_PARAM', `must be an integer ≥ 2, got ${o.classes}`, 'softmax.classes');
  return dense([o.inputs, o.classes], null, 'softmax', 'multiclass');
}

/**
 * A multi-layer perceptron: dense layers of the `hidden` sizes with `activation` between them,
 * He initialisation for relu and the gelus, Glorot otherwise. `task` says what the outputs mean.
 */
export function mlp(o: {
  readonly inputs: number;
  readonly hidden: readonly number[];
  readonly outputs: number;
  readonly activation?: Activation;
  readonly task?: ModelTask;
  /** The hidden layers' initialiser (default: He uniform for relu, gelu and geluTanh, Glorot uniform otherwise); the output layer is Glorot uniform. */
  readonly initializer?: 'glorotUniform' | 'heUniform';
}): Model {
  positiveInt(o.inputs, 'mlp.inputs');
  positiveInt(o.outputs, 'mlp.outputs');
  o.hidden.forEach((h, i) => positiveInt(h, `mlp.hidden[${i}]`));
  const activation = o.activation ?? 'relu';
  if (!(activation in ACTIVATIONS)) fail('BAD_PARAM', `expected one of ${Object.keys(ACTIVATIONS).join(', ')}, got '${activation}'`, 'mlp.activation');
  const task = o.task ?? (o.outputs === 1 ? 'regression' : 'multiclass');
  if (o.initializer !== undefined && o.initializer !== 'glorotUniform' && o.initializer !== 'heUniform') {
    fail('BAD_PARAM', `expected 'glorotUniform' or 'heUniform', got '${String(o.initializer)}'`, 'mlp.initializer');
  }
  return dense([o.inputs, ...o.hidden, o.outputs], activation, `mlp:${o.hidden.join(',')}`, task, o.initializer);
}

/** Model constructors keyed by name, so they can be listed. */
export const models = { linear, logistic, softmax: softmaxRegression, mlp } as const;
