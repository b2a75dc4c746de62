import { type HostTensor, LossKitError, convertTensor, grad, parseExpression, toNested, trace } from '@losskit/core';
import { backendByName } from '../backends.js';
import { optimizerByName } from '../optimizer-by-name.js';
import { readTensor } from '../io/read-tensor.js';
import type { Io } from '../output.js';
import { parseParams } from '../params.js';

export interface StepCliOptions {
  readonly params: string;
  readonly grads?: string;
  readonly objective?: string;
  readonly steps: string;
  readonly param: readonly string[];
  readonly backend: string;
  readonly json?: boolean;
}

/**
 * Runs an optimizer from the parameters in a file: with fixed gradients from a file, or with
 * the gradient of an objective expression over `w`, computed on the backend by autodiff.
 */
export async function stepCommand(name: string, o: StepCliOptions, io: Io): Promise<void> {
  const steps = Number(o.steps);
  if (!Number.isInteger(steps) || steps < 1) throw new LossKitError('BAD_PARAM', `expected a positive integer, got '${o.steps}'`, { where: '--steps' });
  if ((o.grads === undefined) === (o.objective === undefined)) throw new LossKitError('BAD_PARAM', 'give exactly one of --grads FILE or --objective EXPR', { where: 'step' });
  const tx = optimizerByName(name, parseParams(o.param), 'step');
  const entry = backendByName(o.backend, '--backend');
  const backend = await entry.open();
  const dtype = backend.supports.dtypes.includes('float64') ? 'float64' : 'float32';
  const cast = (t: HostTensor): HostTensor => convertTensor(t, dtype);
  const w0 = cast(await readTensor(o.params));
  const fixed = o.grads === undefined ? undefined : cast(await readTensor(o.grads));
  // Checked before the first step is printed, so a failed run prints nothing on stdout.
  if (fixed !== undefined && fixed.shape.join() !== w0.shape.join()) {
    throw new LossKitError('SHAPE_MISMATCH', `gradients [${fixed.shape.join(', ')}] do not match the parameters [${w0.shape.join(', ')}] of ${o.params}`, { where: o.grads });
  }
  const objective = o.objective === undefined ? undefined
    : grad(trace('objective', { w: { shape: w0.shape, dtype: 'float' } }, ({ w }) => parseExpression(o.objective as string, { w })), { wrt: ['w'] });
  const run = await backend.optimizer(tx, { w: w0 });
  const trajectory: { step: number; value?: number; w: unknown }[] = [];
  for (let s = 0; s <= steps; s++) {
    const w = (await run.params()).w as HostTensor;
    const out = objective === undefined ? undefined : await backend.run(objective, { w });
    const value = out?.value?.data[0];
    trajectory.push({ step: s, ...(value === undefined ? {} : { value }), w: toNested(w) });
    if (o.json !== true) io.out(`step ${s}${value === undefined ? '' : `  objective ${value}`}  w ${JSON.stringify(toNested(w))}`);
    if (s < steps) await run.step({ w: fixed ?? (out?.['grad/w'] as HostTensor) });
  }
  if (o.json === true) io.out(JSON.stringify({ optimizer: name, backend: backend.name, trajectory }));
}
