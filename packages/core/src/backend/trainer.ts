import { grad } from '../autodiff/grad.js';
import { fail } from '../errors/losskit-error.js';
import type { Value } from '../graph/node.js';
import { add } from '../graph/ops.js';
import { inlineProgram } from '../graph/inline-program.js';
import { type Program, input, makeProgram } from '../graph/program.js';
import type { Loss } from '../losses/loss.js';
import type { Model } from '../models/model.js';
import type { GradientTransformation } from '../optim/transformation.js';
import type { Tree } from '../optim/tree.js';
import type { Regularizer } from '../regularizers/penalties.js';
import { type HostTensor, type HostTensorLike, convertTensor, tensor } from '../tensor/host-tensor.js';
import type { BackendImplementation } from './backend.js';
import { ParamStore, type RunProgram } from './param-store.js';

export interface TrainerOptions {
  readonly model: Model;
  readonly loss: Loss;
  readonly optimizer: GradientTransformation;
  /** Starting parameters; default `model.init({ seed, dtype })`. */
  readonly params?: Readonly<Record<string, HostTensorLike>>;
  readonly seed?: number;
  readonly dtype?: 'float32' | 'float64';
  /** A penalty on the weights, added to the loss before differentiation. */
  readonly regularizer?: Regularizer;
}

export interface Batch {
  /** Features [batch, inputs]. */
  readonly x: HostTensorLike;
  /** Targets: labels [batch] for label losses, values [batch] or [batch, outputs] otherwise. */
  readonly y: HostTensorLike;
  readonly weights?: HostTensorLike;
}

/** A model in training: parameters and optimizer state stay on the backend between steps. */
export interface Trainer {
  /** Forward, loss, backward and update as one compiled program; returns the batch's loss. */
  step(batch: Batch): Promise<number>;
  /** The loss on a batch, without updating. */
  loss(batch: Batch): Promise<number>;
  /** The model's outputs (logits for classifiers) for features [n, inputs]. */
  predict(x: HostTensorLike): Promise<HostTensor>;
  params(): Promise<Record<string, HostTensor>>;
  state(): Promise<Tree<HostTensor>>;
  setState(state: Tree<HostTensor>): Promise<void>;
  setParams(params: Readonly<Record<string, HostTensorLike>>): Promise<void>;
}

/** Targets shaped as the loss wants them against [batch, outputs] predictions. */
export function shapeTargets(loss: Loss, model: Model, y: HostTensor): HostTensor {
  const n = y.shape[0] ?? 0;
  if (loss.metadata.targetKind === 'labels') {
    return y.shape.length === 2 && y.shape[1] === 1 ? { ...y, shape: [n] } : y;
  }
  return y.shape.length === 1 ? { ...y, shape: [n, 1] } : y;
}

export async function createTrainer<N>(impl: BackendImplementation<N>, run: RunProgram<N>, o: TrainerOptions): Promise<Trainer> {
  const { model, loss } = o;
  const store = await ParamStore.create(impl, o.optimizer, o.params ?? model.init({ seed: o.seed ?? 0, dtype: o.dtype ?? 'float64' }), run);
  const dtype = store.floatDType;
  const steps = new Map<string, Program>();
  const losses = new Map<string, Program>();
  const forwards = new Map<number, Program>();

  const objective = (params: Record<string, Value>, x: Value, y: Value, w: Value | undefined): Value => {
    const predictions = model.forward(params, x);
    const program = loss.program({ predictions: predictions.shape, targets: y.shape, weights: w?.shape });
    const value = inlineProgram(program, { predictions, targets: y, weights: w }).value as Value;
    return o.regularizer === undefined ? value : add(value, o.regularizer(params));
  };

  const prepare = (batch: Batch): { key: string; inputs: Record<string, HostTensor>; specs: Record<string, Value> } => {
    const x = tensor(batch.x, 'x');
    if (x.shape.length !== 2 || x.shape[1] !== model.inputs) fail('SHAPE_MISMATCH', `features must be [batch, ${model.inputs}], got [${x.shape.join(', ')}]`, 'x');
    const n = x.shape[0] as number;
    const yRaw = tensor(batch.y, 'y');
    const y = shapeTargets(loss, model, yRaw);
    const weights = batch.weights === undefined ? undefined : tensor(batch.weights, 'weights');
    // The loss's own checks (labels in range, shapes, finite values) on this batch.
    const zeros = { shape: [n, model.outputs], data: new Float64Array(n * model.outputs).fill(loss.metadata.targetKind === 'labels' ? 0 : 0.5), dtype: 'float64' as const };
    const checked = loss.prepare({ predictions: zeros, targets: y, weights });
    const cast = (t: HostTensor): HostTensor => (t.dtype === 'int32' ? t : convertTensor(t, dtype));
    const inputs: Record<string, HostTensor> = { x: cast(x), y: cast(checked.targets) };
    if (checked.weights !== undefined) inputs.weights = cast(checked.weights);
    const specs: Record<string, Value> = {
      x: input('x', { shape: x.shape, dtype: 'float' }),
      y: input('y', { shape: checked.targets.shape, dtype: loss.metadata.targetKind === 'labels' ? 'int' : 'float' }),
    };
    if (checked.weights !== undefined) specs.weights = input('weights', { shape: checked.weights.shape, dtype: 'float' });
    return { key: JSON.stringify([x.shape, checked.targets.shape, checked.weights?.shape ?? null]), inputs, specs };
  };

  const scalar = async (t: N | undefined): Promise<number> => {
    const host = await impl.toHost(t as N);
    impl.dispose?.(t as N);
    return host.data[0] as number;
  };

  return {
    async step(batch) {
      const { key, inputs, specs } = prepare(batch);
      let program = steps.get(key);
      if (program === undefined) {
        program = store.stepProgram('train', specs, (params) => {
          const value = objective(params, specs.x as Value, specs.y as Value, specs.weights);
          const forward = makeProgram('objective', { ...prefixed(params), ...specs }, { value });
          const g = grad(forward, { wrt: Object.keys(params).map((k) => `params/${k}`) });
          const grads = Object.fromEntries(Object.keys(params).map((k) => [k, g.outputs[`grad/params/${k}`] as Value]));
          return { grads, value: g.outputs.value as Value, outputs: { loss: g.outputs.value as Value } };
        });
        steps.set(key, program);
      }
      const out = await store.run(program, inputs);
      return scalar(out.loss);
    },
    async loss(batch) {
      const { key, inputs, specs } = prepare(batch);
      let program = losses.get(key);
      if (program === undefined) {
        const params = store.symbolicParams();
        program = makeProgram('loss', { ...prefixed(params), ...specs }, { value: objective(params, specs.x as Value, specs.y as Value, specs.weights) });
        losses.set(key, program);
      }
      const out = await run(program, { ...paramInputs(), ...inputs }, dtype);
      return scalar(out.value);
    },
    async predict(raw) {
      const x = tensor(raw, 'x');
      if (x.shape.length !== 2 || x.shape[1] !== model.inputs) fail('SHAPE_MISMATCH', `features must be [n, ${model.inputs}], got [${x.shape.join(', ')}]`, 'x');
      const n = x.shape[0] as number;
      let program = forwards.get(n);
      if (program === undefined) {
        const params = store.symbolicParams();
        const xv = input('x', { shape: x.shape, dtype: 'float' });
        program = makeProgram('predict', { ...prefixed(params), x: xv }, { value: model.forward(params, xv) });
        forwards.set(n, program);
      }
      const out = await run(program, { ...paramInputs(), x: x.dtype === dtype ? x : tensor({ shape: x.shape, data: x.data, dtype }) }, dtype);
      const host = await impl.toHost(out.value as N);
      impl.dispose?.(out.value as N);
      return host;
    },
    params: () => store.params(),
    state: () => store.getState(),
    setState: async (s) => store.setState(s),
    setParams: async (p) => store.setParams(p),
  };

  function prefixed(params: Record<string, Value>): Record<string, Value> {
    return Object.fromEntries(Object.entries(params).map(([k, v]) => [`params/${k}`, v]));
  }
  function paramInputs(): Record<string, N> {
    return Object.fromEntries(store.names.map((k) => [`params/${k}`, store.native(k)]));
  }
}
