// Helpers shared by core's tests (not part of the package's API or build).
import { expect } from 'vitest';
import { LossKitError } from '../errors/losskit-error.js';
import type { Backend } from '../backend/backend.js';
import type { Loss, LossInputsLike } from '../losses/loss.js';
import type { Reduction } from '../losses/reduction.js';
import { createReferenceBackend } from '../reference/reference-backend.js';
import type { HostTensor, HostTensorLike } from '../tensor/host-tensor.js';

export { seededRandom as mulberry32 } from '../models/initializers.js';

/** The LossKitError code a call raises, or undefined when it returns. Other errors propagate. */
export function codeOf(fn: () => unknown): string | undefined {
  try {
    fn();
  } catch (e) {
    if (LossKitError.isInstance(e)) return e.code;
    throw e;
  }
  return undefined;
}

/** The LossKitError code an async call rejects with, or undefined when it resolves. Other errors propagate. */
export async function asyncCodeOf(run: () => unknown): Promise<string | undefined> {
  try {
    await run();
  } catch (e) {
    if (LossKitError.isInstance(e)) return e.code;
    throw e;
  }
  return undefined;
}

let reference: Promise<Backend<HostTensor>> | undefined;

/** A loss's value on the reference backend (one backend for the whole test file), as plain numbers. */
export async function evaluateOnReference(loss: Loss, inputs: LossInputsLike): Promise<number[]> {
  reference ??= createReferenceBackend();
  return Array.from((await (await reference).evaluate(loss, inputs)).data);
}

/** {@link evaluateOnReference} with the inputs as arguments; weights only when given. */
export function lossValue(loss: Loss, predictions: HostTensorLike, targets: HostTensorLike, weights?: HostTensorLike): Promise<number[]> {
  return evaluateOnReference(loss, weights === undefined ? { predictions, targets } : { predictions, targets, weights });
}

export function expectClose(actual: readonly number[], expected: readonly number[], digits = 12): void {
  expect(actual.length).toBe(expected.length);
  expected.forEach((e, i) => expect(actual[i], `[${i}]`).toBeCloseTo(e, digits));
}

/** The five reductions in plain JS over flat per-sample losses and broadcast weights. */
export function reduceJS(r: Reduction, l: readonly number[], w?: readonly number[]): number[] {
  const wl = l.map((v, i) => v * (w === undefined ? 1 : (w[i] as number)));
  const total = wl.reduce((a, b) => a + b, 0);
  switch (r) {
    case 'none': return wl;
    case 'sum': return [total];
    case 'mean': return [w === undefined ? total / l.length : total / w.reduce((a, b) => a + b, 0)];
    case 'sum-over-batch-size': return [total / l.length];
    case 'sum-by-nonzero-weights': return [w === undefined ? total / l.length : total / w.filter((v) => v !== 0).length];
  }
}
