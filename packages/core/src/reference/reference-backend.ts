import type { Backend, BackendImplementation, CompiledProgram } from '../backend/backend.js';
import { createBackend } from '../backend/create-backend.js';
import type { Program } from '../graph/program.js';
import { type HostTensor, isHostTensor } from '../tensor/host-tensor.js';
import { ReferenceExecutable } from './interpreter.js';

/**
 * The reference backend: pure TypeScript, no dependencies. It computes every op in float64,
 * sums with compensation, fuses chains of elementwise ops into one loop, and rounds results to
 * the inputs' dtype. It is the oracle of the conformance suite and the default backend.
 *
 * @example
 * ```ts
 * const backend = await createReferenceBackend();
 * const value = await backend.evaluate(losses.mse(), { predictions, targets });
 * ```
 */
export async function createReferenceBackend(): Promise<Backend<HostTensor>> {
  const impl: BackendImplementation<HostTensor> = {
    specificationVersion: 'v1',
    name: 'reference',
    supports: { dtypes: ['float32', 'float64'] },
    compile(program: Program, options): CompiledProgram<HostTensor> {
      const exe = new ReferenceExecutable(program);
      return { run: async (inputs) => exe.run(inputs, options.floatDType) };
    },
    toHost: async (t) => t,
    fromHost: (t) => t,
    isNative: isHostTensor,
    dtypeOf: (t) => t.dtype,
  };
  return createBackend(impl);
}
