export { runConformance, type ConformanceOptions } from './run-conformance.js';
export { type BackendFactory, type Registrar, DTYPES } from './suite-context.js';
export {
  TOLERANCES, LOSS_TOLERANCES, DOCUMENTED_TOLERANCE, FINITE_DIFFERENCES, toleranceFor, closeTo,
  type Comparison, type Tolerance,
} from './tolerances.js';
export { centralDifferences } from './finite-differences.js';
export { seeded, seedOf, floatTensor, intTensor, uniform, withDType, sizeOfShape, type Random } from './random.js';
export { expectTensorClose, expectFinite, errorCode, check, checkEqual, ConformanceFailure } from './assertions.js';
export { collectConformance, type CaseOutcome, type ConformanceCase } from './collect.js';
export { GOLDEN_CASES, type GoldenCase, type GoldenTensor } from './golden-cases.js';
export { kerasBinaryCrossEntropy, kerasCategoricalCrossEntropy, kerasHinge, kerasHuber, kerasRowMeans, reduce } from './plain-losses.js';
export {
  INPUT_GENERATORS, FALLBACK_GENERATORS, inputGeneratorFor, sampleWeights, type InputGenerator, type LossInputCase, type Options,
} from './loss-inputs.js';
export { lossCase, accepts, type AnyLossConstructor, type LossCase } from './loss-case.js';
export { parameterVariants, type ParameterVariant } from './parameter-variants.js';
export { OP_CASES, opInputSpec, opInputTensor, type OpCase, type OpInput } from './op-cases.js';
export { OBJECTIVES, type Objective } from './objectives.js';
export { plainSgd, plainAdam, plainTrajectory, type PlainAdamOptions, type PlainOptimizer, type PlainStep } from './plain-optimizers.js';
export { OPTIMIZER_CASES, namedOptimizerCases, type OptimizerCase } from './optimizer-cases.js';
export { TRANSFORM_CASES, type TransformCase, type TransformName } from './transform-cases.js';
export { type ParamLayout, type ParamSlot } from './param-layout.js';
export { BAD_INPUT_CASES, type BadInputCase } from './bad-input-cases.js';
export { standardizedIris } from './datasets.js';
