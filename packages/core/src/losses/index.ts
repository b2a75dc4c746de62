import { fail } from '../errors/losskit-error.js';
import { binaryCrossEntropy, categoricalCrossEntropy, hinge, sparseCategoricalCrossEntropy } from './classification.js';
import { generalizedCrossEntropy, klDivergence, nll, poly1 } from './classification.js';
import { binaryFocal, categoricalFocal } from './focal.js';
import { categoricalHinge, multiLabelMargin, multiLabelSoftMargin, multiMargin, perceptron, softMargin, squaredHinge } from './margin.js';
import { sparsemax } from './sparsemax.js';
import type { Loss, LossConstructor, LossOptions, ParamValue } from './loss.js';
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

/** A loss by name, for CLIs and UIs; `UNKNOWN_LOSS` names the ones that exist. */
export function createLoss(name: string, options: LossOptions<Record<string, ParamValue>> = {}): Loss {
  // Own keys only: 'toString' or 'constructor' must not reach Object.prototype.
  const ctor = Object.hasOwn(losses, name) ? (losses as Record<string, LossConstructor<Record<string, ParamValue>>>)[name] : undefined;
  if (ctor === undefined) fail('UNKNOWN_LOSS', `no loss '${name}'; known: ${Object.keys(losses).join(', ')}`, 'loss');
  return ctor(options);
}

export { applyReduction, alignWeights, REDUCTIONS, type Reduction } from './reduction.js';
export { defineLoss, signatureOf } from './loss.js';
export type { PerSampleLoss, PrepareOptions, Loss, LossConstructor, LossInputs, LossInputsLike, LossMetadata, LossOptions, LossSignature, LossSpec, ParamSpec, ParamValue, Task, Framework } from './loss.js';
