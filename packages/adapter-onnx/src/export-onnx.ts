import {
  type FloatDType, type GradientTransformation, type Loss, type LossSignature, type Program, LossKitError, grad, isValue, optimizerPrograms,
} from '@losskit/core';
import { lowerProgram } from './lower-program.js';

export interface ExportOptions {
  /** The float type of the graph's float inputs, outputs and arithmetic. Default float32. */
  readonly dtype?: FloatDType;
  /** For a loss: the input shapes, symbols allowed (`{ predictions: ['batch', 10], targets: ['batch'] }`). */
  readonly signature?: LossSignature;
  /** For a loss: add the gradient with respect to the predictions as output `grad/predictions`. */
  readonly withGradient?: boolean;
  /** For an optimizer: the parameters' shapes (`{ w: [784, 10], b: [10] }`). */
  readonly params?: Readonly<Record<string, readonly number[]>>;
  /**
   * For an optimizer: `'step'` (default) exports the update — inputs `params/*`, `grads/*`,
   * `state/*`, outputs the new `params/*:out` and `state/*:out` — and `'init'` the initial state.
   */
  readonly part?: 'step' | 'init';
}

const isProgram = (x: object): x is Program => 'nodes' in x && 'outputs' in x && 'inputs' in x;
const isLoss = (x: object): x is Loss => 'metadata' in x && 'program' in x && 'prepare' in x && !isValue(x);

/**
 * `.onnx` bytes that any ONNX Runtime loads: the graph the backend runs for a program, a loss
 * (with its gradient when asked) or an optimizer's step, without the backend's run-time checks.
 * Symbolic dimensions become `dim_param`s; float inputs are float32 (or float64), integer ones
 * (labels) int32, bool ones int32.
 *
 * @param what - a {@link Program}, a {@link Loss} (needs `signature`) or a
 *   {@link GradientTransformation} (needs `params`).
 * @returns serialized `ModelProto` bytes (opset 18).
 *
 * @example
 * ```ts
 * const bytes = exportOnnx(losses.mse(), { signature: { predictions: ['batch'], targets: ['batch'] }, withGradient: true });
 * const session = await ort.InferenceSession.create(bytes); // outputs: value, grad/predictions
 * const step = exportOnnx(optimizers.adam({ learningRate: 1e-3 }), { params: { w: [10] } });
 * ```
 */
export function exportOnnx(what: Program | Loss | GradientTransformation, options: ExportOptions = {}): Uint8Array {
  let program: Program;
  if (isProgram(what)) {
    program = what;
  } else if (isLoss(what)) {
    if (options.signature === undefined) throw new LossKitError('BAD_PARAM', 'exporting a loss needs its input signature', { where: 'exportOnnx' });
    const forward = what.program(options.signature);
    program = options.withGradient === true ? grad(forward, { wrt: ['predictions'] }) : forward;
  } else if (typeof what.init === 'function' && typeof what.update === 'function') {
    if (options.params === undefined) throw new LossKitError('BAD_PARAM', "exporting an optimizer needs the parameters' shapes (params)", { where: 'exportOnnx' });
    const { init, update } = optimizerPrograms(what, options.params);
    program = options.part === 'init' ? init : update;
  } else {
    throw new LossKitError('BAD_PARAM', 'exportOnnx takes a program, a loss or an optimizer', { where: 'exportOnnx' });
  }
  return lowerProgram(program, options.dtype ?? 'float32', { runtimeChecks: false }).bytes;
}
