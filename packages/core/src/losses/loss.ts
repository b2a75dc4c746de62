import { fail } from '../errors/losskit-error.js';
import type { Dim, Value } from '../graph/node.js';
import { type Program, trace } from '../graph/program.js';
import { formatShape } from '../graph/shape.js';
import { type HostTensor, type HostTensorLike, convertTensor, tensor } from '../tensor/host-tensor.js';
import { type Reduction, applyReduction, checkReduction } from './reduction.js';

export type Task = 'regression' | 'classification' | 'ranking' | 'segmentation' | 'sequence';
export type Framework = 'torch' | 'keras' | 'tfjs' | 'onnx' | 'sklearn' | 'optax';
/** A parameter's value; `readonly number[]` is a per-class vector (`classWeights`). */
export type ParamValue = number | boolean | string | null | readonly number[];

/** One parameter of a loss: its type, default and valid range, for validation, docs and UIs. */
export interface ParamSpec {
  /**
   * `numbers`: a per-class vector (PyTorch's `weight`), or one number for every class; its
   * bounds apply to each element, and its length is checked against the class axis.
   */
  readonly type: 'number' | 'integer' | 'boolean' | 'enum' | 'axis' | 'numbers';
  readonly default: ParamValue;
  readonly description: string;
  /** Inclusive bounds for numbers. */
  readonly min?: number;
  readonly max?: number;
  /** Exclusive bounds for numbers. */
  readonly above?: number;
  readonly below?: number;
  readonly values?: readonly string[];
  /** Whether `null` is allowed (meaning "off"). */
  readonly nullable?: boolean;
}

export interface LossMetadata {
  readonly id: string;
  readonly title: string;
  readonly task: Task;
  readonly description: string;
  /** The per-sample loss in LaTeX. */
  readonly formula: string;
  /** What the predictions are: values, probabilities, logits, margins. */
  readonly predictions: string;
  /** What the targets are: values, labels in [0, classes), one-hot or soft labels, ±1. */
  readonly targets: string;
  readonly targetKind: 'values' | 'labels';
  readonly params: Readonly<Record<string, ParamSpec>>;
  readonly defaultReduction: Reduction;
  readonly differentiable: boolean;
  /** The equivalent call in each framework that has one, and how to get its numbers. */
  readonly frameworks: Readonly<Partial<Record<Framework, string>>>;
}

/** Shapes (possibly symbolic) of a loss's inputs: the key a loss caches its programs by. */
export interface LossSignature {
  readonly predictions: readonly Dim[];
  readonly targets: readonly Dim[];
  readonly weights?: readonly Dim[] | undefined;
}

export interface LossInputs {
  readonly predictions: HostTensor;
  readonly targets: HostTensor;
  readonly weights?: HostTensor | undefined;
}

export interface LossInputsLike {
  readonly predictions: HostTensorLike;
  readonly targets: HostTensorLike;
  readonly weights?: HostTensorLike | undefined;
}

/**
 * A loss: a program over `predictions`, `targets` and optional `weights` with output `value`,
 * its metadata and its reduction. Programs are traced per input signature and cached.
 */
export interface Loss {
  readonly id: string;
  readonly metadata: LossMetadata;
  readonly reduction: Reduction;
  readonly options: Readonly<Record<string, ParamValue>>;
  /** The program for inputs of these shapes (symbols allowed: `['batch', 'classes']`). */
  program(signature: LossSignature): Program;
  /** Validates host inputs and converts them to the dtypes the program expects. */
  prepare(inputs: LossInputsLike, options?: PrepareOptions): LossInputs;
}

export interface PrepareOptions {
  /**
   * Skip the scan for NaN and ±Infinity (as scikit-learn's `assume_finite`): for hot loops over
   * data already known to be finite. Every other check still runs.
   */
  readonly assumeFinite?: boolean;
}

export interface LossContext<O> {
  readonly options: O;
  readonly reduction: Reduction;
}

export interface LossSpec<O extends Record<string, ParamValue>> {
  readonly metadata: Omit<LossMetadata, 'params' | 'differentiable'> & { readonly differentiable?: boolean };
  readonly params: { readonly [K in keyof O]: ParamSpec };
  /** Checks among parameters, after each one's own range check. */
  readonly validate?: (options: O) => void;
  /**
   * Checks the shapes of predictions and targets (concrete, after conversion), replacing the
   * default rule (one shape for values; predictions' shape minus the class axis for labels).
   * For losses whose inputs pack several tensors: margin ranking's [N, 2] pairs, triplets' [N, 3, D].
   */
  readonly checkShapes?: (predictions: readonly number[], targets: readonly number[]) => void;
  /** Checks on the data that the loss needs (probabilities, label ranges). */
  readonly checkData?: (inputs: LossInputs, options: O) => void;
  /** The per-sample loss, traced; a `mask` drops elements from the reduction. */
  /** `weights` are the sample weights when given; the reduction applies them, so most losses ignore them. */
  readonly perSample: (predictions: Value, targets: Value, options: O, weights?: Value) => Value | PerSampleLoss;
  /** Applied after the reduction (RMSE's square root). */
  readonly finalize?: (reduced: Value, options: O) => Value;
}

/**
 * A per-sample loss with what the reduction needs besides it: `mask` (1 keep, 0 drop) removes
 * elements everywhere; `meanWeight` is each element's share of the `mean` denominator where it
 * is not 1 (PyTorch divides a class-weighted mean by Σ w_{y_n}).
 */
export interface PerSampleLoss {
  readonly loss: Value;
  readonly mask?: Value | undefined;
  readonly meanWeight?: Value | undefined;
}

export type LossOptions<O> = Partial<O> & { readonly reduction?: Reduction };
export type LossConstructor<O> = ((options?: LossOptions<O>) => Loss) & { readonly metadata: LossMetadata };

function checkParam(id: string, name: string, spec: ParamSpec, value: unknown): void {
  const where = `${id}.${name}`;
  if (value === null) {
    if (!spec.nullable) fail('BAD_PARAM', 'must not be null', where);
    return;
  }
  if (spec.type === 'numbers') {
    const values: readonly unknown[] = Array.isArray(value) ? value : [value];
    if (values.length === 0) fail('BAD_PARAM', 'expected one number per class, got an empty array', where);
    values.forEach((v, i) => {
      const at = Array.isArray(value) ? `${where}[${i}]` : where;
      if (typeof v !== 'number' || !Number.isFinite(v)) fail('BAD_PARAM', `expected finite numbers (one per class, or one for all), got ${JSON.stringify(v)}`, at);
      checkParam(id, Array.isArray(value) ? `${name}[${i}]` : name, { ...spec, type: 'number' }, v);
    });
    return;
  }
  switch (spec.type) {
    case 'boolean':
      if (typeof value !== 'boolean') fail('BAD_PARAM', `expected true or false, got ${JSON.stringify(value)}`, where);
      return;
    case 'enum':
      if (!spec.values?.includes(value as string)) fail('BAD_PARAM', `expected one of ${spec.values?.join(', ')}, got ${JSON.stringify(value)}`, where);
      return;
    default: {
      if (typeof value !== 'number' || Number.isNaN(value)) fail('BAD_PARAM', `expected a number, got ${JSON.stringify(value)}`, where);
      if ((spec.type === 'integer' || spec.type === 'axis') && !Number.isInteger(value)) fail('BAD_PARAM', `expected an integer, got ${value}`, where);
      const range = `[${spec.min ?? spec.above ?? '-∞'}, ${spec.max ?? spec.below ?? '∞'}]`;
      if ((spec.min !== undefined && value < spec.min) || (spec.max !== undefined && value > spec.max) ||
        (spec.above !== undefined && value <= spec.above) || (spec.below !== undefined && value >= spec.below)) {
        fail('BAD_PARAM', `must be in ${range}${spec.above !== undefined || spec.below !== undefined ? ' (exclusive)' : ''}, got ${value}`, where);
      }
    }
  }
}

// x·0 is NaN exactly for NaN and ±Infinity: one multiply-add per element. One function per
// array type keeps each loop monomorphic (a shared one is several times slower in V8).
function nonFiniteIn32(d: Float32Array): boolean {
  // Four accumulators: independent additions, not one long dependency chain.
  let a0 = 0;
  let a1 = 0;
  let a2 = 0;
  let a3 = 0;
  const n = d.length - (d.length % 4);
  let i = 0;
  for (; i < n; i += 4) {
    a0 += (d[i] as number) * 0;
    a1 += (d[i + 1] as number) * 0;
    a2 += (d[i + 2] as number) * 0;
    a3 += (d[i + 3] as number) * 0;
  }
  for (; i < d.length; i++) a0 += (d[i] as number) * 0;
  return a0 + a1 + a2 + a3 !== 0;
}

function nonFiniteIn64(d: Float64Array): boolean {
  // Four accumulators: independent additions, not one long dependency chain.
  let a0 = 0;
  let a1 = 0;
  let a2 = 0;
  let a3 = 0;
  const n = d.length - (d.length % 4);
  let i = 0;
  for (; i < n; i += 4) {
    a0 += (d[i] as number) * 0;
    a1 += (d[i + 1] as number) * 0;
    a2 += (d[i + 2] as number) * 0;
    a3 += (d[i + 3] as number) * 0;
  }
  for (; i < d.length; i++) a0 += (d[i] as number) * 0;
  return a0 + a1 + a2 + a3 !== 0;
}

function checkFinite(t: HostTensor, where: string): void {
  if (t.dtype === 'int32') return;
  const d = t.data;
  if (!(d instanceof Float32Array ? nonFiniteIn32(d) : nonFiniteIn64(d as Float64Array))) return;
  for (let i = 0; i < d.length; i++) {
    if (!Number.isFinite(d[i])) fail('NON_FINITE', `expected finite numbers, found ${String(d[i])} at index ${i}`, where);
  }
}

function signatureKey(s: LossSignature): string {
  return JSON.stringify([s.predictions, s.targets, s.weights ?? null]);
}

/**
 * Builds a loss constructor from its spec. Reduction, sample weights, parameter checks, data
 * checks and program caching are written once here for every loss.
 */
export function defineLoss<O extends Record<string, ParamValue>>(spec: LossSpec<O>): LossConstructor<O> {
  const params = spec.params as Readonly<Record<string, ParamSpec>>;
  const metadata: LossMetadata = Object.freeze({ ...spec.metadata, params, differentiable: spec.metadata.differentiable ?? true });
  const id = metadata.id;
  const construct = (given: LossOptions<O> = {}): Loss => {
    const { reduction: r, ...rest } = given as Record<string, unknown>;
    const reduction = checkReduction(r ?? metadata.defaultReduction, `${id}.reduction`);
    for (const key of Object.keys(rest)) {
      if (!Object.hasOwn(params, key)) fail('BAD_PARAM', `unknown parameter; ${id} takes ${Object.keys(params).join(', ') || 'no parameters'} and reduction`, `${id}.${key}`);
    }
    const options = {} as Record<string, ParamValue>;
    for (const [name, p] of Object.entries(params)) {
      const value = rest[name] === undefined ? p.default : rest[name];
      checkParam(id, name, p, value);
      // A vector is copied and frozen: the loss must not change when the caller's array does.
      options[name] = Array.isArray(value) ? Object.freeze([...(value as number[])]) : (value as ParamValue);
    }
    const opts = Object.freeze(options) as O;
    spec.validate?.(opts);
    const cache = new Map<string, Program>();

    const program = (signature: LossSignature): Program => {
      const key = signatureKey(signature);
      let prog = cache.get(key);
      if (prog === undefined) {
        const specs = {
          predictions: { shape: signature.predictions, dtype: 'float' as const },
          targets: { shape: signature.targets, dtype: metadata.targetKind === 'labels' ? ('int' as const) : ('float' as const) },
          ...(signature.weights === undefined ? {} : { weights: { shape: signature.weights, dtype: 'float' as const } }),
        };
        prog = trace(id, specs as Record<'predictions' | 'targets' | 'weights', { shape: readonly Dim[]; dtype: 'float' | 'int' }>, (inputs) => {
          const out = spec.perSample(inputs.predictions, inputs.targets, opts, inputs.weights);
          const { loss, mask, meanWeight } = 'op' in out ? { loss: out, mask: undefined, meanWeight: undefined } : out;
          const reduced = applyReduction(loss, reduction, inputs.weights, mask, meanWeight);
          return spec.finalize === undefined ? reduced : spec.finalize(reduced, opts);
        });
        cache.set(key, prog);
      }
      return prog;
    };

    const prepare = (raw: LossInputsLike, prepareOptions: PrepareOptions = {}): LossInputs => {
      if (typeof raw !== 'object' || raw === null) fail('BAD_PARAM', 'expected { predictions, targets, weights? }', id);
      if (raw.predictions === undefined) fail('BAD_PARAM', 'predictions are missing', id);
      if (raw.targets === undefined) fail('BAD_PARAM', 'targets are missing', id);
      const predictions = tensor(raw.predictions, 'predictions');
      if (predictions.dtype === 'int32') fail('DTYPE', 'predictions must be float32 or float64, got int32', 'predictions');
      const floatType = predictions.dtype;
      if (predictions.data.length === 0) fail('EMPTY', `predictions are empty (shape ${formatShape(predictions.shape)})`, 'predictions');
      let targets = tensor(raw.targets, 'targets');
      if (metadata.targetKind === 'labels') {
        if (targets.dtype !== 'int32') {
          for (let i = 0; i < targets.data.length; i++) {
            const v = targets.data[i] as number;
            if (!Number.isInteger(v)) fail('DTYPE', `labels must be integers, found ${v} at index ${i}`, 'targets');
          }
          targets = convertTensor(targets, 'int32');
        }
      }
      if (spec.checkShapes !== undefined) {
        if (metadata.targetKind !== 'labels') targets = convertTensor(targets, floatType);
        spec.checkShapes(predictions.shape, targets.shape);
      } else if (metadata.targetKind === 'labels') {
        const p = predictions.shape;
        const t = targets.shape;
        const matches = (t.length === p.length - 1 && t.every((d, i) => d === p[i])) ||
          (t.length === p.length && t[t.length - 1] === 1 && t.slice(0, -1).every((d, i) => d === p[i]));
        if (!matches) fail('SHAPE_MISMATCH', `labels of shape ${formatShape(t)} do not match predictions ${formatShape(p)} (expected ${formatShape(p.slice(0, -1))})`, 'targets');
      } else {
        targets = convertTensor(targets, floatType);
        if (targets.shape.length !== predictions.shape.length || targets.shape.some((d, i) => d !== predictions.shape[i])) {
          fail('SHAPE_MISMATCH', `targets ${formatShape(targets.shape)} and predictions ${formatShape(predictions.shape)} must have one shape`, 'targets');
        }
      }
      const finite = prepareOptions.assumeFinite === true ? () => undefined : checkFinite;
      finite(predictions, 'predictions');
      finite(targets, 'targets');
      let weights: HostTensor | undefined;
      if (raw.weights !== undefined) {
        weights = convertTensor(tensor(raw.weights, 'weights'), floatType);
        finite(weights, 'weights');
      }
      const prepared: LossInputs = { predictions, targets, weights };
      spec.checkData?.(prepared, opts);
      return prepared;
    };

    return Object.freeze({ id, metadata, reduction, options: opts, program, prepare });
  };
  return Object.assign(construct, { metadata });
}

/** The signature of prepared host inputs. */
export function signatureOf(inputs: LossInputs): LossSignature {
  return { predictions: inputs.predictions.shape, targets: inputs.targets.shape, weights: inputs.weights?.shape };
}
