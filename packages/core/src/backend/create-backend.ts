import { grad, gradName } from '../autodiff/grad.js';
import { fail } from '../errors/losskit-error.js';
import type { Value } from '../graph/node.js';
import { type Program, input } from '../graph/program.js';
import { formatShape } from '../graph/shape.js';
import { type Loss, type LossInputs, signatureOf } from '../losses/loss.js';
import type { GradientTransformation } from '../optim/transformation.js';
import { type FloatDType, type HostTensor, type HostTensorLike, isHostTensor, tensor } from '../tensor/host-tensor.js';
import type { Backend, BackendImplementation, CompiledProgram, OptimizerRun } from './backend.js';
import { ParamStore, type RunProgram } from './param-store.js';
import { createTrainer } from './trainer.js';

const gradPrograms = new WeakMap<Program, Program>();

/** The program computing a loss's value and its gradient with respect to the predictions. */
export function lossGradProgram(loss: Loss, inputs: LossInputs): Program {
  if (!loss.metadata.differentiable) fail('NOT_DIFFERENTIABLE', `${loss.id} has no gradient; evaluate it instead`, loss.id);
  const forward = loss.program(signatureOf(inputs));
  let g = gradPrograms.get(forward);
  if (g === undefined) {
    g = grad(forward, { wrt: ['predictions'] });
    gradPrograms.set(forward, g);
  }
  return g;
}

/**
 * Builds a full {@link Backend} from an adapter's {@link BackendImplementation}: loss
 * evaluation, value and gradient, optimizer runs, with compiled programs cached by program
 * identity and float dtype.
 */
export function createBackend<N>(impl: BackendImplementation<N>): Backend<N> {
  const cache = new WeakMap<Program, Map<FloatDType, Promise<CompiledProgram<N>>>>();

  const compiled = (program: Program, floatDType: FloatDType): Promise<CompiledProgram<N>> => {
    if (!impl.supports.dtypes.includes(floatDType)) {
      fail('UNSUPPORTED', `backend '${impl.name}' computes in ${impl.supports.dtypes.join(', ')}, not ${floatDType}`, impl.name);
    }
    let byType = cache.get(program);
    if (byType === undefined) {
      byType = new Map();
      cache.set(program, byType);
    }
    let c = byType.get(floatDType);
    if (c === undefined) {
      c = Promise.resolve(impl.compile(program, { floatDType }));
      byType.set(floatDType, c);
      c.catch(() => byType?.delete(floatDType));
    }
    return c;
  };

  const floatTypeOf = (tensors: readonly (HostTensor | N)[]): FloatDType => {
    for (const t of tensors) {
      const d = isHostTensor(t) ? t.dtype : impl.dtypeOf(t);
      if (d !== 'int32') return d;
    }
    // No float input (a program over labels only): the backend's widest float.
    return impl.supports.dtypes.includes('float64') ? 'float64' : (impl.supports.dtypes[0] ?? 'float32');
  };

  const runProgram = async (program: Program, inputs: Record<string, HostTensor | N>, floatDType: FloatDType): Promise<Record<string, N>> =>
    (await compiled(program, floatDType)).run(inputs);

  /** Copies outputs to the host and frees the native ones (nothing is kept between calls). */
  const toHostAll = async (out: Record<string, N>): Promise<Record<string, HostTensor>> => {
    const host: Record<string, HostTensor> = {};
    for (const [k, v] of Object.entries(out)) host[k] = await impl.toHost(v);
    if (impl.dispose !== undefined) for (const v of new Set(Object.values(out))) impl.dispose(v);
    return host;
  };

  const lossInputs = (i: LossInputs): Record<string, HostTensor> => ({
    predictions: i.predictions,
    targets: i.targets,
    ...(i.weights === undefined ? {} : { weights: i.weights }),
  });

  const backend: Backend<N> = {
    specificationVersion: 'v1',
    name: impl.name,
    supports: impl.supports,
    compile: (p, o) => impl.compile(p, o),
    toHost: (t) => impl.toHost(t),
    fromHost: (t) => impl.fromHost(t),
    isNative: (v): v is N => impl.isNative(v),
    dtypeOf: (t) => impl.dtypeOf(t),
    ...(impl.dispose === undefined ? {} : { dispose: (t: N) => impl.dispose?.(t) }),

    async evaluate(loss, raw, options) {
      const inputs = loss.prepare(raw, options);
      const out = await toHostAll(await runProgram(loss.program(signatureOf(inputs)), lossInputs(inputs), inputs.predictions.dtype as FloatDType));
      return out.value as HostTensor;
    },

    async valueAndGrad(loss, raw, options) {
      const inputs = loss.prepare(raw, options);
      const out = await toHostAll(await runProgram(lossGradProgram(loss, inputs), lossInputs(inputs), inputs.predictions.dtype as FloatDType));
      return { value: out.value as HostTensor, grad: out[gradName('predictions')] as HostTensor };
    },

    async run(program, raw) {
      const inputs: Record<string, HostTensor> = {};
      for (const [k, v] of Object.entries(raw)) inputs[k] = tensor(v, k);
      return toHostAll(await runProgram(program, inputs, floatTypeOf(Object.values(inputs))));
    },

    optimizer: (tx, params) => startOptimizer(impl, tx, params, runProgram),
    trainer: (options) => createTrainer(impl, runProgram, options),
  };
  return backend;
}

async function startOptimizer<N>(
  impl: BackendImplementation<N>,
  tx: GradientTransformation,
  rawParams: Readonly<Record<string, HostTensorLike>>,
  runProgram: RunProgram<N>,
): Promise<OptimizerRun> {
  const store = await ParamStore.create(impl, tx, rawParams, runProgram);
  const names = store.names;
  const gradInputs = store.symbolicParams('grads');
  const value = tx.needsValue === true ? input('value', { shape: [], dtype: 'float' }) : undefined;
  const extra: Record<string, Value> = Object.fromEntries(names.map((k) => [`grads/${k}`, gradInputs[k] as Value]));
  if (value !== undefined) extra.value = value;
  const update = store.stepProgram('update', extra, () => (value === undefined ? { grads: gradInputs } : { grads: gradInputs, value }));
  return {
    async step(rawGrads, options = {}) {
      const inputs: Record<string, HostTensor> = {};
      for (const k of Object.keys(rawGrads)) if (!names.includes(k)) fail('BAD_PARAM', `gradient for unknown parameter '${k}'`, `grads.${k}`);
      for (const k of names) {
        const raw = rawGrads[k];
        if (raw === undefined) fail('BAD_PARAM', `missing gradient for parameter '${k}'`, `grads.${k}`);
        const gk = tensor(raw, `grads.${k}`);
        const want = store.shapeOf(k);
        if (gk.shape.length !== want.length || gk.shape.some((d, i) => d !== want[i])) {
          fail('SHAPE_MISMATCH', `gradient ${formatShape(gk.shape)} does not match parameter ${formatShape(want)}`, `grads.${k}`);
        }
        for (let i = 0; i < gk.data.length; i++) {
          if (!Number.isFinite(gk.data[i])) fail('NON_FINITE', `gradient holds ${String(gk.data[i])} at index ${i}`, `grads.${k}`);
        }
        inputs[`grads/${k}`] = gk.dtype === store.floatDType ? gk : tensor({ shape: gk.shape, data: gk.data, dtype: store.floatDType });
      }
      if (value !== undefined) {
        const v = options.value;
        if (typeof v !== 'number' || !Number.isFinite(v)) fail('BAD_PARAM', `${tx.name} reads the loss: pass a finite value with each step, got ${String(v)}`, 'step.value');
        inputs.value = tensor({ shape: [], data: [v], dtype: store.floatDType });
      }
      await store.run(update, inputs);
    },
    params: () => store.params(),
    state: () => store.getState(),
    setState: async (tree) => store.setState(tree),
  };
}
