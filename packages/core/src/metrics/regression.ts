import { fail } from '../errors/losskit-error.js';
import { type ValuesLike, readValues } from './labels.js';

/** How per-output scores of 2-D targets combine (scikit-learn's `multioutput`). */
export type MultiOutput = 'uniform_average' | 'variance_weighted';

export interface RegressionScoreOptions {
  readonly multioutput?: MultiOutput;
  readonly sampleWeight?: readonly number[];
  /**
   * scikit-learn's `force_finite` (default true): a constant target gives 1 for a perfect fit and
   * 0 otherwise, instead of NaN or −∞.
   */
  readonly forceFinite?: boolean;
}

interface Columns { readonly n: number; readonly outputs: number; readonly p: ArrayLike<number>; readonly t: ArrayLike<number>; readonly w: readonly number[] }

function columns(predictions: ValuesLike, targets: ValuesLike, sampleWeight: readonly number[] | undefined, where: string): Columns {
  const p = readValues(predictions, `${where}.predictions`);
  const t = readValues(targets, `${where}.targets`);
  if (t.shape.length > 2) fail('SHAPE_MISMATCH', `expected [n] or [n, outputs] targets, got [${t.shape.join(', ')}]`, `${where}.targets`);
  if (p.data.length !== t.data.length) fail('SHAPE_MISMATCH', `${p.data.length} predictions for ${t.data.length} targets`, where);
  const n = t.shape.length === 0 ? 1 : (t.shape[0] as number);
  if (t.data.length === 0) fail('EMPTY', 'no samples', where);
  if (n < 2) fail('EMPTY', 'needs at least two samples (scikit-learn: not well-defined with less)', where);
  if (sampleWeight !== undefined && sampleWeight.length !== n) fail('SHAPE_MISMATCH', `${sampleWeight.length} sample weights for ${n} samples`, `${where}.sampleWeight`);
  const w = sampleWeight ?? new Array<number>(n).fill(1);
  w.forEach((v, i) => {
    if (!Number.isFinite(v) || v < 0) fail('BAD_PARAM', `sample weights must be finite and ≥ 0, found ${v} at index ${i}`, `${where}.sampleWeight`);
  });
  if (w.reduce((s, v) => s + v, 0) === 0) fail('BAD_PARAM', 'sample weights sum to 0', `${where}.sampleWeight`);
  return { n, outputs: t.data.length / n, p: p.data, t: t.data, w };
}

function weightedMean(c: Columns, j: number, value: (i: number) => number): number {
  let s = 0;
  let ws = 0;
  for (let i = 0; i < c.n; i++) {
    s += (c.w[i] as number) * value(i * c.outputs + j);
    ws += c.w[i] as number;
  }
  return s / ws;
}

// Per output: numerator / denominator, then scikit-learn's _assemble_r2_explained_variance.
function assemble(c: Columns, num: number[], den: number[], o: RegressionScoreOptions): number {
  const forceFinite = o.forceFinite ?? true;
  const scores = num.map((nu, j) => {
    const de = den[j] as number;
    if (de !== 0) return 1 - nu / de;
    if (!forceFinite) return nu === 0 ? Number.NaN : Number.NEGATIVE_INFINITY;
    return nu === 0 ? 1 : 0;
  });
  if ((o.multioutput ?? 'uniform_average') === 'uniform_average' || c.outputs === 1) return scores.reduce((s, v) => s + v, 0) / scores.length;
  if (o.multioutput !== 'variance_weighted') fail('BAD_PARAM', `multioutput must be 'uniform_average' or 'variance_weighted', got ${JSON.stringify(o.multioutput)}`, 'multioutput');
  const total = den.reduce((s, v) => s + v, 0);
  // All outputs constant: scikit-learn falls back to the uniform average.
  if (total === 0) return scores.reduce((s, v) => s + v, 0) / scores.length;
  return scores.reduce((s, v, j) => s + v * (den[j] as number), 0) / total;
}

/**
 * The coefficient of determination, 1 − SS_res / SS_tot, per output column of [n, outputs]
 * targets and then averaged (scikit-learn's `r2_score`). Arguments in losskit's order:
 * predictions, then targets.
 */
export function r2(predictions: ValuesLike, targets: ValuesLike, options: RegressionScoreOptions = {}): number {
  const c = columns(predictions, targets, options.sampleWeight, 'r2');
  const num: number[] = [];
  const den: number[] = [];
  for (let j = 0; j < c.outputs; j++) {
    const mean = weightedMean(c, j, (k) => c.t[k] as number);
    let res = 0;
    let tot = 0;
    for (let i = 0; i < c.n; i++) {
      const k = i * c.outputs + j;
      const t = c.t[k] as number;
      res += (c.w[i] as number) * (t - (c.p[k] as number)) ** 2;
      tot += (c.w[i] as number) * (t - mean) ** 2;
    }
    num.push(res);
    den.push(tot);
  }
  return assemble(c, num, den, options);
}

/**
 * scikit-learn's `explained_variance_score`: 1 − Var(t − p) / Var(t) per output, then averaged.
 * Unlike R² it ignores a constant bias in the predictions.
 */
export function explainedVariance(predictions: ValuesLike, targets: ValuesLike, options: RegressionScoreOptions = {}): number {
  const c = columns(predictions, targets, options.sampleWeight, 'explainedVariance');
  const num: number[] = [];
  const den: number[] = [];
  for (let j = 0; j < c.outputs; j++) {
    const diff = (k: number): number => (c.t[k] as number) - (c.p[k] as number);
    const diffMean = weightedMean(c, j, diff);
    const tMean = weightedMean(c, j, (k) => c.t[k] as number);
    num.push(weightedMean(c, j, (k) => (diff(k) - diffMean) ** 2));
    den.push(weightedMean(c, j, (k) => ((c.t[k] as number) - tMean) ** 2));
  }
  return assemble(c, num, den, options);
}
