import type { Framework } from '../losses/loss.js';

/** A framework loss that no catalogue loss reaches exactly by parameters, and why. */
export interface UnreachableLoss {
  readonly framework: Framework;
  readonly name: string;
  readonly why: string;
}

/**
 * Framework names deliberately left out of the preset tables: an approximation would give other
 * numbers than the framework's, so `compat.loss` refuses them as unknown names instead.
 */
export const UNREACHABLE_LOSSES: readonly UnreachableLoss[] = [
  { framework: 'tfjs', name: 'cosineDistance', why: 'tfjs takes 1 − Σ labels·predictions without normalising (inputs must already be unit vectors) and keeps the reduced axis; cosineSimilarity always normalises.' },
  { framework: 'tfjs', name: 'layers.kullbackLeiblerDivergence', why: 'tfjs-layers multiplies by the unclipped target but takes the log of the clipped one; klDivergence clips both (Keras\'s form): targets below 1e-7 differ.' },
  { framework: 'keras', name: 'Dice', why: 'Keras adds 1e-7 to the denominator only and reduces over all axes by default; dice smooths numerator and denominator alike, per sample.' },
  { framework: 'keras', name: 'Tversky', why: 'as Dice: the 1e-7 sits in the denominator only.' },
  { framework: 'keras', name: 'CTC', why: 'not verified against Keras\'s label-length convention (mask_index) yet.' },
  { framework: 'keras', name: 'Circle', why: 'Keras averages over the rows with a positive loss and normalises the embeddings itself.' },
  { framework: 'optax', name: 'l2_loss', why: '½ (p − t)²: mse has no scale parameter.' },
  { framework: 'optax', name: 'cosine_similarity', why: '+cos (a similarity to maximise); cosineSimilarity gives −cos or 1 − cos.' },
  { framework: 'optax', name: 'triplet_margin_loss', why: 'optax adds eps inside the p-sum; tripletMargin (PyTorch\'s form) adds it to each difference.' },
  { framework: 'optax', name: 'safe_softmax_cross_entropy', why: 'its value where every logit is −∞ is not verified yet.' },
  { framework: 'optax', name: 'dice_loss', why: 'optax\'s smoothing and class axis do not map onto dice\'s parameters alone.' },
  { framework: 'sklearn', name: 'mean_poisson_deviance', why: '2 (y log(y/ŷ) − y + ŷ): the poisson loss lacks the target-only terms and the factor 2.' },
];
