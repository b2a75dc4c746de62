import { type GradientTransformation, optimizers, transforms } from '@losskit/core';

/** A problem: its start and its gradient, computed in plain float64 JavaScript. */
export interface Objective {
  readonly name: string;
  readonly start: readonly number[];
  readonly grad: (w: readonly number[]) => number[];
  readonly minimum: readonly number[];
}

const A = [1, 3, 10, 0.5];
const C = [1, -2, 0.5, 3];

export const OBJECTIVES: readonly Objective[] = [
  {
    name: 'quadratic',
    start: [0, 0, 0, 0],
    // f(w) = ½ Σ a_i (w_i − c_i)², an ill-conditioned bowl
    grad: (w) => w.map((v, i) => (A[i] as number) * (v - (C[i] as number))),
    minimum: C,
  },
  {
    name: 'rosenbrock',
    start: [-1.2, 1],
    // f(x, y) = (1 − x)² + 100 (y − x²)²
    grad: ([x = 0, y = 0]) => [-2 * (1 - x) - 400 * x * (y - x * x), 200 * (y - x * x)],
    minimum: [1, 1],
  },
];

/** An optimizer step written out independently, in float64, from PyTorch's documented update rules. */
export type PlainOptimizer = () => (w: number[], g: readonly number[]) => void;

export interface OptimizerCase {
  readonly name: string;
  readonly make: (lr: number) => GradientTransformation;
  readonly plain?: (lr: number) => PlainOptimizer;
  /** Learning rates that keep 100 steps stable on each objective. */
  readonly lr: Readonly<Record<string, number>>;
}

const sgdPlain = (lr: number, momentum = 0, nesterov = false): PlainOptimizer => () => {
  let buf: number[] | undefined;
  return (w, g) => {
    // torch.optim.SGD: buf = momentum·buf + g (buf = g at the first step); nesterov uses g + momentum·buf
    buf = buf === undefined ? [...g] : buf.map((b, i) => momentum * b + (g[i] as number));
    const step = nesterov ? g.map((gi, i) => gi + momentum * (buf as number[])[i]!) : momentum === 0 ? [...g] : buf;
    for (let i = 0; i < w.length; i++) w[i] = (w[i] as number) - lr * (step[i] as number);
  };
};

const adamPlain = (lr: number, b1 = 0.9, b2 = 0.999, eps = 1e-8, decay = 0, clip = Infinity): PlainOptimizer => () => {
  let m: number[] | undefined;
  let v: number[] | undefined;
  let t = 0;
  return (w, raw) => {
    // optional global-norm clipping first (torch.nn.utils.clip_grad_norm_ without its 1e-6)
    const norm = Math.sqrt(raw.reduce((s, x) => s + x * x, 0));
    const g = norm < clip ? [...raw] : raw.map((x) => (x / norm) * clip);
    t += 1;
    m = (m ?? g.map(() => 0)).map((mi, i) => b1 * mi + (1 - b1) * (g[i] as number));
    v = (v ?? g.map(() => 0)).map((vi, i) => b2 * vi + (1 - b2) * (g[i] as number) ** 2);
    for (let i = 0; i < w.length; i++) {
      const mHat = (m[i] as number) / (1 - b1 ** t);
      const vHat = (v[i] as number) / (1 - b2 ** t);
      // decoupled weight decay added to the Adam direction, as optax's adamw chain
      w[i] = (w[i] as number) - lr * (mHat / (Math.sqrt(vHat) + eps) + decay * (w[i] as number));
    }
  };
};

export const OPTIMIZER_CASES: readonly OptimizerCase[] = [
  { name: 'sgd', make: (lr) => optimizers.sgd({ learningRate: lr }), plain: (lr) => sgdPlain(lr), lr: { quadratic: 0.05, rosenbrock: 5e-4 } },
  { name: 'sgd momentum 0.9', make: (lr) => optimizers.sgd({ learningRate: lr, momentum: 0.9 }), plain: (lr) => sgdPlain(lr, 0.9), lr: { quadratic: 0.01, rosenbrock: 1e-4 } },
  { name: 'sgd nesterov 0.9', make: (lr) => optimizers.sgd({ learningRate: lr, momentum: 0.9, nesterov: true }), plain: (lr) => sgdPlain(lr, 0.9, true), lr: { quadratic: 0.01, rosenbrock: 1e-4 } },
  { name: 'adam', make: (lr) => optimizers.adam({ learningRate: lr }), plain: (lr) => adamPlain(lr), lr: { quadratic: 0.1, rosenbrock: 0.02 } },
  {
    name: 'chain(clipByGlobalNorm, scaleByAdam, addDecayedWeights, scaleByLearningRate)',
    make: (lr) => transforms.chain(transforms.clipByGlobalNorm(1), transforms.scaleByAdam(), transforms.addDecayedWeights(0.01), transforms.scaleByLearningRate(lr)),
    plain: (lr) => adamPlain(lr, 0.9, 0.999, 1e-8, 0.01, 1),
    lr: { quadratic: 0.1, rosenbrock: 0.005 },
  },
];

/**
 * Every named optimizer in `optimizers`, with a learning rate only: covered automatically, so
 * an optimizer added to core is proved on every backend against the reference.
 */
export function namedOptimizerCases(): OptimizerCase[] {
  return Object.entries(optimizers).map(([name, make]) => ({
    name: `optimizers.${name}`,
    make: (lr: number) => (make as (o: { learningRate: number }) => GradientTransformation)({ learningRate: lr }),
    lr: { quadratic: 0.01, rosenbrock: 1e-4 },
  }));
}
