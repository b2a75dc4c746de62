// The entry `@losskit/conformance/collect`: the suite as a list of cases, importing no test runner.
export { collectConformance, type CaseOutcome, type ConformanceCase } from './collect.js';
export type { ConformanceOptions } from './sections.js';
export type { BackendFactory } from './suite-context.js';
export { ConformanceFailure } from './assertions.js';
