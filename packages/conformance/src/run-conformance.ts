import { describe, it } from 'vitest';
import { type ConformanceOptions, registerSections } from './sections.js';
import { createSuiteContext } from './suite-context.js';

export type { ConformanceOptions } from './sections.js';

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
  const s = createSuiteContext(options.name ?? 'backend', options.createBackend, {
    group: (name, body) => describe(name, body),
    test: (name, body, timeout) => it(name, (ctx) => body((reason) => {
      ctx.skip(reason);
      // ctx.skip throws to end the test; this line is for the type checker.
      throw new Error(`skipped: ${reason}`);
    }), timeout),
  });
  describe(s.title, () => registerSections(s));
}
