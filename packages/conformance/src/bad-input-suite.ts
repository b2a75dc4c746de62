import { checkEqual, errorCode } from './assertions.js';
import { BAD_INPUT_CASES } from './bad-input-cases.js';
import { DTYPES, type SuiteContext, testIn, testName } from './suite-context.js';

/** Bad inputs: every backend raises the same `LossKitError` code, in every dtype it supports. */
export function registerBadInputSuite(s: SuiteContext): void {
  s.group(testName(s, 'bad inputs'), () => {
    for (const c of BAD_INPUT_CASES) {
      for (const dtype of DTYPES) {
        testIn(s, testName(s, 'bad input', c.name, dtype, c.code), dtype, async (backend) => {
          checkEqual(await errorCode(() => c.run(backend, dtype)), c.code, 'error code');
        });
      }
    }
  });
}
