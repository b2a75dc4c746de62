import { type Loss, type LossOptions, type ParamValue, losses } from '@losskit/core';

/**
 * How a loss is evaluated in row slices: `chunk` is a loss whose reduction 'none' gives each
 * row's weighted losses independently of every other row, and `finish` what the loss does
 * after its reduction (RMSE: the mean squared error, then its square root).
 */
export interface MergePlan {
  readonly chunk: Loss;
  readonly finish: (reduced: number) => number;
}

const identity = (x: number): number => x;
const lastAxis = (axis: ParamValue | undefined): boolean => axis === null || axis === undefined || axis === -1;

/**
 * Losses whose per-sample values depend on one row only, and the parameter values for which
 * that holds. A loss not listed (a new one, an expression) is evaluated in memory: the list is
 * what has been checked, not a guess. Excluded: a reduction over rows (`axis` other than the
 * last), sparse labels with `ignoreIndex` or `classWeights` (they change the denominators), and hinge with
 * `targetEncoding: 'auto'` (decided from all the labels at once).
 */
const ROWWISE: Readonly<Record<string, (o: Readonly<Record<string, ParamValue>>) => boolean>> = {
  mse: (o) => lastAxis(o.axis),
  mae: (o) => lastAxis(o.axis),
  rmse: (o) => lastAxis(o.axis),
  huber: (o) => lastAxis(o.axis),
  binaryCrossEntropy: (o) => lastAxis(o.axis),
  categoricalCrossEntropy: (o) => lastAxis(o.axis),
  // class weights make the mean divide by Σ w·classWeights[y], which the partial sums do not keep
  sparseCategoricalCrossEntropy: (o) => o.ignoreIndex === null && o.classWeights === null,
  hinge: (o) => o.targetEncoding !== 'auto',
};

/** The plan to evaluate `loss` in slices and merge them exactly, or why it cannot be. */
export function mergePlan(loss: Loss): MergePlan | string {
  const ok = Object.hasOwn(ROWWISE, loss.id) ? ROWWISE[loss.id] : undefined;
  if (ok === undefined || !Object.hasOwn(losses, loss.id)) return `'${loss.id}' is not known to be a sum of per-row losses`;
  if (!ok(loss.options)) return `'${loss.id}' with ${JSON.stringify(loss.options)} does not split by rows`;
  const options = { ...loss.options, reduction: 'none' } as LossOptions<Record<string, ParamValue>>;
  if (loss.id === 'rmse') return { chunk: losses.mse(options as LossOptions<{ axis: number | null }>), finish: Math.sqrt };
  const ctor = losses[loss.id as keyof typeof losses] as (o: LossOptions<Record<string, ParamValue>>) => Loss;
  return { chunk: ctor(options), finish: identity };
}

/** The finishing step of a loss by id, for `losskit merge`. */
export function finishOf(id: string): (reduced: number) => number {
  return id === 'rmse' ? Math.sqrt : identity;
}
