import type { Backend } from '../backend/backend.js';
import type { Trainer, TrainerOptions } from '../backend/trainer.js';
import type { Tree } from '../optim/tree.js';
import { shapeTargets } from '../backend/trainer.js';
import { fail } from '../errors/losskit-error.js';
import { accuracy, r2 } from '../metrics/index.js';
import { type HostTensor, type HostTensorLike, allocate, tensor } from '../tensor/host-tensor.js';
import { seededRandom } from './initializers.js';

export interface EpochReport {
  readonly epoch: number;
  /** The mean of the batch losses over the epoch. */
  readonly loss: number;
  /** Accuracy for classifiers, R² for regression, on the training data after the epoch. */
  readonly metric: number;
  readonly metricName: 'accuracy' | 'r2';
  /** The values of the `metrics` asked for, by name, on the training data after the epoch. */
  readonly metrics: Readonly<Record<string, number>>;
}

/**
 * A metric computed on the host after each epoch from the model's outputs on the whole training
 * set (logits for classifiers) and the targets as given: `accuracy`, `r2` or your own.
 */
export type EpochMetric = (predictions: HostTensor, targets: HostTensor) => number;

export interface TrainOptions extends TrainerOptions {
  readonly backend: Backend;
  readonly data: { readonly x: HostTensorLike; readonly y: HostTensorLike };
  readonly epochs?: number;
  /** Samples per step (default: the whole data set). */
  readonly batchSize?: number;
  /** Shuffle the samples each epoch with this seed (default: the model seed). */
  readonly shuffle?: boolean;
  /** Stop once the epoch loss has not improved by `minDelta` for `patience` epochs. */
  readonly earlyStopping?: { readonly patience: number; readonly minDelta?: number };
  readonly onEpoch?: (report: EpochReport, trainer: Trainer) => void | Promise<void>;
  /** Resume: the optimizer state saved by an earlier run (with its parameters as `params`). */
  readonly optimizerState?: Tree<HostTensor>;
  /** Resume: the first epoch to run (1-based); the shuffles of earlier epochs are replayed so the run continues exactly. */
  readonly startEpoch?: number;
  readonly onStep?: (step: number, loss: number) => void;
  /** Extra metrics reported in each epoch's `metrics`, keyed by the name to report them under. */
  readonly metrics?: Readonly<Record<string, EpochMetric>>;
}

export interface TrainResult {
  readonly trainer: Trainer;
  readonly history: readonly EpochReport[];
  readonly params: Record<string, HostTensor>;
}

function take(t: HostTensor, order: Int32Array, start: number, end: number): HostTensor {
  const row = t.data.length / (t.shape[0] as number);
  const data = allocate(t.dtype, (end - start) * row);
  for (let i = start; i < end; i++) {
    const src = (order[i] as number) * row;
    for (let k = 0; k < row; k++) data[(i - start) * row + k] = t.data[src + k] as number;
  }
  return { dtype: t.dtype, shape: [end - start, ...t.shape.slice(1)], data } as HostTensor;
}

/**
 * Trains a model on a backend: seeded shuffling, mini-batches, one compiled program per step,
 * the loss and a metric (accuracy or R²) per epoch, and optional early stopping on a plateau.
 *
 * @example
 * ```ts
 * const { history } = await train({ backend, model: models.softmax({ inputs: 4, classes: 3 }),
 *   loss: losses.sparseCategoricalCrossEntropy({ fromLogits: true }),
 *   optimizer: optimizers.adam({ learningRate: 0.05 }), data: { x, y }, epochs: 200 });
 * ```
 */
export async function train(o: TrainOptions): Promise<TrainResult> {
  const x = tensor(o.data.x, 'data.x');
  const y = tensor(o.data.y, 'data.y');
  const n = x.shape[0] ?? 0;
  if (n === 0) fail('EMPTY', 'no training samples', 'data.x');
  if ((y.shape[0] ?? -1) !== n) fail('SHAPE_MISMATCH', `${n} samples of features but ${String(y.shape[0])} of targets`, 'data.y');
  const epochs = o.epochs ?? 10;
  const batchSize = o.batchSize ?? n;
  if (!Number.isInteger(epochs) || epochs < 1) fail('BAD_PARAM', `must be a positive integer, got ${epochs}`, 'epochs');
  if (!Number.isInteger(batchSize) || batchSize < 1) fail('BAD_PARAM', `must be a positive integer, got ${batchSize}`, 'batchSize');
  if (o.earlyStopping !== undefined) {
    const { patience, minDelta = 0 } = o.earlyStopping;
    if (!Number.isInteger(patience) || patience < 1) fail('BAD_PARAM', `must be a positive integer, got ${patience}`, 'earlyStopping.patience');
    if (!(minDelta >= 0) || !Number.isFinite(minDelta)) fail('BAD_PARAM', `must be a finite number ≥ 0, got ${minDelta}`, 'earlyStopping.minDelta');
  }
  const trainer = await o.backend.trainer(o);
  if (o.optimizerState !== undefined) await trainer.setState(o.optimizerState);
  const startEpoch = o.startEpoch ?? 1;
  if (!Number.isInteger(startEpoch) || startEpoch < 1) fail('BAD_PARAM', `must be a positive integer, got ${startEpoch}`, 'startEpoch');
  const random = seededRandom((o.seed ?? 0) + 1);
  const order = Int32Array.from({ length: n }, (_, i) => i);
  const history: EpochReport[] = [];
  const classifier = o.model.task !== 'regression';
  let best = Infinity;
  let stale = 0;
  let step = 0;
  const shuffle = (): void => {
    if (o.shuffle === false) return;
    for (let i = n - 1; i > 0; i--) {
      const j = Math.floor(random() * (i + 1));
      const t = order[i] as number;
      order[i] = order[j] as number;
      order[j] = t;
    }
  };
  for (let epoch = 1; epoch < startEpoch; epoch++) shuffle();
  for (let epoch = startEpoch; epoch <= epochs; epoch++) {
    shuffle();
    let total = 0;
    for (let start = 0; start < n; start += batchSize) {
      const end = Math.min(n, start + batchSize);
      const l = await trainer.step({ x: take(x, order, start, end), y: take(y, order, start, end) });
      total += l * (end - start);
      o.onStep?.(++step, l);
    }
    const predictions = await trainer.predict(x);
    const metric = classifier
      ? accuracy(predictions, y, { threshold: 0 })
      : r2(predictions, shapeTargets(o.loss, o.model, y));
    const extra: Record<string, number> = {};
    for (const [name, fn] of Object.entries(o.metrics ?? {})) extra[name] = fn(predictions, y);
    const report: EpochReport = { epoch, loss: total / n, metric, metricName: classifier ? 'accuracy' : 'r2', metrics: extra };
    history.push(report);
    await o.onEpoch?.(report, trainer);
    if (o.earlyStopping !== undefined) {
      if (report.loss < best - (o.earlyStopping.minDelta ?? 0)) {
        best = report.loss;
        stale = 0;
      } else if (++stale >= o.earlyStopping.patience) {
        break;
      }
    }
  }
  return { trainer, history, params: await trainer.params() };
}
