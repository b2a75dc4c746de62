import { type Reduction, losses } from '@losskit/core';
import { expectTensorClose } from './assertions.js';
import { centralDifferences } from './finite-differences.js';
import { inputGeneratorFor } from './loss-inputs.js';
import { type AnyLossConstructor, accepts, lossCase } from './loss-case.js';
import { parameterVariants } from './parameter-variants.js';
import { type SuiteContext, testIn, testName } from './suite-context.js';
import { FINITE_DIFFERENCES } from './tolerances.js';

/** Reductions whose gradients are checked numerically: a weighted mean, a sum, per-element values, and a count divisor. */
const REDUCTIONS_CHECKED: readonly Reduction[] = ['mean', 'sum', 'none', 'sum-by-nonzero-weights'];

/**
 * Gradients against central finite differences of the backend's own `evaluate`, in float64:
 * every differentiable loss × a few reductions × every parameter variant, at points away from
 * kinks (the input generators keep residuals and margins clear of them). A missing generator is
 * reported by the loss section.
 */
export function registerGradientSuite(s: SuiteContext): void {
  for (const [id, ctor] of Object.entries(losses) as [string, AnyLossConstructor][]) {
    const generator = inputGeneratorFor(ctor.metadata);
    if (generator === undefined || !ctor.metadata.differentiable) continue;
    s.group(testName(s, id, 'finite differences'), () => {
      for (const variant of parameterVariants(ctor.metadata, (o) => accepts(ctor, o))) {
        for (const reduction of REDUCTIONS_CHECKED) {
          testIn(s, testName(s, id, variant.label, reduction, 'float64', 'gradient = finite differences'), 'float64', async (backend) => {
            const loss = ctor({ ...variant.options, reduction });
            // Positive weights only: a zero weight is a kink for RMSE (√ at 0).
            const inputs = lossCase(generator.generate, `${id} ${variant.label} fd`, 'float64', variant.options, true, false);
            const { grad } = await backend.valueAndGrad(loss, inputs);
            // valueAndGrad differentiates the sum of the value (its elements, for reduction 'none').
            const total = async (data: Float64Array): Promise<number> => {
              const v = await backend.evaluate(loss, { ...inputs, predictions: { ...inputs.predictions, data } });
              return Array.from(v.data).reduce((a, b) => a + b, 0);
            };
            expectTensorClose(grad, await centralDifferences(total, inputs.predictions.data), FINITE_DIFFERENCES, 'gradient vs finite differences');
          });
        }
      }
    });
  }
}
