import { fail } from '../errors/losskit-error.js';
import { binaryCrossEntropy, categoricalCrossEntropy, hinge, sparseCategoricalCrossEntropy } from './classification.js';
import { generalizedCrossEntropy, klDivergence, nll, poly1 } from './classification.js';
import { binaryFocal, categoricalFocal } from './focal.js';
import { categoricalHinge, multiLabelMargin, multiLabelSoftMargin, multiMargin, perceptron, softMargin, squaredHinge } from './margin.js';
import { sparsemax } from './sparsemax.js';
import { type CustomLossFn, type CustomLossOptions, customLoss } from './custom-loss.js';
import { type Loss, type LossConstructor, type LossOptions, type LossSpec, type ParamValue, defineLoss as defineFromSpec } from './loss.js';
import { cosineSimilarity } from './cosine-similarity.js';
import { gaussianNLL, poisson, poissonNLL } from './probabilistic-regression.js';
import { huber, mae, mse, rmse } from './regression.js';
import { logCosh, mape, msle, quantile, smoothL1 } from './robust-regression.js';
import { circle, cosineEmbedding, hingeEmbedding, listwiseSoftmax, marginRanking, ntXent, tripletMargin } from './ranking.js';
import { dice, generalizedDice, tversky } from './segmentation.js';
import { hammingLoss, zeroOneLoss } from './counting.js';
import { ctc, maskedSequenceCrossEntropy } from './sequence.js';

/** Every loss constructor, keyed by id, so the catalogue can be listed. */
export const losses = {
  mse, mae, rmse, huber, binaryCrossEntropy, categoricalCrossEntropy, sparseCategoricalCrossEntropy, hinge,
  smoothL1, logCosh, mape, msle, quantile, poisson, poissonNLL, gaussianNLL, cosineSimilarity,
  nll, klDivergence, binaryFocal, categoricalFocal, generalizedCrossEntropy, poly1,
  squaredHinge, categoricalHinge, multiMargin, multiLabelMargin, softMargin, multiLabelSoftMargin, perceptron, sparsemax,
  marginRanking, hingeEmbedding, cosineEmbedding, tripletMargin, ntXent, circle, listwiseSoftmax,
  dice, generalizedDice, tversky,
  hammingLoss, zeroOneLoss,
  maskedSequenceCrossEntropy, ctc,
} as const;

export type LossName = keyof typeof losses;

type AnyLossConstructor = LossConstructor<Record<string, ParamValue>>;

/** Losses defined by name with {@link defineLoss}, beside the built-in catalogue. */
const customLosses = new Map<string, AnyLossConstructor>();

function lookup(name: string): AnyLossConstructor | undefined {
  // Own keys only: 'toString' or 'constructor' must not reach Object.prototype.
  return Object.hasOwn(losses, name) ? (losses as Record<string, AnyLossConstructor>)[name] : customLosses.get(name);
}

/** The names of every loss createLoss knows: the catalogue, then custom losses in definition order. */
export function lossNames(): string[] {
  return [...Object.keys(losses), ...customLosses.keys()];
}

/** A loss by name (built-in or defined with `defineLoss(name, fn)`); `UNKNOWN_LOSS` names the ones that exist. */
export function createLoss(name: string, options: LossOptions<Record<string, ParamValue>> = {}): Loss {
  const ctor = lookup(name);
  if (ctor === undefined) fail('UNKNOWN_LOSS', `no loss '${name}'; known: ${lossNames().join(', ')}`, 'loss');
  return ctor(options);
}

/**
 * Defines a loss. With a name and a per-sample function over the ops — `defineLoss('cubic',
 * (p, t) => ops.mean(ops.abs(ops.pow(ops.sub(p, t), 3)), -1))` — it gets gradients, the five
 * reductions, sample weights and every backend, and `createLoss(name)` finds it; a name taken by
 * a built-in or an earlier custom loss is a `BAD_PARAM` error. With a full spec it builds a
 * catalogue-style loss with parameters and metadata (not registered).
 */
export function defineLoss<O extends Record<string, ParamValue>>(spec: LossSpec<O>): LossConstructor<O>;
export function defineLoss(name: string, fn: CustomLossFn, options?: CustomLossOptions): AnyLossConstructor;
export function defineLoss<O extends Record<string, ParamValue>>(
  specOrName: LossSpec<O> | string,
  fn?: CustomLossFn,
  options: CustomLossOptions = {},
): LossConstructor<O> | AnyLossConstructor {
  if (typeof specOrName !== 'string') return defineFromSpec(specOrName);
  const ctor = customLoss(specOrName, fn as CustomLossFn, options, (name) => lookup(name) !== undefined);
  customLosses.set(specOrName, ctor);
  return ctor;
}

export { applyReduction, alignWeights, REDUCTIONS, type Reduction } from './reduction.js';
export { signatureOf } from './loss.js';
export type { CustomLossFn, CustomLossOptions } from './custom-loss.js';
export type { PerSampleLoss, PrepareOptions, Loss, LossConstructor, LossInputs, LossInputsLike, LossMetadata, LossOptions, LossSignature, LossSpec, ParamSpec, ParamValue, Task, Framework } from './loss.js';
