import { type Loss, type Program, grad, gradName } from '@losskit/core';
import { lowerProgram } from './lower-program.js';
import type { Tfjs, TfTensor } from './tfjs-types.js';

/**
 * A losskit loss as a tfjs loss function `(yTrue, yPred) => tf.Scalar`, for
 * `model.compile({ loss })` in tfjs-layers. The value and the gradient both come from
 * losskit's programs (through `tf.customGrad`), so training sees exactly losskit's numbers.
 *
 * @remarks Data checks (label ranges, probabilities) are not run per batch here: they would
 * read every batch back to the host. Validate a sample with `backend.evaluate` first.
 *
 * @example
 * ```ts
 * model.compile({ optimizer: 'adam', loss: asTfjsLoss(losses.huber({ delta: 0.5 }), { tf }) });
 * ```
 */
export function asTfjsLoss(loss: Loss, options: { readonly tf: Tfjs }): (yTrue: TfTensor, yPred: TfTensor) => TfTensor {
  const { tf } = options;
  const lowered = new Map<Program, ReturnType<typeof lowerProgram>>();
  const withGrad = tf.customGrad((...args: (TfTensor | ((saved: TfTensor[]) => void))[]) => {
    const [yTrue, yPred, save] = args as [TfTensor, TfTensor, (saved: TfTensor[]) => void];
    const forward = loss.program({ predictions: yPred.shape, targets: yTrue.shape });
    let run = lowered.get(forward);
    if (run === undefined) {
      run = lowerProgram(tf, grad(forward, { wrt: ['predictions'] }));
      lowered.set(forward, run);
    }
    const targets = loss.metadata.targetKind === 'labels' ? tf.cast(yTrue, 'int32') : yTrue;
    const out = run({ predictions: yPred, targets });
    const g = out[gradName('predictions')] as TfTensor;
    save([g]);
    return {
      value: out.value as TfTensor,
      gradFunc: (dy: TfTensor, saved: TfTensor[]) => [tf.zerosLike(yTrue), tf.mul(dy, saved[0] as TfTensor)],
    };
  });
  return (yTrue, yPred) => withGrad(yTrue, yPred) as TfTensor;
}
