// Runs gradient transformations on the reference backend (float64) for core's optimizer tests.
import type { Backend } from '../backend/backend.js';
import { optimizerPrograms } from '../optim/step-program.js';
import type { GradientTransformation } from '../optim/transformation.js';
import { createReferenceBackend } from '../reference/reference-backend.js';
import type { HostTensor } from '../tensor/host-tensor.js';

let shared: Backend<HostTensor> | undefined;
export async function referenceBackend(): Promise<Backend<HostTensor>> {
  shared ??= await createReferenceBackend();
  return shared;
}

/** Parameters after each step of `tx` on one vector `w`, from these gradients (finite ones only). */
export async function steps(tx: GradientTransformation, w0: readonly number[], grads: readonly (readonly number[])[]): Promise<number[][]> {
  const backend = await referenceBackend();
  const run = await backend.optimizer(tx, { w: { shape: [w0.length], data: [...w0] } });
  const out: number[][] = [];
  for (const g of grads) {
    await run.step({ w: { shape: [g.length], data: [...g] } });
    out.push(Array.from((await run.params()).w?.data ?? []));
  }
  return out;
}

/**
 * The update program run directly, step by step, so gradients may hold NaN or Inf (an optimizer
 * run rejects those): the parameters and the flattened state after each step.
 */
export async function rawSteps(tx: GradientTransformation, w0: readonly number[], grads: readonly (readonly number[])[]): Promise<{ w: number[]; state: Record<string, number[]> }[]> {
  const backend = await referenceBackend();
  const shape = [w0.length];
  const { init, update } = optimizerPrograms(tx, { w: shape });
  let w: HostTensor = { dtype: 'float64', shape, data: Float64Array.from(w0) };
  let state = await backend.run(init, { 'params/w': w });
  const out: { w: number[]; state: Record<string, number[]> }[] = [];
  for (const g of grads) {
    const r = await backend.run(update, { 'params/w': w, 'grads/w': { shape, data: [...g] }, ...state });
    w = r['params/w'] as HostTensor;
    state = Object.fromEntries(Object.entries(r).filter(([k]) => k.startsWith('state/')));
    out.push({ w: Array.from(w.data), state: Object.fromEntries(Object.entries(state).map(([k, v]) => [k.slice('state/'.length), Array.from(v.data)])) });
  }
  return out;
}
