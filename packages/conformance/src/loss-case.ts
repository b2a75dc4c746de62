import { type FloatDType, type HostTensor, type LossConstructor, type ParamValue, LossKitError } from '@losskit/core';
import { type InputGenerator, type Options, sampleWeights } from './loss-inputs.js';
import { seedOf, seeded } from './random.js';

/** Any entry of `losses`, with its options widened for generic iteration. */
export type AnyLossConstructor = LossConstructor<Record<string, ParamValue>>;

/** Host inputs for one loss evaluation. */
export interface LossCase {
  readonly predictions: HostTensor;
  readonly targets: HostTensor;
  readonly weights?: HostTensor | undefined;
}

/** Seeded inputs for one loss, options and dtype, with per-sample weights when `weighted`. */
export function lossCase(generate: InputGenerator, seed: string, dtype: FloatDType, options: Options, weighted: boolean, zeroWeight = true): LossCase {
  const rand = seeded(seedOf(seed));
  const inputs = generate(rand, dtype, options);
  return { ...inputs, weights: weighted ? sampleWeights(dtype, inputs.predictions, rand, zeroWeight) : undefined };
}

/** Whether a loss accepts these options (a combination of parameters may be refused). */
export function accepts(ctor: AnyLossConstructor, options: Options): boolean {
  try {
    ctor(options);
    return true;
  } catch (e) {
    if (LossKitError.isInstance(e)) return false;
    throw e;
  }
}
