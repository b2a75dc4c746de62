import { fail } from '../errors/losskit-error.js';
import { type Value, isValue } from '../graph/node.js';
import { type Program, input, makeProgram } from '../graph/program.js';
import { applyUpdates, type GradientTransformation, type StateTree } from './transformation.js';
import { flattenTree, unflattenTree } from './tree.js';

/** What a step program computes besides the update: the gradients, and outputs to hand back. */
export interface StepObjective {
  readonly grads: Readonly<Record<string, Value>>;
  /** The objective's value, for transformations that read it (`needsValue`). */
  readonly value?: Value;
  readonly outputs?: Readonly<Record<string, Value>>;
}

/** One symbolic float input per parameter (`<prefix>/<name>`), keyed by parameter name. */
export function symbolicParams(shapes: Readonly<Record<string, readonly number[]>>, prefix = 'params'): Record<string, Value> {
  const r: Record<string, Value> = {};
  for (const k of Object.keys(shapes).sort()) r[k] = input(`${prefix}/${k}`, { shape: shapes[k] as readonly number[], dtype: 'float' });
  return r;
}

const prefixed = (prefix: string, r: Readonly<Record<string, Value>>): Record<string, Value> =>
  Object.fromEntries(Object.entries(r).map(([k, v]) => [`${prefix}/${k}`, v]));

/**
 * A training or update step as one program: inputs `params/*`, `state/*` and `extra`; outputs
 * the new `params/*`, the new `state/*` and the objective's own outputs as `out/*`.
 */
export function buildStepProgram(
  tx: GradientTransformation,
  shapes: Readonly<Record<string, readonly number[]>>,
  name: string,
  extra: Readonly<Record<string, Value>>,
  objective: (params: Record<string, Value>) => StepObjective,
): Program {
  const stateLike = tx.init(symbolicParams(shapes));
  const leaves = flattenTree(stateLike, isValue, '');
  const p = symbolicParams(shapes);
  const stateInputs = new Map<string, Value>();
  for (const [path, v] of leaves) stateInputs.set(path, input(`state/${path}`, { shape: v.shape, dtype: v.dtype }));
  const stateTree = unflattenTree(stateLike, isValue, stateInputs) as StateTree;
  const { grads, value, outputs = {} } = objective(p);
  if (tx.needsValue === true && value === undefined) {
    fail('BAD_PARAM', `${tx.name} reads the loss value: pass it with each step (run.step(grads, { value }))`, tx.name);
  }
  const result = tx.update(grads, stateTree, p, value === undefined ? {} : { value });
  const next = flattenTree(result.state, isValue, '');
  if (next.size !== leaves.size || ![...leaves.keys()].every((k) => next.has(k))) {
    fail('BAD_STATE', `${tx.name}: update returned a state of another structure than init`, tx.name);
  }
  const out: Record<string, Value> = { ...prefixed('params', applyUpdates(p, result.updates)), ...prefixed('out', outputs) };
  for (const [path, v] of next) out[`state/${path}`] = v;
  const inputs: Record<string, Value> = { ...prefixed('params', p), ...extra };
  for (const [path, v] of stateInputs) inputs[`state/${path}`] = v;
  return makeProgram(`${name}(${tx.name})`, inputs, out);
}

/** An optimizer's `init` as a program: `params/*` → `state/*` (no outputs for a stateless one). */
export function initProgram(tx: GradientTransformation, shapes: Readonly<Record<string, readonly number[]>>): Program {
  const p = symbolicParams(shapes);
  const out: Record<string, Value> = {};
  for (const [path, v] of flattenTree(tx.init(p), isValue, '')) out[`state/${path}`] = v;
  return makeProgram(`init(${tx.name})`, prefixed('params', p), out);
}

/**
 * An optimizer as two programs over parameters of these shapes: `init` (params → state/*) and
 * `update` (params/*, grads/*, state/*, and `value` for a transformation that reads the loss →
 * params/*, state/*). What backends run, and what
 * `exportOnnx` writes for a training step.
 */
export function optimizerPrograms(tx: GradientTransformation, shapes: Readonly<Record<string, readonly number[]>>): { init: Program; update: Program } {
  const init = initProgram(tx, shapes);
  const g = symbolicParams(shapes, 'grads');
  const value = tx.needsValue === true ? input('value', { shape: [], dtype: 'float' }) : undefined;
  const extra = value === undefined ? prefixed('grads', g) : { ...prefixed('grads', g), value };
  const update = buildStepProgram(tx, shapes, 'update', extra, () => (value === undefined ? { grads: g } : { grads: g, value }));
  return { init, update };
}
