import { type Backend, type FloatDType, createReferenceBackend } from '@losskit/core';

/** Returns a fresh backend: the suite calls it once per test, so tests cannot leak into each other. */
export type BackendFactory = () => Backend<unknown> | Promise<Backend<unknown>>;

/**
 * Where the suite's sections put their tests: vitest's `describe` / `it` under
 * {@link runConformance}, a plain list under {@link collectConformance}. The sections are
 * written once against this and never import a test runner.
 */
export interface Registrar {
  /** A named group; `body` registers its tests synchronously. */
  group(name: string, body: () => void): void;
  /** One test; `skip` ends it as skipped, not failed. */
  test(name: string, body: (skip: (reason: string) => never) => Promise<void> | void, timeout?: number): void;
}

/** What every section of the suite shares. */
export interface SuiteContext extends Registrar {
  /** The prefix of every test name. */
  readonly title: string;
  readonly createBackend: BackendFactory;
  /** Core's reference backend, the oracle, created once (it keeps nothing between calls). */
  readonly oracle: () => Promise<Backend<unknown>>;
}

/** The float dtypes a test may run in; each test is registered for both and switched on by `supports.dtypes`. */
export const DTYPES: readonly FloatDType[] = ['float32', 'float64'];

export function createSuiteContext(title: string, createBackend: BackendFactory, registrar: Registrar): SuiteContext {
  let oracle: Promise<Backend<unknown>> | undefined;
  return { title, createBackend, oracle: () => (oracle ??= createReferenceBackend()), group: registrar.group, test: registrar.test };
}

/** A test name: the backend's title, then the parts, joined as `reference › mse › mean › float32`. */
export function testName(s: SuiteContext, ...parts: readonly string[]): string {
  return [s.title, ...parts].join(' › ');
}

/**
 * Registers one test in one dtype. It gets a fresh backend and is skipped, not failed, when the
 * backend does not compute in that dtype: tests are switched on by `supports`, never by name.
 */
export function testIn(
  s: SuiteContext,
  name: string,
  dtype: FloatDType,
  body: (backend: Backend<unknown>, oracle: Backend<unknown>) => Promise<void>,
  timeout?: number,
): void {
  s.test(name, async (skip) => {
    const backend = await s.createBackend();
    if (!backend.supports.dtypes.includes(dtype)) skip(`${backend.name} does not compute in ${dtype}`);
    await body(backend, await s.oracle());
  }, timeout);
}
