import { fail } from '../errors/losskit-error.js';
import type { Value } from '../graph/node.js';
import { abs, add, constant, mul, square, sum } from '../graph/ops.js';

/**
 * A penalty on parameters, added to the loss: a traced function of the parameters, so its
 * gradient comes from the autodiff. It applies to weight matrices (names starting with `w`),
 * not biases, as Keras's `kernel_regularizer` does.
 */
export interface Regularizer {
  /** `l2(0.01)`: for logs and saved configurations. */
  readonly id: string;
  (params: Readonly<Record<string, Value>>): Value;
}

function weights(params: Readonly<Record<string, Value>>): Value[] {
  return Object.keys(params).sort().filter((k) => k.startsWith('w')).map((k) => params[k] as Value);
}

function rate(x: number, where: string): void {
  if (!(x >= 0) || !Number.isFinite(x)) fail('BAD_PARAM', `must be a finite number ≥ 0, got ${x}`, where);
}

function penalty(id: string, term: (w: Value) => Value): Regularizer {
  return Object.assign((params: Readonly<Record<string, Value>>) => weights(params).reduce((acc, w) => add(acc, term(w)), constant(0)), { id });
}

/** λ Σ |w| (Keras `L1`). */
export function l1(lambda: number): Regularizer {
  rate(lambda, 'l1.lambda');
  return penalty(`l1(${lambda})`, (w) => mul(sum(abs(w)), lambda));
}

/** λ Σ w² (Keras `L2`; PyTorch's `weight_decay` is the gradient of λ/2 Σ w²). */
export function l2(lambda: number): Regularizer {
  rate(lambda, 'l2.lambda');
  return penalty(`l2(${lambda})`, (w) => mul(sum(square(w)), lambda));
}

/** λ1 Σ |w| + λ2 Σ w² (Keras `L1L2`). */
export function elasticNet(o: { readonly l1: number; readonly l2: number }): Regularizer {
  rate(o.l1, 'elasticNet.l1');
  rate(o.l2, 'elasticNet.l2');
  return penalty(`elasticNet(${o.l1}, ${o.l2})`, (w) => add(mul(sum(abs(w)), o.l1), mul(sum(square(w)), o.l2)));
}

export const regularizers = { l1, l2, elasticNet } as const;
