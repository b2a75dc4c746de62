export { LossKitError, type LossKitErrorCode, type LossKitErrorOptions } from './errors/losskit-error.js';
export {
  type HostDType, type FloatDType, type HostTensor, type HostTensorLike, type TypedArrayFor,
  tensor, scalar, fromNested, toNested, sizeOf, isHostTensor, convertTensor,
} from './tensor/host-tensor.js';

export * as ops from './graph/ops-namespace.js';
export type { Value, Dim, ValueDType, OpName, PrimitiveOp, CompositeOp, Attrs } from './graph/node.js';
export { isValue } from './graph/node.js';
export { UNARY_OPS, BINARY_OPS, REDUCE_OPS, SHAPE_OPS, OTHER_OPS, COMPOSITE_OPS, isElementwise } from './graph/node.js';
export { type Program, type InputSpec, trace, input, makeProgram, rewriteProgram } from './graph/program.js';
export { expandComposites, dedupeProgram, prepareForBackend } from './graph/expand-composites.js';
export { bindInputShapes, resolveDims, type SymbolBindings } from './graph/bind-shapes.js';
export { decompose } from './graph/composites.js';
export { broadcastShapes, formatShape } from './graph/shape.js';
export { grad, gradName, type GradOptions } from './autodiff/grad.js';
export { vjp, unbroadcast } from './autodiff/vjp-rules.js';

export {
  losses, createLoss, defineLoss, lossNames, signatureOf, type CustomLossFn, type CustomLossOptions, applyReduction, alignWeights, REDUCTIONS,
  type LossName, type PerSampleLoss, type PrepareOptions, type Reduction, type Loss, type LossConstructor, type LossInputs, type LossInputsLike, type LossMetadata,
  type LossOptions, type LossSignature, type LossSpec, type ParamSpec, type ParamValue, type Task, type Framework,
} from './losses/index.js';

export {
  optimizers, sgd, adam, adamw, adamax, rmsprop, adagrad, lion, addDecayedWeights, clipByGlobalNorm, scale, scaleByAdam, scaleByLearningRate, scaleBySchedule, transforms,
  applyUpdates, chain, mapUpdates, flattenTree, unflattenTree,
  checkStateFits, deserializeCheckpoint, deserializeState, serializeCheckpoint, serializeState, STATE_FORMAT, STATE_FORMAT_VERSION,
  reduceOnPlateau, type ReduceOnPlateauOptions, type UpdateExtras, lbfgs, type LbfgsObjective, type LbfgsOptions, type LbfgsResult,
  type Checkpoint, type StateCheck, type StateFileHeader, type TensorEntry,
  type AdamAliasOptions, type SgdOptions, type AdamOptions, type GradientTransformation, type StateTree, type Updates, type Tree,
} from './optim/index.js';
export {
  schedules, constantSchedule, cosineDecay, cosineOnecycle, cosineWarmup, cosineWithRestarts, defineSchedule, exponentialDecay, inverseTimeDecay, joinSchedules,
  learningRateAt, linearSchedule, linearWarmup, oneCycle, piecewiseConstant, polynomialDecay, sgdr, stepDecay, warmupCosineDecay,
  type CosineDecayOptions, type CosineWithRestartsOptions, type ExponentialDecayOptions, type LearningRate, type OneCycleOptions, type PolynomialDecayOptions,
  type ScalarMath, type Schedule, type ScheduleFormula, type StepSchedule, type WarmupCosineDecayOptions, type WarmupOptions,
} from './schedules/index.js';
export {
  adabelief, adadelta, adafactor, adamaxw, amsgrad, ftrl, lamb, lars, muon, nadam, nadamw, novograd, radam, rprop, signSgd, yogi,
  type AdafactorOptions, type AdamWOptions, type MuonAliasOptions, type RmspropOptions, type RmsOptions,
  type AdabeliefOptions, type AdadeltaOptions, type AdagradOptions, type AdamaxOptions, type AdamaxWOptions, type FtrlOptions, type LambOptions, type LarsOptions,
  type LionOptions, type NovogradAliasOptions, type RadamAliasOptions, type RpropAliasOptions, type SignSgdOptions, type YogiAliasOptions,
} from './optim/index.js';

export type { Backend, BackendImplementation, BackendSupports, CompiledProgram, CompileOptions, OptimizerRun, ValueAndGrad } from './backend/backend.js';
export { createBackend, lossGradProgram } from './backend/create-backend.js';
export { createReferenceBackend } from './reference/reference-backend.js';

export { inlineProgram } from './graph/inline-program.js';
export { models, linear, logistic, softmaxRegression, mlp, type Model, type ModelTask, type Activation } from './models/model.js';
export { seededRandom, initWeights, type Initializer } from './models/initializers.js';
export { train, type TrainOptions, type TrainResult, type EpochReport, type EpochMetric } from './models/train.js';
export type { Trainer, TrainerOptions, Batch } from './backend/trainer.js';
export { regularizers, l1, l2, elasticNet, penaltyProgram, penaltyValueAndGrad, type Regularizer } from './regularizers/penalties.js';
export {
  metrics, accuracy, accuracyScore, binaryAccuracy, categoricalAccuracy, sparseCategoricalAccuracy, topKAccuracy, precision, recall, f1, fbeta,
  precisionRecallFscoreSupport, confusionMatrix, classificationReport, formatClassificationReport, hammingLoss, r2, explainedVariance,
  type Average, type ClassificationReport, type ClassificationReportOptions, type ConfusionMatrix, type ConfusionMatrixOptions, type Label, type LabelsLike,
  type MultiOutput, type PrfAveraged, type PrfOptions, type PrfPerClass, type RegressionScoreOptions, type ReportRow, type ValuesLike, type ZeroDivision,
} from './metrics/index.js';
export { LOSSKIT_VERSION } from './version.js';
export { optimizerPrograms, buildStepProgram, symbolicParams, type StepObjective } from './optim/step-program.js';
export {
  compat, LOSS_PRESETS, OPTIMIZER_PRESETS, UNREACHABLE_LOSSES, type ArgSpec, type LossPreset, type PresetInfo, type UnreachableLoss,
  type OptimizerArgKind, type OptimizerArgs, type OptimizerArgSpec, type OptimizerFramework, type OptimizerPreset, type OptimizerPresetInfo,
} from './compat/index.js';
export { parseExpression, EXPRESSION_FUNCTIONS } from './graph/expression.js';
export { expressionLoss } from './losses/expression-loss.js';
