import { parseExpression } from '../graph/expression.js';
import { defineLoss, type Loss } from './loss.js';
import type { Reduction } from './reduction.js';

/**
 * A loss written as an expression over `pred` and `target` (`"mean(abs(pred - target) ^ 1.5)"`),
 * parsed into the op graph: gradients, every backend and the input checks come for free. The
 * expression does its own reduction (default `none`; with sample weights, the values are
 * weighted, or reduced by the `reduction` given).
 */
export function expressionLoss(source: string, options: { readonly reduction?: Reduction } = {}): Loss {
  // Parse once up front, so a malformed expression fails here and not at the first evaluation.
  const ctor = defineLoss<Record<never, never>>({
    metadata: {
      id: 'expression',
      title: source,
      task: 'regression',
      description: `The expression ${source}, over pred and target.`,
      formula: source,
      predictions: 'values',
      targets: 'values, same shape as predictions',
      targetKind: 'values',
      defaultReduction: 'none',
      frameworks: {},
    },
    params: {},
    perSample: (pred, target) => parseExpression(source, { pred, target }),
  });
  const loss = ctor(options.reduction === undefined ? {} : { reduction: options.reduction });
  loss.program({ predictions: ['n'], targets: ['n'] });
  return loss;
}
