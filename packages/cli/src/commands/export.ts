import { type Dim, LossKitError, type Program } from '@losskit/core';
import { optimizerByName } from '../optimizer-by-name.js';
import { writeAtomic } from '../io/write-atomic.js';
import { onnxAdapter } from '../onnx-adapter.js';
import type { Io } from '../output.js';
import { parseParams } from '../params.js';
import { didYouMean } from '../suggest.js';
import { trainStepProgram } from '../train-step-program.js';
import { lossFromName } from './eval.js';
import { defaultLoss, lossForModel, modelFrom, positiveInt } from './train.js';

export interface ExportCliOptions {
  readonly out: string;
  readonly predShape?: string;
  readonly targetShape?: string;
  readonly grad?: boolean;
  readonly params?: string;
  readonly part: string;
  readonly param: readonly string[];
  readonly reduction?: string;
  readonly dtype: string;
  readonly model?: string;
  readonly inputs?: string;
  readonly classes?: string;
  readonly loss?: string;
  readonly lossParam?: readonly string[];
  readonly optimizer?: string;
  readonly batchSize?: string;
  readonly json?: boolean;
}

/** `export train-step`: the model, loss and optimizer of `losskit train`, as one step program. */
function trainStep(o: ExportCliOptions): Program {
  if (o.model === undefined) throw new LossKitError('BAD_PARAM', '--model is required (linear | logistic | softmax | mlp:64,32)', { where: '--model' });
  if (o.inputs === undefined) throw new LossKitError('BAD_PARAM', '--inputs is required: the number of features', { where: '--inputs' });
  const classes = o.classes === undefined ? null : positiveInt(o.classes, '--classes');
  const model = modelFrom(o.model, positiveInt(o.inputs, '--inputs'), classes);
  const loss = lossForModel(model, o.loss ?? defaultLoss(model), parseParams(o.lossParam ?? []), o.reduction);
  const tx = optimizerByName(o.optimizer ?? 'adam', parseParams(o.param), '--optimizer', 1e-3);
  const [batch] = parseShape(o.batchSize ?? 'batch', '--batch-size');
  if (batch === undefined) throw new LossKitError('BAD_PARAM', 'expected a size or a dimension name', { where: '--batch-size' });
  return trainStepProgram(model, loss, tx, batch);
}

/** `batch,3` → ['batch', 3]: sizes, or names that become dim_params. */
function parseShape(raw: string | undefined, flag: string): Dim[] {
  if (raw === undefined) throw new LossKitError('BAD_PARAM', `${flag} is required (e.g. ${flag} batch,3)`, { where: flag });
  if (raw.trim() === '') return [];
  return raw.split(',').map((d) => {
    const t = d.trim();
    if (/^\d+$/.test(t)) return Number(t);
    if (/^[A-Za-z_]\w*$/.test(t)) return t;
    throw new LossKitError('BAD_PARAM', `'${t}' is neither a size nor a dimension name`, { where: flag });
  });
}

/** `w=784x10,b=10` → { w: [784, 10], b: [10] }. */
function parseParamShapes(raw: string | undefined): Record<string, number[]> {
  if (raw === undefined) throw new LossKitError('BAD_PARAM', '--params is required (e.g. --params w=784x10,b=10)', { where: '--params' });
  const out: Record<string, number[]> = {};
  for (const part of raw.split(',')) {
    const [name, dims] = part.split('=');
    if (name === undefined || dims === undefined || !/^\d+(x\d+)*$/.test(dims.trim())) {
      throw new LossKitError('BAD_PARAM', `expected name=AxB, got '${part}'`, { where: '--params' });
    }
    out[name.trim()] = dims.trim().split('x').map(Number);
  }
  return out;
}

export async function exportCommand(kind: string, name: string | undefined, o: ExportCliOptions, io: Io): Promise<void> {
  if (o.dtype !== 'float32' && o.dtype !== 'float64') throw new LossKitError('BAD_PARAM', `--dtype is float32 or float64, got '${o.dtype}'`, { where: '--dtype' });
  const adapter = await onnxAdapter('export');
  let bytes: Uint8Array;
  const named = (): string => {
    if (name === undefined) throw new LossKitError('BAD_PARAM', `export ${kind} needs a name (e.g. losskit export ${kind} ${kind === 'loss' ? 'mse' : 'adam'} ...)`, { where: 'export' });
    return name;
  };
  if (kind === 'loss') {
    const loss = lossFromName(named(), parseParams(o.param), o.reduction);
    const signature = { predictions: parseShape(o.predShape, '--pred-shape'), targets: parseShape(o.targetShape, '--target-shape') };
    // As `eval --grad` says it, before the graph's autodiff finds the same deeper down.
    if (o.grad === true && !loss.metadata.differentiable) throw new LossKitError('NOT_DIFFERENTIABLE', `${loss.id} has no gradient; export it without --grad`, { where: loss.id });
    try {
      bytes = adapter.exportOnnx(loss, { signature, withGradient: o.grad === true, dtype: o.dtype });
    } catch (e) {
      // The trace names the op that failed; the user gave the two shapes.
      if (LossKitError.isInstance(e) && e.code === 'SHAPE_MISMATCH') {
        throw new LossKitError('SHAPE_MISMATCH', `--pred-shape ${o.predShape} and --target-shape ${o.targetShape} do not fit ${loss.id} (${e.message})`, { where: '--target-shape', cause: e });
      }
      throw e;
    }
  } else if (kind === 'optimizer') {
    const tx = optimizerByName(named(), parseParams(o.param), 'export', 1e-3);
    if (o.part !== 'step' && o.part !== 'init') throw new LossKitError('BAD_PARAM', `--part is step or init, got '${o.part}'`, { where: '--part' });
    bytes = adapter.exportOnnx(tx, { params: parseParamShapes(o.params), part: o.part, dtype: o.dtype });
  } else if (kind === 'train-step') {
    bytes = adapter.exportOnnx(trainStep(o), { dtype: o.dtype });
  } else {
    throw new LossKitError('BAD_PARAM', `can export a loss, an optimizer or a train-step, not '${kind}'${didYouMean(kind, ['loss', 'optimizer', 'train-step'])}`, { where: 'export' });
  }
  await writeAtomic(o.out, bytes);
  io.out(o.json === true ? JSON.stringify({ kind, out: o.out, bytes: bytes.length }) : `${o.out}: ${bytes.length} bytes`);
}
