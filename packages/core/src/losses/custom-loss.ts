import { fail } from '../errors/losskit-error.js';
import type { Value } from '../graph/node.js';
import { defineLoss as defineFromSpec, type LossConstructor, type LossMetadata, type ParamSpec, type ParamValue } from './loss.js';
import type { Reduction } from './reduction.js';

/**
 * The per-sample loss of a custom loss, traced over the op graph (`ops.*`). `weights` are the
 * sample weights when the caller gives them: the reduction already applies them, so use them only
 * where the formula itself needs them.
 */
export type CustomLossFn = (predictions: Value, targets: Value, weights: Value | undefined) => Value;

export interface CustomLossOptions {
  readonly title?: string;
  readonly description?: string;
  /** LaTeX, shown by `describe` and the docs. */
  readonly formula?: string;
  readonly task?: LossMetadata['task'];
  /** `labels`: integer targets (int32), like sparse cross-entropy's; default `values`. */
  readonly targetKind?: LossMetadata['targetKind'];
  readonly defaultReduction?: Reduction;
  /** Set false when the formula goes through round/sign/comparisons: gradients then fail with NOT_DIFFERENTIABLE. */
  readonly differentiable?: boolean;
}

const NAME = /^[A-Za-z_][A-Za-z0-9_.-]*$/;

/**
 * Builds a loss from a name and a per-sample function: gradients, the five reductions, sample
 * weights, input checks and every backend come from the same machinery as the built-in losses.
 * `isTaken` says whether the name already belongs to another loss.
 */
export function customLoss(
  name: string,
  fn: CustomLossFn,
  options: CustomLossOptions,
  isTaken: (name: string) => boolean,
): LossConstructor<Record<string, ParamValue>> {
  if (typeof name !== 'string' || !NAME.test(name)) fail('BAD_PARAM', `a loss name is letters, digits, '_', '.' or '-', not starting with a digit; got ${JSON.stringify(name)}`, 'defineLoss');
  if (typeof fn !== 'function') fail('BAD_PARAM', 'expected a function (predictions, targets, weights) => per-sample losses', `defineLoss(${name})`);
  if (isTaken(name)) fail('BAD_PARAM', `a loss named '${name}' already exists; pick another name`, `defineLoss(${name})`);
  const targetKind = options.targetKind ?? 'values';
  return defineFromSpec<Record<string, ParamValue>>({
    metadata: {
      id: name,
      title: options.title ?? name,
      task: options.task ?? 'regression',
      description: options.description ?? `The custom loss ${name}.`,
      formula: options.formula ?? '',
      predictions: 'values',
      targets: targetKind === 'labels' ? 'integer labels, shape of predictions without the class axis' : 'values, same shape as predictions',
      targetKind,
      defaultReduction: options.defaultReduction ?? 'mean',
      differentiable: options.differentiable ?? true,
      frameworks: {},
    },
    params: {} as Readonly<Record<string, ParamSpec>>,
    perSample: (p, t, _o, w) => fn(p, t, w),
  });
}
