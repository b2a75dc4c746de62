import type { InputGenerator, Options } from './loss-inputs.js';
import { type Random, floatTensor, intTensor } from './random.js';

/**
 * Input generators for losses whose inputs are packed or structured: ranking pairs and
 * triplets, embeddings with group labels, segmentation masks, padded sequences. Each keeps the
 * loss away from its kinks (a hinge at 0, a tie between two distances), so that finite
 * differences are meaningful, by drawing again until the case is clear of them.
 */

const N = 3;
const K = 4;
const D = 3;

const num = (o: Options, name: string, fallback: number): number => (typeof o[name] === 'number' ? (o[name] as number) : fallback);
const sign = (rand: Random): number => (rand() < 0.5 ? -1 : 1);
/** A draw in ±(lo, hi): its size at least lo. */
const away = (rand: Random, lo: number, hi: number): number => sign(rand) * rand(lo, hi);
const vector = (rand: Random, n: number): number[] => Array.from({ length: n }, () => rand(-2, 2));
const dot = (a: readonly number[], b: readonly number[]): number => a.reduce((s, v, i) => s + v * (b[i] as number), 0);

/** Pairs (x1, x2) with −y(x1 − x2) + margin at least 0.1 from the hinge at 0. */
export const marginRankingInputs: InputGenerator = (rand, dtype, o) => {
  const margin = num(o, 'margin', 0);
  const y = Array.from({ length: N }, () => sign(rand));
  const p = y.flatMap((yi) => {
    const x2 = rand(-2, 2);
    return [x2 + yi * (margin - away(rand, 0.1, 1.5)), x2];
  });
  return { predictions: floatTensor(dtype, [N, 2], p), targets: floatTensor(dtype, [N], y) };
};

/** Distances; for dissimilar pairs (y = −1) at least 0.1 from the margin, where the hinge bends. */
export const hingeEmbeddingInputs: InputGenerator = (rand, dtype, o) => {
  const margin = num(o, 'margin', 1);
  const y = Array.from({ length: N * K }, () => sign(rand));
  const p = y.map((yi) => (yi === 1 ? rand(0, 2) : margin + away(rand, 0.1, 1.5)));
  return { predictions: floatTensor(dtype, [N, K], p), targets: floatTensor(dtype, [N, K], y) };
};

/** Embedding pairs; for dissimilar pairs the cosine at least 0.1 from the margin. */
export const cosineEmbeddingInputs: InputGenerator = (rand, dtype, o) => {
  const margin = num(o, 'margin', 0);
  const y = Array.from({ length: N }, () => sign(rand));
  const p = y.flatMap((yi) => {
    for (;;) {
      const a = vector(rand, D);
      const b = vector(rand, D);
      const cos = dot(a, b) / Math.sqrt(dot(a, a) * dot(b, b));
      if (yi === 1 || Math.abs(cos - margin) > 0.1) return [...a, ...b];
    }
  });
  return { predictions: floatTensor(dtype, [N, 2, D], p), targets: floatTensor(dtype, [N], y) };
};

/** ‖a − b + eps‖_p in plain Math, as the loss computes it. */
function distance(a: readonly number[], b: readonly number[], p: number, eps: number): number {
  return a.reduce((s, v, i) => s + Math.abs(v - (b[i] as number) + eps) ** p, 0) ** (1 / p);
}

/**
 * Triplets clear of every kink: the hinge (d(a, p) − d(a, n) + margin at least 0.1 from 0), the
 * swap's minimum (d(a, n) and d(p, n) 0.1 apart) and the norm's |·| (components 0.05 from 0).
 * Targets are the zeros the loss ignores.
 */
export const tripletMarginInputs: InputGenerator = (rand, dtype, o) => {
  const margin = num(o, 'margin', 1);
  const p = num(o, 'p', 2);
  const eps = num(o, 'eps', 1e-6);
  const data: number[] = [];
  for (let i = 0; i < N; i++) {
    for (;;) {
      const [a, pos, neg] = [vector(rand, D), vector(rand, D), vector(rand, D)] as const;
      const components = [a.map((v, j) => v - (pos[j] as number)), a.map((v, j) => v - (neg[j] as number)), pos.map((v, j) => v - (neg[j] as number))];
      if (components.flat().some((c) => Math.abs(c + eps) < 0.05)) continue;
      const dAn = distance(a, neg, p, eps);
      const dPn = distance(pos, neg, p, eps);
      if (o.swap === true && Math.abs(dAn - dPn) < 0.1) continue;
      const dNeg = o.swap === true ? Math.min(dAn, dPn) : dAn;
      if (Math.abs(distance(a, pos, p, eps) - dNeg + margin) < 0.1) continue;
      data.push(...a, ...pos, ...neg);
      break;
    }
  }
  return { predictions: floatTensor(dtype, [N, 3, D], data), targets: floatTensor(dtype, [N], new Array<number>(N).fill(0)) };
};

/** Six embeddings in three groups (two, three and one: a group with no positive pair). */
export const ntXentInputs: InputGenerator = (rand, dtype) => {
  const labels = [0, 1, 0, 1, 2, 1];
  return { predictions: floatTensor(dtype, [labels.length, D], vector(rand, labels.length * D)), targets: intTensor([labels.length], labels) };
};

/**
 * Six embeddings in three groups, drawn again until every negative pair's cosine is 0.05 away
 * from −m, where circle loss's α_n = [s_n + m]₊ bends.
 */
export const circleInputs: InputGenerator = (rand, dtype, o) => {
  const m = num(o, 'm', 0.4);
  const labels = [0, 1, 0, 1, 2, 1];
  for (;;) {
    const z = Array.from({ length: labels.length }, () => vector(rand, D));
    const clear = labels.every((a, i) => labels.every((b, j) => a === b || Math.abs(dot(z[i]!, z[j]!) / Math.sqrt(dot(z[i]!, z[i]!) * dot(z[j]!, z[j]!)) + m) > 0.05));
    if (clear) return { predictions: floatTensor(dtype, [labels.length, D], z.flat()), targets: intTensor([labels.length], labels) };
  }
};

/** Scores and graded relevances in {0, 1, 2}; the last list has no relevant item (it costs 0). */
export const listwiseSoftmaxInputs: InputGenerator = (rand, dtype) => ({
  predictions: floatTensor(dtype, [N, K], vector(rand, N * K)),
  targets: floatTensor(dtype, [N, K], Array.from({ length: N * K }, (_, i) => (i >= (N - 1) * K ? 0 : Math.floor(rand(0, 3))))),
});

/** Probabilities in [0.05, 0.95] against masks: hard {0, 1}, with every third value soft. */
export const maskInputs = (shape: readonly number[]): InputGenerator => (rand, dtype) => {
  const size = shape.reduce((a, b) => a * b, 1);
  return {
    predictions: floatTensor(dtype, shape, Array.from({ length: size }, () => rand(0.05, 0.95))),
    targets: floatTensor(dtype, shape, Array.from({ length: size }, (_, i) => (i % 3 === 0 ? rand(0, 1) : rand() < 0.5 ? 0 : 1))),
  };
};

/** One-hot masks [N, 2, K] with class 0 absent from the first sample (its weight is borrowed). */
export const generalizedDiceInputs: InputGenerator = (rand, dtype) => {
  const classes: number[] = [];
  for (let n = 0; n < N; n++) for (let s = 0; s < 2; s++) classes.push(n === 0 ? 1 + Math.floor(rand(0, K - 1)) : Math.floor(rand(0, K)));
  return {
    predictions: floatTensor(dtype, [N, 2, K], Array.from({ length: N * 2 * K }, () => rand(0.05, 0.95))),
    targets: floatTensor(dtype, [N, 2, K], classes.flatMap((c) => Array.from({ length: K }, (_, k) => (k === c ? 1 : 0)))),
  };
};

/** Scores at least 0.1 from the threshold, and {0, 1} labels. */
export const hammingInputs: InputGenerator = (rand, dtype, o) => {
  const threshold = num(o, 'threshold', 0.5);
  return {
    predictions: floatTensor(dtype, [N, K], Array.from({ length: N * K }, () => threshold + away(rand, 0.1, 1))),
    targets: floatTensor(dtype, [N, K], Array.from({ length: N * K }, () => (rand() < 0.5 ? 0 : 1))),
  };
};

/** Class scores with a tie for the maximum in the first row (argmax takes the first), and labels. */
export const zeroOneInputs: InputGenerator = (rand, dtype) => {
  const p = vector(rand, N * K);
  p[1] = 3;
  p[2] = 3;
  return { predictions: floatTensor(dtype, [N, K], p), targets: intTensor([N], [2, ...Array.from({ length: N - 1 }, () => Math.floor(rand(0, K)))]) };
};

/** Logits [N, 4, K] and labels [N, 4] whose sequences end in 0, 1 and 2 padding positions. */
export const paddedSequenceInputs: InputGenerator = (rand, dtype, o) => {
  const pad = num(o, 'padIndex', -1);
  const T = 4;
  const labels: number[] = [];
  for (let n = 0; n < N; n++) {
    for (let t = 0; t < T; t++) labels.push(t >= T - n ? pad : pad === 0 ? 1 + Math.floor(rand(0, K - 1)) : Math.floor(rand(0, K)));
  }
  return { predictions: floatTensor(dtype, [N, T, K], vector(rand, N * T * K)), targets: intTensor([N, T], labels) };
};

/**
 * CTC inputs: log-softmax rows (or logits with `fromLogits`) [N, 5, K] and label sequences of
 * lengths 2 (a repeat, which needs a blank between), 1 and 0, padded with −1; with
 * `inputLengthsInTargets`, column 0 holds input lengths 5, 4 and 3, all long enough.
 */
export const ctcInputs: InputGenerator = (rand, dtype, o) => {
  const blank = num(o, 'blank', 0);
  const frames = 5;
  const label = (): number => {
    for (;;) {
      const c = Math.floor(rand(0, K));
      if (c !== blank) return c;
    }
  };
  const repeated = label();
  const rows = [[repeated, repeated], [label(), -1], [-1, -1]];
  const targets = o.inputLengthsInTargets === true ? rows.map((r, n) => [frames - n, ...r]) : rows;
  const raw = vector(rand, N * frames * K);
  const predictions = o.fromLogits === true ? raw : raw.map((_, i) => {
    const start = i - (i % K);
    const slice = raw.slice(start, start + K);
    const m = Math.max(...slice);
    return (raw[i] as number) - m - Math.log(slice.reduce((s, v) => s + Math.exp(v - m), 0));
  });
  return { predictions: floatTensor(dtype, [N, frames, K], predictions), targets: intTensor([N, (targets[0] as number[]).length], targets.flat()) };
};
