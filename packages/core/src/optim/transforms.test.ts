import { beforeAll, describe, expect, it } from 'vitest';
import type { Backend } from '../backend/backend.js';
import { createReferenceBackend } from '../reference/reference-backend.js';
import { constantSchedule, cosineDecay, exponentialDecay } from '../schedules/schedule.js';
import type { HostTensor } from '../tensor/host-tensor.js';
import { adam, sgd } from './aliases.js';
import { type GradientTransformation, chain } from './transformation.js';
import { addDecayedWeights, clipByGlobalNorm, scale, scaleByAdam, scaleByLearningRate, scaleBySchedule, trace } from './transforms.js';
import { codeOf } from '../__test__/helpers.js';

let backend: Backend<HostTensor>;
beforeAll(async () => {
  backend = await createReferenceBackend();
});

// ---------------------------------------------------------------------------------------------
// The harness: two parameters, gradients of a fixed quadratic plus a seeded wobble (so they
// depend on where the trajectory is), 20 steps, against an independent plain-JS optimizer.
// ---------------------------------------------------------------------------------------------

type Params = Record<string, number[]>;
const clone = (p: Params): Params => Object.fromEntries(Object.entries(p).map(([k, v]) => [k, [...v]]));
const SHAPES: Record<string, number[]> = { w: [2, 2], b: [3] };
const INIT: Params = { w: [0.5, -1.5, 2, 0.1], b: [1, -0.25, 3] };
const STEPS = 20;

function gradAt(params: Params, step: number): Params {
  const out: Params = {};
  for (const [k, v] of Object.entries(params)) {
    out[k] = v.map((x, i) => 2 * (x - 0.3 * (i + 1)) + Math.sin(step * 1.7 + i * 0.9 + k.length));
  }
  return out;
}

/** A plain-JS optimizer: one step from the gradients (0-based step count) to new params. */
type Reference = (params: Params, grads: Params, step: number) => Params;

async function compare(tx: GradientTransformation, reference: Reference, digits = 12): Promise<void> {
  const run = await backend.optimizer(tx, Object.fromEntries(Object.entries(INIT).map(([k, v]) => [k, { shape: SHAPES[k] as number[], data: v }])));
  let expected: Params = clone(INIT);
  for (let step = 0; step < STEPS; step++) {
    const g = gradAt(expected, step);
    await run.step(Object.fromEntries(Object.entries(g).map(([k, v]) => [k, { shape: SHAPES[k] as number[], data: v }])));
    expected = reference(expected, g, step);
    const actual = await run.params();
    for (const [k, want] of Object.entries(expected)) {
      const got = Array.from((actual[k] as HostTensor).data);
      want.forEach((w, i) => {
        if (!(Math.abs((got[i] as number) - w) <= 10 ** -digits * Math.max(1, Math.abs(w)))) {
          expect.fail(`step ${step + 1}: ${k}[${i}] = ${got[i]}, expected ${w}`);
        }
      });
    }
  }
}

const mapParams = (p: Params, fn: (x: number, k: string, i: number) => number): Params =>
  Object.fromEntries(Object.entries(p).map(([k, v]) => [k, v.map((x, i) => fn(x, k, i))]));
const at = (p: Params, k: string, i: number): number => (p[k] as number[])[i] as number;

/** PyTorch SGD (dampening 0): buf ← μ·buf + g (buf = g at the first step); Nesterov uses g + μ·buf. */
function torchSgd(lr: number, momentum = 0, nesterov = false): Reference {
  let buf: Params | undefined;
  return (p, g) => {
    if (momentum === 0) return mapParams(p, (x, k, i) => x - lr * at(g, k, i));
    buf = buf === undefined ? clone(g) : mapParams(buf, (b, k, i) => momentum * b + at(g, k, i));
    const b = buf;
    return mapParams(p, (x, k, i) => x - lr * (nesterov ? at(g, k, i) + momentum * at(b, k, i) : at(b, k, i)));
  };
}

/** optax.scale_by_adam / torch.optim.Adam, with ε outside the root and εroot inside. */
function referenceAdam(lr: number | ((step: number) => number), b1 = 0.9, b2 = 0.999, eps = 1e-8, epsRoot = 0, weightDecay = 0): Reference {
  let m: Params | undefined;
  let v: Params | undefined;
  return (p, g, step) => {
    const t = step + 1;
    const m0 = m;
    const v0 = v;
    m = mapParams(g, (gi, k, i) => b1 * (m0 === undefined ? 0 : at(m0, k, i)) + (1 - b1) * gi);
    v = mapParams(g, (gi, k, i) => b2 * (v0 === undefined ? 0 : at(v0, k, i)) + (1 - b2) * gi * gi);
    const rate = typeof lr === 'number' ? lr : lr(step);
    const mm = m;
    const vv = v;
    return mapParams(p, (x, k, i) => {
      const mHat = at(mm, k, i) / (1 - b1 ** t);
      const vHat = at(vv, k, i) / (1 - b2 ** t);
      return x - rate * (mHat / (Math.sqrt(vHat + epsRoot) + eps) + weightDecay * x);
    });
  };
}

describe('optimizers over 20 steps against plain JS', () => {
  it('sgd', () => compare(sgd({ learningRate: 0.05 }), torchSgd(0.05)));
  it('sgd with momentum (PyTorch heavy ball)', () => compare(sgd({ learningRate: 0.05, momentum: 0.9 }), torchSgd(0.05, 0.9)));
  it('sgd with Nesterov momentum', () => compare(sgd({ learningRate: 0.05, momentum: 0.9, nesterov: true }), torchSgd(0.05, 0.9, true)));
  it('adam with the defaults', () => compare(adam(), referenceAdam(1e-3)));
  it('adam with lr 0.1, b1 0.8, b2 0.99, eps 1e-6', () => compare(adam({ learningRate: 0.1, b1: 0.8, b2: 0.99, eps: 1e-6 }), referenceAdam(0.1, 0.8, 0.99, 1e-6)));
  it('adam with epsRoot', () => compare(adam({ learningRate: 0.1, eps: 0, epsRoot: 1e-4 }), referenceAdam(0.1, 0.9, 0.999, 0, 1e-4)));
  it('adam with a cosine-decay learning rate', () =>
    compare(adam({ learningRate: cosineDecay({ initValue: 0.1, decaySteps: 10, alpha: 0.1 }) }), referenceAdam((s) => 0.1 * (0.9 * 0.5 * (1 + Math.cos((Math.PI * Math.min(s, 10)) / 10)) + 0.1))));
  it('adamw as chain(scaleByAdam, addDecayedWeights, scaleByLearningRate) (optax.adamw)', () =>
    compare(chain(scaleByAdam(), addDecayedWeights(0.01), scaleByLearningRate(0.1)), referenceAdam(0.1, 0.9, 0.999, 1e-8, 0, 0.01)));
});

describe('building blocks over 20 steps against plain JS', () => {
  it('scale', () => compare(chain(scale(-0.1)), (p, g) => mapParams(p, (x, k, i) => x - 0.1 * at(g, k, i))));

  it('scaleByLearningRate with a number and with flipSign false', async () => {
    await compare(scaleByLearningRate(0.2), (p, g) => mapParams(p, (x, k, i) => x - 0.2 * at(g, k, i)));
    await compare(scaleByLearningRate(0.2, { flipSign: false }), (p, g) => mapParams(p, (x, k, i) => x + 0.2 * at(g, k, i)));
  });

  it('clipByGlobalNorm then sgd: one norm over every parameter', () => {
    const maxNorm = 2;
    return compare(chain(clipByGlobalNorm(maxNorm), scaleByLearningRate(0.1)), (p, g) => {
      const norm = Math.sqrt(Object.values(g).flat().reduce((s, x) => s + x * x, 0));
      const f = norm < maxNorm ? 1 : maxNorm / norm;
      return mapParams(p, (x, k, i) => x - 0.1 * at(g, k, i) * f);
    });
  });

  it('clipByGlobalNorm leaves gradients below the norm alone', () =>
    compare(chain(clipByGlobalNorm(1e6), scale(-0.1)), (p, g) => mapParams(p, (x, k, i) => x - 0.1 * at(g, k, i))));

  it('addDecayedWeights then sgd: g + λ·w', () =>
    compare(chain(addDecayedWeights(0.3), scaleByLearningRate(0.1)), (p, g) => mapParams(p, (x, k, i) => x - 0.1 * (at(g, k, i) + 0.3 * x))));

  it('trace with decay 0.5 as a transform of its own', () =>
    compare(chain(trace({ decay: 0.5 }), scale(-0.1)), torchSgd(0.1, 0.5)));

  const scheduleCases: [string, Parameters<typeof scaleBySchedule>[0], (step: number) => number][] = [
    ['constant', constantSchedule(-0.2), () => -0.2],
    ['exponentialDecay', exponentialDecay({ initValue: -0.5, decayRate: 0.8, transitionSteps: 3 }), (s) => -0.5 * 0.8 ** (s / 3)],
    ['exponentialDecay with staircase', exponentialDecay({ initValue: -0.5, decayRate: 0.8, transitionSteps: 3, staircase: true }), (s) => -0.5 * 0.8 ** Math.floor(s / 3)],
    ['cosineDecay', cosineDecay({ initValue: -0.3, decaySteps: 12 }), (s) => -0.3 * 0.5 * (1 + Math.cos((Math.PI * Math.min(s, 12)) / 12))],
    ['cosineDecay with alpha', cosineDecay({ initValue: -0.3, decaySteps: 12, alpha: 0.2 }), (s) => -0.3 * (0.8 * 0.5 * (1 + Math.cos((Math.PI * Math.min(s, 12)) / 12)) + 0.2)],
  ];
  it.each(scheduleCases)('scaleBySchedule with %s (step count from 0)', (_, schedule, js) =>
    compare(chain(scaleBySchedule(schedule)), (p, g, step) => mapParams(p, (x, k, i) => x + js(step) * at(g, k, i))));

  it('sgd with a schedule as its learning rate', () =>
    compare(sgd({ learningRate: exponentialDecay({ initValue: 0.1, decayRate: 0.5, transitionSteps: 5, staircase: true }) }), (p, g, step) =>
      mapParams(p, (x, k, i) => x - 0.1 * 0.5 ** Math.floor(step / 5) * at(g, k, i))));
});

describe('hyper-parameter checks', () => {
  it.each([
    ['scale(NaN)', () => scale(Number.NaN)],
    ['scale(Infinity)', () => scale(Infinity)],
    ['a negative learning rate', () => scaleByLearningRate(-0.1)],
    ['a NaN learning rate', () => sgd({ learningRate: Number.NaN })],
    ['b1 = 1', () => scaleByAdam({ b1: 1 })],
    ['b2 < 0', () => adam({ b2: -0.1 })],
    ['eps < 0', () => adam({ eps: -1e-8 })],
    ['epsRoot < 0', () => adam({ epsRoot: -1 })],
    ['momentum > 1', () => sgd({ learningRate: 0.1, momentum: 1.5 })],
    ['momentum < 0', () => trace({ decay: -0.1 })],
    ['maxNorm 0', () => clipByGlobalNorm(0)],
    ['maxNorm Infinity', () => clipByGlobalNorm(Infinity)],
    ['negative weight decay', () => addDecayedWeights(-0.01)],
    ['exponentialDecay rate 0', () => exponentialDecay({ initValue: 1, decayRate: 0, transitionSteps: 1 })],
    ['exponentialDecay transitionSteps 0', () => exponentialDecay({ initValue: 1, decayRate: 0.5, transitionSteps: 0 })],
    ['cosineDecay decaySteps -1', () => cosineDecay({ initValue: 1, decaySteps: -1 })],
    ['constant NaN', () => constantSchedule(Number.NaN)],
    ['exponentialDecay initValue NaN', () => exponentialDecay({ initValue: Number.NaN, decayRate: 0.5, transitionSteps: 1 })],
    ['cosineDecay initValue Infinity', () => cosineDecay({ initValue: Infinity, decaySteps: 10 })],
    ['cosineDecay alpha NaN', () => cosineDecay({ initValue: 1, decaySteps: 10, alpha: Number.NaN })],
  ])('raise BAD_PARAM for %s', (_, make) => {
    expect(codeOf(make)).toBe('BAD_PARAM');
  });
});
