import {
  type ClassificationReport, type EpochReport, type HostTensor, classificationReport, formatClassificationReport, type Loss, LossKitError, type Model, type ParamValue, type Trainer, type Tree, deserializeCheckpoint, models, serializeCheckpoint, train,
} from '@losskit/core';
import cliProgress from 'cli-progress';
import { backendByName } from '../backends.js';
import { optimizerByName } from '../optimizer-by-name.js';
import { lossCurveSvg } from '../io/plot.js';
import { predictProgram } from '../model-program.js';
import { onnxAdapter } from '../onnx-adapter.js';
import { readTable } from '../io/read-table.js';
import { writeAtomic } from '../io/write-atomic.js';
import type { Io } from '../output.js';
import { parseParams } from '../params.js';
import { didYouMean } from '../suggest.js';
import { lossFromName } from './eval.js';

export interface TrainCliOptions {
  readonly data: string;
  readonly target: string;
  readonly model: string;
  readonly loss?: string;
  readonly optimizer: string;
  readonly param: readonly string[];
  readonly lossParam: readonly string[];
  readonly epochs: string;
  readonly batchSize: string;
  readonly backend: string;
  readonly seed: string;
  readonly plot?: string;
  readonly saveState?: string;
  readonly resume?: string;
  readonly export?: string;
  readonly json?: boolean;
}

interface SavedConfig {
  readonly model: string;
  readonly loss: string;
  readonly optimizer: string;
  readonly target: string;
  readonly features: readonly string[];
  readonly classes: readonly string[] | null;
  readonly mean: readonly number[];
  readonly sd: readonly number[];
}

export function positiveInt(raw: string, where: string): number {
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 1) throw new LossKitError('BAD_PARAM', `expected a positive integer, got '${raw}'`, { where });
  return n;
}

/** `linear`, `logistic`, `softmax` or `mlp:64,32`, for this many features and classes. */
export function modelFrom(spec: string, inputs: number, classes: number | null): Model {
  const [kind = '', sizes] = spec.split(':');
  if (kind === 'linear') return models.linear({ inputs });
  if (kind === 'logistic') return models.logistic({ inputs });
  if (kind === 'softmax') {
    if (classes === null) throw new LossKitError('BAD_PARAM', 'softmax needs a categorical target column', { where: '--model' });
    return models.softmax({ inputs, classes });
  }
  if (kind === 'mlp') {
    const hidden = (sizes ?? '32').split(',').map((s) => positiveInt(s, '--model'));
    return models.mlp({ inputs, hidden, outputs: classes ?? 1, task: classes === null ? 'regression' : 'multiclass' });
  }
  throw new LossKitError('BAD_PARAM', `unknown model '${spec}'${didYouMean(kind, ['linear', 'logistic', 'softmax', 'mlp'])} (mlp takes sizes: mlp:64,32)`, { where: '--model' });
}

export function defaultLoss(model: Model): string {
  return model.task === 'regression' ? 'mse' : model.task === 'binary' ? 'binaryCrossEntropy' : 'sparseCategoricalCrossEntropy';
}

/** A classifier's outputs are logits: its cross-entropy is told so unless the user says otherwise. */
export function lossForModel(model: Model, name: string, params: Record<string, ParamValue>, reduction?: string): Loss {
  const logitsLoss = model.task !== 'regression' && ['binaryCrossEntropy', 'categoricalCrossEntropy', 'sparseCategoricalCrossEntropy'].includes(name);
  return lossFromName(name, { ...(logitsLoss ? { fromLogits: true } : {}), ...params }, reduction);
}

/** What a training checkpoint's metadata holds besides the tensors: enough to rebuild the run. */
function savedConfig(meta: unknown, where: string): SavedConfig {
  const config = (meta as { config?: Partial<SavedConfig> } | undefined)?.config;
  const strings = (x: unknown): boolean => Array.isArray(x) && x.every((v) => typeof v === 'string');
  const numbers = (x: unknown): boolean => Array.isArray(x) && x.every((v) => typeof v === 'number');
  if (config === undefined || typeof config.model !== 'string' || typeof config.loss !== 'string' || typeof config.optimizer !== 'string' || typeof config.target !== 'string'
    || !strings(config.features) || !(config.classes === null || strings(config.classes)) || !numbers(config.mean) || !numbers(config.sd)) {
    throw new LossKitError('BAD_FILE', 'not a losskit training checkpoint (its metadata has no run configuration)', { where });
  }
  return config as SavedConfig;
}

export async function trainCommand(o: TrainCliOptions, io: Io, interactive: boolean): Promise<void> {
  const epochs = positiveInt(o.epochs, '--epochs');
  const batchSize = positiveInt(o.batchSize, '--batch-size');
  const seed = Number(o.seed);
  const entry = backendByName(o.backend, '--backend');
  // Before training, not after it: a missing adapter should not cost the run.
  const adapter = o.export === undefined ? undefined : await onnxAdapter('--export');

  let resumed: { config: SavedConfig; epoch: number; params: Record<string, HostTensor>; state: Tree<HostTensor> } | undefined;
  if (o.resume !== undefined) {
    const { readFile } = await import('node:fs/promises');
    let bytes: Uint8Array;
    try {
      bytes = new Uint8Array(await readFile(o.resume));
    } catch (e) {
      throw new LossKitError('BAD_FILE', `cannot read it (${String((e as NodeJS.ErrnoException).code ?? e)})`, { where: o.resume, cause: e });
    }
    const saved = deserializeCheckpoint(bytes, { where: o.resume });
    resumed = { config: savedConfig(saved.meta, o.resume), epoch: saved.step, params: { ...saved.params }, state: saved.state };
    const then = resumed.config;
    for (const [flag, now, was] of [['--model', o.model, then.model], ['--optimizer', o.optimizer, then.optimizer], ['--target', o.target, then.target]] as const) {
      if (now !== was) throw new LossKitError('BAD_PARAM', `the saved run used ${flag} ${was}, not ${now}`, { where: o.resume });
    }
  }

  const table = await readTable(o.data);
  const targetIndex = table.columns.indexOf(o.target);
  if (targetIndex < 0) throw new LossKitError('BAD_PARAM', `no column '${o.target}'${didYouMean(o.target, table.columns)}`, { where: '--target' });
  const features = table.columns.filter((_, i) => i !== targetIndex);
  const n = table.rows.length;
  const x = new Float64Array(n * features.length);
  const targetCells = table.rows.map((r) => r[targetIndex] ?? '');
  const numericTarget = targetCells.every((c) => c !== '' && Number.isFinite(Number(c)));
  // Names, or numbers for a classifier: classes. Numbers for a regression model: values.
  const kind = o.model.split(':')[0];
  const categorical = !numericTarget || kind === 'logistic' || kind === 'softmax';
  const classes = resumed?.config.classes ?? (categorical ? [...new Set(targetCells)].sort() : null);
  table.rows.forEach((row, r) => {
    let k = 0;
    row.forEach((cell, c) => {
      if (c === targetIndex) return;
      const v = Number(cell);
      if (cell === '' || Number.isNaN(v)) throw new LossKitError('BAD_FILE', `row ${r + 2}, column ${table.columns[c]}: '${cell}' is not a number`, { where: o.data });
      x[r * features.length + k++] = v;
    });
  });
  // Standardise each feature (saved with the state, so a resumed run sees the same inputs).
  const mean = resumed?.config.mean ?? features.map((_, f) => table.rows.reduce((s, _r, i) => s + (x[i * features.length + f] as number), 0) / n);
  const sd = resumed?.config.sd ?? features.map((_, f) => Math.sqrt(table.rows.reduce((s, _r, i) => s + ((x[i * features.length + f] as number) - (mean[f] as number)) ** 2, 0) / n) || 1);
  for (let i = 0; i < n; i++) for (let f = 0; f < features.length; f++) x[i * features.length + f] = ((x[i * features.length + f] as number) - (mean[f] as number)) / (sd[f] as number);
  const labels = classes === null ? [] : targetCells.map((c) => classes.indexOf(c));
  const unknown = labels.findIndex((v) => v < 0);
  if (unknown >= 0) {
    throw new LossKitError('LABEL_OUT_OF_RANGE', `row ${unknown + 2}, column ${o.target}: class '${targetCells[unknown]}' is not one of the saved run's ${(classes ?? []).join(', ')}`, { where: o.data });
  }
  if (kind === 'logistic' && classes !== null && classes.length !== 2) {
    throw new LossKitError('BAD_PARAM', `logistic regression needs two classes, '${o.target}' has ${classes.length}; use softmax`, { where: '--model' });
  }
  const model = modelFrom(o.model, features.length, classes === null ? null : classes.length);
  // Labels for sparse losses; 0/1 values for a logistic model's binary cross-entropy.
  const y = classes === null
    ? { dtype: 'float64' as const, shape: [n], data: Float64Array.from(targetCells, Number) }
    : model.task === 'binary' ? { dtype: 'float64' as const, shape: [n], data: Float64Array.from(labels) } : { dtype: 'int32' as const, shape: [n], data: Int32Array.from(labels) };
  const lossName = o.loss ?? resumed?.config.loss ?? defaultLoss(model);
  const loss: Loss = lossForModel(model, lossName, parseParams(o.lossParam));
  const optimizer = optimizerByName(o.optimizer, parseParams(o.param), '--optimizer', 0.05);

  const backend = await entry.open();
  const dtype = backend.supports.dtypes.includes('float64') ? 'float64' : 'float32';
  const bar = interactive && o.json !== true ? new cliProgress.SingleBar({ format: 'epoch {value}/{total} |{bar}| loss {loss}', hideCursor: true }, cliProgress.Presets.shades_classic) : undefined;
  const startEpoch = (resumed?.epoch ?? 0) + 1;
  bar?.start(epochs, startEpoch - 1, { loss: '-' });
  const config: SavedConfig = { model: o.model, loss: lossName, optimizer: o.optimizer, target: o.target, features, classes, mean, sd };
  const result = await train({
    backend, model, loss, optimizer, seed, epochs, batchSize, dtype,
    data: { x: { dtype, shape: [n, features.length], data: dtype === 'float32' ? Float32Array.from(x) : x }, y: y.dtype === 'int32' ? y : { ...y, dtype, data: dtype === 'float32' ? Float32Array.from(y.data) : y.data } },
    ...(resumed === undefined ? {} : { params: resumed.params, optimizerState: resumed.state, startEpoch }),
    onEpoch: async (report: EpochReport, trainer: Trainer) => {
      bar?.update(report.epoch, { loss: report.loss.toFixed(5) });
      if (!interactive && o.json !== true) io.out(`epoch ${report.epoch}/${epochs}  loss ${report.loss.toFixed(6)}  ${report.metricName} ${report.metric.toFixed(4)}`);
      if (o.saveState !== undefined && report.epoch === epochs) {
        // A losskit checkpoint (binary, versioned; see @losskit/core serializeCheckpoint); the step is the epoch.
        const bytes = serializeCheckpoint({ params: await trainer.params(), state: await trainer.state(), step: report.epoch, optimizer, meta: { config, unit: 'epoch' } });
        await writeAtomic(o.saveState, bytes);
      }
    },
  });
  bar?.stop();
  const last = result.history.at(-1);
  if (o.plot !== undefined) await writeAtomic(o.plot, await lossCurveSvg(result.history, `${model.name} · ${lossName} · ${o.optimizer}`));
  // A classifier's report, as scikit-learn's classification_report, over the training data.
  let report: ClassificationReport | undefined;
  if (classes !== null) {
    const scores = await result.trainer.predict({ dtype, shape: [n, features.length], data: dtype === 'float32' ? Float32Array.from(x) : x });
    report = classificationReport(labels, predictedLabels(scores, model.task === 'binary'), { labels: classes.map((_, i) => i), targetNames: classes });
  }
  let exported: { out: string; bytes: number; input: string; output: string; classes: readonly string[] | null } | undefined;
  if (o.export !== undefined && adapter !== undefined) {
    const program = predictProgram(model, await result.trainer.params(), mean, sd);
    const bytes = adapter.exportOnnx(program, { dtype: 'float32' });
    await writeAtomic(o.export, bytes);
    exported = { out: o.export, bytes: bytes.length, input: 'x', output: Object.keys(program.outputs)[0] as string, classes };
  }
  const summary = {
    model: model.name, loss: lossName, optimizer: o.optimizer, backend: backend.name,
    epochs: result.history.map((h) => ({ epoch: h.epoch, loss: h.loss, [h.metricName]: h.metric })),
    final: last === undefined ? null : { loss: last.loss, [last.metricName]: last.metric },
    ...(report === undefined ? {} : { report }),
    ...(exported === undefined ? {} : { export: exported }),
  };
  if (o.json === true) io.out(JSON.stringify(summary));
  else if (last !== undefined) {
    io.out(`final  loss ${last.loss.toFixed(6)}  ${last.metricName} ${last.metric.toFixed(4)}${classes === null ? '' : `  (classes: ${classes.join(', ')})`}`);
    if (report !== undefined) io.out(`\n${formatClassificationReport(report)}`);
    if (exported !== undefined) io.out(`${exported.out}: ${exported.bytes} bytes (input x: raw features ${features.join(', ')}; output ${exported.output}${classes === null ? '' : `: ${classes.join(', ')}`})`);
  }
}

/** Predicted class indices: a logit above 0 for a binary model, the first largest score otherwise (numpy's argmax). */
function predictedLabels(scores: HostTensor, binary: boolean): number[] {
  const rows = scores.shape[0] as number;
  const k = scores.data.length / rows;
  return Array.from({ length: rows }, (_, r) => {
    if (binary) return (scores.data[r * k] as number) > 0 ? 1 : 0;
    let best = 0;
    for (let c = 1; c < k; c++) if ((scores.data[r * k + c] as number) > (scores.data[r * k + best] as number)) best = c;
    return best;
  });
}
