import { fail } from '../errors/losskit-error.js';
import type { GradientTransformation } from '../optim/transformation.js';
import { add, cast, div, mul } from '../graph/ops.js';
import { type LearningRate, learningRateAt } from '../schedules/schedule.js';

/** The frameworks with optimizer presets. */
export type OptimizerFramework = 'torch' | 'keras' | 'tfjs' | 'onnx' | 'optax';

/** The kinds of value an optimizer argument takes. */
export type OptimizerArgKind = 'number' | 'boolean' | 'learningRate' | 'pair' | 'string';

/** One argument of a framework's optimizer, under the framework's own name. */
export interface OptimizerArgSpec {
  readonly kind: OptimizerArgKind;
  /**
   * The framework's default. `null` is Python's None (the argument is off); absent, the
   * argument is required.
   */
  readonly default?: number | boolean | string | null | readonly [number, number];
  /** The accepted strings, for `kind: 'string'`. */
  readonly values?: readonly string[];
  /** Why a value other than the default cannot be reproduced: giving one is UNSUPPORTED with this text. */
  readonly unsupported?: string;
}

/** An optimizer preset's arguments, defaults applied and kinds checked, read by `build`. */
export interface OptimizerArgs {
  /** Where errors point: `compat.optimizer.<framework>.<Name>`. */
  readonly where: string;
  num(name: string): number;
  /** A number, or null for Python's None. */
  numOrNull(name: string): number | null;
  bool(name: string): boolean;
  learningRate(name: string): LearningRate;
  pair(name: string): readonly [number, number];
  str(name: string): string;
}

/** A framework's optimizer as data: its arguments and the losskit chain they build. */
export interface OptimizerPreset {
  /** The framework's class or function name. */
  readonly name: string;
  /** Other names the framework accepts (Keras's `'adam'`, tfjs-layers' identifiers). */
  readonly aliases?: readonly string[];
  readonly args: Readonly<Record<string, OptimizerArgSpec>>;
  readonly build: (args: OptimizerArgs) => GradientTransformation;
  /** What differs from the framework, if anything, or what to pass for it to match. */
  readonly note?: string;
}

/** A preset as listed by `compat.optimizerPresets()`. */
export interface OptimizerPresetInfo {
  readonly framework: OptimizerFramework;
  readonly name: string;
  readonly aliases: readonly string[];
  /** Each argument with the framework's default (undefined: required). */
  readonly args: Readonly<Record<string, unknown>>;
  readonly note?: string;
}

/** Argument-spec shorthands for the tables. */
export const num = (d?: number | null): OptimizerArgSpec => (d === undefined ? { kind: 'number' } : { kind: 'number', default: d });
export const bool = (d: boolean): OptimizerArgSpec => ({ kind: 'boolean', default: d });
export const rate = (d?: number): OptimizerArgSpec => (d === undefined ? { kind: 'learningRate' } : { kind: 'learningRate', default: d });
export const pair = (d: readonly [number, number]): OptimizerArgSpec => ({ kind: 'pair', default: d });
export const oneOfStrings = (values: readonly string[], d?: string): OptimizerArgSpec => (d === undefined ? { kind: 'string', values } : { kind: 'string', values, default: d });
export const fixedAt = (d: number | boolean | null, why: string): OptimizerArgSpec => ({ kind: typeof d === 'boolean' ? 'boolean' : 'number', default: d, unsupported: why });

/**
 * `lr / (1 + (count + firstCount)·decay)`, count 0 on the first step: PyTorch Adagrad's `lr_decay`,
 * ONNX's `decay_factor` (with T), tfjs Adamax's `decay`.
 */
export function inverseTimeRate(lr: LearningRate, decay: number, firstCount = 0): LearningRate {
  if (decay === 0 && firstCount === 0) return lr;
  return (count) => div(learningRateAt(lr, count), add(mul(add(cast(count, 'float'), firstCount), decay), 1));
}

function names(p: OptimizerPreset): string[] {
  return [p.name, ...(p.aliases ?? [])];
}

export function findOptimizerPreset(table: readonly OptimizerPreset[], name: string): OptimizerPreset | undefined {
  return table.find((p) => names(p).includes(name));
}

const describeValue = (v: unknown): string => (typeof v === 'function' ? 'a function' : JSON.stringify(v) ?? String(v));

function checkKind(spec: OptimizerArgSpec, value: unknown, where: string): void {
  const bad = (expected: string): never => fail('BAD_PARAM', `expected ${expected}, got ${describeValue(value)}`, where);
  switch (spec.kind) {
    case 'number':
      if (value === null && spec.default === null) return;
      if (typeof value !== 'number' || !Number.isFinite(value)) bad(spec.default === null ? 'a finite number or null' : 'a finite number');
      return;
    case 'boolean':
      if (typeof value !== 'boolean') bad('true or false');
      return;
    case 'learningRate':
      if (typeof value === 'function') return;
      if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) bad('a learning rate (a finite number ≥ 0, or a schedule)');
      return;
    case 'pair':
      if (!Array.isArray(value) || value.length !== 2 || !value.every((x) => typeof x === 'number' && Number.isFinite(x))) bad('a pair of finite numbers, [a, b]');
      return;
    case 'string':
      if (typeof value !== 'string' || !(spec.values ?? []).includes(value)) bad(`one of ${(spec.values ?? []).map((v) => `'${v}'`).join(', ')}`);
      return;
  }
}

const sameValue = (a: unknown, b: unknown): boolean => JSON.stringify(a) === JSON.stringify(b);

/**
 * Builds the losskit transformation a framework's optimizer preset stands for. Unknown names and
 * arguments, missing required ones and values of the wrong kind are BAD_PARAM errors saying what
 * is accepted; a value losskit cannot reproduce is UNSUPPORTED.
 */
export function resolveOptimizerPreset(framework: OptimizerFramework, table: readonly OptimizerPreset[], name: string, args: Readonly<Record<string, unknown>> = {}): GradientTransformation {
  const base = `compat.optimizer.${framework}`;
  if (typeof name !== 'string') fail('BAD_PARAM', `expected an optimizer name, got ${describeValue(name)}`, base);
  const preset = findOptimizerPreset(table, name);
  if (preset === undefined) fail('BAD_PARAM', `no ${framework} optimizer '${name}'; known: ${table.flatMap(names).join(', ')}`, base);
  const where = `${base}.${preset.name}`;
  if (typeof args !== 'object' || args === null || Array.isArray(args)) fail('BAD_PARAM', `expected an object of ${framework} arguments, got ${describeValue(args)}`, where);
  const accepted = Object.keys(preset.args);
  for (const key of Object.keys(args)) {
    if (!Object.hasOwn(preset.args, key)) fail('BAD_PARAM', `unknown argument; ${framework} ${preset.name} takes ${accepted.join(', ') || 'no arguments'}`, `${where}.${key}`);
  }
  const values: Record<string, unknown> = {};
  for (const [key, spec] of Object.entries(preset.args)) {
    const given = args[key];
    const value = given === undefined ? spec.default : given;
    if (value === undefined) fail('BAD_PARAM', `missing required argument '${key}' (${framework} ${preset.name} takes ${accepted.join(', ')})`, `${where}.${key}`);
    checkKind(spec, value, `${where}.${key}`);
    if (spec.unsupported !== undefined && !sameValue(value, spec.default)) {
      fail('UNSUPPORTED', `only ${describeValue(spec.default)} is supported: ${spec.unsupported}`, `${where}.${key}`);
    }
    values[key] = value;
  }
  const read = <T>(key: string): T => {
    if (!Object.hasOwn(values, key)) throw new Error(`preset ${where} reads undeclared argument '${key}'`);
    return values[key] as T;
  };
  return preset.build({
    where,
    num: (k) => read<number>(k),
    numOrNull: (k) => read<number | null>(k),
    bool: (k) => read<boolean>(k),
    learningRate: (k) => read<LearningRate>(k),
    pair: (k) => read<readonly [number, number]>(k),
    str: (k) => read<string>(k),
  });
}

/** A table's presets as plain data. */
export function describeOptimizerPresets(framework: OptimizerFramework, table: readonly OptimizerPreset[]): OptimizerPresetInfo[] {
  return table.map((p) => ({
    framework, name: p.name, aliases: p.aliases ?? [],
    args: Object.fromEntries(Object.entries(p.args).map(([k, s]) => [k, s.default])),
    ...(p.note === undefined ? {} : { note: p.note }),
  }));
}
