import { fail } from '../errors/losskit-error.js';
import { type Value, isValue } from '../graph/node.js';
import type { Program } from '../graph/program.js';
import { formatShape } from '../graph/shape.js';
import type { GradientTransformation, StateTree } from '../optim/transformation.js';
import { type StepObjective, buildStepProgram, initProgram, symbolicParams } from '../optim/step-program.js';
import { type Tree, flattenTree, unflattenTree } from '../optim/tree.js';
import { type FloatDType, type HostTensor, type HostTensorLike, isHostTensor, tensor } from '../tensor/host-tensor.js';
import type { BackendImplementation } from './backend.js';

export type { StepObjective };

export type RunProgram<N> = (p: Program, i: Record<string, HostTensor | N>, d: FloatDType) => Promise<Record<string, N>>;

/**
 * Parameters and optimizer state held in a backend's native tensors between steps. A step is
 * one compiled program: whatever computes the gradients (given, or a model's loss through
 * autodiff), the transformation's update, and `applyUpdates`.
 */
export class ParamStore<N> {
  readonly names: readonly string[];
  readonly floatDType: FloatDType;
  private readonly shapes: Record<string, readonly number[]>;
  private readonly stateLike: StateTree;
  private readonly stateLeaves: Map<string, Value>;
  private current: Record<string, N> = {};
  private state: Record<string, N> = {};

  private constructor(
    private readonly impl: BackendImplementation<N>,
    private readonly tx: GradientTransformation,
    private readonly runProgram: RunProgram<N>,
    hostParams: Record<string, HostTensor>,
  ) {
    this.names = Object.keys(hostParams).sort();
    this.floatDType = (hostParams[this.names[0] as string] as HostTensor).dtype as FloatDType;
    this.shapes = Object.fromEntries(this.names.map((k) => [k, (hostParams[k] as HostTensor).shape]));
    this.stateLike = tx.init(symbolicParams(this.shapes));
    this.stateLeaves = flattenTree(this.stateLike, isValue, '');
    for (const k of this.names) this.current[`params/${k}`] = impl.fromHost(hostParams[k] as HostTensor);
  }

  static async create<N>(impl: BackendImplementation<N>, tx: GradientTransformation, raw: Readonly<Record<string, HostTensorLike>>, run: RunProgram<N>): Promise<ParamStore<N>> {
    const names = Object.keys(raw).sort();
    if (names.length === 0) fail('EMPTY', 'an optimizer needs at least one parameter', 'params');
    const host: Record<string, HostTensor> = {};
    for (const k of names) {
      if (k.includes('/')) fail('BAD_PARAM', `parameter names must not contain '/', got '${k}'`, 'params');
      const t = tensor(raw[k] as HostTensorLike, `params.${k}`);
      if (t.dtype === 'int32') fail('DTYPE', 'parameters must be float32 or float64', `params.${k}`);
      host[k] = t;
    }
    const dtype = (host[names[0] as string] as HostTensor).dtype;
    for (const k of names) if ((host[k] as HostTensor).dtype !== dtype) fail('DTYPE', `all parameters must share one dtype (${dtype})`, `params.${k}`);
    const store = new ParamStore(impl, tx, run, host);
    const init = initProgram(tx, store.shapes);
    const hostInit: Record<string, HostTensor> = {};
    for (const k of names) hostInit[`params/${k}`] = host[k] as HostTensor;
    // A stateless transformation (plain SGD) has nothing to initialise: no program to run.
    store.state = Object.keys(init.outputs).length === 0 ? {} : await run(init, hostInit, store.floatDType);
    return store;
  }

  shapeOf(name: string): readonly number[] {
    return this.shapes[name] as readonly number[];
  }

  /** One symbolic input per parameter (`params/<name>`), keyed by parameter name. */
  symbolicParams(prefix = 'params'): Record<string, Value> {
    return symbolicParams(this.shapes, prefix);
  }


  /**
   * A step program: inputs `params/*`, `state/*` and `extra`; outputs the new `params/*` and
   * `state/*` and the objective's own outputs under `out/*`.
   */
  stepProgram(name: string, extra: Readonly<Record<string, Value>>, objective: (params: Record<string, Value>) => StepObjective): Program {
    return buildStepProgram(this.tx, this.shapes, name, extra, objective);
  }

  /** Runs a step program; returns its `out/*` outputs (native, now the caller's to free). */
  async run(program: Program, extra: Readonly<Record<string, HostTensor | N>>): Promise<Record<string, N>> {
    const out = await this.runProgram(program, { ...this.current, ...this.state, ...extra }, this.floatDType);
    const next: Record<string, N> = {};
    const nextState: Record<string, N> = {};
    const rest: Record<string, N> = {};
    for (const [k, v] of Object.entries(out)) (k.startsWith('params/') ? next : k.startsWith('state/') ? nextState : rest)[k.startsWith('out/') ? k.slice(4) : k] = v;
    const keep = this.impl.keep;
    if (keep !== undefined) {
      // The backend stores each new value in the tensor that held the old one (tfjs: a Variable).
      for (const k of Object.keys(next)) next[k] = keep(this.current[k], next[k] as N);
      for (const k of Object.keys(nextState)) nextState[k] = keep(this.state[k], nextState[k] as N);
    }
    this.release({ ...this.current, ...this.state }, { ...next, ...nextState, ...rest });
    this.current = next;
    this.state = nextState;
    return rest;
  }

  /** The current value of one parameter, as a native tensor (not to be freed by the caller). */
  native(name: string): N {
    return this.current[`params/${name}`] as N;
  }

  private release(old: Record<string, N>, kept: Record<string, N>): void {
    if (this.impl.dispose === undefined) return;
    const keep = new Set(Object.values(kept));
    for (const t of Object.values(old)) if (!keep.has(t)) this.impl.dispose(t);
  }

  async params(): Promise<Record<string, HostTensor>> {
    const r: Record<string, HostTensor> = {};
    for (const k of this.names) r[k] = await this.impl.toHost(this.current[`params/${k}`] as N);
    return r;
  }

  async getState(): Promise<Tree<HostTensor>> {
    const leaves = new Map<string, HostTensor>();
    for (const path of this.stateLeaves.keys()) leaves.set(path, await this.impl.toHost(this.state[`state/${path}`] as N));
    return unflattenTree(this.stateLike, isValue, leaves);
  }

  setState(tree: Tree<HostTensor>): void {
    const given = flattenTree(tree, isHostTensor, '');
    const missing = [...this.stateLeaves.keys()].filter((k) => !given.has(k));
    const extra = [...given.keys()].filter((k) => !this.stateLeaves.has(k));
    if (missing.length > 0 || extra.length > 0) {
      fail('BAD_STATE', `state does not fit ${this.tx.name}: missing [${missing.join(', ')}], unexpected [${extra.join(', ')}]`, 'setState');
    }
    const next: Record<string, N> = {};
    for (const [path, like] of this.stateLeaves) {
      const t = tensor(given.get(path) as HostTensor, `state/${path}`);
      const want = like.shape as readonly number[];
      if (t.shape.length !== want.length || t.shape.some((d, i) => d !== want[i])) {
        fail('BAD_STATE', `expected shape ${formatShape(want)}, got ${formatShape(t.shape)}`, `state/${path}`);
      }
      const dtype = like.dtype === 'float' ? this.floatDType : 'int32';
      if (t.dtype !== dtype) fail('BAD_STATE', `expected ${dtype}, got ${t.dtype}`, `state/${path}`);
      next[`state/${path}`] = this.impl.fromHost(t);
    }
    this.release(this.state, {});
    this.state = next;
  }

  /** Replaces the parameters (same names and shapes), keeping the optimizer state. */
  setParams(raw: Readonly<Record<string, HostTensorLike>>): void {
    const next: Record<string, N> = {};
    for (const k of this.names) {
      const given = raw[k];
      if (given === undefined) fail('BAD_STATE', `missing parameter '${k}'`, 'setParams');
      const t = tensor(given, `params.${k}`);
      const want = this.shapes[k] as readonly number[];
      if (t.shape.length !== want.length || t.shape.some((d, i) => d !== want[i])) {
        fail('BAD_STATE', `expected shape ${formatShape(want)}, got ${formatShape(t.shape)}`, `params.${k}`);
      }
      next[`params/${k}`] = this.impl.fromHost(t.dtype === this.floatDType ? t : tensor({ shape: t.shape, data: t.data, dtype: this.floatDType }));
    }
    this.release(this.current, {});
    this.current = next;
  }
}
