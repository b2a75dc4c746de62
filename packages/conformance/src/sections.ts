import { registerBadInputSuite } from './bad-input-suite.js';
import { registerGoldenSuite } from './golden-suite.js';
import { registerGradientSuite } from './gradient-suite.js';
import { registerHardInputSuite } from './hard-input-suite.js';
import { registerLossSuite } from './loss-suite.js';
import { registerOpSuite } from './op-suite.js';
import { registerOptimizerSuite } from './optimizer-suite.js';
import { registerTrainingSuite } from './training-suite.js';
import type { BackendFactory, SuiteContext } from './suite-context.js';

export interface ConformanceOptions {
  /** Returns a fresh backend; called once per test, so each test starts from a clean backend. */
  readonly createBackend: BackendFactory;
  /**
   * The first part of every test name (`tfjs-cpu › mse › mean › float32`). Test names are fixed
   * before any backend exists, so this cannot be read from the backend; default `'backend'`.
   */
  readonly name?: string;
}

/** Every section of the suite, in order: one list for vitest and for the programmatic runner. */
export function registerSections(s: SuiteContext): void {
  registerGoldenSuite(s);
  registerLossSuite(s);
  registerGradientSuite(s);
  registerOptimizerSuite(s);
  registerHardInputSuite(s);
  registerBadInputSuite(s);
  registerOpSuite(s);
  registerTrainingSuite(s);
}
