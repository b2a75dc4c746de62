import type { Program } from '../graph/program.js';
import type { Loss, LossInputsLike, PrepareOptions } from '../losses/loss.js';
import type { GradientTransformation } from '../optim/transformation.js';
import type { Tree } from '../optim/tree.js';
import type { Trainer, TrainerOptions } from './trainer.js';
import type { FloatDType, HostDType, HostTensor, HostTensorLike } from '../tensor/host-tensor.js';

/** What a backend can do; the conformance suite switches tests on these, never on names. */
export interface BackendSupports {
  /** Float dtypes it computes in. */
  readonly dtypes: readonly FloatDType[];
}

export interface CompileOptions {
  /** The precision float values are computed and returned in. */
  readonly floatDType: FloatDType;
}

/** A compiled program: runs on native or host tensors and returns native tensors. */
export interface CompiledProgram<N> {
  run(inputs: Readonly<Record<string, N | HostTensor>>): Promise<Record<string, N>>;
}

/**
 * The contract an adapter implements (specification v1). Everything else a {@link Backend}
 * offers is built from these by {@link createBackend}.
 */
export interface BackendImplementation<N> {
  readonly specificationVersion: 'v1';
  readonly name: string;
  readonly supports: BackendSupports;
  compile(program: Program, options: CompileOptions): CompiledProgram<N> | Promise<CompiledProgram<N>>;
  toHost(tensor: N): Promise<HostTensor>;
  fromHost(tensor: HostTensor): N;
  isNative(value: unknown): value is N;
  dtypeOf(tensor: N): HostDType;
  /**
   * Stores an optimizer step's new value into the tensor that holds a parameter or a state slot
   * between steps, and returns that holder (tfjs: `Variable.assign`). Optional: without it the
   * new tensor itself is held and the old one freed.
   */
  keep?(holder: N | undefined, value: N): N;
  /** Frees a native tensor the backend no longer needs (optional: garbage-collected backends). */
  dispose?(tensor: N): void;
}

/** A running optimizer: parameters and state live in the backend's native tensors between steps. */
export interface OptimizerRun {
  /**
   * One step: updates the parameters from these gradients. `value` is the loss at the current
   * parameters, required by transformations that read it (`reduceOnPlateau`), ignored otherwise.
   */
  step(grads: Readonly<Record<string, HostTensorLike>>, options?: { readonly value?: number }): Promise<void>;
  params(): Promise<Record<string, HostTensor>>;
  state(): Promise<Tree<HostTensor>>;
  /** Restores a state from {@link OptimizerRun.state}; a tree of another shape raises `BAD_STATE`. */
  setState(state: Tree<HostTensor>): Promise<void>;
}

export interface ValueAndGrad {
  readonly value: HostTensor;
  /** The gradient of the (summed) value with respect to the predictions. */
  readonly grad: HostTensor;
}

export interface Backend<N = unknown> extends BackendImplementation<N> {
  /** The loss value for these inputs, reduced as the loss says. */
  evaluate(loss: Loss, inputs: LossInputsLike, options?: PrepareOptions): Promise<HostTensor>;
  /** The value and its gradient with respect to the predictions, from one program. */
  valueAndGrad(loss: Loss, inputs: LossInputsLike, options?: PrepareOptions): Promise<ValueAndGrad>;
  /** Starts an optimizer over these parameters. */
  optimizer(transformation: GradientTransformation, params: Readonly<Record<string, HostTensorLike>>): Promise<OptimizerRun>;
  /** A model in training on this backend: one compiled program per step (forward, loss, backward, update). */
  trainer(options: TrainerOptions): Promise<Trainer>;
  /** Compiles (cached by program and dtype) and runs any program on host inputs. */
  run(program: Program, inputs: Readonly<Record<string, HostTensorLike>>): Promise<Record<string, HostTensor>>;
}
