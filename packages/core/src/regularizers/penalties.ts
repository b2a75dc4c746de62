import { gradName, grad } from '../autodiff/grad.js';
import type { Backend } from '../backend/backend.js';
import { fail } from '../errors/losskit-error.js';
import type { Value } from '../graph/node.js';
import { abs, add, constant, mul, square, sum } from '../graph/ops.js';
import { type Program, input, makeProgram } from '../graph/program.js';
import { type HostTensor, type HostTensorLike, tensor } from '../tensor/host-tensor.js';

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

/**
 * λ Σ w² (Keras's `L2(l2=λ)`), whose gradient is 2λw.
 *
 * @remarks Conventions differ by a factor of 2: PyTorch's `SGD(weight_decay=wd)` (and optax's
 * `add_decayed_weights(wd)`, losskit's `addDecayedWeights(wd)`) add wd·w to the gradient, the
 * gradient of (wd/2) Σ w². So `weight_decay: wd` is `l2(wd / 2)`, and Keras's `L2(λ)` is
 * `weight_decay: 2λ`. (With Adam the two differ further: AdamW's decay is decoupled from the
 * moment estimates, an L2 penalty is not.)
 */
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

/**
 * A penalty as a program of its own: one float input per parameter (named as in `shapes`),
 * output `value` — the penalty as a loss on the parameters, which any backend runs and `grad`
 * differentiates. Parameters whose names do not start with `w` are inputs with zero gradient.
 */
export function penaltyProgram(regularizer: Regularizer, shapes: Readonly<Record<string, readonly number[]>>): Program {
  const params: Record<string, Value> = {};
  for (const k of Object.keys(shapes).sort()) params[k] = input(k, { shape: shapes[k] as readonly number[], dtype: 'float' });
  return makeProgram(regularizer.id, params, { value: regularizer(params) });
}

/**
 * The penalty's value and its gradient with respect to every parameter, on any backend.
 *
 * @example
 * ```ts
 * const { value, grads } = await penaltyValueAndGrad(backend, l2(0.01), { w: { shape: [2], data: [1, -2] } });
 * // value 0.05, grads.w [0.02, -0.04]
 * ```
 */
export async function penaltyValueAndGrad(
  backend: Pick<Backend, 'run'>,
  regularizer: Regularizer,
  params: Readonly<Record<string, HostTensorLike>>,
): Promise<{ value: number; grads: Record<string, HostTensor> }> {
  const shapes: Record<string, readonly number[]> = {};
  for (const [k, v] of Object.entries(params)) shapes[k] = tensor(v, `params.${k}`).shape;
  const names = Object.keys(shapes);
  if (names.length === 0) fail('EMPTY', 'no parameters', `${regularizer.id}.params`);
  const program = grad(penaltyProgram(regularizer, shapes), { wrt: names });
  const out = await backend.run(program, params);
  const grads: Record<string, HostTensor> = {};
  for (const k of names) grads[k] = out[gradName(k)] as HostTensor;
  return { value: (out.value as HostTensor).data[0] as number, grads };
}

export const regularizers = { l1, l2, elasticNet, penaltyProgram, penaltyValueAndGrad } as const;
