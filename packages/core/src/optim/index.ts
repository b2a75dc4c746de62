import { adagrad, adam, adamax, adamw, lion, rmsprop, sgd } from './aliases.js';
import { chain } from './transformation.js';
import { addDecayedWeights, clipByGlobalNorm, scale, scaleByAdam, scaleByAdamax, scaleByLearningRate, scaleByLion, scaleByRms, scaleByRss, scaleBySchedule, trace } from './transforms.js';

/** Named optimizers, keyed by name so they can be listed. */
export const optimizers = { sgd, adam, adamw, adamax, rmsprop, adagrad, lion } as const;

/** The building blocks optimizers are chains of, keyed by optax's names in camelCase. */
export const transforms = { chain, scale, scaleByAdam, scaleByAdamax, scaleByRms, scaleByRss, scaleByLion, scaleByLearningRate, scaleBySchedule, trace, clipByGlobalNorm, addDecayedWeights } as const;

export { adagrad, adam, adamax, adamw, lion, rmsprop, sgd, type AdamAliasOptions, type AdamWOptions, type SgdOptions } from './aliases.js';
export { addDecayedWeights, clipByGlobalNorm, scale, scaleByAdam, scaleByAdamax, scaleByLearningRate, scaleByLion, scaleByRms, scaleByRss, scaleBySchedule, trace, type AdamOptions } from './transforms.js';
export { applyUpdates, chain, mapUpdates, type GradientTransformation, type StateTree, type UpdateExtras, type Updates } from './transformation.js';
export { flattenTree, unflattenTree, type Tree } from './tree.js';
export { checkStateFits, deserializeCheckpoint, deserializeState, serializeCheckpoint, serializeState, type Checkpoint, type StateCheck } from './serialize-state.js';
export { STATE_FORMAT, STATE_FORMAT_VERSION, type StateFileHeader, type TensorEntry } from './state-file.js';
export { reduceOnPlateau, type ReduceOnPlateauOptions } from './reduce-on-plateau.js';
export { lbfgs, type LbfgsObjective, type LbfgsOptions, type LbfgsResult } from './lbfgs.js';
