import { type HostTensor, LossKitError } from '@losskit/core';
import { expect } from 'vitest';
import { type Tolerance, closeTo } from './tolerances.js';

/** Asserts two tensors (or a tensor and plain numbers) agree within a tolerance, naming the first element that does not. */
export function expectTensorClose(actual: HostTensor, expected: HostTensor | ArrayLike<number>, tol: Tolerance, what = 'value'): void {
  const want = 'data' in expected && 'shape' in expected ? expected : undefined;
  if (want !== undefined) expect(actual.shape, `${what}: shape`).toEqual(want.shape);
  const r = closeTo(actual.data, want?.data ?? (expected as ArrayLike<number>), tol);
  if (!r.ok) {
    expect.fail(r.index < 0
      ? `${what}: ${r.actual} elements, expected ${r.expected}`
      : `${what}[${r.index}] = ${r.actual}, expected ${r.expected} (rtol ${tol.rtol}, atol ${tol.atol})`);
  }
}

/** Asserts every element is a finite number. */
export function expectFinite(t: HostTensor, what = 'value'): void {
  const i = Array.from(t.data).findIndex((v) => !Number.isFinite(v));
  if (i >= 0) expect.fail(`${what}[${i}] = ${String(t.data[i])}, expected a finite number`);
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
