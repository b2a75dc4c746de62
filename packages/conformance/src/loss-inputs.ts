import type { FloatDType, HostTensor, LossMetadata, ParamValue } from '@losskit/core';
import { type Random, floatTensor, intTensor, uniform } from './random.js';
import {
  circleInputs, cosineEmbeddingInputs, ctcInputs, generalizedDiceInputs, hammingInputs, hingeEmbeddingInputs, listwiseSoftmaxInputs, marginRankingInputs, maskInputs, ntXentInputs,
  paddedSequenceInputs, tripletMarginInputs, zeroOneInputs,
} from './structured-inputs.js';

export interface LossInputCase {
  readonly predictions: HostTensor;
  readonly targets: HostTensor;
}

export type Options = Readonly<Record<string, ParamValue>>;

/**
 * Valid inputs for one loss under given options, away from the points where it has no
 * derivative (so finite differences are meaningful): residuals away from 0 and from Huber's δ,
 * hinge margins away from 1, probabilities away from 0 and 1.
 */
export type InputGenerator = (rand: Random, dtype: FloatDType, options: Options) => LossInputCase;

/** Rows (samples) and columns (features or classes) of every generated case. */
const N = 3;
const K = 4;

/** A residual in (−2, 2) whose size stays 0.1 away from 0 and from each of `kinks`. */
function residual(rand: Random, kinks: readonly number[]): number {
  for (;;) {
    const r = rand(-2, 2);
    if (Math.abs(r) > 0.1 && kinks.every((k) => Math.abs(Math.abs(r) - k) > 0.1)) return r;
  }
}

/** Real targets and predictions = targets + a residual away from the loss's kinks. */
function regression(kinks: (o: Options) => number[]): InputGenerator {
  return (rand, dtype, o) => {
    const t = Array.from({ length: N * K }, () => rand(-2, 2));
    const p = t.map((v) => v + residual(rand, kinks(o)));
    return { predictions: floatTensor(dtype, [N, K], p), targets: floatTensor(dtype, [N, K], t) };
  };
}

/** Rows of a softmax of random scores: probabilities in about [0.02, 0.8] that sum to 1. */
function softmaxRows(rand: Random, n: number, k: number): number[] {
  const out: number[] = [];
  for (let i = 0; i < n; i++) {
    const e = Array.from({ length: k }, () => Math.exp(rand(-1.5, 1.5)));
    const s = e.reduce((a, b) => a + b, 0);
    out.push(...e.map((v) => v / s));
  }
  return out;
}

/** Class scores: logits with `fromLogits`, else probability rows. */
function classPredictions(rand: Random, dtype: FloatDType, o: Options): HostTensor {
  return o.fromLogits === true ? uniform(dtype, [N, K], rand, -3, 3) : floatTensor(dtype, [N, K], softmaxRows(rand, N, K));
}

/** Counts 0 to 5: zeros, and values above 1 where Poisson's Stirling term applies. */
function counts(rand: Random, dtype: FloatDType): HostTensor {
  return floatTensor(dtype, [N, K], Array.from({ length: N * K }, () => Math.floor(rand(0, 6))));
}

/** Integer labels in [0, K), one of them `ignoreIndex` when the options set one. */
const classLabels: InputGenerator = (rand, dtype, o) => {
  const labels = Array.from({ length: N }, () => Math.floor(rand(0, K)));
  if (typeof o.ignoreIndex === 'number') labels[1] = o.ignoreIndex;
  return { predictions: classPredictions(rand, dtype, o), targets: intTensor([N], labels) };
};

/** Scores in (−2, 2) per row of K, redrawn until `ok(row)` (away from the loss's kinks). */
function scoreRows(rand: Random, ok: (row: number[], i: number) => boolean): number[] {
  const out: number[] = [];
  for (let i = 0; i < N; i++) {
    for (;;) {
      const row = Array.from({ length: K }, () => rand(-2, 2));
      if (ok(row, i)) {
        out.push(...row);
        break;
      }
    }
  }
  return out;
}

/** ±1 labels (or {0, 1} for the binary encoding) and margins y·x at least 0.1 from 0 and from 1. */
function signedMargins(rand: Random, dtype: FloatDType, o: Options): LossInputCase {
  const binary = o.targetEncoding === 'binary' || (o.targetEncoding === 'auto' && rand() < 0.5);
  const signs = Array.from({ length: N * K }, () => (rand() < 0.5 ? -1 : 1));
  const p = signs.map((s) => s * residual(rand, [1]));
  return { predictions: floatTensor(dtype, [N, K], p), targets: floatTensor(dtype, [N, K], signs.map((s) => (binary ? (s + 1) / 2 : s))) };
}

/** The sparsemax threshold of a row, from its definition over the sorted row. */
function sparsemaxTau(z: readonly number[]): number {
  const sorted = [...z].sort((a, b) => b - a);
  let sum = 0;
  let tau = 0;
  sorted.forEach((v, k) => {
    sum += v;
    if (1 + (k + 1) * v > sum) tau = (sum - 1) / (k + 1);
  });
  return tau;
}

/** Labels for `[N]` rows and lists for multi-label margins: classes in random order, ended by -1, then filler. */
function labelLists(rand: Random): number[] {
  const out: number[] = [];
  for (let i = 0; i < N; i++) {
    const order = Array.from({ length: K }, (_, c) => c).sort(() => rand() - 0.5);
    const listed = 1 + Math.floor(rand(0, K - 1));
    out.push(...order.map((c, j) => (j < listed ? c : j === listed ? -1 : Math.floor(rand(0, K)))));
  }
  return out;
}

/**
 * Generators by loss id. A new loss either gets a line here or is covered by
 * {@link FALLBACK_GENERATORS}; with neither, the suite fails on it.
 */
export const INPUT_GENERATORS: Readonly<Record<string, InputGenerator>> = {
  mse: regression(() => []),
  mae: regression(() => []),
  rmse: regression(() => []),
  huber: regression((o) => [typeof o.delta === 'number' ? o.delta : 1]),
  binaryCrossEntropy: (rand, dtype, o) => ({
    predictions: o.fromLogits === true ? uniform(dtype, [N, K], rand, -3, 3) : uniform(dtype, [N, K], rand, 0.05, 0.95),
    // hard {0, 1} labels, with every third one soft
    targets: floatTensor(dtype, [N, K], Array.from({ length: N * K }, (_, i) => (i % 3 === 0 ? rand(0, 1) : rand() < 0.5 ? 0 : 1))),
  }),
  categoricalCrossEntropy: (rand, dtype, o) => ({
    predictions: classPredictions(rand, dtype, o),
    // one soft row, the others one-hot
    targets: floatTensor(dtype, [N, K], [...softmaxRows(rand, 1, K), ...Array.from({ length: (N - 1) * K }, (_, i) => (i % K === Math.floor(i / K) % K ? 1 : 0))]),
  }),
  sparseCategoricalCrossEntropy: classLabels,
  hinge: (rand, dtype, o) => {
    const binary = o.targetEncoding === 'binary' || (o.targetEncoding === 'auto' && rand() < 0.5);
    const signs = Array.from({ length: N * K }, () => (rand() < 0.5 ? -1 : 1));
    // margins t·p = 1 + r stay 0.1 away from 1, where the hinge bends
    const p = signs.map((s) => s * (1 + residual(rand, [])));
    return { predictions: floatTensor(dtype, [N, K], p), targets: floatTensor(dtype, [N, K], signs.map((s) => (binary ? (s + 1) / 2 : s))) };
  },  nll: (rand, dtype, o) => {
    const { targets } = classLabels(rand, dtype, o);
    return { predictions: floatTensor(dtype, [N, K], softmaxRows(rand, N, K).map(Math.log)), targets };
  },
  klDivergence: (rand, dtype, o) => {
    const p = softmaxRows(rand, N, K);
    const t = softmaxRows(rand, N, K);
    return {
      predictions: floatTensor(dtype, [N, K], o.logPredictions === true ? p.map(Math.log) : p),
      targets: floatTensor(dtype, [N, K], o.logTarget === true ? t.map(Math.log) : t),
    };
  },
  binaryFocal: (rand, dtype, o) => ({
    predictions: o.fromLogits === true ? uniform(dtype, [N, K], rand, -3, 3) : uniform(dtype, [N, K], rand, 0.05, 0.95),
    targets: floatTensor(dtype, [N, K], Array.from({ length: N * K }, (_, i) => (i % 3 === 0 ? rand(0, 1) : rand() < 0.5 ? 0 : 1))),
  }),
  categoricalFocal: (rand, dtype, o) => ({
    predictions: classPredictions(rand, dtype, o),
    targets: floatTensor(dtype, [N, K], [...softmaxRows(rand, 1, K), ...Array.from({ length: (N - 1) * K }, (_, i) => (i % K === Math.floor(i / K) % K ? 1 : 0))]),
  }),
  generalizedCrossEntropy: classLabels,
  poly1: classLabels,
  squaredHinge: signedMargins,
  categoricalHinge: (rand, dtype) => {
    const y = Array.from({ length: N }, () => Math.floor(rand(0, K)));
    // 1 + max of the others − the target's score stays 0.1 from 0, and the max has no tie
    const p = scoreRows(rand, (row, i) => {
      const others = row.map((v, c) => (c === y[i] ? 0 : v));
      const top = [...others].sort((a, b) => b - a);
      return Math.abs(1 + (top[0] as number) - (row[y[i] as number] as number)) > 0.1 && (top[0] as number) - (top[1] as number) > 0.1;
    });
    return { predictions: floatTensor(dtype, [N, K], p), targets: floatTensor(dtype, [N, K], y.flatMap((c) => Array.from({ length: K }, (_, k) => (k === c ? 1 : 0)))) };
  },
  multiMargin: (rand, dtype, o) => {
    const y = Array.from({ length: N }, () => Math.floor(rand(0, K)));
    const margin = typeof o.margin === 'number' ? o.margin : 1;
    const p = scoreRows(rand, (row, i) => row.every((v, c) => c === y[i] || Math.abs(margin - (row[y[i] as number] as number) + v) > 0.1));
    return { predictions: floatTensor(dtype, [N, K], p), targets: intTensor([N], y) };
  },
  multiLabelMargin: (rand, dtype) => {
    const lists = labelLists(rand);
    const p = scoreRows(rand, (row, i) => {
      const list = lists.slice(i * K, (i + 1) * K);
      const listed = list.slice(0, list.indexOf(-1) < 0 ? K : list.indexOf(-1));
      return listed.every((j) => row.every((v, c) => listed.includes(c) || Math.abs(1 - (row[j] as number) + v) > 0.1));
    });
    return { predictions: floatTensor(dtype, [N, K], p), targets: intTensor([N, K], lists) };
  },
  softMargin: signedMargins,
  multiLabelSoftMargin: (rand, dtype) => ({
    predictions: uniform(dtype, [N, K], rand, -3, 3),
    targets: floatTensor(dtype, [N, K], Array.from({ length: N * K }, () => (rand() < 0.5 ? 0 : 1))),
  }),
  perceptron: signedMargins,
  sparsemax: (rand, dtype) => {
    // every score 0.05 away from the threshold, where the support changes
    const p = scoreRows(rand, (row) => {
      const tau = sparsemaxTau(row);
      return row.every((v) => Math.abs(v - tau) > 0.05);
    });
    return { predictions: floatTensor(dtype, [N, K], p), targets: intTensor([N], Array.from({ length: N }, () => Math.floor(rand(0, K)))) };
  },
  smoothL1: regression((o) => [typeof o.beta === 'number' ? o.beta : 1]),
  logCosh: regression(() => []),
  // targets of size 0.5 to 2, far from the ε floor on |t|
  mape: (rand, dtype) => {
    const t = Array.from({ length: N * K }, () => (rand() < 0.5 ? -1 : 1) * rand(0.5, 2));
    return { predictions: floatTensor(dtype, [N, K], t.map((v) => v + residual(rand, []))), targets: floatTensor(dtype, [N, K], t) };
  },
  // both sides positive, far above the ε clamp
  msle: (rand, dtype) => ({ predictions: uniform(dtype, [N, K], rand, 0.1, 3), targets: uniform(dtype, [N, K], rand, 0.1, 3) }),
  quantile: regression(() => []),
  poisson: (rand, dtype) => ({ predictions: uniform(dtype, [N, K], rand, 0.2, 3), targets: counts(rand, dtype) }),
  poissonNLL: (rand, dtype, o) => ({
    predictions: o.logInput === false ? uniform(dtype, [N, K], rand, 0.2, 3) : uniform(dtype, [N, K], rand, -2, 1.5),
    targets: counts(rand, dtype),
  }),
  // [N, K, 2]: means, and variances well above the ε clamp
  gaussianNLL: (rand, dtype) => ({
    predictions: floatTensor(dtype, [N, K, 2], Array.from({ length: N * K * 2 }, (_, i) => (i % 2 === 0 ? rand(-2, 2) : rand(0.2, 2)))),
    targets: uniform(dtype, [N, K], rand, -2, 2),
  }),
  cosineSimilarity: (rand, dtype) => ({ predictions: uniform(dtype, [N, K], rand, -2, 2), targets: uniform(dtype, [N, K], rand, -2, 2) }),
  marginRanking: marginRankingInputs,
  hingeEmbedding: hingeEmbeddingInputs,
  cosineEmbedding: cosineEmbeddingInputs,
  tripletMargin: tripletMarginInputs,
  ntXent: ntXentInputs,
  circle: circleInputs,
  listwiseSoftmax: listwiseSoftmaxInputs,
  dice: maskInputs([N, K]),
  generalizedDice: generalizedDiceInputs,
  tversky: maskInputs([N, 2, K]),
  hammingLoss: hammingInputs,
  zeroOneLoss: zeroOneInputs,
  maskedSequenceCrossEntropy: paddedSequenceInputs,
  ctc: ctcInputs,
};

/**
 * Generic generators by what a loss's metadata says its inputs are (`task/targetKind`): a
 * regression loss on real values, or a classification loss on integer labels. Anything else
 * (probabilities, margins, distributions) is too specific to guess.
 */
export const FALLBACK_GENERATORS: Readonly<Record<string, InputGenerator>> = {
  'regression/values': regression(() => []),
  'classification/labels': classLabels,
};

/** The generator for a loss: by id, else by its metadata, else undefined (the suite then fails). */
export function inputGeneratorFor(metadata: LossMetadata): { readonly generate: InputGenerator; readonly via: string } | undefined {
  const byId = INPUT_GENERATORS[metadata.id];
  if (byId !== undefined) return { generate: byId, via: `INPUT_GENERATORS.${metadata.id}` };
  const key = `${metadata.task}/${metadata.targetKind}`;
  const fallback = FALLBACK_GENERATORS[key];
  return fallback === undefined ? undefined : { generate: fallback, via: `FALLBACK_GENERATORS['${key}']` };
}

/**
 * Sample weights for a case, one per sample (the leading axis), in [0.5, 2); the last one is 0
 * unless `zero` is false (a zero weight is a kink for RMSE's square root, which finite
 * differences cannot see past).
 */
export function sampleWeights(dtype: FloatDType, predictions: HostTensor, rand: Random, zero = true): HostTensor {
  const n = predictions.shape[0] as number;
  const w = Array.from({ length: n }, () => rand(0.5, 2));
  if (zero) w[n - 1] = 0;
  return floatTensor(dtype, [n], w);
}
