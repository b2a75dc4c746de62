import { type Backend, type FloatDType, type GradientTransformation, type HostTensor, type OptimizerRun, optimizers } from '@losskit/core';
import { checkEqual, errorCode, expectTensorClose } from './assertions.js';
import { OBJECTIVES, type Objective } from './objectives.js';
import { OPTIMIZER_CASES, namedOptimizerCases } from './optimizer-cases.js';
import { plainAdam, plainTrajectory } from './plain-optimizers.js';
import { floatTensor, intTensor } from './random.js';
import { DTYPES, type SuiteContext, testIn, testName } from './suite-context.js';
import { TOLERANCES } from './tolerances.js';

const STEPS = 100;
/** A trajectory reads the parameters back every step: generous for backends with costly transfers. */
const TIMEOUT_MS = 30_000;

/** One step: the gradient at the run's current parameters, computed in plain JavaScript. */
async function stepOn(run: OptimizerRun, objective: Objective, dtype: FloatDType): Promise<void> {
  const w = Array.from((await run.params()).w?.data ?? []);
  await run.step({ w: floatTensor(dtype, [w.length], objective.grad(w)) });
}

async function trajectory(backend: Backend<unknown>, tx: GradientTransformation, objective: Objective, dtype: FloatDType, steps: number): Promise<HostTensor> {
  const run = await backend.optimizer(tx, { w: floatTensor(dtype, [objective.start.length], objective.start) });
  for (let s = 0; s < steps; s++) await stepOn(run, objective, dtype);
  return (await run.params()).w as HostTensor;
}

/**
 * Optimizer trajectories: 100 steps on a quadratic and on Rosenbrock, against the reference
 * backend's run and against independent float64 implementations of PyTorch's update rules;
 * every named optimizer against the reference; convergence; and a state()/setState() round trip.
 */
export function registerOptimizerSuite(s: SuiteContext): void {
  s.group(testName(s, 'optimizers'), () => {
    for (const c of [...OPTIMIZER_CASES, ...namedOptimizerCases()]) {
      for (const objective of OBJECTIVES) {
        const lr = c.lr[objective.name] ?? 0.01;
        for (const dtype of DTYPES) {
          testIn(s, testName(s, 'optimizer', c.name, objective.name, `${STEPS} steps`, dtype), dtype, async (backend, oracle) => {
            const got = await trajectory(backend, c.make(lr), objective, dtype, STEPS);
            expectTensorClose(got, await trajectory(oracle, c.make(lr), objective, dtype, STEPS), TOLERANCES[dtype], 'params vs the reference');
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
    }
  });
}

