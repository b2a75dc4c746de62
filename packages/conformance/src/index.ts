export { runConformance, type ConformanceOptions } from './run-conformance.js';
export { TOLERANCES, LOSS_TOLERANCES, FINITE_DIFFERENCES, TRAJECTORY_TOLERANCES, toleranceFor, closeTo, type Tolerance } from './tolerances.js';
export { GOLDEN_CASES, type GoldenCase } from './golden-cases.js';
export { INPUT_GENERATORS, parameterVariants, sampleWeights, type InputGenerator, type LossInputCase } from './loss-inputs.js';
export { OP_CASES, opInputSpec, opInputTensor, type OpCase, type OpInput } from './op-cases.js';
export { OBJECTIVES, OPTIMIZER_CASES, namedOptimizerCases, type Objective, type OptimizerCase, type PlainOptimizer } from './optimizer-cases.js';
export { seeded, floatTensor, intTensor, uniform, withDType, type Random } from './random.js';
export { expectTensorClose, errorCode } from './assertions.js';
