import { type HostTensor, compat } from '@losskit/core';
import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { createTfjsBackend } from './index.js';

// compat.optimizer('tfjs', name, args) against tf.train's seven optimizers themselves (tfjs cpu,
// float32): both run 100 steps from the same start, each fed the gradient at its own parameters
// (a quadratic with a time-varying pull, so the gradient never settles and every moment
// estimate stays busy), over grids of hyper-parameters. Trajectories must agree at float32
// tolerance at every step.
const STEPS = 100;
const W0 = [1.5, -2, 0.7, 3, -0.4, 0.05];
const CURVATURE = [1, 0.3, 2, 0.05, 0.8, 1.5];

function gradient(w: ArrayLike<number>, step: number): Float32Array {
  return Float32Array.from(W0, (_, i) => (CURVATURE[i] as number) * ((w[i] as number) - 0.5 * i) + 0.6 * Math.sin(1.3 * step + i));
}

type Args = Record<string, number | boolean>;
interface Case {
  readonly name: string;
  readonly grid: readonly Args[];
  readonly make: (a: Args) => tf.Optimizer;
}

/** Every combination of the given values. */
function grid(axes: Record<string, readonly (number | boolean | undefined)[]>): Args[] {
  return Object.entries(axes).reduce<Args[]>((acc, [k, values]) => acc.flatMap((a) => values.map((v) => (v === undefined ? a : { ...a, [k]: v }))), [{}]);
}

const n = (a: Args, k: string): number | undefined => a[k] as number | undefined;
const CASES: readonly Case[] = [
  { name: 'sgd', grid: grid({ learningRate: [0.01, 0.1] }), make: (a) => tf.train.sgd(a['learningRate'] as number) },
  {
    name: 'momentum', grid: grid({ learningRate: [0.01, 0.05], momentum: [0.5, 0.9], useNesterov: [false, true] }),
    make: (a) => tf.train.momentum(a['learningRate'] as number, a['momentum'] as number, a['useNesterov'] as boolean),
  },
  {
    name: 'adagrad', grid: grid({ learningRate: [0.05, 0.2], initialAccumulatorValue: [undefined, 0.5] }),
    make: (a) => tf.train.adagrad(a['learningRate'] as number, n(a, 'initialAccumulatorValue')),
  },
  {
    name: 'adadelta', grid: grid({ learningRate: [0.5, 1], rho: [0.9, 0.95], epsilon: [undefined, 1e-4] }),
    make: (a) => tf.train.adadelta(n(a, 'learningRate'), n(a, 'rho'), n(a, 'epsilon')),
  },
  {
    name: 'adam', grid: grid({ learningRate: [0.01, 0.05], beta1: [0.9, 0.5], beta2: [0.999, 0.9], epsilon: [undefined, 1e-4] }),
    make: (a) => tf.train.adam(n(a, 'learningRate'), n(a, 'beta1'), n(a, 'beta2'), n(a, 'epsilon')),
  },
  {
    name: 'adamax', grid: grid({ learningRate: [0.01, 0.05], beta2: [0.999, 0.9], decay: [undefined, 0.01] }),
    make: (a) => tf.train.adamax(n(a, 'learningRate'), 0.9, n(a, 'beta2'), undefined, n(a, 'decay')),
  },
  {
    name: 'rmsprop', grid: grid({ learningRate: [0.01, 0.03], decay: [0.9, 0.99], momentum: [undefined, 0.9], centered: [false, true] }),
    make: (a) => tf.train.rmsprop(a['learningRate'] as number, n(a, 'decay'), n(a, 'momentum'), undefined, a['centered'] as boolean | undefined),
  },
];

let counter = 0;
/** The largest |tfjs − losskit| / (1 + |tfjs|) over the trajectory. */
async function maxDeviation(c: Case, args: Args): Promise<number> {
  const backend = await createTfjsBackend({ tf, backend: 'cpu' });
  const run = await backend.optimizer(compat.optimizer('tfjs', c.name, args), { w: { dtype: 'float32', shape: [W0.length], data: Float32Array.from(W0) } });
  const name = `compat-optimizer-w${counter++}`;
  const variable = tf.variable(tf.tensor1d(W0, 'float32'), true, name);
  const reference = c.make(args);
  let worst = 0;
  try {
    for (let step = 0; step < STEPS; step++) {
      const ours = (await run.params()).w as HostTensor;
      await run.step({ w: { dtype: 'float32', shape: [W0.length], data: gradient(ours.data, step) } });
      const theirs = variable.dataSync();
      const g = tf.tensor1d(gradient(theirs, step), 'float32');
      reference.applyGradients({ [name]: g });
      g.dispose();
      const a = (await run.params()).w?.data as Float32Array;
      const b = variable.dataSync();
      for (let i = 0; i < b.length; i++) {
        expect(Number.isFinite(b[i]), `tfjs ${c.name} step ${step}`).toBe(true);
        worst = Math.max(worst, Math.abs((a[i] as number) - (b[i] as number)) / (1 + Math.abs(b[i] as number)));
      }
    }
  } finally {
    reference.dispose();
    variable.dispose();
  }
  return worst;
}

describe('compat.optimizer(\'tfjs\', …) ≡ tf.train (tfjs cpu, 100 steps)', () => {
  for (const c of CASES) {
    it(`${c.name} over ${c.grid.length} hyper-parameter settings`, async () => {
      for (const args of c.grid) {
        const worst = await maxDeviation(c, args);
        // float32 rounding only: the worst measured is 7e-7 (Adam, whose βᵗ tfjs keeps as running
        // float32 products where losskit uses pow; docs/research/optimizer-semantics.md §4.5).
        expect(worst, `${c.name} ${JSON.stringify(args)}`).toBeLessThan(5e-6);
      }
    }, 60_000);
  }

  it('the comparison is sharp: Keras\'s centred RMSprop (ε added) drifts from tfjs\'s (ε subtracted)', async () => {
    const keras = compat.optimizer('keras', 'RMSprop', { learning_rate: 0.01, rho: 0.9, epsilon: 1e-4, centered: true });
    const backend = await createTfjsBackend({ tf, backend: 'cpu' });
    const run = await backend.optimizer(keras, { w: { dtype: 'float32', shape: [W0.length], data: Float32Array.from(W0) } });
    const name = `compat-optimizer-w${counter++}`;
    const variable = tf.variable(tf.tensor1d(W0, 'float32'), true, name);
    const reference = tf.train.rmsprop(0.01, 0.9, 0, 1e-4, true);
    for (let step = 0; step < 5; step++) {
      await run.step({ w: { dtype: 'float32', shape: [W0.length], data: gradient(((await run.params()).w as HostTensor).data, step) } });
      const g = tf.tensor1d(gradient(variable.dataSync(), step), 'float32');
      reference.applyGradients({ [name]: g });
      g.dispose();
    }
    const a = (await run.params()).w?.data as Float32Array;
    const gap = Math.max(...Array.from(variable.dataSync(), (b, i) => Math.abs((a[i] as number) - b)));
    reference.dispose();
    variable.dispose();
    // measured 1.3e-2 after 5 steps, far outside the tolerance above
    expect(gap).toBeGreaterThan(1e-3);
  });
});
