import { adabelief, adam, adamax, adamaxw, adamw, amsgrad, nadam, nadamw, radam, sgd, yogi } from './aliases.js';
import { lamb, lars, lion, muon, novograd, signSgd } from './aliases-layerwise.js';
import { adadelta, adafactor, adagrad, ftrl, rmsprop, rprop } from './aliases-rms.js';
import { chain } from './transformation.js';
import { addDecayedWeights, clipByGlobalNorm, scale, scaleByAdam, scaleByAdamax, scaleByLearningRate, scaleByLion, scaleByRms, scaleByRss, scaleBySchedule, scaleByStddev, trace } from './transforms.js';
import { scaleByAdadelta, scaleByBelief, scaleByNovograd, scaleByRadam, scaleByYogi } from './transforms/adaptive.js';
import { clip, clipByBlockRms, clipByNorm, zeroNans } from './transforms/clipping.js';
import { scaleByFactoredRms } from './transforms/factored.js';
import { scaleByFtrl } from './transforms/ftrl.js';
import { scaleByMuon, scaleByShape } from './transforms/muon.js';
import { addL2, ema, scaleByParamBlockRms, scaleByRprop, scaleBySign, scaleByTrustRatio } from './transforms/rescaling.js';
import { applyIfFinite, lookahead, multiSteps, partition } from './transforms/wrappers.js';
import { reduceOnPlateau } from './reduce-on-plateau.js';
import { scaleByAdadeltaPreviousAccumulator, scaleByAdamaxEpsOutside, scaleByAmsgradRawMax, scaleByRadamEpsUncorrected, scaleByRssEpsOutside, scaleByStddevEpsSubtracted } from './transforms/framework-variants.js';
import { scaleByNadamSchedule } from './transforms/nadam-schedule.js';
import { dampenedTrace, scaleByOnnxAdam } from './transforms/onnx-training.js';
import { decayAfterUpdate, decayBeforeUpdate } from './transforms/weight-decay-order.js';

/** Named optimizers, keyed by name so they can be listed. */
export const optimizers = {
  sgd, adam, adamw, amsgrad, adamax, adamaxw, nadam, nadamw, radam, rmsprop, adagrad, adadelta, rprop, lion, lamb, lars,
  adafactor, ftrl, adabelief, yogi, novograd, signSgd, muon,
} as const;

/** The building blocks optimizers are chains of, keyed by optax's names in camelCase. */
export const transforms = {
  chain, scale, scaleByAdam, scaleByAdamax, scaleByRms, scaleByStddev, scaleByRss, scaleByLion, scaleByLearningRate, scaleBySchedule,
  scaleByBelief, scaleByRadam, scaleByYogi, scaleByNovograd, scaleByAdadelta, scaleByRprop, scaleByTrustRatio, scaleBySign,
  scaleByParamBlockRms, scaleByFactoredRms, scaleByFtrl, scaleByMuon, scaleByShape, trace, ema, addDecayedWeights, addL2,
  clip, clipByGlobalNorm, clipByBlockRms, clipByNorm, zeroNans, applyIfFinite, multiSteps, lookahead, partition, reduceOnPlateau,
  scaleByRssEpsOutside, scaleByAdamaxEpsOutside, scaleByAmsgradRawMax, scaleByStddevEpsSubtracted, scaleByAdadeltaPreviousAccumulator, scaleByRadamEpsUncorrected,
  dampenedTrace, scaleByOnnxAdam, scaleByNadamSchedule, decayBeforeUpdate, decayAfterUpdate,
} as const;

export { adabelief, adam, adamax, adamaxw, adamw, amsgrad, nadam, nadamw, radam, sgd, yogi, type AdamAliasOptions, type AdamWOptions, type SgdOptions } from './aliases.js';
export { lamb, lars, lion, muon, novograd, signSgd, type MuonAliasOptions } from './aliases-layerwise.js';
export { adadelta, adafactor, adagrad, ftrl, rmsprop, rprop, type AdafactorOptions, type RmspropOptions } from './aliases-rms.js';
export { addDecayedWeights, clipByGlobalNorm, scale, scaleByAdam, scaleByAdamax, scaleByLearningRate, scaleByLion, scaleByRms, scaleByRss, scaleBySchedule, scaleByStddev, trace, type AdamOptions, type RmsOptions } from './transforms.js';
export { scaleByAdadelta, scaleByBelief, scaleByNovograd, scaleByRadam, scaleByYogi, type BeliefOptions, type NovogradOptions, type RadamOptions, type YogiOptions } from './transforms/adaptive.js';
export { clip, clipByBlockRms, clipByNorm, zeroNans } from './transforms/clipping.js';
export { scaleByFactoredRms, type FactoredRmsOptions } from './transforms/factored.js';
export { scaleByFtrl, type FtrlOptions } from './transforms/ftrl.js';
export { newtonSchulz, scaleByMuon, scaleByShape, type MuonOptions } from './transforms/muon.js';
export { addL2, ema, scaleByParamBlockRms, scaleByRprop, scaleBySign, scaleByTrustRatio, type RpropOptions, type TrustRatioOptions } from './transforms/rescaling.js';
export { applyIfFinite, lookahead, multiSteps, partition } from './transforms/wrappers.js';
export { scaleByAdadeltaPreviousAccumulator, scaleByAdamaxEpsOutside, scaleByAmsgradRawMax, scaleByRadamEpsUncorrected, scaleByRssEpsOutside, scaleByStddevEpsSubtracted } from './transforms/framework-variants.js';
export { dampenedTrace, scaleByOnnxAdam } from './transforms/onnx-training.js';
export { scaleByNadamSchedule, type NadamScheduleOptions } from './transforms/nadam-schedule.js';
export { decayAfterUpdate, decayBeforeUpdate } from './transforms/weight-decay-order.js';
export { applyUpdates, chain, mapUpdates, type GradientTransformation, type StateTree, type UpdateExtras, type Updates } from './transformation.js';
export { flattenTree, unflattenTree, type Tree } from './tree.js';
export { checkStateFits, deserializeCheckpoint, deserializeState, serializeCheckpoint, serializeState, type Checkpoint, type StateCheck } from './serialize-state.js';
export { STATE_FORMAT, STATE_FORMAT_VERSION, type StateFileHeader, type TensorEntry } from './state-file.js';
export { reduceOnPlateau, type ReduceOnPlateauOptions } from './reduce-on-plateau.js';
export { lbfgs, type LbfgsObjective, type LbfgsOptions, type LbfgsResult } from './lbfgs.js';
