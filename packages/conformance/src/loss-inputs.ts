import type { FloatDType, HostTensor, LossMetadata, ParamSpec, ParamValue } from '@losskit/core';
import { type Random, floatTensor, intTensor, sizeOfShape, uniform } from './random.js';

export interface LossInputCase {
  readonly predictions: HostTensor;
  readonly targets: HostTensor;
}

export type Options = Readonly<Record<string, ParamValue>>;

/**
 * Valid inputs for one loss under given options, away from the points where it has no
 * derivative (so finite differences are meaningful): residuals away from 0 and from Huber's δ,
 * hinge margins away from 1.
 */
export type InputGenerator = (rand: Random, dtype: FloatDType, options: Options) => LossInputCase;

const N = 3;
const K = 4;

/** A residual whose size stays 0.1 away from 0 and from each of `kinks`. */
function residual(rand: Random, kinks: readonly number[]): number {
  for (;;) {
    const r = rand(-2, 2);
    if (Math.abs(r) > 0.1 && kinks.every((k) => Math.abs(Math.abs(r) - k) > 0.1)) return r;
  }
}

function regression(kinks: (o: Options) => number[]): InputGenerator {
  return (rand, dtype, o) => {
    const t = Array.from({ length: N * K }, () => rand(-2, 2));
    const p = t.map((v) => v + residual(rand, kinks(o)));
    return { predictions: floatTensor(dtype, [N, K], p), targets: floatTensor(dtype, [N, K], t) };
  };
}

function softmaxRows(rand: Random, n: number, k: number): number[] {
  const out: number[] = [];
  for (let i = 0; i < n; i++) {
    const e = Array.from({ length: k }, () => Math.exp(rand(-1.5, 1.5)));
    const s = e.reduce((a, b) => a + b, 0);
    out.push(...e.map((v) => v / s));
  }
  return out;
}

function classPredictions(rand: Random, dtype: FloatDType, o: Options): HostTensor {
  return o.fromLogits === true ? uniform(dtype, [N, K], rand, -3, 3) : floatTensor(dtype, [N, K], softmaxRows(rand, N, K));
}

export const INPUT_GENERATORS: Readonly<Record<string, InputGenerator>> = {
  mse: regression(() => []),
  mae: regression(() => []),
  rmse: regression(() => []),
  huber: regression((o) => [typeof o.delta === 'number' ? o.delta : 1]),
  binaryCrossEntropy: (rand, dtype, o) => ({
    predictions: o.fromLogits === true ? uniform(dtype, [N, K], rand, -3, 3) : uniform(dtype, [N, K], rand, 0.05, 0.95),
    targets: floatTensor(dtype, [N, K], Array.from({ length: N * K }, (_, i) => (i % 3 === 0 ? rand(0, 1) : rand() < 0.5 ? 0 : 1))),
  }),
  categoricalCrossEntropy: (rand, dtype, o) => ({
    predictions: classPredictions(rand, dtype, o),
    // one soft row, the others one-hot
    targets: floatTensor(dtype, [N, K], [...softmaxRows(rand, 1, K), ...Array.from({ length: (N - 1) * K }, (_, i) => (i % K === Math.floor(i / K) % K ? 1 : 0))]),
  }),
  sparseCategoricalCrossEntropy: (rand, dtype, o) => {
    const labels = Array.from({ length: N }, () => Math.floor(rand(0, K)));
    if (typeof o.ignoreIndex === 'number') labels[1] = o.ignoreIndex;
    return { predictions: classPredictions(rand, dtype, o), targets: intTensor([N], labels) };
  },
  hinge: (rand, dtype, o) => {
    const binary = o.targetEncoding === 'binary' || (o.targetEncoding === 'auto' && rand() < 0.5);
    const signs = Array.from({ length: N * K }, () => (rand() < 0.5 ? -1 : 1));
    // margins t·p away from 1, where the hinge bends
    const p = signs.map((s) => s * (1 + residual(rand, [])));
    return { predictions: floatTensor(dtype, [N, K], p), targets: floatTensor(dtype, [N, K], signs.map((s) => (binary ? (s + 1) / 2 : s))) };
  },
};

/** Well-chosen non-default values for parameters that many losses share. */
const KNOWN_VALUES: Readonly<Record<string, ParamValue>> = {
  axis: -1,
  labelSmoothing: 0.1,
  epsilon: 1e-4,
  logEpsilon: 1e-7,
  logFloor: -100,
  delta: 0.5,
  ignoreIndex: -100,
};

function alternative(name: string, spec: ParamSpec): ParamValue | undefined {
  if (spec.type === 'boolean') return !(spec.default as boolean);
  if (spec.type === 'enum') return spec.values?.find((v) => v !== spec.default);
  if (name in KNOWN_VALUES) return KNOWN_VALUES[name];
  const lo = spec.min ?? spec.above;
  const hi = spec.max ?? spec.below;
  if (lo !== undefined && hi !== undefined) return spec.type === 'integer' ? Math.floor((lo + hi) / 2) : lo + (hi - lo) / 4;
  if (lo !== undefined) return lo + 0.5;
  return undefined;
}

/**
 * Parameter settings to test a loss under: the defaults, then one setting per parameter with a
 * valid non-default value, read from the loss's own metadata so new parameters are covered.
 */
export function parameterVariants(metadata: LossMetadata): { readonly label: string; readonly options: Options }[] {
  const variants: { label: string; options: Options }[] = [{ label: 'defaults', options: {} }];
  for (const [name, spec] of Object.entries(metadata.params)) {
    const value = alternative(name, spec);
    if (value === undefined || value === spec.default) continue;
    variants.push({ label: `${name}=${String(value)}`, options: { [name]: value } });
  }
  return variants;
}

/** Sample weights for a case: per sample (leading axis), the last one zero unless `zero` is false. */
export function sampleWeights(dtype: FloatDType, predictions: HostTensor, rand: Random, zero = true): HostTensor {
  const n = predictions.shape[0] as number;
  const w = Array.from({ length: n }, () => rand(0.5, 2));
  if (zero) w[n - 1] = 0;
  return floatTensor(dtype, [n], w);
}

export function sizeOf(t: HostTensor): number {
  return sizeOfShape(t.shape);
}
