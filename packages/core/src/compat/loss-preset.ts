import { fail } from '../errors/losskit-error.js';
import { UNREACHABLE_LOSSES } from './unreachable.js';
import { losses } from '../losses/index.js';
import type { Framework, Loss, LossConstructor, ParamValue } from '../losses/loss.js';

/** One argument of a framework's loss, under the framework's own name. */
export interface ArgSpec {
  /**
   * The losskit option it sets (`reduction` included). Absent: the argument is checked by
   * `convert` and sets nothing (scikit-learn's `multioutput='uniform_average'`).
   */
  readonly option?: string;
  /** The framework's default, applied when the argument is not given. Absent: nothing is set. */
  readonly default?: unknown;
  /** The framework's value to losskit's; fails with BAD_PARAM on values the framework rejects. */
  readonly convert?: (value: unknown, where: string) => unknown;
  /**
   * The framework's value to several losskit options at once, for arguments that change more
   * than one thing (PyTorch's `reduction='batchmean'` is a sum over the last axis and a mean).
   * Applied after `option`/`convert`; the keys must be options of the loss or `reduction`.
   */
  readonly expand?: (value: unknown, where: string) => Readonly<Record<string, unknown>>;
  /** What the argument sets, for listings when `expand` decides it (`'reduction, axis'`). */
  readonly sets?: string;
  /** Why losskit takes this argument another way: giving it is a BAD_PARAM with this text. */
  readonly unsupported?: string;
}

/**
 * A framework's loss as data over a catalogue loss: which loss, which options are fixed, and
 * how each of the framework's arguments maps onto losskit's options.
 */
export interface LossPreset {
  /** The framework's class or function name. */
  readonly name: string;
  /** Other names the framework accepts for it (Keras's `'mse'`, `'mean_squared_error'`). */
  readonly aliases?: readonly string[];
  /** The catalogue loss id. */
  readonly loss: string;
  /** Options always set, whatever the arguments. */
  readonly fixed?: Readonly<Record<string, ParamValue>>;
  readonly args?: Readonly<Record<string, ArgSpec>>;
  /** What the inputs must look like for the numbers to match, and any difference that remains. */
  readonly note?: string;
}

/** A preset as listed by `compat.presets()`: for docs and UIs. */
export interface PresetInfo {
  readonly framework: Framework;
  readonly name: string;
  readonly aliases: readonly string[];
  readonly loss: string;
  readonly fixed: Readonly<Record<string, ParamValue>>;
  /** Each argument with the framework's default (undefined: none). */
  readonly args: Readonly<Record<string, unknown>>;
  /** Each argument's losskit option (`'—'`: checked only; `'not supported: …'`: refused). */
  readonly options: Readonly<Record<string, string>>;
  readonly note?: string;
}

/** A converter from a fixed set of framework values (`'sum_over_batch_size'` → `'sum-over-batch-size'`). */
export function oneOf(map: ReadonlyMap<unknown, ParamValue>): (value: unknown, where: string) => ParamValue {
  return (value, where) => {
    if (!map.has(value)) fail('BAD_PARAM', `expected one of ${[...map.keys()].map((k) => JSON.stringify(k)).join(', ')}, got ${JSON.stringify(value)}`, where);
    return map.get(value) as ParamValue;
  };
}

/** A converter that accepts exactly one value (an argument whose other values losskit lacks). */
export function only(accepted: unknown, why: string): (value: unknown, where: string) => undefined {
  return (value, where) => {
    if (value !== accepted) fail('BAD_PARAM', `only ${JSON.stringify(accepted)} is supported (${why}), got ${JSON.stringify(value)}`, where);
    return undefined;
  };
}

/** The framework's reductions for `none`, `mean` and `sum` (PyTorch, ONNX). */
export const plainReduction = oneOf(new Map<unknown, ParamValue>([['none', 'none'], ['mean', 'mean'], ['sum', 'sum']]));

function findPreset(table: readonly LossPreset[], name: string): LossPreset | undefined {
  return table.find((p) => p.name === name || (p.aliases?.includes(name) ?? false));
}

function catalogue(id: string): LossConstructor<Record<string, ParamValue>> | undefined {
  return Object.hasOwn(losses, id) ? (losses as Record<string, LossConstructor<Record<string, ParamValue>>>)[id] : undefined;
}

/** Whether a preset's loss exists in this version's catalogue. */
export function presetAvailable(p: LossPreset): boolean {
  return catalogue(p.loss) !== undefined;
}

/**
 * Builds the catalogue loss a preset stands for, from the framework's own arguments. Unknown
 * arguments and arguments whose losskit option the loss lacks (yet) are BAD_PARAM errors that
 * say what is accepted.
 */
export function resolvePreset(framework: Framework, table: readonly LossPreset[], name: string, args: Readonly<Record<string, unknown>> = {}): Loss {
  if (typeof name !== 'string') fail('UNKNOWN_LOSS', `expected a loss name, got ${JSON.stringify(name)}`, `compat.${framework}`);
  const preset = findPreset(table, name);
  if (preset === undefined) {
    const left = UNREACHABLE_LOSSES.find((u) => u.framework === framework && u.name === name);
    if (left !== undefined) fail('UNKNOWN_LOSS', `${framework} ${name} is not offered, because no losskit loss gives its numbers exactly: ${left.why}`, `compat.${framework}`);
    fail('UNKNOWN_LOSS', `no ${framework} loss '${name}'; known: ${table.flatMap((p) => [p.name, ...(p.aliases ?? [])]).join(', ')}`, `compat.${framework}`);
  }
  const where = `compat.${framework}.${preset.name}`;
  if (typeof args !== 'object' || args === null) fail('BAD_PARAM', `expected an object of ${framework} arguments, got ${JSON.stringify(args)}`, where);
  const specs = preset.args ?? {};
  for (const key of Object.keys(args)) {
    if (!Object.hasOwn(specs, key)) {
      fail('BAD_PARAM', `unknown argument; ${framework} ${preset.name} takes ${Object.keys(specs).join(', ') || 'no arguments'} here`, `${where}.${key}`);
    }
  }
  const ctor = catalogue(preset.loss);
  if (ctor === undefined) fail('UNKNOWN_LOSS', `needs losskit's '${preset.loss}' loss, which this version of @losskit/core lacks`, where);
  const options: Record<string, unknown> = { ...preset.fixed };
  for (const [arg, spec] of Object.entries(specs)) {
    const given = args[arg];
    // A framework's None for an argument without a default is the argument not given.
    const value = given === undefined || (given === null && spec.default === undefined) ? spec.default : given;
    if (value === undefined) continue;
    if (spec.unsupported !== undefined) fail('BAD_PARAM', spec.unsupported, `${where}.${arg}`);
    const converted = spec.convert === undefined ? value : spec.convert(value, `${where}.${arg}`);
    const set: Record<string, unknown> = spec.option === undefined || converted === undefined ? {} : { [spec.option]: converted };
    if (spec.expand !== undefined) Object.assign(set, spec.expand(value, `${where}.${arg}`));
    for (const [option, v] of Object.entries(set)) {
      if (option !== 'reduction' && !Object.hasOwn(ctor.metadata.params, option)) {
        fail('BAD_PARAM', `not supported yet: losskit's ${preset.loss} has no '${option}' parameter (it takes ${Object.keys(ctor.metadata.params).join(', ')})`, `${where}.${arg}`);
      }
      options[option] = v;
    }
  }
  return ctor(options as Record<string, ParamValue>);
}

/** A table's presets as plain data. */
export function describePresets(framework: Framework, table: readonly LossPreset[]): PresetInfo[] {
  return table.map((p) => ({
    framework, name: p.name, aliases: p.aliases ?? [], loss: p.loss, fixed: p.fixed ?? {},
    args: Object.fromEntries(Object.entries(p.args ?? {}).map(([k, s]) => [k, s.default])),
    options: Object.fromEntries(Object.entries(p.args ?? {}).map(([k, s]) => [k, s.unsupported !== undefined ? `not supported: ${s.unsupported}` : s.sets ?? s.option ?? '—'])),
    ...(p.note === undefined ? {} : { note: p.note }),
  }));
}
