import { type ConformanceOptions, registerSections } from './sections.js';
import { createSuiteContext } from './suite-context.js';

/** How one collected case ended. */
export type CaseOutcome =
  | { readonly status: 'passed' }
  | { readonly status: 'skipped'; readonly reason: string }
  | { readonly status: 'failed'; readonly message: string; readonly error: unknown };

/** One test of the suite, runnable without a test runner. */
export interface ConformanceCase {
  /** The groups it sits in, outermost first: `['reference › golden']`. */
  readonly groups: readonly string[];
  readonly name: string;
  /** Milliseconds the case may take (vitest's timeout under runConformance); undefined: the runner's default. */
  readonly timeout: number | undefined;
  /** Runs it; never throws: failures come back as an outcome. */
  run(): Promise<CaseOutcome>;
}

class Skip extends Error {
  constructor(readonly reason: string) {
    super(reason);
  }
}

/**
 * The same conformance suite {@link runConformance} registers with vitest, as a plain list of
 * cases, so a program (the `losskit check` command) runs it with no test runner installed.
 *
 * @example
 * ```ts
 * import { collectConformance } from '@losskit/conformance/collect';
 * import { createReferenceBackend } from '@losskit/core';
 *
 * for (const c of collectConformance({ name: 'reference', createBackend: createReferenceBackend })) {
 *   const outcome = await c.run();
 *   if (outcome.status === 'failed') console.log(c.name, outcome.message);
 * }
 * ```
 */
export function collectConformance(options: ConformanceOptions): ConformanceCase[] {
  const cases: ConformanceCase[] = [];
  const groups: string[] = [];
  const s = createSuiteContext(options.name ?? 'backend', options.createBackend, {
    group: (name, body) => {
      groups.push(name);
      try {
        body();
      } finally {
        groups.pop();
      }
    },
    test: (name, body, timeout) => {
      cases.push({
        groups: [...groups],
        name,
        timeout,
        run: async () => {
          try {
            await body((reason) => {
              throw new Skip(reason);
            });
            return { status: 'passed' };
          } catch (e) {
            if (e instanceof Skip) return { status: 'skipped', reason: e.reason };
            return { status: 'failed', message: e instanceof Error ? e.message : String(e), error: e };
          }
        },
      });
    },
  });
  groups.push(s.title);
  registerSections(s);
  return cases;
}
