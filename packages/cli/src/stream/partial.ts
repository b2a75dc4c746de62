import { LossKitError, type Reduction } from '@losskit/core';

/**
 * What a slice of the rows contributes to a loss: enough to merge slices exactly and then
 * reduce. `sum` is Σ w·l over the slice's losses, `count` how many losses, `weightSum` Σ w
 * broadcast to the losses and `nonzero` how many of those weights are not 0 (without weights
 * every weight is 1). Every reduction but 'none' is one of these sums divided by another.
 */
export interface PartialSums {
  readonly loss: string;
  readonly options: Readonly<Record<string, unknown>>;
  readonly reduction: Exclude<Reduction, 'none'>;
  readonly rows: number;
  readonly sum: number;
  readonly count: number;
  readonly weightSum: number;
  readonly nonzero: number;
}

export const emptyPartial = (loss: string, options: Readonly<Record<string, unknown>>, reduction: Exclude<Reduction, 'none'>): PartialSums =>
  ({ loss, options, reduction, rows: 0, sum: 0, count: 0, weightSum: 0, nonzero: 0 });

/**
 * One chunk's partial from its weighted per-sample losses (the loss with reduction 'none') and
 * the chunk's weights, aligned as Keras aligns them: one weight per row covers the row's losses.
 */
export function chunkPartial(base: PartialSums, weighted: ArrayLike<number>, rows: number, weights: ArrayLike<number> | undefined, where: string): PartialSums {
  let sum = 0;
  for (let i = 0; i < weighted.length; i++) sum += weighted[i] as number;
  const count = weighted.length;
  let weightSum = count;
  let nonzero = count;
  if (weights !== undefined) {
    let per: number;
    if (weights.length === count) per = 1;
    else if (weights.length === rows && count % rows === 0) per = count / rows;
    else throw new LossKitError('SHAPE_MISMATCH', `${weights.length} weights in a chunk of ${rows} rows with ${count} losses: expected one weight per row or per loss`, { where });
    weightSum = 0;
    nonzero = 0;
    for (let i = 0; i < weights.length; i++) {
      const w = weights[i] as number;
      weightSum += w;
      if (w !== 0) nonzero++;
    }
    weightSum *= per;
    nonzero *= per;
  }
  return { ...base, rows: base.rows + rows, sum: base.sum + sum, count: base.count + count, weightSum: base.weightSum + weightSum, nonzero: base.nonzero + nonzero };
}

/** Merges partials of the same loss, options and reduction (slices of one evaluation, in any order). */
export function mergePartials(parts: readonly PartialSums[]): PartialSums {
  const [first, ...rest] = parts;
  if (first === undefined) throw new LossKitError('BAD_PARAM', 'nothing to merge: expected at least one partial', { where: 'merge' });
  const key = (p: PartialSums): string => JSON.stringify([p.loss, p.options, p.reduction]);
  return rest.reduce((a, p, i) => {
    if (key(p) !== key(first)) throw new LossKitError('BAD_PARAM', `partial ${i + 2} is of ${key(p)}, the first of ${key(first)}: only slices of one evaluation merge`, { where: 'merge' });
    return { ...a, rows: a.rows + p.rows, sum: a.sum + p.sum, count: a.count + p.count, weightSum: a.weightSum + p.weightSum, nonzero: a.nonzero + p.nonzero };
  }, first);
}

// divNoNan, as the losses' own reductions: an all-zero denominator gives 0, not NaN.
const divNoNan = (a: number, b: number): number => (b === 0 ? 0 : a / b);

/** The reduced value of merged partials, before the loss's own finishing step (RMSE's root). */
export function reducePartial(p: PartialSums): number {
  switch (p.reduction) {
    case 'sum':
      return p.sum;
    case 'mean':
      return divNoNan(p.sum, p.weightSum);
    case 'sum-over-batch-size':
      return divNoNan(p.sum, p.count);
    case 'sum-by-nonzero-weights':
      return divNoNan(p.sum, p.nonzero);
  }
}

const FIELDS = ['rows', 'sum', 'count', 'weightSum', 'nonzero'] as const;

/** A partial read back from JSON (`eval --partial`), checked field by field. */
export function parsePartial(value: unknown, where: string): PartialSums {
  const v = value as Record<string, unknown>;
  if (typeof v !== 'object' || v === null || typeof v.loss !== 'string' || typeof v.reduction !== 'string' || typeof v.options !== 'object' || v.options === null) {
    throw new LossKitError('BAD_FILE', 'expected a partial from `losskit eval --partial`: { loss, options, reduction, rows, sum, count, weightSum, nonzero }', { where });
  }
  if (!['sum', 'mean', 'sum-over-batch-size', 'sum-by-nonzero-weights'].includes(v.reduction)) {
    throw new LossKitError('BAD_FILE', `reduction '${v.reduction}' has no partial sums`, { where });
  }
  for (const f of FIELDS) {
    if (typeof v[f] !== 'number' || !Number.isFinite(v[f])) throw new LossKitError('BAD_FILE', `"${f}" must be a finite number, got ${JSON.stringify(v[f])}`, { where });
  }
  return v as unknown as PartialSums;
}
