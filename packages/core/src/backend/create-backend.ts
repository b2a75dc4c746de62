import { grad, gradName } from '../autodiff/grad.js';
import { fail } from '../errors/losskit-error.js';
import { type Value, isValue } from '../graph/node.js';
import { type Program, input, makeProgram } from '../graph/program.js';
import { formatShape } from '../graph/shape.js';
import { type Loss, type LossInputs, signatureOf } from '../losses/loss.js';
import { applyUpdates, type GradientTransformation, type StateTree } from '../optim/transformation.js';
import { type Tree, flattenTree, unflattenTree } from '../optim/tree.js';
import { type FloatDType, type HostTensor, type HostTensorLike, tensor } from '../tensor/host-tensor.js';
import type { Backend, BackendImplementation, CompiledProgram, OptimizerRun } from './backend.js';

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

const isHostTensor = (x: unknown): x is HostTensor =>
  typeof x === 'object' && x !== null && 'data' in x && 'shape' in x && 'dtype' in x && !isValue(x);

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
    return 'float64';
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
  };
  return backend;
}

async function startOptimizer<N>(
  impl: BackendImplementation<N>,
  tx: GradientTransformation,
  rawParams: Readonly<Record<string, HostTensorLike>>,
  runProgram: (p: Program, i: Record<string, HostTensor | N>, d: FloatDType) => Promise<Record<string, N>>,
): Promise<OptimizerRun> {
  const names = Object.keys(rawParams).sort();
  if (names.length === 0) fail('EMPTY', 'an optimizer needs at least one parameter', 'params');
  const hostParams: Record<string, HostTensor> = {};
  for (const k of names) {
    if (k.includes('/')) fail('BAD_PARAM', `parameter names must not contain '/', got '${k}'`, 'params');
    const t = tensor(rawParams[k] as HostTensorLike, `params.${k}`);
    if (t.dtype === 'int32') fail('DTYPE', 'parameters must be float32 or float64', `params.${k}`);
    hostParams[k] = t;
  }
  const floatDType = (hostParams[names[0] as string] as HostTensor).dtype as FloatDType;
  for (const k of names) {
    if ((hostParams[k] as HostTensor).dtype !== floatDType) fail('DTYPE', `all parameters must share one dtype (${floatDType})`, `params.${k}`);
  }

  const symbolic = (prefix: string): Record<string, Value> => {
    const r: Record<string, Value> = {};
    for (const k of names) r[k] = input(`${prefix}/${k}`, { shape: (hostParams[k] as HostTensor).shape, dtype: 'float' });
    return r;
  };
  const byName = (prefix: string, r: Record<string, Value>): Record<string, Value> =>
    Object.fromEntries(Object.entries(r).map(([k, v]) => [`${prefix}/${k}`, v]));

  // init: params -> state
  const initParams = symbolic('params');
  const stateLike: StateTree = tx.init(initParams);
  const stateLeaves = flattenTree(stateLike, isValue, '');
  const stateOut: Record<string, Value> = {};
  for (const [path, v] of stateLeaves) stateOut[`state/${path}`] = v;
  const initProgram = makeProgram(`init(${tx.name})`, byName('params', initParams), stateOut);

  // update: grads, params, state -> params, state
  const p = symbolic('params');
  const g = symbolic('grads');
  const stateInputs = new Map<string, Value>();
  for (const [path, v] of stateLeaves) stateInputs.set(path, input(`state/${path}`, { shape: v.shape, dtype: v.dtype }));
  const stateTree = unflattenTree(stateLike, isValue, stateInputs) as StateTree;
  const result = tx.update(g, stateTree, p);
  const newParams = applyUpdates(p, result.updates);
  const newLeaves = flattenTree(result.state, isValue, '');
  const sameKeys = newLeaves.size === stateLeaves.size && [...stateLeaves.keys()].every((k) => newLeaves.has(k));
  if (!sameKeys) fail('BAD_STATE', `${tx.name}: update returned a state of another structure than init`, tx.name);
  const updateOut: Record<string, Value> = byName('params', newParams);
  for (const [path, v] of newLeaves) updateOut[`state/${path}`] = v;
  const updateInputs: Record<string, Value> = { ...byName('params', p), ...byName('grads', g) };
  for (const [path, v] of stateInputs) updateInputs[`state/${path}`] = v;
  const updateProgram = makeProgram(`update(${tx.name})`, updateInputs, updateOut);

  const hostInit: Record<string, HostTensor> = {};
  for (const k of names) hostInit[`params/${k}`] = hostParams[k] as HostTensor;
  let state = await runProgram(initProgram, hostInit, floatDType);
  let current: Record<string, N> = {};
  for (const k of names) current[`params/${k}`] = impl.fromHost(hostParams[k] as HostTensor);

  const release = (old: Record<string, N>, kept: Record<string, N>): void => {
    if (impl.dispose === undefined) return;
    const keep = new Set(Object.values(kept));
    for (const t of Object.values(old)) if (!keep.has(t)) impl.dispose(t);
  };

  return {
    async step(rawGrads) {
      const inputs: Record<string, HostTensor | N> = { ...current, ...state };
      for (const k of Object.keys(rawGrads)) if (!names.includes(k)) fail('BAD_PARAM', `gradient for unknown parameter '${k}'`, `grads.${k}`);
      for (const k of names) {
        const raw = rawGrads[k];
        if (raw === undefined) fail('BAD_PARAM', `missing gradient for parameter '${k}'`, `grads.${k}`);
        const gk = tensor(raw, `grads.${k}`);
        const want = (hostParams[k] as HostTensor).shape;
        if (gk.shape.length !== want.length || gk.shape.some((d, i) => d !== want[i])) {
          fail('SHAPE_MISMATCH', `gradient ${formatShape(gk.shape)} does not match parameter ${formatShape(want)}`, `grads.${k}`);
        }
        for (let i = 0; i < gk.data.length; i++) {
          if (!Number.isFinite(gk.data[i])) fail('NON_FINITE', `gradient holds ${String(gk.data[i])} at index ${i}`, `grads.${k}`);
        }
        inputs[`grads/${k}`] = gk.dtype === floatDType ? gk : tensor({ shape: gk.shape, data: gk.data, dtype: floatDType });
      }
      const out = await runProgram(updateProgram, inputs, floatDType);
      const nextParams: Record<string, N> = {};
      const nextState: Record<string, N> = {};
      for (const [k, v] of Object.entries(out)) (k.startsWith('params/') ? nextParams : nextState)[k] = v;
      release({ ...current, ...state }, out);
      current = nextParams;
      state = nextState;
    },
    async params() {
      const r: Record<string, HostTensor> = {};
      for (const k of names) r[k] = await impl.toHost(current[`params/${k}`] as N);
      return r;
    },
    async state() {
      const leaves = new Map<string, HostTensor>();
      for (const path of stateLeaves.keys()) leaves.set(path, await impl.toHost(state[`state/${path}`] as N));
      return unflattenTree(stateLike, isValue, leaves);
    },
    async setState(tree) {
      const isHost = (x: unknown): x is HostTensor => isHostTensor(x);
      const given = flattenTree(tree, isHost, '');
      const missing = [...stateLeaves.keys()].filter((k) => !given.has(k));
      const extra = [...given.keys()].filter((k) => !stateLeaves.has(k));
      if (missing.length > 0 || extra.length > 0) {
        fail('BAD_STATE', `state does not fit ${tx.name}: missing [${missing.join(', ')}], unexpected [${extra.join(', ')}]`, 'setState');
      }
      const next: Record<string, N> = {};
      for (const [path, like] of stateLeaves) {
        const t = tensor(given.get(path) as HostTensor, `state/${path}`);
        const want = like.shape as readonly number[];
        if (t.shape.length !== want.length || t.shape.some((d, i) => d !== want[i])) {
          fail('BAD_STATE', `expected shape ${formatShape(want)}, got ${formatShape(t.shape)}`, `state/${path}`);
        }
        const dtype = like.dtype === 'float' ? floatDType : 'int32';
        if (t.dtype !== dtype) fail('BAD_STATE', `expected ${dtype}, got ${t.dtype}`, `state/${path}`);
        next[`state/${path}`] = impl.fromHost(t);
      }
      release(state, {});
      state = next;
    },
  };
}
