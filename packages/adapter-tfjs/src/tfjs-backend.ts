import {
  type Backend, type BackendImplementation, type CompiledProgram, type HostDType, type HostTensor, type Program,
  LossKitError, createBackend,
} from '@losskit/core';
import { lowerProgram } from './lower-program.js';
import type { Tfjs, TfTensor } from './tfjs-types.js';

export interface TfjsBackendOptions {
  /** The tfjs module: `import * as tf from '@tensorflow/tfjs'`. */
  readonly tf: Tfjs;
  /**
   * The tfjs backend to run on: `cpu`, `wasm` (import `@tensorflow/tfjs-backend-wasm` first) or
   * `webgl` (browsers). Omitted: whichever backend tfjs has active.
   */
  readonly backend?: 'cpu' | 'wasm' | 'webgl' | (string & {});
}

/**
 * A losskit backend on TensorFlow.js. Programs are lowered op by op to tfjs ops and run inside
 * `tf.tidy`; gradients come from losskit's autodiff, so values and errors are the core's.
 *
 * @example
 * ```ts
 * import * as tf from '@tensorflow/tfjs';
 * const backend = await createTfjsBackend({ tf, backend: 'cpu' });
 * await backend.evaluate(losses.mse(), { predictions, targets });
 * ```
 */
export async function createTfjsBackend(options: TfjsBackendOptions): Promise<Backend<TfTensor>> {
  const { tf } = options;
  if (options.backend !== undefined) {
    if (tf.findBackendFactory(options.backend) === null) {
      throw new LossKitError('UNSUPPORTED', `tfjs backend '${options.backend}' is not registered${options.backend === 'wasm' ? "; import '@tensorflow/tfjs-backend-wasm' first" : ''}`, { where: 'createTfjsBackend' });
    }
    const ok = await tf.setBackend(options.backend);
    if (!ok) throw new LossKitError('UNSUPPORTED', `tfjs backend '${options.backend}' failed to initialise`, { where: 'createTfjsBackend' });
  }
  await tf.ready();
  const active = tf.getBackend();
  const isNative = (v: unknown): v is TfTensor => v instanceof tf.Tensor;

  const impl: BackendImplementation<TfTensor> = {
    specificationVersion: 'v1',
    name: `tfjs-${active}`,
    supports: { dtypes: ['float32'] },
    compile(program: Program): CompiledProgram<TfTensor> {
      const execute = lowerProgram(tf, program);
      return {
        async run(inputs) {
          if (tf.getBackend() !== active) await tf.setBackend(active);
          return tf.tidy(() => {
            const native: Record<string, TfTensor> = {};
            for (const [name, t] of Object.entries(inputs)) if (t !== undefined) native[name] = isNative(t) ? t : toTf(tf, t);
            return execute(native);
          });
        },
      };
    },
    async toHost(t) {
      const data = await t.data();
      if (t.dtype === 'float32') return { dtype: 'float32', shape: [...t.shape], data: data as Float32Array };
      return { dtype: 'int32', shape: [...t.shape], data: Int32Array.from(data as ArrayLike<number>) };
    },
    fromHost: (t) => toTf(tf, t),
    isNative,
    dtypeOf: (t): HostDType => (t.dtype === 'float32' ? 'float32' : 'int32'),
    dispose: (t) => t.dispose(),
    // Parameters and optimizer state live in tf.Variables between steps, assigned in place.
    keep(holder, value) {
      if (holder instanceof tf.Variable && holder.dtype === value.dtype && tf.util.arraysEqual(holder.shape, value.shape)) {
        holder.assign(value);
        value.dispose();
        return holder;
      }
      const variable = tf.variable(value, false);
      value.dispose();
      return variable;
    },
  };
  return createBackend(impl);
}

export function toTf(tf: Tfjs, t: HostTensor): TfTensor {
  if (t.dtype === 'int32') return tf.tensor(t.data, [...t.shape], 'int32');
  return tf.tensor(t.data instanceof Float32Array ? t.data : Float32Array.from(t.data), [...t.shape], 'float32');
}
