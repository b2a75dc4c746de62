import {
  type Dim, type GradientTransformation, type Loss, type Model, type Program, type Value, buildStepProgram, grad, inlineProgram, input, makeProgram,
} from '@losskit/core';

/**
 * One training step as one program — forward, loss, backward and the optimizer's update — the
 * same composition core's trainer compiles: inputs `params/*`, `state/*`, `x` [batch, inputs]
 * and `y` (labels [batch] or values [batch, outputs]); outputs the new `params/*` and `state/*`
 * and the batch's loss as `out/loss`.
 */
export function trainStepProgram(model: Model, loss: Loss, tx: GradientTransformation, batch: Dim): Program {
  const shapes = Object.fromEntries(Object.entries(model.init({ seed: 0, dtype: 'float64' })).map(([k, t]) => [k, t.shape]));
  const labels = loss.metadata.targetKind === 'labels';
  const x = input('x', { shape: [batch, model.inputs], dtype: 'float' });
  const y = input('y', { shape: labels ? [batch] : [batch, model.outputs], dtype: labels ? 'int' : 'float' });
  return buildStepProgram(tx, shapes, 'train', { x, y }, (params) => {
    const predictions = model.forward(params, x);
    const value = inlineProgram(loss.program({ predictions: predictions.shape, targets: y.shape }), { predictions, targets: y }).value as Value;
    const inputs = Object.fromEntries(Object.entries(params).map(([k, v]) => [`params/${k}`, v]));
    const g = grad(makeProgram('objective', { ...inputs, x, y }, { value }), { wrt: Object.keys(inputs) });
    return {
      grads: Object.fromEntries(Object.keys(params).map((k) => [k, g.outputs[`grad/params/${k}`] as Value])),
      outputs: { loss: g.outputs.value as Value },
    };
  });
}
