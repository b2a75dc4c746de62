import { type HostTensor, LossKitError } from '@losskit/core';
import { type Tolerance, closeTo } from './tolerances.js';

/** A failed conformance check; vitest reports it as any thrown error, the CLI prints its message. */
export class ConformanceFailure extends Error {
  override readonly name = 'ConformanceFailure';
}

/** Fails with `message` unless `ok`. */
export function check(ok: boolean, message: string): asserts ok {
  if (!ok) throw new ConformanceFailure(message);
}

/** Fails unless two lists (of numbers, strings or codes) are equal element by element, naming the first difference. */
export function checkEqual<T extends string | number | undefined>(actual: T | readonly T[], expected: T | readonly T[], what: string): void {
  const a: readonly T[] = Array.isArray(actual) ? actual : [actual as T];
  const e: readonly T[] = Array.isArray(expected) ? expected : [expected as T];
  check(a.length === e.length, `${what}: ${a.length} elements, expected ${e.length}`);
  const i = a.findIndex((x, k) => !Object.is(x, e[k]));
  check(i < 0, `${what}${Array.isArray(actual) ? `[${i}]` : ''} = ${String(a[i])}, expected ${String(e[i])}`);
}

/** Asserts two tensors (or a tensor and plain numbers) agree within a tolerance, naming the first element that does not. */
export function expectTensorClose(actual: HostTensor, expected: HostTensor | ArrayLike<number>, tol: Tolerance, what = 'value'): void {
  const want = 'data' in expected && 'shape' in expected ? expected : undefined;
  if (want !== undefined) checkEqual(actual.shape, want.shape, `${what}: shape`);
  const r = closeTo(actual.data, want?.data ?? (expected as ArrayLike<number>), tol);
  if (!r.ok) {
    throw new ConformanceFailure(r.index < 0
      ? `${what}: ${r.actual} elements, expected ${r.expected}`
      : `${what}[${r.index}] = ${r.actual}, expected ${r.expected} (rtol ${tol.rtol}, atol ${tol.atol})`);
  }
}

/** Asserts every element is a finite number. */
export function expectFinite(t: HostTensor, what = 'value'): void {
  const i = Array.from(t.data).findIndex((v) => !Number.isFinite(v));
  if (i >= 0) throw new ConformanceFailure(`${what}[${i}] = ${String(t.data[i])}, expected a finite number`);
}

/**
 * The LossKitError code a call raises, or 'none' when it returns. Anything thrown that is not a
 * LossKitError fails the test: every backend must raise the typed error.
 */
export async function errorCode(run: () => unknown): Promise<string> {
  try {
    await run();
    return 'none';
  } catch (e) {
    if (LossKitError.isInstance(e)) return e.code;
    throw e;
  }
}
