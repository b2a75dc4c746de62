import { type FloatDType, type HostTensor, createLoss } from '@losskit/core';
import { expectTensorClose } from './assertions.js';
import { GOLDEN_CASES, type GoldenTensor } from './golden-cases.js';
import { floatTensor, intTensor } from './random.js';
import { DTYPES, type SuiteContext, testIn, testName } from './suite-context.js';
import { DOCUMENTED_TOLERANCE, toleranceFor } from './tolerances.js';

function hostTensor(t: GoldenTensor, dtype: FloatDType): HostTensor {
  return t.labels === true ? intTensor(t.shape, t.data) : floatTensor(dtype, t.shape, t.data);
}

const asArray = (x: number | readonly number[]): readonly number[] => (typeof x === 'number' ? [x] : x);

/** Golden values: documentation examples and hand-derived numbers, in every supported dtype. */
export function registerGoldenSuite(s: SuiteContext): void {
  s.group(testName(s, 'golden'), () => {
    for (const c of GOLDEN_CASES) {
      for (const dtype of DTYPES) {
        testIn(s, testName(s, c.loss, 'golden', c.name, dtype), dtype, async (backend) => {
          const value = await backend.evaluate(createLoss(c.loss, c.options), {
            predictions: hostTensor(c.predictions, dtype),
            targets: hostTensor(c.targets, dtype),
            weights: c.weights === undefined ? undefined : hostTensor(c.weights, dtype),
          });
          expectTensorClose(value, asArray(c.expected), toleranceFor(dtype, c.loss), `${c.name} (${c.source})`);
          if (c.documented !== undefined) expectTensorClose(value, asArray(c.documented), DOCUMENTED_TOLERANCE, `${c.name}, as documented (${c.source})`);
        });
      }
    }
  });
}
