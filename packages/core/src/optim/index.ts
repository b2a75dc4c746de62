import {
  ADABELIEF_KEYS, ADAMAXW_KEYS, ADAMAX_KEYS, ADAMW_KEYS, ADAM_KEYS, RADAM_KEYS, SGD_KEYS, YOGI_KEYS, adabelief, adam, adamax, adamaxw, adamw, amsgrad, nadam, nadamw, radam, sgd, yogi,
} from './aliases.js';
import { LAMB_KEYS, LARS_KEYS, LION_KEYS, MUON_KEYS, NOVOGRAD_KEYS, SIGN_SGD_KEYS, lamb, lars, lion, muon, novograd, signSgd } from './aliases-layerwise.js';
import { ADADELTA_KEYS, ADAFACTOR_KEYS, ADAGRAD_KEYS, FTRL_KEYS, RMSPROP_KEYS, RPROP_KEYS, adadelta, adafactor, adagrad, ftrl, rmsprop, rprop } from './aliases-rms.js';
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

type OptionsOf<K extends keyof typeof optimizers> = NonNullable<Parameters<(typeof optimizers)[K]>[0]>;

/** The option keys each named optimizer accepts (any other is `BAD_PARAM`), for listings and suggestions. */
export const optimizerOptionKeys: { readonly [K in keyof typeof optimizers]: readonly (keyof OptionsOf<K> & string)[] } = {
  sgd: SGD_KEYS, adam: ADAM_KEYS, adamw: ADAMW_KEYS, amsgrad: ADAM_KEYS, adamax: ADAMAX_KEYS, adamaxw: ADAMAXW_KEYS, nadam: ADAM_KEYS,
  nadamw: ADAMW_KEYS, radam: RADAM_KEYS, rmsprop: RMSPROP_KEYS, adagrad: ADAGRAD_KEYS, adadelta: ADADELTA_KEYS, rprop: RPROP_KEYS,
  lion: LION_KEYS, lamb: LAMB_KEYS, lars: LARS_KEYS, adafactor: ADAFACTOR_KEYS, ftrl: FTRL_KEYS, adabelief: ADABELIEF_KEYS, yogi: YOGI_KEYS,
  novograd: NOVOGRAD_KEYS, signSgd: SIGN_SGD_KEYS, muon: MUON_KEYS,
};

/** The building blocks optimizers are chains of, keyed by optax's names in camelCase. */
export const transforms = {
  chain, scale, scaleByAdam, scaleByAdamax, scaleByRms, scaleByStddev, scaleByRss, scaleByLion, scaleByLearningRate, scaleBySchedule,
  scaleByBelief, scaleByRadam, scaleByYogi, scaleByNovograd, scaleByAdadelta, scaleByRprop, scaleByTrustRatio, scaleBySign,
  scaleByParamBlockRms, scaleByFactoredRms, scaleByFtrl, scaleByMuon, scaleByShape, trace, ema, addDecayedWeights, addL2,
  clip, clipByGlobalNorm, clipByBlockRms, clipByNorm, zeroNans, applyIfFinite, multiSteps, lookahead, partition, reduceOnPlateau,
  scaleByRssEpsOutside, scaleByAdamaxEpsOutside, scaleByAmsgradRawMax, scaleByStddevEpsSubtracted, scaleByAdadeltaPreviousAccumulator, scaleByRadamEpsUncorrected,
  dampenedTrace, scaleByOnnxAdam, scaleByNadamSchedule, decayBeforeUpdate, decayAfterUpdate,
} as const;

export { adabelief, adam, adamax, adamaxw, adamw, amsgrad, nadam, nadamw, radam, sgd, yogi, type AdabeliefOptions, type AdamAliasOptions, type AdamaxOptions, type AdamaxWOptions, type AdamWOptions, type RadamAliasOptions, type SgdOptions, type YogiAliasOptions } from './aliases.js';
export { lamb, lars, lion, muon, novograd, signSgd, type LambOptions, type LarsOptions, type LionOptions, type MuonAliasOptions, type NovogradAliasOptions, type SignSgdOptions } from './aliases-layerwise.js';
export { adadelta, adafactor, adagrad, ftrl, rmsprop, rprop, type AdadeltaOptions, type AdafactorOptions, type AdagradOptions, type RmspropOptions, type RpropAliasOptions } from './aliases-rms.js';
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
