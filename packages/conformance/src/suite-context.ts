import { type Backend, type FloatDType, createReferenceBackend } from '@losskit/core';
import { it } from 'vitest';

/** Returns a fresh backend: the suite calls it once per test, so tests cannot leak into each other. */
export type BackendFactory = () => Backend<unknown> | Promise<Backend<unknown>>;

/** What every section of the suite shares. */
export interface SuiteContext {
  /** The prefix of every test name. */
  readonly title: string;
  readonly createBackend: BackendFactory;
  /** Core's reference backend, the oracle, created once (it keeps nothing between calls). */
  readonly oracle: () => Promise<Backend<unknown>>;
}

/** The float dtypes a test may run in; each test is registered for both and switched on by `supports.dtypes`. */
export const DTYPES: readonly FloatDType[] = ['float32', 'float64'];

export function createSuiteContext(title: string, createBackend: BackendFactory): SuiteContext {
  let oracle: Promise<Backend<unknown>> | undefined;
  return { title, createBackend, oracle: () => (oracle ??= createReferenceBackend()) };
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
  it(name, async (ctx) => {
    const backend = await s.createBackend();
    if (!backend.supports.dtypes.includes(dtype)) {
      ctx.skip(`${backend.name} does not compute in ${dtype}`);
      return;
    }
    await body(backend, await s.oracle());
  }, timeout);
}
