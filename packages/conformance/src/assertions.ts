import { type HostTensor, LossKitError } from '@losskit/core';
import { expect } from 'vitest';
import { type Tolerance, closeTo } from './tolerances.js';

/** Asserts two tensors agree within a tolerance, naming the first element that does not. */
export function expectTensorClose(actual: HostTensor, expected: HostTensor | ArrayLike<number>, tol: Tolerance, what = 'value'): void {
  const want = 'data' in expected ? expected : undefined;
  if (want !== undefined) expect(actual.shape, `${what}: shape`).toEqual(want.shape);
  const r = closeTo(actual.data, want?.data ?? (expected as ArrayLike<number>), tol);
  if (!r.ok) {
    expect.fail(r.index < 0
      ? `${what}: ${r.actual} elements, expected ${r.expected}`
      : `${what}[${r.index}] = ${r.actual}, expected ${r.expected} (rtol ${tol.rtol}, atol ${tol.atol})`);
  }
}

/** The LossKitError code a call raises, or 'none'. Anything that is not a LossKitError fails. */
export async function errorCode(run: () => unknown): Promise<string> {
  try {
    await run();
    return 'none';
  } catch (e) {
    if (LossKitError.isInstance(e)) return e.code;
    throw e;
  }
}
