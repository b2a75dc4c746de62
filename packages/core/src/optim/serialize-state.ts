import { fail } from '../errors/losskit-error.js';
import { isValue } from '../graph/node.js';
import { formatShape } from '../graph/shape.js';
import { type FloatDType, type HostTensor, type HostTensorLike, isHostTensor, tensor } from '../tensor/host-tensor.js';
import { decodeStateFile, encodeStateFile } from './state-file.js';
import { symbolicParams } from './step-program.js';
import type { GradientTransformation } from './transformation.js';
import { type Tree, flattenTree } from './tree.js';

/** What a saved state is checked against when it is read back. */
export interface StateCheck {
  /** The optimizer the state must belong to: same name, same tree, same shapes. */
  readonly optimizer: GradientTransformation;
  /** The parameters (or their shapes) the optimizer runs over. */
  readonly params: Readonly<Record<string, HostTensorLike | readonly number[]>>;
}

const shapeOf = (p: HostTensorLike | readonly number[]): readonly number[] => (Array.isArray(p) ? (p as readonly number[]) : (p as HostTensorLike).shape);

/**
 * Checks that a state tree is what `optimizer.init` makes for these parameters: the same leaves,
 * shapes, and float or int32 dtypes; `BAD_STATE` with the first difference otherwise.
 */
export function checkStateFits(state: Tree<HostTensor>, check: StateCheck, where = 'state'): void {
  const shapes = Object.fromEntries(Object.entries(check.params).map(([k, p]) => [k, shapeOf(p)]));
  const want = flattenTree(check.optimizer.init(symbolicParams(shapes)), isValue, '');
  const got = flattenTree(state, isHostTensor, '');
  const missing = [...want.keys()].filter((k) => !got.has(k));
  const extra = [...got.keys()].filter((k) => !want.has(k));
  if (missing.length > 0 || extra.length > 0) {
    fail('BAD_STATE', `the state does not fit ${check.optimizer.name}: missing [${missing.join(', ')}], unexpected [${extra.join(', ')}]`, where);
  }
  let floatDType: FloatDType | undefined;
  for (const [path, like] of want) {
    const t = got.get(path) as HostTensor;
    if (t.shape.length !== like.shape.length || t.shape.some((d, i) => d !== like.shape[i])) {
      fail('BAD_STATE', `expected shape ${formatShape(like.shape)} for ${check.optimizer.name}, got ${formatShape(t.shape)}`, `${where}/${path}`);
    }
    if (like.dtype === 'int' ? t.dtype !== 'int32' : t.dtype === 'int32' || (floatDType !== undefined && t.dtype !== floatDType)) {
      fail('BAD_STATE', `expected ${like.dtype === 'int' ? 'int32' : (floatDType ?? 'a float dtype')}, got ${t.dtype}`, `${where}/${path}`);
    }
    if (like.dtype !== 'int') floatDType = t.dtype as FloatDType;
  }
}

/**
 * Saves an optimizer state (from `run.state()` or `trainer.state()`) to losskit's versioned,
 * backend-neutral binary format: a JSON header and little-endian tensor data, in one Uint8Array.
 *
 * @example
 * ```ts
 * const bytes = serializeState(await run.state(), { optimizer: tx });
 * await run.setState(deserializeState(bytes, { optimizer: tx, params: await run.params() }));
 * ```
 */
export function serializeState(state: Tree<HostTensor>, options: { readonly optimizer?: GradientTransformation | string } = {}): Uint8Array {
  const name = typeof options.optimizer === 'string' ? options.optimizer : options.optimizer?.name;
  return encodeStateFile({ kind: 'optimizer-state', optimizer: name === undefined ? null : { name }, trees: { state } });
}

function checkOptimizerName(saved: { name: string } | null, check: StateCheck | undefined, where: string): void {
  if (check !== undefined && saved !== null && saved.name !== check.optimizer.name) {
    fail('BAD_STATE', `the state was saved by ${saved.name}, not ${check.optimizer.name}`, where);
  }
}

/**
 * Reads a state written by {@link serializeState}. A file of another format version, a truncated
 * or corrupted one raises `BAD_FILE`; with `check`, a state of another optimizer or other shapes
 * raises `BAD_STATE`. Nothing is returned half-read.
 */
export function deserializeState(bytes: Uint8Array, check?: StateCheck & { readonly where?: string }): Tree<HostTensor> {
  const where = check?.where ?? 'state file';
  const file = decodeStateFile(bytes, where);
  if (file.kind !== 'optimizer-state') fail('BAD_FILE', `this is a ${file.kind}; read it with deserializeCheckpoint`, where);
  const state = file.trees.state;
  if (state === undefined) fail('BAD_FILE', 'corrupted: no state tree', where);
  checkOptimizerName(file.optimizer, check, where);
  if (check !== undefined) checkStateFits(state, check, `${where}: state`);
  return state;
}

/** A whole training run at one moment: parameters, optimizer state, the step, and free-form metadata. */
export interface Checkpoint {
  readonly params: Readonly<Record<string, HostTensor>>;
  readonly state: Tree<HostTensor>;
  /** Steps taken (or epochs finished: the caller says which, in `meta`). */
  readonly step: number;
  /** The optimizer's name, checked when the checkpoint is read with an optimizer. */
  readonly optimizer?: string;
  /** JSON-serialisable extras (model configuration, data statistics). */
  readonly meta?: unknown;
}

/** Saves a training checkpoint (parameters + optimizer state + step) in the state file format. */
export function serializeCheckpoint(c: { readonly params: Readonly<Record<string, HostTensorLike>>; readonly state: Tree<HostTensor>; readonly step: number; readonly optimizer?: GradientTransformation | string; readonly meta?: unknown }): Uint8Array {
  if (!Number.isInteger(c.step) || c.step < 0) fail('BAD_PARAM', `must be an integer ≥ 0, got ${c.step}`, 'checkpoint.step');
  const params = Object.fromEntries(Object.entries(c.params).map(([k, p]) => [k, tensor(p, `checkpoint.params.${k}`)]));
  if (Object.keys(params).length === 0) fail('EMPTY', 'a checkpoint needs at least one parameter', 'checkpoint.params');
  const name = typeof c.optimizer === 'string' ? c.optimizer : c.optimizer?.name;
  return encodeStateFile({ kind: 'checkpoint', optimizer: name === undefined ? null : { name }, step: c.step, ...(c.meta === undefined ? {} : { meta: c.meta }), trees: { params, state: c.state } });
}

/**
 * Reads a checkpoint written by {@link serializeCheckpoint}; with `optimizer`, checks that its
 * state fits that optimizer over its own parameters (`BAD_STATE` otherwise).
 */
export function deserializeCheckpoint(bytes: Uint8Array, options: { readonly optimizer?: GradientTransformation; readonly where?: string } = {}): Checkpoint {
  const where = options.where ?? 'checkpoint file';
  const file = decodeStateFile(bytes, where);
  if (file.kind !== 'checkpoint') fail('BAD_FILE', `this is an ${file.kind}; read it with deserializeState`, where);
  const { params, state } = file.trees;
  if (params === undefined || state === undefined || isHostTensor(params) || !Number.isInteger(file.step)) fail('BAD_FILE', 'corrupted: a checkpoint needs params, state and step', where);
  const flat = params as Record<string, Tree<HostTensor>>;
  for (const [k, p] of Object.entries(flat)) if (!isHostTensor(p)) fail('BAD_FILE', `corrupted: parameter '${k}' is not a tensor`, where);
  const hostParams = flat as Record<string, HostTensor>;
  if (options.optimizer !== undefined) {
    const check = { optimizer: options.optimizer, params: hostParams };
    checkOptimizerName(file.optimizer, check, where);
    checkStateFits(state, check, `${where}: state`);
  }
  return {
    params: hostParams,
    state,
    step: file.step as number,
    ...(file.optimizer === null ? {} : { optimizer: file.optimizer.name }),
    ...(file.meta === undefined ? {} : { meta: file.meta }),
  };
}
