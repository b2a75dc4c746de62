import { type FloatDType, type Loss, type LossSignature, type Program, LossKitError, grad, isValue } from '@losskit/core';
import { lowerProgram } from './lower-program.js';

export interface ExportOptions {
  readonly dtype?: FloatDType;
  /** For a loss: the input shapes, symbols allowed (`{ predictions: ['batch', 10], targets: ['batch'] }`). */
  readonly signature?: LossSignature;
  /** For a loss: add the gradient with respect to the predictions as output `grad/predictions`. */
  readonly withGradient?: boolean;
}

function isLoss(x: unknown): x is Loss {
  return typeof x === 'object' && x !== null && 'metadata' in x && 'program' in x && !isValue(x);
}

/**
 * `.onnx` bytes for a program, or a loss (with its gradient when asked), that any ONNX Runtime
 * loads: the same graph the backend runs. An optimizer step is a program too (see the README).
 */
export function exportOnnx(what: Program | Loss, options: ExportOptions = {}): Uint8Array {
  let program: Program;
  if (isLoss(what)) {
    if (options.signature === undefined) throw new LossKitError('BAD_PARAM', 'exporting a loss needs its input signature', { where: 'exportOnnx' });
    const forward = what.program(options.signature);
    program = options.withGradient === true ? grad(forward, { wrt: ['predictions'] }) : forward;
  } else {
    program = what;
  }
  return lowerProgram(program, options.dtype ?? 'float32').bytes;
}
