import { type Backend, type HostTensor, type Loss, type LossInputs, type LossMetadata, type ParamSpec, type ParamValue, LossKitError, createLoss, losses } from '@losskit/core';

/**
 * Which losses of the catalogue the explorer can draw against one number per sample, and how to
 * feed them that number. Decided by trying, not from a list of names: a loss (present or added
 * later) is plotted with the first encoding under which a tiny evaluation gives one finite
 * value and gradient per sample; losses with packed inputs (gaussianNLL's [N, 2] mean and
 * variance, pair or triplet losses) or vector-valued ones (cosineSimilarity) fail that and are
 * listed as not plotted.
 */
export type Task = 'regression' | 'classification';

/**
 * - `elementwise`: predictions and targets of shape [N]; the target is 1 (regression: the
 *   prediction is 1 + residual; classification: label 1, and x is its logit or margin).
 * - `twoLogitsOneHot` / `twoLogitsLabel`: two-class logits [N, 2] with x on the true class
 *   (column 0) and 0 on the other, against one-hot rows or integer labels 0.
 */
export type Encoding = 'elementwise' | 'twoLogitsOneHot' | 'twoLogitsLabel';
const ENCODINGS: readonly Encoding[] = ['elementwise', 'twoLogitsOneHot', 'twoLogitsLabel'];

/** The regression target: 1 rather than 0, so rate and percentage losses (Poisson, MAPE) are defined around it. */
export const REGRESSION_TARGET = 1;

export const meta = (name: string): LossMetadata | undefined =>
  Object.hasOwn(losses, name) ? (losses as Record<string, { metadata: LossMetadata }>)[name]?.metadata : undefined;

/**
 * Parameters the explorer shows: numbers, integers, booleans and enums. Axes, nullable
 * switches and the epsilon floors keep their defaults; `fromLogits` is fixed on, since the
 * x-axis is a logit.
 */
export function tunable(name: string, spec: ParamSpec): boolean {
  if (name === 'fromLogits' || spec.nullable === true || spec.type === 'axis') return false;
  if (spec.type === 'enum') return (spec.values?.length ?? 0) > 1;
  return spec.type === 'boolean' || !/epsilon|floor/i.test(name);
}

/** A slider's ends: the inclusive bounds, or the exclusive ones nudged inside by a hundredth of the span. */
export function sliderRange(spec: ParamSpec): [number, number] {
  const lo = spec.min ?? spec.above ?? 0;
  const hi = spec.max ?? spec.below ?? Math.max(3, Math.abs(Number(spec.default)) * 5);
  const nudge = (hi - lo) / 100;
  return [spec.min === undefined && spec.above !== undefined ? lo + nudge : lo, spec.max === undefined && spec.below !== undefined ? hi - nudge : hi];
}

/** The options a curve is computed with: reduction 'none', logits where the loss can take them, and the chosen parameters. */
export function plotOptions(name: string, chosen: Readonly<Record<string, ParamValue>> = {}): Record<string, ParamValue> {
  const params = meta(name)?.params ?? {};
  const o: Record<string, ParamValue> = { reduction: 'none' };
  for (const [p, spec] of Object.entries(params)) if (tunable(p, spec) && Object.hasOwn(chosen, p)) o[p] = chosen[p] as ParamValue;
  if ('fromLogits' in params) o['fromLogits'] = true;
  return o;
}

/** The loss's inputs for the x values `xs` under `encoding`. */
export function encode(encoding: Encoding, task: Task, xs: ArrayLike<number>): LossInputs {
  const n = xs.length;
  if (encoding === 'elementwise') {
    const target = task === 'regression' ? REGRESSION_TARGET : 1;
    const predictions = task === 'regression' ? Float32Array.from(xs, (r) => target + r) : Float32Array.from(xs);
    return { predictions: { dtype: 'float32', shape: [n], data: predictions }, targets: { dtype: 'float32', shape: [n], data: new Float32Array(n).fill(target) } };
  }
  const logits = new Float32Array(2 * n);
  for (let i = 0; i < n; i++) logits[2 * i] = xs[i] as number;
  const targets: HostTensor = encoding === 'twoLogitsLabel'
    ? { dtype: 'int32', shape: [n], data: new Int32Array(n) }
    : { dtype: 'float32', shape: [n, 2], data: Float32Array.from({ length: 2 * n }, (_, i) => (i % 2 === 0 ? 1 : 0)) };
  return { predictions: { dtype: 'float32', shape: [n, 2], data: logits }, targets };
}

/** The derivative along x: the gradient itself, or its true-class column for two logits. */
export function alongX(encoding: Encoding, grad: HostTensor): Float64Array {
  if (encoding === 'elementwise') return Float64Array.from(grad.data);
  return Float64Array.from({ length: grad.data.length / 2 }, (_, i) => grad.data[2 * i] as number);
}

const PROBE = [-0.5, 0.25, 1];

/** Whether `name` gives one finite value and x-derivative per sample under `encoding`. */
async function plotsWith(backend: Backend, name: string, task: Task, encoding: Encoding): Promise<boolean> {
  try {
    const { value, grad } = await backend.valueAndGrad(createLoss(name, plotOptions(name)), encode(encoding, task, PROBE));
    const g = alongX(encoding, grad);
    return value.shape.length === 1 && value.shape[0] === PROBE.length && g.length === PROBE.length
      && Array.from(value.data).every(Number.isFinite) && g.every(Number.isFinite);
  } catch (e) {
    // A loss that rejects these inputs (shape, dtype, domain) is not plotted; anything else is a bug.
    if (LossKitError.isInstance(e)) return false;
    throw e;
  }
}

/** Every loss of the task the explorer can plot, with its encoding, in catalogue order. */
export async function plottableLosses(backend: Backend, task: Task): Promise<Map<string, Encoding>> {
  const out = new Map<string, Encoding>();
  for (const name of Object.keys(losses)) {
    if (meta(name)?.task !== task) continue;
    // Two logits are a classification reading; a regression loss over pairs (cosine similarity) is not a curve.
    for (const encoding of task === 'regression' ? ENCODINGS.slice(0, 1) : ENCODINGS) {
      if (await plotsWith(backend, name, task, encoding)) {
        out.set(name, encoding);
        break;
      }
    }
  }
  return out;
}

/**
 * Which of the x values the loss accepts (its `prepare` checks: Poisson's rates ≥ 0, ...), one
 * by one on the host, so the curve can leave a gap there instead of the whole plot failing; and
 * the loss's own message for the whole grid, whose indices are then the grid's.
 */
export function domain(loss: Loss, encoding: Encoding, task: Task, xs: ArrayLike<number>): { inside: boolean[]; reason: string | undefined } {
  const accepts = (at: ArrayLike<number>): string | undefined => {
    try {
      loss.prepare(encode(encoding, task, at));
      return undefined;
    } catch (e) {
      if (!LossKitError.isInstance(e)) throw e;
      return e.message;
    }
  };
  const inside = Array.from(xs, (x) => accepts([x]) === undefined);
  return { inside, reason: inside.every(Boolean) ? undefined : accepts(xs) };
}
