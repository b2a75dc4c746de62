import { type HostTensor, type Model, type Program, input, makeProgram, ops } from '@losskit/core';

/**
 * A trained model's forward pass from raw feature rows, as one program: the per-feature
 * standardisation `losskit train` applies, then the model with its parameters embedded as
 * constants (ONNX initializers once exported). Input `x` [batch, inputs]; output `logits`
 * [batch, outputs] for a classifier, `predictions` [batch, outputs] for a regression.
 */
export function predictProgram(model: Model, params: Readonly<Record<string, HostTensor>>, mean: readonly number[], sd: readonly number[]): Program {
  const x = input('x', { shape: ['batch', model.inputs], dtype: 'float' });
  const vector = (values: readonly number[]): HostTensor => ({ dtype: 'float64', shape: [values.length], data: Float64Array.from(values) });
  const standardised = ops.div(ops.sub(x, ops.constantTensor(vector(mean))), ops.constantTensor(vector(sd)));
  const embedded = Object.fromEntries(Object.entries(params).map(([k, t]) => [k, ops.constantTensor(t)]));
  const out = model.forward(embedded, standardised);
  return makeProgram(`${model.name}-predict`, { x }, { [model.task === 'regression' ? 'predictions' : 'logits']: out });
}
