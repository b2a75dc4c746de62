import { fail } from '../errors/losskit-error.js';
import { bindInputShapes, resolveDims } from '../graph/bind-shapes.js';
import { prepareForBackend } from '../graph/expand-composites.js';
import { type Dim, type Value, isElementwise } from '../graph/node.js';
import type { Program } from '../graph/program.js';
import { broadcastConcrete, formatShape } from '../graph/shape.js';
import { type FloatDType, type HostTensor, allocate, sizeOf } from '../tensor/host-tensor.js';
import { FusedGroup, type LeafAccess, helpers } from './fused-elementwise.js';
import * as K from './kernels.js';
import type { RefTensor } from './kernels.js';

const identity = (x: number): number => x;

type Step =
  | { kind: 'fused'; node: Value; group: FusedGroup }
  | { kind: 'reduce'; node: Value; group: FusedGroup }
  | { kind: 'op'; node: Value };

const REDUCTIONS = new Set<string>(['sum', 'mean', 'max', 'min']);
// Cheap enough to recompute in every loop that reads it rather than store it: arithmetic and
// comparisons, not transcendental functions.
const CHEAP = new Set<string>([
  'neg', 'abs', 'sign', 'square', 'add', 'sub', 'mul', 'maximum', 'minimum', 'equal', 'notEqual', 'less',
  'lessEqual', 'greater', 'greaterEqual', 'logicalAnd', 'logicalOr', 'logicalNot', 'where', 'clip', 'cast', 'relu',
]);
const RECOMPUTE_BUDGET = 3;

/**
 * A program planned for the reference backend: composites expanded, elementwise chains fused
 * into single loops (cheap shared subexpressions recomputed rather than stored), reductions
 * fused with the chain that feeds them, everything computed in float64 and rounded to the
 * caller's dtype on output.
 */
export class ReferenceExecutable {
  private readonly program: Program;
  private readonly plans = new Map<FloatDType, Step[]>();

  constructor(source: Program) {
    this.program = prepareForBackend(source);
    this.plans.set('float64', this.planFor(identity));
  }

  private get steps(): Step[] {
    return this.plans.get('float64') as Step[];
  }

  private planFor(round: (x: number) => number): Step[] {
    const steps: Step[] = [];
    const consumers = new Map<number, Value[]>();
    for (const n of this.program.nodes) for (const i of n.inputs) consumers.set(i.id, [...(consumers.get(i.id) ?? []), n]);
    const outputIds = new Set(Object.values(this.program.outputs).map((v) => v.id));
    const absorbs = (user: Value, v: Value): boolean => isElementwise(user.op) || (REDUCTIONS.has(user.op) && user.inputs[0] === v);
    // Cost of the ops a loop recomputes for a node: its own plus those inlined into it.
    const cost = new Map<number, number>();
    const inlinedIds = new Set<number>();
    for (const v of this.program.nodes) {
      if (!isElementwise(v.op)) continue;
      const own = (CHEAP.has(v.op) ? 1 : 4) + v.inputs.reduce((c, i) => c + (inlinedIds.has(i.id) ? (cost.get(i.id) ?? 0) : 0), 0);
      cost.set(v.id, own);
      const users = consumers.get(v.id) ?? [];
      const fits = !outputIds.has(v.id) && users.length > 0 && users.every((u) => absorbs(u, v));
      if (fits && (users.length === 1 || own <= RECOMPUTE_BUDGET)) inlinedIds.add(v.id);
    }
    const inlined = (v: Value): boolean => inlinedIds.has(v.id);
    for (const node of this.program.nodes) {
      // Scalar constants are literals in loops, and made on demand elsewhere (see run's get).
      if (node.op === 'input' || (node.op === 'constant' && node.attrs.value !== undefined)) continue;
      const source0 = node.inputs[0];
      if (isElementwise(node.op)) {
        if (!inlined(node)) steps.push({ kind: 'fused', node, group: new FusedGroup(node, inlined, round) });
      } else if (REDUCTIONS.has(node.op) && source0 !== undefined && inlined(source0)) {
        steps.push({ kind: 'reduce', node, group: new FusedGroup(source0, inlined, round) });
      } else {
        steps.push({ kind: 'op', node });
      }
    }
    return steps;
  }

  /**
   * The plan, for tests and profiling: one entry per loop or kernel, in run order. A fused loop
   * (or a reduction fused with its input chain) lists its op and how many elementwise ops it
   * computes in all.
   */
  get plan(): readonly { readonly kind: Step['kind']; readonly op: Value['op']; readonly ops: number }[] {
    return this.steps.map((s) => ({ kind: s.kind, op: s.node.op, ops: s.kind === 'op' ? 1 : s.group.size }));
  }

  run(inputs: Readonly<Record<string, HostTensor>>, floatDType: FloatDType): Record<string, HostTensor> {
    const round = floatDType === 'float32' ? Math.fround : identity;
    let steps = this.plans.get(floatDType);
    if (steps === undefined) {
      steps = this.planFor(round);
      this.plans.set(floatDType, steps);
    }
    const shapes: Record<string, readonly number[]> = {};
    for (const [name, t] of Object.entries(inputs)) if (t !== undefined) shapes[name] = t.shape;
    const symbols = bindInputShapes(this.program, shapes);
    const env = new Map<number, RefTensor>();
    for (const [name, node] of Object.entries(this.program.inputs)) {
      const t = inputs[name] as HostTensor;
      env.set(node.id, { shape: t.shape, data: t.data instanceof Float64Array ? t.data : Float64Array.from(t.data) });
    }
    const get = (v: Value): RefTensor => {
      const t = env.get(v.id);
      if (t !== undefined) return t;
      if (v.op === 'constant' && v.attrs.value !== undefined) return { shape: [], data: Float64Array.of(v.dtype === 'float' ? round(v.attrs.value) : v.attrs.value) };
      throw new Error(`reference backend: ${v.op}#${v.id} used before it was computed`);
    };
    const resolve = (shape: readonly Dim[]): number[] => resolveDims(shape, symbols, this.program.name);

    for (const step of steps) {
      const node = step.node;
      if (step.kind === 'op') {
        env.set(node.id, this.execute(node, get, resolve, round));
        continue;
      }
      const leaves = step.group.leaves.map(get);
      let shape: number[] = [];
      for (const l of leaves) shape = broadcastConcrete(shape, l.shape as number[], step.group.root.op);
      const n = sizeOf(shape);
      const access: LeafAccess[] = leaves.map((l) =>
        l.data.length === 1 && n !== 1 ? 'scalar' : l.shape.length === shape.length && l.shape.every((d, i) => d === shape[i]) ? 'same' : 'broadcast',
      );
      const idx = leaves.map((l, i) => (access[i] === 'broadcast' ? K.broadcastIndex(l.shape, shape) : undefined));
      const data = leaves.map((l) => l.data);
      if (step.kind === 'reduce') {
        env.set(node.id, reduceFused(step.group, node, shape, access, data, idx));
      } else {
        const out = new Float64Array(n);
        step.group.kernel(access)(out, n, data, idx, helpers);
        env.set(node.id, { shape, data: out });
      }
    }

    const result: Record<string, HostTensor> = {};
    const handedOut = new Set<Float64Array>();
    for (const [name, node] of Object.entries(this.program.outputs)) {
      const t = get(node);
      const dtype = node.dtype === 'float' ? floatDType : 'int32';
      // A float64 result this run computed can be handed over as is; inputs and constants are
      // copied so the caller never aliases them.
      const owned = dtype === 'float64' && node.op !== 'input' && node.op !== 'constant' && !handedOut.has(t.data);
      const data = owned ? t.data : allocate(dtype, t.data.length);
      if (!owned) data.set(t.data);
      handedOut.add(t.data);
      result[name] = { dtype, shape: [...t.shape], data } as HostTensor;
    }
    return result;
  }

  private execute(node: Value, get: (v: Value) => RefTensor, resolve: (s: readonly Dim[]) => number[], round: (x: number) => number): RefTensor {
    const a = node.attrs;
    const x = node.inputs[0] === undefined ? undefined : get(node.inputs[0]);
    const X = x as RefTensor;
    switch (node.op) {
      case 'constant': {
        const data = a.tensor !== undefined ? (a.tensor.data as Float64Array) : Float64Array.of(a.value ?? 0);
        return { shape: a.tensor?.shape ?? [], data: node.dtype === 'float' && round !== identity ? data.map(round) : data };
      }
      case 'sum': case 'mean': case 'max': case 'min': {
        const axes = a.axes ?? [];
        const r = K.reduce(node.op, X, axes);
        return a.keepDims ? { shape: X.shape.map((d, i) => (axes.includes(i) ? 1 : d)), data: r.data } : r;
      }
      case 'sizeOf':
        return { shape: [], data: Float64Array.of((a.axes ?? []).reduce((p, i) => p * (X.shape[i] as number), 1)) };
      case 'reshape': case 'expandDims': case 'squeeze': {
        const shape = node.op === 'reshape' ? reshapeTarget(resolve(a.shape ?? []), X) : node.op === 'expandDims'
          ? [...X.shape.slice(0, a.axis ?? 0), 1, ...X.shape.slice(a.axis ?? 0)]
          : X.shape.filter((_, i) => !(a.axes ?? []).includes(i));
        return { shape, data: X.data };
      }
      case 'broadcastTo': {
        const target = resolve(a.shape ?? []);
        const out = broadcastConcrete(X.shape as number[], target, 'broadcastTo');
        if (out.some((d, i) => d !== target[i])) fail('SHAPE_MISMATCH', `cannot broadcast ${formatShape(X.shape)} to ${formatShape(target)}`, 'broadcastTo');
        return K.broadcastTo(X, target);
      }
      case 'transpose':
        return K.transpose(X, a.perm ?? []);
      case 'oneHot':
        return K.oneHot(X, resolve([a.depth ?? 0])[0] as number);
      case 'gather':
        return K.gather(X, get(node.inputs[1] as Value), a.axis ?? 0);
      case 'matmul':
        return K.matmul(X, get(node.inputs[1] as Value));
      default:
        return fail('UNKNOWN_OP', `the reference backend has no kernel for ${node.op}`, node.op);
    }
  }
}

/**
 * A reduction over its input chain's values: in one pass without storing them when the reduced
 * axes are the trailing ones (all of them, or a class axis), otherwise via the stored values.
 */
function reduceFused(
  group: FusedGroup, node: Value, shape: number[], access: LeafAccess[], data: Float64Array[], idx: (Int32Array | undefined)[],
): RefTensor {
  const kind = node.op as 'sum' | 'mean' | 'max' | 'min';
  const axes = node.attrs.axes ?? [];
  const rank = shape.length;
  const trailing = axes.every((a, i) => a === rank - axes.length + i);
  const outShape = node.attrs.keepDims ? shape.map((d, i) => (axes.includes(i) ? 1 : d)) : shape.filter((_, i) => !axes.includes(i));
  const inner = sizeOf(axes.map((a) => shape[a] as number));
  if (inner === 0 && (kind === 'max' || kind === 'min')) fail('EMPTY', `cannot take the ${kind} of an empty axis of ${formatShape(shape)}`, kind);
  if (!trailing) {
    const values = new Float64Array(sizeOf(shape));
    group.kernel(access)(values, values.length, data, idx, helpers);
    return { shape: outShape, data: K.reduce(kind, { shape, data: values }, axes).data };
  }
  const outer = sizeOf(shape.slice(0, rank - axes.length));
  const out = new Float64Array(outer);
  group.reduceKernel(access, kind)(out, outer, inner, data, idx, helpers);
  return { shape: outShape, data: out };
}

function reshapeTarget(target: number[], x: RefTensor): number[] {
  const n = x.data.length;
  const hole = target.indexOf(-1);
  if (hole >= 0) {
    const part = target.reduce((p, d) => (d === -1 ? p : p * d), 1);
    target[hole] = part === 0 ? 0 : n / part;
  }
  if (sizeOf(target) !== n || !target.every(Number.isInteger)) {
    fail('SHAPE_MISMATCH', `cannot reshape ${formatShape(x.shape)} to ${formatShape(target)}`, 'reshape');
  }
  return target;
}
