import { type Backend, type FloatDType, type Loss, type LossOptions, type ParamValue, REDUCTIONS, losses } from '@losskit/core';
import { check, checkEqual, errorCode, expectTensorClose } from './assertions.js';
import { type AnyLossConstructor, type LossCase, accepts, lossCase } from './loss-case.js';
import { inputGeneratorFor } from './loss-inputs.js';
import { parameterVariants } from './parameter-variants.js';
import { DTYPES, type SuiteContext, testIn, testName } from './suite-context.js';
import { toleranceFor } from './tolerances.js';

/** Value from `evaluate`, and value and gradient from `valueAndGrad`, against the oracle's. */
async function expectSameAsOracle(backend: Backend<unknown>, oracle: Backend<unknown>, loss: Loss, inputs: LossCase, dtype: FloatDType): Promise<void> {
  const tol = toleranceFor(dtype, loss.id);
  expectTensorClose(await backend.evaluate(loss, inputs), await oracle.evaluate(loss, inputs), tol, 'evaluate');
  if (!loss.metadata.differentiable) {
    checkEqual(await errorCode(() => backend.valueAndGrad(loss, inputs)), 'NOT_DIFFERENTIABLE', 'valueAndGrad of a non-differentiable loss');
    return;
  }
  const got = await backend.valueAndGrad(loss, inputs);
  const want = await oracle.valueAndGrad(loss, inputs);
  expectTensorClose(got.value, want.value, tol, 'valueAndGrad value');
  expectTensorClose(got.grad, want.grad, tol, 'gradient');
}

/**
 * Every loss in `losses` (so a new one is covered without touching the suite) × every reduction
 * × dtype × with and without sample weights, then each parameter variant read from its
 * metadata: values and gradients against the reference backend on seeded random inputs.
 */
export function registerLossSuite(s: SuiteContext): void {
  for (const [id, ctor] of Object.entries(losses) as [string, AnyLossConstructor][]) {
    s.group(testName(s, id), () => {
      const generator = inputGeneratorFor(ctor.metadata);
      s.test(testName(s, id, 'has an input generator'), () => {
        check(generator !== undefined, `no input generator for loss '${id}' (task ${ctor.metadata.task}, targets ${ctor.metadata.targetKind}): ` +
          'add one to INPUT_GENERATORS in @losskit/conformance');
      });
      if (generator === undefined) return;

      for (const dtype of DTYPES) {
        for (const reduction of REDUCTIONS) {
          for (const weighted of [false, true]) {
            const name = testName(s, id, reduction, dtype, ...(weighted ? ['weights'] : []));
            testIn(s, name, dtype, async (backend, oracle) => {
              const loss = ctor({ reduction } as LossOptions<Record<string, ParamValue>>);
              await expectSameAsOracle(backend, oracle, loss, lossCase(generator.generate, id, dtype, {}, weighted), dtype);
            });
          }
        }
        for (const variant of parameterVariants(ctor.metadata, (o) => accepts(ctor, o)).slice(1)) {
          for (const reduction of ['mean', 'none'] as const) {
            testIn(s, testName(s, id, variant.label, reduction, dtype, 'weights'), dtype, async (backend, oracle) => {
              const loss = ctor({ ...variant.options, reduction });
              await expectSameAsOracle(backend, oracle, loss, lossCase(generator.generate, `${id} ${variant.label}`, dtype, variant.options, true), dtype);
            });
          }
        }
      }
    });
  }
}
