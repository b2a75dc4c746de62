import { describe } from 'vitest';
import { registerBadInputSuite } from './bad-input-suite.js';
import { registerGoldenSuite } from './golden-suite.js';
import { registerGradientSuite } from './gradient-suite.js';
import { registerHardInputSuite } from './hard-input-suite.js';
import { registerLossSuite } from './loss-suite.js';
import { registerOpSuite } from './op-suite.js';
import { registerOptimizerSuite } from './optimizer-suite.js';
import { registerTrainingSuite } from './training-suite.js';
import { type BackendFactory, createSuiteContext } from './suite-context.js';

export interface ConformanceOptions {
  /** Returns a fresh backend; called once per test, so each test starts from a clean backend. */
  readonly createBackend: BackendFactory;
  /**
   * The first part of every test name (`tfjs-cpu › mse › mean › float32`). Test names are fixed
   * before any backend exists, so this cannot be read from the backend; default `'backend'`.
   */
  readonly name?: string;
}

/**
 * Registers the shared conformance suite with vitest for one backend: golden values, every loss
 * × reduction × dtype against the reference backend, gradients against the reference and
 * against finite differences, optimizer trajectories, numerically hard inputs, bad inputs,
 * every op, and a model trained end to end. Tests in a dtype the backend does not compute in (`supports.dtypes`) are skipped.
 * Call it at the top level of a test file; vitest must be installed (a peer dependency).
 *
 * @example
 * ```ts
 * import { runConformance } from '@losskit/conformance';
 * import * as tf from '@tensorflow/tfjs';
 * import { createTfjsBackend } from '@losskit/adapter-tfjs';
 *
 * runConformance({ name: 'tfjs-cpu', createBackend: () => createTfjsBackend({ tf, backend: 'cpu' }) });
 * ```
 */
export function runConformance(options: ConformanceOptions): void {
  const s = createSuiteContext(options.name ?? 'backend', options.createBackend);
  describe(s.title, () => {
    registerGoldenSuite(s);
    registerLossSuite(s);
    registerGradientSuite(s);
    registerOptimizerSuite(s);
    registerHardInputSuite(s);
    registerBadInputSuite(s);
    registerOpSuite(s);
    registerTrainingSuite(s);
  });
}
