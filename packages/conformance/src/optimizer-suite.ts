import {
  type Backend, type FloatDType, type GradientTransformation, type HostTensor, type LearningRate, type OptimizerRun,
  deserializeCheckpoint, optimizers, reduceOnPlateau, schedules, serializeCheckpoint, transforms,
} from '@losskit/core';
import { check, checkEqual, errorCode, expectTensorClose } from './assertions.js';
import { OBJECTIVES, type Objective } from './objectives.js';
import { CONVERGENCE_CASES, OPTIMIZER_CASES, convergenceRate, namedOptimizerCases } from './optimizer-cases.js';
import { VECTOR, type ParamLayout, type ParamSlot, fromParams, toParams } from './param-layout.js';
import { plainAdam, plainTrajectory } from './plain-optimizers.js';
import { floatTensor, intTensor } from './random.js';
import { DTYPES, type SuiteContext, testIn, testName } from './suite-context.js';
import { TOLERANCES } from './tolerances.js';
import { TRANSFORM_CASES } from './transform-cases.js';

const STEPS = 100;
/** A trajectory reads the parameters back every step: generous for backends with costly transfers. */
const TIMEOUT_MS = 30_000;

/**
 * One step: the gradient at the run's current parameters, computed in plain JavaScript, and the
 * loss there for a transformation that reads it (`needsValue`, as reduceOnPlateau).
 */
async function stepOn(run: OptimizerRun, objective: Objective, dtype: FloatDType, layout: readonly ParamSlot[] = VECTOR(objective.start.length), needsValue = false): Promise<void> {
  const w = fromParams(layout, await run.params());
  await run.step(toParams(layout, dtype, objective.grad(w)), needsValue ? { value: objective.loss(w) } : {});
}

/** The parameters after `steps` steps, flattened in the layout's order. */
async function trajectory(backend: Backend<unknown>, tx: GradientTransformation, objective: Objective, dtype: FloatDType, steps: number, layout: ParamLayout = VECTOR): Promise<HostTensor> {
  const slots = layout(objective.start.length);
  const run = await backend.optimizer(tx, toParams(slots, dtype, objective.start));
  for (let s = 0; s < steps; s++) await stepOn(run, objective, dtype, slots, tx.needsValue === true);
  return floatTensor(dtype, [objective.start.length], fromParams(slots, await run.params()));
}

/** Optimizers that treat a parameter as a matrix (matmul, transposes, reductions over one axis). */
const MATRIX_CASES: readonly { name: string; make: () => GradientTransformation }[] = [
  { name: 'muon', make: () => optimizers.muon({ learningRate: 0.05 }) },
  { name: 'adafactor, factored', make: () => optimizers.adafactor({ learningRate: 0.05, minDimSizeToFactor: 2 }) },
];

const TARGET = [1, -2, 0.5, 3, 0.25, -1];

/** 10 steps on ½‖W − T‖² for a 2×3 W from 0 (gradient W − T, computed on the host). */
async function matrixTrajectory(backend: Backend<unknown>, tx: GradientTransformation, dtype: FloatDType): Promise<HostTensor> {
  const run = await backend.optimizer(tx, { w: floatTensor(dtype, [2, 3], TARGET.map(() => 0)) });
  for (let i = 0; i < 10; i++) {
    const w = Array.from((await run.params()).w?.data ?? []);
    await run.step({ w: floatTensor(dtype, [2, 3], w.map((v, j) => v - (TARGET[j] as number))) });
  }
  return (await run.params()).w as HostTensor;
}

/**
 * Optimizer trajectories: 100 steps on a quadratic and on Rosenbrock, against the reference
 * backend's run and against independent float64 implementations of PyTorch's update rules;
 * every named optimizer and every transform in `transforms` (made a descent step) against the
 * reference; convergence; and a state()/setState() round trip.
 */
export function registerOptimizerSuite(s: SuiteContext): void {
  s.group(testName(s, 'optimizers'), () => {
    for (const c of [...OPTIMIZER_CASES, ...namedOptimizerCases(), ...TRANSFORM_CASES]) {
      for (const objective of OBJECTIVES) {
        const lr = c.lr[objective.name] ?? 0.01;
        for (const dtype of DTYPES) {
          testIn(s, testName(s, 'optimizer', c.name, objective.name, `${STEPS} steps`, dtype), dtype, async (backend, oracle) => {
            const got = await trajectory(backend, c.make(lr), objective, dtype, STEPS, c.layout);
            expectTensorClose(got, await trajectory(oracle, c.make(lr), objective, dtype, STEPS, c.layout), TOLERANCES[dtype], 'params vs the reference');
            // The plain implementation computes in float64 throughout; a float32 run rounds its
            // parameters every step, yet over 100 steps drifts only ~5e-7 (tfjs), inside 2e-5.
            if (c.plain !== undefined) {
              const want = plainTrajectory(c.plain(lr), objective.start, objective.grad, STEPS);
              expectTensorClose(got, want, TOLERANCES[dtype], 'params vs an independent implementation');
            }
          }, TIMEOUT_MS);
        }
      }
    }

    s.test(testName(s, 'optimizer', 'every transform has a trajectory case'), () => {
      const covered = new Set<string>(TRANSFORM_CASES.map((c) => c.transform));
      const missing = Object.keys(transforms).filter((k) => !covered.has(k));
      check(missing.length === 0, `transforms without a case in TRANSFORM_CASES (transform-cases.ts): ${missing.join(', ')}`);
    });

    s.test(testName(s, 'optimizer', 'every named optimizer has a convergence case'), () => {
      checkEqual(CONVERGENCE_CASES.map((c) => c.name).sort(), Object.keys(optimizers).sort(), 'optimizers with a convergence case');
    });

    for (const c of CONVERGENCE_CASES) {
      for (const dtype of DTYPES) {
        testIn(s, testName(s, 'optimizer', c.name, c.anneal === true ? `lr ${c.lr} annealed` : `lr ${c.lr}`, `quadratic loss below ${c.below} in 300 steps`, dtype), dtype, async (backend) => {
          const objective = OBJECTIVES[0] as Objective;
          const make = optimizers[c.name] as (o: { learningRate: LearningRate }) => GradientTransformation;
          const run = await backend.optimizer(make({ learningRate: convergenceRate(c) }), { w: floatTensor(dtype, [objective.start.length], objective.start) });
          for (let i = 0; i < 300; i++) await stepOn(run, objective, dtype);
          const loss = objective.loss(Array.from((await run.params()).w?.data ?? []));
          check(loss < c.below, `quadratic loss after 300 steps = ${loss}, expected below ${c.below}`);
        }, TIMEOUT_MS);
      }
    }

    for (const c of MATRIX_CASES) {
      for (const dtype of DTYPES) {
        testIn(s, testName(s, 'optimizer', c.name, 'a 2×3 matrix', '10 steps', dtype), dtype, async (backend, oracle) => {
          const got = await matrixTrajectory(backend, c.make(), dtype);
          expectTensorClose(got, await matrixTrajectory(oracle, c.make(), dtype), TOLERANCES[dtype], 'params vs the reference');
        }, TIMEOUT_MS);
      }
    }

    for (const dtype of DTYPES) {
      testIn(s, testName(s, 'optimizer', 'adam', 'converges on the quadratic', dtype), dtype, async (backend) => {
        const objective = OBJECTIVES[0] as Objective;
        const run = await backend.optimizer(optimizers.adam({ learningRate: 0.1 }), { w: floatTensor(dtype, [objective.start.length], objective.start) });
        for (let i = 0; i < 500; i++) await stepOn(run, objective, dtype);
        expectTensorClose((await run.params()).w as HostTensor, objective.minimum, { rtol: 1e-2, atol: 1e-2 }, 'adam after 500 steps');
      }, TIMEOUT_MS);

      testIn(s, testName(s, 'optimizer', 'state round trip', 'a run restored from state() continues identically', dtype), dtype, async (backend) => {
        const objective = OBJECTIVES[1] as Objective;
        const tx = (): GradientTransformation => optimizers.adam({ learningRate: 0.02 });
        const a = await backend.optimizer(tx(), { w: floatTensor(dtype, [2], objective.start) });
        for (let i = 0; i < 10; i++) await stepOn(a, objective, dtype);
        const saved = { params: await a.params(), state: await a.state() };
        for (let i = 0; i < 10; i++) await stepOn(a, objective, dtype);
        // a new run from the saved parameters, with the saved state
        const b = await backend.optimizer(tx(), saved.params);
        await b.setState(saved.state);
        for (let i = 0; i < 10; i++) await stepOn(b, objective, dtype);
        checkEqual(Array.from((await b.params()).w?.data ?? []), Array.from((await a.params()).w?.data ?? []), 'restored run: w');
        // and the plain Adam agrees that 20 steps were taken, not 10 twice from scratch
        expectTensorClose((await b.params()).w as HostTensor, plainTrajectory(plainAdam(0.02), objective.start, objective.grad, 20), TOLERANCES[dtype], 'params after 20 steps');
        checkEqual(await errorCode(() => b.setState({ 0: { count: intTensor([], [1]) } })), 'BAD_STATE', 'setState of another shape');
      });

      testIn(s, testName(s, 'optimizer', 'state file', 'a checkpoint moves between this backend and the reference both ways', dtype), dtype, async (backend, oracle) => {
        const objective = OBJECTIVES[1] as Objective;
        const tx = optimizers.adam({ learningRate: schedules.warmupCosineDecay({ initValue: 0, peakValue: 0.02, warmupSteps: 5, decaySteps: 40 }) });
        const resume = async (from: Backend<unknown>, to: Backend<unknown>): Promise<HostTensor> => {
          const a = await from.optimizer(tx, { w: floatTensor(dtype, [2], objective.start) });
          for (let i = 0; i < 10; i++) await stepOn(a, objective, dtype);
          const bytes = serializeCheckpoint({ params: await a.params(), state: await a.state(), step: 10, optimizer: tx });
          const saved = deserializeCheckpoint(bytes, { optimizer: tx });
          const b = await to.optimizer(tx, saved.params);
          await b.setState(saved.state);
          for (let i = 0; i < 10; i++) await stepOn(b, objective, dtype);
          return (await b.params()).w as HostTensor;
        };
        const want = plainTrajectory(plainAdam(0.02, { schedule: (t) => (t < 5 ? (0.02 * t) / 5 : 0.02 * 0.5 * (1 + Math.cos((Math.PI * Math.min(t - 5, 35)) / 35))) }), objective.start, objective.grad, 20);
        expectTensorClose(await resume(oracle, backend), want, TOLERANCES[dtype], 'reference → this backend, after 20 steps');
        expectTensorClose(await resume(backend, oracle), want, TOLERANCES[dtype], 'this backend → reference, after 20 steps');
      }, TIMEOUT_MS);

      testIn(s, testName(s, 'optimizer', 'reduceOnPlateau', 'the loss passed with each step drops the scale', dtype), dtype, async (backend) => {
        // Losses 10, 9, 9, 9, 8, 8, 8: with patience 2 and factor 0.5 the scale is 1, 1, 1, ½, ½, ½, ¼
        // (optax.contrib.reduce_on_plateau, worked by hand), so w = −Σ scale = −4.75 after unit gradients.
        const tx = transforms.chain(transforms.scaleByLearningRate(1), reduceOnPlateau({ patience: 2, factor: 0.5, rtol: 0 }));
        const run = await backend.optimizer(tx, { w: floatTensor(dtype, [1], [0]) });
        for (const value of [10, 9, 9, 9, 8, 8, 8]) await run.step({ w: floatTensor(dtype, [1], [1]) }, { value });
        expectTensorClose((await run.params()).w as HostTensor, [-4.75], TOLERANCES[dtype], 'w after 7 steps');
      }, TIMEOUT_MS);
    }
  });
}

