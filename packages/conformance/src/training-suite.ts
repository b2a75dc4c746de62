import { check } from './assertions.js';
import { type Backend, type FloatDType, losses, models, optimizers, train } from '@losskit/core';
import { standardizedIris } from './datasets.js';
import { DTYPES, type SuiteContext, testIn, testName } from './suite-context.js';

const TIMEOUT_MS = 60_000;

/** Softmax regression with Adam on iris: 60 epochs of batches of 32 (the last one short). */
const fit = (backend: Backend<unknown>, dtype: FloatDType) => train({
  backend,
  model: models.softmax({ inputs: 4, classes: 3 }),
  loss: losses.sparseCategoricalCrossEntropy({ fromLogits: true }),
  optimizer: optimizers.adam({ learningRate: 0.1 }),
  data: standardizedIris(dtype),
  epochs: 60,
  batchSize: 32,
  seed: 1,
  dtype,
});

/**
 * Training end to end: forward, loss, backward and update compiled into one program per step
 * on the backend, against the reference backend's run of the same seeded training.
 */
export function registerTrainingSuite(s: SuiteContext): void {
  s.group(testName(s, 'training'), () => {
    for (const dtype of DTYPES) {
      testIn(s, testName(s, 'train', 'softmax regression + Adam on iris', '≥ 95% accuracy, the reference loss curve', dtype), dtype, async (backend, oracle) => {
        const got = await fit(backend, dtype);
        const want = await fit(oracle, dtype);
        const accuracy = got.history.at(-1)?.metric ?? 0;
        check(accuracy >= 0.95, `accuracy ${accuracy}, expected ≥ 0.95`);
        // 300 Adam steps in which every backend sums in its own order: the differences of one
        // step (float64 ~1e-16, float32 ~1e-7 relative) compound, so the curve is compared at
        // what that many steps keep.
        const tol = dtype === 'float64' ? { rtol: 1e-7, atol: 1e-9 } : { rtol: 1e-3, atol: 1e-4 };
        got.history.forEach((h, i) => {
          const w = want.history[i]?.loss ?? Number.NaN;
          check(Math.abs(h.loss - w) <= tol.atol + tol.rtol * Math.abs(w), `epoch ${i + 1}: loss ${h.loss}, the reference's ${w}`);
        });
      }, TIMEOUT_MS);
    }
  });
}
