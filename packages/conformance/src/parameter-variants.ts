import type { LossMetadata, ParamSpec, ParamValue } from '@losskit/core';
import type { Options } from './loss-inputs.js';

/**
 * Well-chosen non-default values for parameters that many losses share, where the midpoint of
 * the range would be a poor test (an ε of 0.125 clips every probability).
 */
const KNOWN_VALUES: Readonly<Record<string, ParamValue>> = {
  axis: -1,
  labelSmoothing: 0.1,
  epsilon: 1e-4,
  logEpsilon: 1e-7,
  logFloor: -100,
  delta: 0.5,
  ignoreIndex: -100,
  // one per class of the suite's generated inputs (4 classes)
  classWeights: [0.5, 2, 1, 1.5],
  posWeight: [2, 0.5, 1, 3],
  p: 2,
  blank: 1,
};

/** A valid value other than the default, from the spec alone, or undefined when there is none to pick. */
function alternative(name: string, spec: ParamSpec): ParamValue | undefined {
  if (spec.type === 'boolean') return !(spec.default as boolean);
  if (spec.type === 'enum') return spec.values?.find((v) => v !== spec.default);
  if (name in KNOWN_VALUES) return KNOWN_VALUES[name];
  const lo = spec.min ?? spec.above;
  const hi = spec.max ?? spec.below;
  if (lo !== undefined && hi !== undefined) return spec.type === 'integer' ? Math.floor((lo + hi) / 2) : lo + (hi - lo) / 4;
  if (lo !== undefined) return lo + 0.5;
  if (hi !== undefined) return hi - 0.5;
  return undefined;
}

export interface ParameterVariant {
  /** For test names: `defaults`, `delta=0.5`, `all non-default`. */
  readonly label: string;
  readonly options: Options;
}

/**
 * Parameter settings to test a loss under, read from its own metadata so that new parameters
 * are covered without touching the suite: the defaults, one setting per parameter with a valid
 * non-default value, and all of them at once (where the loss accepts that combination).
 */
export function parameterVariants(metadata: LossMetadata, accepts: (options: Options) => boolean = () => true): ParameterVariant[] {
  const variants: ParameterVariant[] = [{ label: 'defaults', options: {} }];
  const all: Record<string, ParamValue> = {};
  for (const [name, spec] of Object.entries(metadata.params)) {
    const value = alternative(name, spec);
    if (value === undefined || value === spec.default) continue;
    variants.push({ label: `${name}=${String(value)}`, options: { [name]: value } });
    all[name] = value;
  }
  if (Object.keys(all).length > 1 && accepts(all)) variants.push({ label: 'all non-default', options: all });
  return variants;
}
