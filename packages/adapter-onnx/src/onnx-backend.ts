import {
  type Backend, type BackendImplementation, type CompiledProgram, type FloatDType, type HostDType, type HostTensor, type Program,
  LossKitError, bindInputShapes, createBackend,
} from '@losskit/core';
import { lowerProgram } from './lower-program.js';
import type { Ort, OrtSession, OrtTensor } from './ort-types.js';

export interface OnnxBackendOptions {
  /** `import * as ort from 'onnxruntime-node'` (Node) or `'onnxruntime-web'` (browsers). */
  readonly ort: Ort;
  /** Session options passed to every `InferenceSession.create` (threads, execution providers). */
  readonly sessionOptions?: Parameters<Ort['InferenceSession']['create']>[1];
}

function wrap(e: unknown, where: string): LossKitError {
  if (LossKitError.isInstance(e)) return e;
  const message = e instanceof Error ? e.message.split('\n')[0] ?? e.message : String(e);
  return new LossKitError('BACKEND', `ONNX Runtime failed: ${message}`, { where, cause: e });
}

/**
 * A losskit backend on ONNX Runtime. Every program — a loss, its gradient, an optimizer step —
 * becomes one ONNX graph built from the core's op graph (ONNX Runtime has no autodiff of its
 * own); a session is created once per program and dtype and reused for every batch size.
 *
 * @example
 * ```ts
 * import * as ort from 'onnxruntime-node';
 * const backend = await createOnnxBackend({ ort });
 * await backend.valueAndGrad(losses.mse(), { predictions, targets });
 * ```
 */
export async function createOnnxBackend(options: OnnxBackendOptions): Promise<Backend<OrtTensor>> {
  const { ort } = options;
  const isNative = (v: unknown): v is OrtTensor => v instanceof ort.Tensor;
  const toOrt = (t: HostTensor): OrtTensor => new ort.Tensor(t.dtype, t.data, [...t.shape]);

  const impl: BackendImplementation<OrtTensor> = {
    specificationVersion: 'v1',
    name: 'onnx',
    supports: { dtypes: ['float32', 'float64'] },
    async compile(program: Program, { floatDType }): Promise<CompiledProgram<OrtTensor>> {
      const model = lowerProgram(program, floatDType);
      let session: OrtSession;
      try {
        session = await ort.InferenceSession.create(model.bytes, options.sessionOptions);
      } catch (e) {
        throw wrap(e, program.name);
      }
      return {
        async run(inputs) {
          const shapes: Record<string, readonly number[]> = {};
          for (const [name, t] of Object.entries(inputs)) if (t !== undefined) shapes[name] = isNative(t) ? t.dims : t.shape;
          // The core's shape checks, so a wrong shape is the same typed error on every backend.
          bindInputShapes(program, shapes);
          const feeds: Record<string, OrtTensor> = {};
          for (const { name } of model.inputs) {
            const t = inputs[name];
            if (t === undefined) throw new LossKitError('BAD_PARAM', `missing input '${name}'`, { where: program.name });
            feeds[name] = isNative(t) ? t : toOrt(t);
          }
          try {
            const out = await session.run(feeds);
            return Object.fromEntries([...model.outputs].map(([name, graphName]) => [name, out[graphName] as OrtTensor]));
          } catch (e) {
            throw wrap(e, program.name);
          }
        },
      };
    },
    async toHost(t) {
      const data = t.data;
      if (data instanceof Float32Array) return { dtype: 'float32', shape: [...t.dims], data };
      if (data instanceof Float64Array) return { dtype: 'float64', shape: [...t.dims], data };
      if (data instanceof Int32Array) return { dtype: 'int32', shape: [...t.dims], data };
      throw new LossKitError('DTYPE', `unexpected ONNX Runtime tensor type ${t.type}`, { where: 'onnx' });
    },
    fromHost: toOrt,
    isNative,
    dtypeOf: (t): HostDType => (t.type === 'float32' ? 'float32' : t.type === 'float64' ? 'float64' : 'int32'),
  };
  return createBackend(impl);
}

export type { FloatDType };
