import { stat } from 'node:fs/promises';
import { extname } from 'node:path';
import { type HostTensor, type Loss, LossKitError, type LossOptions, type ParamValue, REDUCTIONS, type Reduction, convertTensor, expressionLoss, losses } from '@losskit/core';
import { backendByName } from '../backends.js';
import { readTensor } from '../io/read-tensor.js';
import { writeAtomic } from '../io/write-atomic.js';
import { type Io, formatTensor, jsonTensor } from '../output.js';
import { parseParams } from '../params.js';
import { type MergePlan, mergePlan } from '../stream/merge-plan.js';
import { streamEval } from '../stream/stream-eval.js';
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
  readonly stream?: boolean;
  readonly partial?: boolean;
  readonly predColumn?: string;
  readonly targetColumn?: string;
  readonly weightsColumn?: string;
}

/** Files larger than this together are streamed when the loss allows it. */
export const STREAM_THRESHOLD_BYTES = 64 * 1024 * 1024;
const ROWS_PER_CHUNK = 16_384;

/** Whether to stream, or why not when streaming was asked for (`--stream`, `--partial`). */
async function streamingPlan(loss: Loss, o: EvalOptions): Promise<MergePlan | undefined> {
  const asked = o.stream === true || o.partial === true;
  const files = [o.pred, o.target, ...(o.weights === undefined ? [] : [o.weights])];
  const refuse = (why: string): undefined => {
    if (asked) throw new LossKitError('UNSUPPORTED', `cannot stream: ${why}; leave out --stream and --partial to evaluate in memory`, { where: o.partial === true ? '--partial' : '--stream' });
    return undefined;
  };
  if (!files.every((f) => extname(f).toLowerCase() === '.csv')) return refuse('only .csv files are streamed');
  if (o.predColumn !== undefined || o.targetColumn !== undefined || o.weightsColumn !== undefined) return refuse('columns are chosen in memory');
  if (o.grad === true) return refuse('the gradient of a row depends on every row through the reduction');
  if (o.partial === true && loss.reduction === 'none') return refuse("reduction 'none' has no sums to merge");
  if (!asked) {
    const sizes = await Promise.all(files.map((f) => stat(f).then((s) => s.size, () => 0)));
    if (sizes.reduce((a, b) => a + b, 0) <= STREAM_THRESHOLD_BYTES) return undefined;
  }
  const plan = mergePlan(loss);
  return typeof plan === 'string' ? refuse(plan) : plan;
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
  // Core names the parameters a loss takes; a misspelt one is better answered with the closest.
  const known = [...Object.keys(ctor.metadata.params), 'reduction'];
  for (const key of Object.keys(params)) {
    if (!known.includes(key)) {
      throw new LossKitError('BAD_PARAM', `${name} has no parameter '${key}'${didYouMean(key, known)}`, { where: '--param' });
    }
  }
  const options = { ...params, ...(reduction === undefined ? {} : { reduction }) } as LossOptions<Record<string, ParamValue>>;
  return (ctor as (o: LossOptions<Record<string, ParamValue>>) => Loss)(options);
}

export async function evalCommand(name: string, o: EvalOptions, io: Io): Promise<void> {
  const loss = lossFromName(name, parseParams(o.param), o.reduction);
  const entry = backendByName(o.backend, '--backend');
  const plan = await streamingPlan(loss, o);
  if (plan !== undefined) {
    const backend = await entry.open();
    const streamed = await streamEval(loss.reduction, loss.id, plan, backend, o, { rowsPerChunk: ROWS_PER_CHUNK, assumeFinite: o.assumeFinite === true });
    if (o.partial === true) {
      const line = JSON.stringify(streamed.partial);
      if (o.out !== undefined) await writeAtomic(o.out, `${line}\n`);
      io.out(line);
      return;
    }
    await report({ loss: loss.id, backend: backend.name, reduction: loss.reduction, value: jsonTensor(streamed.value) }, streamed.value, undefined, o, io);
    return;
  }
  const [predictions, targets, weights] = await Promise.all([
    readTensor(o.pred, { column: o.predColumn }), readTensor(o.target, { column: o.targetColumn }),
    o.weights === undefined ? undefined : readTensor(o.weights, { column: o.weightsColumn }),
  ]);
  const backend = await entry.open();
  // Files are read in float64; a backend that computes in float32 only gets float32.
  const dtype = backend.supports.dtypes.includes('float64') ? 'float64' : 'float32';
  const toFloat = (t: HostTensor): HostTensor => (t.dtype === 'int32' ? t : convertTensor(t, dtype));
  const inputs = { predictions: toFloat(predictions), targets: toFloat(targets), weights: weights === undefined ? undefined : toFloat(weights) };
  const prepareOptions = { assumeFinite: o.assumeFinite === true };
  const result = o.grad === true ? await backend.valueAndGrad(loss, inputs, prepareOptions) : { value: await backend.evaluate(loss, inputs, prepareOptions), grad: undefined };
  const summary = {
    loss: loss.id,
    backend: backend.name,
    reduction: loss.reduction,
    value: jsonTensor(result.value),
    ...(result.grad === undefined ? {} : { grad: jsonTensor(result.grad) }),
  };
  await report(summary, result.value, result.grad, o, io);
}

async function report(summary: object, value: HostTensor, grad: HostTensor | undefined, o: EvalOptions, io: Io): Promise<void> {
  if (o.out !== undefined) await writeAtomic(o.out, `${JSON.stringify(summary)}\n`);
  if (o.json === true) {
    io.out(JSON.stringify(summary));
  } else {
    io.out(formatTensor(value));
    if (grad !== undefined) io.out(formatTensor(grad));
  }
}
