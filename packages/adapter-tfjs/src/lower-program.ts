import { type Program, bindInputShapes, prepareForBackend } from '@losskit/core';
import { keepNative, lowerOp } from './lower-op.js';
import type { Tfjs, TfTensor } from './tfjs-types.js';

/**
 * Lowers a program once into a synchronous function over tfjs tensors. The caller runs it
 * inside `tf.tidy` (or `tf.customGrad`), which frees every intermediate.
 */
export function lowerProgram(tf: Tfjs, source: Program): (inputs: Readonly<Record<string, TfTensor>>) => Record<string, TfTensor> {
  const program = prepareForBackend(source, keepNative);
  const steps = program.nodes.filter((n) => n.op !== 'input');
  const inputEntries = Object.entries(program.inputs);
  const outputEntries = Object.entries(program.outputs);
  return (inputs) => {
    const shapes: Record<string, readonly number[]> = {};
    for (const [name, t] of Object.entries(inputs)) shapes[name] = t.shape;
    const symbols = bindInputShapes(program, shapes);
    const env = new Map<number, TfTensor>();
    for (const [name, node] of inputEntries) {
      const t = inputs[name] as TfTensor;
      // Host tensors carry bools as int32 (0/1); tfjs's logical ops and where want bool.
      env.set(node.id, node.dtype === 'bool' && t.dtype !== 'bool' ? tf.cast(t, 'bool') : t);
    }
    for (const node of steps) {
      env.set(node.id, lowerOp(tf, node, node.inputs.map((i) => env.get(i.id) as TfTensor), symbols));
    }
    const out: Record<string, TfTensor> = {};
    for (const [name, node] of outputEntries) {
      const t = env.get(node.id) as TfTensor;
      // An output that is an input must be a new tensor: tidy would hand back the caller's
      // tensor, which the optimizer runner disposes after the step.
      out[name] = node.op === 'input' ? tf.clone(t) : node.dtype === 'bool' ? tf.cast(t, 'int32') : t;
    }
    return out;
  };
}
