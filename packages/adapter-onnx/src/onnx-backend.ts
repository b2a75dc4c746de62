import {
  type Backend, type BackendImplementation, type CompiledProgram, type FloatDType, type HostDType, type HostTensor, type Program, type ValueDType,
  LossKitError, bindInputShapes, createBackend,
} from '@losskit/core';
import { type LoweredModel, lowerProgram } from './lower-program.js';
import type { Ort, OrtSession, OrtSessionOptions, OrtTensor } from './ort-types.js';
import { SessionCache } from './session-cache.js';

export interface OnnxBackendOptions {
  /** `import * as ort from 'onnxruntime-node'` (Node) or `'onnxruntime-web'` (browsers). */
  readonly ort: Ort;
  /** Session options for every `InferenceSession.create` (threads, execution providers, log level). */
  readonly sessionOptions?: OrtSessionOptions;
}

/**
 * - `logSeverityLevel` 4: ORT logs a failing node to stderr before rejecting; the rejection
 *   reaches the caller as a LossKitError with that message instead.
 * - no spinning: ORT's pool threads busy-wait after each parallel op by default, which starves
 *   the JavaScript thread and other processes on a busy machine (the conformance suite runs 3–7×
 *   slower with it on a loaded 2-core box) and buys little on losskit's graphs, whose big ops are
 *   long enough to amortise a wake-up.
 * - no MatMulScaleFusion: it folds a scalar `Mul` next to a `MatMul` into FusedMatMul's `alpha`,
 *   a float32 attribute, so a float64 program loses precision (Muon's Newton–Schulz step,
 *   `c·(A·A)`, came out ~1e-8 off the reference).
 */
const DEFAULT_SESSION_OPTIONS: OrtSessionOptions = {
  logSeverityLevel: 4,
  extra: {
    session: { intra_op: { allow_spinning: '0' }, inter_op: { allow_spinning: '0' } },
    optimization: { disable_specified_optimizers: 'MatMulScaleFusion' },
  },
};

/** An ORT failure as the core's typed error: its first line, never a native stack trace. */
export function wrapOrtError(e: unknown, where: string): LossKitError {
  if (LossKitError.isInstance(e)) return e;
  const text = e instanceof Error ? e.message : String(e);
  const first = text.split('\n').find((l) => l.trim() !== '') ?? text;
  return new LossKitError('BACKEND', `ONNX Runtime failed: ${first.trim()}`, { where, cause: e });
}

/**
 * Whether sessions run on ONNX Runtime's CPU kernels (node's `cpu`, web's `wasm`), which have
 * double for every operator losskit emits (the op suite checks it). GPU providers (webgpu,
 * webgl, cuda, ...) mostly do not, so the backend then claims float32 only.
 */
function cpuOnly(options: OrtSessionOptions): boolean {
  const providers = options.executionProviders ?? [];
  return providers.every((p) => ['cpu', 'wasm'].includes(typeof p === 'string' ? p : p.name));
}

/** The typed array a graph input of this value dtype takes. */
function hostTypeFor(dtype: ValueDType, floatDType: FloatDType): HostDType {
  return dtype === 'float' ? floatDType : 'int32';
}

/** Float data in the other precision (a float64 host tensor fed to a float32 graph). */
function convert(data: ArrayLike<number>, to: FloatDType): Float32Array | Float64Array {
  return to === 'float32' ? Float32Array.from(data) : Float64Array.from(data);
}

/**
 * A losskit backend on ONNX Runtime. Every program — a loss, its gradient, an optimizer step —
 * becomes one ONNX graph built from the core's op graph (ONNX Runtime has no autodiff of its
 * own); sessions are created once per program and float dtype, shared between programs that
 * lower to the same bytes, and serve every size of a symbolic dimension.
 *
 * @param options.ort - the ONNX Runtime module (`onnxruntime-node` or `onnxruntime-web`).
 * @param options.sessionOptions - passed to every `InferenceSession.create`.
 * @returns a {@link Backend} whose native tensors are `ort.Tensor`s: optimizer parameters and
 * state stay in them between steps.
 *
 * @example
 * ```ts
 * import * as ort from 'onnxruntime-node';
 * const backend = await createOnnxBackend({ ort });
 * const { value, grad } = await backend.valueAndGrad(losses.mse(), { predictions, targets });
 * ```
 */
export async function createOnnxBackend(options: OnnxBackendOptions): Promise<Backend<OrtTensor>> {
  const { ort } = options;
  const sessionOptions: OrtSessionOptions = { ...DEFAULT_SESSION_OPTIONS, ...options.sessionOptions };
  const sessions = new SessionCache((bytes) => ort.InferenceSession.create(bytes, sessionOptions));
  const isNative = (v: unknown): v is OrtTensor => v instanceof ort.Tensor;
  const toOrt = (t: HostTensor): OrtTensor => new ort.Tensor(t.dtype, t.data, [...t.shape]);

  const toHost = async (t: OrtTensor): Promise<HostTensor> => {
    const { data } = t;
    const shape = [...t.dims];
    if (data instanceof Float32Array) return { dtype: 'float32', shape, data };
    if (data instanceof Float64Array) return { dtype: 'float64', shape, data };
    if (data instanceof Int32Array) return { dtype: 'int32', shape, data };
    // int64 and bool tensors a caller built: labels and masks, as int32 like every host tensor.
    if (data instanceof BigInt64Array) return { dtype: 'int32', shape, data: Int32Array.from(data, Number) };
    if (data instanceof Uint8Array) return { dtype: 'int32', shape, data: Int32Array.from(data) };
    throw new LossKitError('DTYPE', `ONNX Runtime tensor of type ${t.type} has no host form`, { where: 'onnx' });
  };

  /** A feed of the type the graph input expects: as given where it already is (zero-copy). */
  const feed = async (t: OrtTensor | HostTensor, want: HostDType, name: string): Promise<OrtTensor> => {
    if (isNative(t) && t.type === want) return t;
    const host = isNative(t) ? await toHost(t) : t;
    if (host.dtype === want) return toOrt(host);
    if (want === 'int32') throw new LossKitError('DTYPE', `input '${name}' takes int32, got ${host.dtype}`, { where: name });
    return new ort.Tensor(want, convert(host.data, want), [...host.shape]);
  };

  const start = async (model: LoweredModel, program: Program): Promise<OrtSession> => {
    try {
      return await sessions.get(model.bytes);
    } catch (e) {
      throw wrapOrtError(e, program.name);
    }
  };

  const impl: BackendImplementation<OrtTensor> = {
    specificationVersion: 'v1',
    name: 'onnx',
    supports: { dtypes: cpuOnly(sessionOptions) ? ['float32', 'float64'] : ['float32'] },
    async compile(program: Program, { floatDType }): Promise<CompiledProgram<OrtTensor>> {
      let model: LoweredModel;
      try {
        model = lowerProgram(program, floatDType);
      } catch (e) {
        throw wrapOrtError(e, program.name);
      }
      const session = await start(model, program);
      return {
        async run(inputs) {
          const shapes: Record<string, readonly number[]> = {};
          for (const [name, t] of Object.entries(inputs)) if (t !== undefined) shapes[name] = isNative(t) ? t.dims : t.shape;
          // The core's shape checks, so a wrong shape is the same typed error on every backend.
          bindInputShapes(program, shapes);
          const feeds: Record<string, OrtTensor> = {};
          for (const { name, dtype } of model.inputs) {
            const t = inputs[name];
            if (t === undefined) throw new LossKitError('BAD_PARAM', `missing input '${name}'`, { where: program.name });
            feeds[name] = await feed(t, hostTypeFor(dtype, floatDType), name);
          }
          let out: Record<string, OrtTensor>;
          try {
            out = await session.run(feeds);
          } catch (e) {
            throw wrapOrtError(e, program.name);
          }
          for (const c of model.checks) {
            const count = out[c.output]?.data;
            if (count instanceof Int32Array && (count[0] ?? 0) > 0) {
              throw new LossKitError(c.code, `${c.message} (${count[0]} of them)`, { where: c.where });
            }
          }
          const result: Record<string, OrtTensor> = {};
          for (const [name, graphName] of model.outputs) result[name] = out[graphName] as OrtTensor;
          return result;
        },
      };
    },
    toHost,
    fromHost: toOrt,
    isNative,
    dtypeOf: (t): HostDType => (t.type === 'float32' ? 'float32' : t.type === 'float64' ? 'float64' : 'int32'),
  };
  return createBackend(impl);
}
