import { type HostTensor, type Loss, LossKitError, type LossOptions, type ParamValue, REDUCTIONS, type Reduction, convertTensor, expressionLoss, losses } from '@losskit/core';
import { backendByName } from '../backends.js';
import { readTensor } from '../io/read-tensor.js';
import { writeAtomic } from '../io/write-atomic.js';
import { type Io, formatTensor, jsonTensor } from '../output.js';
import { parseParams } from '../params.js';
import { parsePresetName, presetLoss } from '../preset-loss.js';
import { didYouMean } from '../suggest.js';

export interface EvalOptions {
  readonly pred: string;
  readonly target: string;
  readonly weights?: string;
  readonly param: readonly string[];
  readonly reduction?: string;
  readonly backend: string;
  readonly grad?: boolean;
  readonly json?: boolean;
  readonly out?: string;
  readonly assumeFinite?: boolean;
}

/** A loss from the catalogue by name, with `--param` options; unknown names suggest the closest. */
export function lossFromName(name: string, params: Record<string, ParamValue>, reduction?: string): Loss {
  if (reduction !== undefined && !REDUCTIONS.includes(reduction as Reduction)) {
    throw new LossKitError('BAD_PARAM', `unknown reduction '${reduction}'${didYouMean(reduction, REDUCTIONS)}`, { where: '--reduction' });
  }
  // `framework:Name` is a framework preset under that framework's argument names.
  const preset = parsePresetName(name);
  if (preset !== undefined) return presetLoss(preset.framework, preset.name, params, reduction);
  // Anything that is not a plain name is an expression over pred and target.
  if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(name.trim())) {
    return expressionLoss(name, reduction === undefined ? {} : { reduction: reduction as Reduction });
  }
  const ctor = Object.hasOwn(losses, name) ? losses[name as keyof typeof losses] : undefined;
  if (ctor === undefined) throw new LossKitError('UNKNOWN_LOSS', `no loss '${name}'${didYouMean(name, Object.keys(losses))}`, { where: 'loss' });
  const options = { ...params, ...(reduction === undefined ? {} : { reduction }) } as LossOptions<Record<string, ParamValue>>;
  return (ctor as (o: LossOptions<Record<string, ParamValue>>) => Loss)(options);
}

export async function evalCommand(name: string, o: EvalOptions, io: Io): Promise<void> {
  const loss = lossFromName(name, parseParams(o.param), o.reduction);
  const entry = backendByName(o.backend, '--backend');
  const [predictions, targets, weights] = await Promise.all([
    readTensor(o.pred), readTensor(o.target), o.weights === undefined ? undefined : readTensor(o.weights),
  ]);
  const backend = await entry.open();
  // Files are read in float64; a backend that computes in float32 only gets float32.
  const dtype = backend.supports.dtypes.includes('float64') ? 'float64' : 'float32';
  const toFloat = (t: HostTensor): HostTensor => (t.dtype === 'int32' ? t : convertTensor(t, dtype));
  const inputs = { predictions: toFloat(predictions), targets: toFloat(targets), weights: weights === undefined ? undefined : toFloat(weights) };
  const prepareOptions = { assumeFinite: o.assumeFinite === true };
  const result = o.grad === true ? await backend.valueAndGrad(loss, inputs, prepareOptions) : { value: await backend.evaluate(loss, inputs, prepareOptions), grad: undefined };
  const report = {
    loss: loss.id,
    backend: backend.name,
    reduction: loss.reduction,
    value: jsonTensor(result.value),
    ...(result.grad === undefined ? {} : { grad: jsonTensor(result.grad) }),
  };
  if (o.out !== undefined) await writeAtomic(o.out, `${JSON.stringify(report)}\n`);
  if (o.json === true) {
    io.out(JSON.stringify(report));
  } else {
    io.out(formatTensor(result.value));
    if (result.grad !== undefined) io.out(formatTensor(result.grad));
  }
}
