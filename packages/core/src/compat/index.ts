import { fail } from '../errors/losskit-error.js';
import type { Framework, Loss } from '../losses/loss.js';
import { KERAS_LOSSES } from './keras-losses.js';
import { type LossPreset, type PresetInfo, describePresets, presetAvailable, resolvePreset } from './loss-preset.js';
import { ONNX_LOSSES } from './onnx-losses.js';
import { ONNX_OPTIMIZERS } from './onnx-optimizers.js';
import { KERAS_OPTIMIZERS } from './keras-optimizers.js';
import { OPTAX_OPTIMIZERS } from './optax-optimizers.js';
import { TFJS_OPTIMIZERS } from './tfjs-optimizers.js';
import { TORCH_OPTIMIZERS } from './torch-optimizers.js';
import { type OptimizerFramework, type OptimizerPreset, type OptimizerPresetInfo, describeOptimizerPresets, resolveOptimizerPreset } from './optimizer-preset.js';
import type { GradientTransformation } from '../optim/transformation.js';
import { OPTAX_LOSSES } from './optax-losses.js';
import { SKLEARN_LOSSES } from './sklearn-losses.js';
import { TFJS_LOSSES } from './tfjs-losses.js';
import { TORCH_LOSSES } from './torch-losses.js';

export { UNREACHABLE_LOSSES, type UnreachableLoss } from './unreachable.js';
export { type ArgSpec, type LossPreset, type PresetInfo, oneOf, only, plainReduction } from './loss-preset.js';
export type { OptimizerArgKind, OptimizerArgs, OptimizerArgSpec, OptimizerFramework, OptimizerPreset, OptimizerPresetInfo } from './optimizer-preset.js';

/** Every framework's table of optimizer presets. */
export const OPTIMIZER_PRESETS: Readonly<Record<OptimizerFramework, readonly OptimizerPreset[]>> = {
  torch: TORCH_OPTIMIZERS, keras: KERAS_OPTIMIZERS, tfjs: TFJS_OPTIMIZERS, onnx: ONNX_OPTIMIZERS, optax: OPTAX_OPTIMIZERS,
};

const OPTIMIZER_FRAMEWORKS = Object.keys(OPTIMIZER_PRESETS) as OptimizerFramework[];

function optimizerTable(framework: string): readonly OptimizerPreset[] {
  if (typeof framework !== 'string' || !Object.hasOwn(OPTIMIZER_PRESETS, framework)) {
    fail('BAD_PARAM', `unknown framework ${JSON.stringify(framework)} for optimizers; known: ${OPTIMIZER_FRAMEWORKS.join(', ')}`, 'compat.optimizer');
  }
  return OPTIMIZER_PRESETS[framework as OptimizerFramework];
}

/** Every framework's table of loss presets. */
export const LOSS_PRESETS: Readonly<Record<Framework, readonly LossPreset[]>> = {
  torch: TORCH_LOSSES, keras: KERAS_LOSSES, tfjs: TFJS_LOSSES, onnx: ONNX_LOSSES, sklearn: SKLEARN_LOSSES, optax: OPTAX_LOSSES,
};

const FRAMEWORKS = Object.keys(LOSS_PRESETS) as Framework[];

function table(framework: string): readonly LossPreset[] {
  if (typeof framework !== 'string' || !Object.hasOwn(LOSS_PRESETS, framework)) {
    fail('BAD_PARAM', `unknown framework ${JSON.stringify(framework)}; known: ${FRAMEWORKS.join(', ')}`, 'compat.framework');
  }
  return LOSS_PRESETS[framework as Framework];
}

/**
 * A framework's loss by its own name and arguments, as an ordinary losskit loss whose numbers
 * are that framework's.
 *
 * @example
 * ```ts
 * compat.loss('keras', 'BinaryCrossentropy', { from_logits: true, label_smoothing: 0.1 });
 * compat.loss('torch', 'CrossEntropyLoss', { ignore_index: -1, label_smoothing: 0.1, reduction: 'sum' });
 * compat.loss('tfjs', 'softmaxCrossEntropy', { labelSmoothing: 0.2, reduction: 'SUM_BY_NONZERO_WEIGHTS' });
 * ```
 */
function loss(framework: Framework, name: string, args: Readonly<Record<string, unknown>> = {}): Loss {
  return resolvePreset(framework, table(framework), name, args);
}

/** Every preset (of one framework, or of all), including those whose loss this version lacks. */
function presets(framework?: Framework): PresetInfo[] {
  return (framework === undefined ? FRAMEWORKS : [framework]).flatMap((f) => describePresets(f, table(f)));
}

/** Whether `compat.loss(framework, name)` resolves in this version. */
function has(framework: Framework, name: string): boolean {
  const p = table(framework).find((e) => e.name === name || (e.aliases?.includes(name) ?? false));
  return p !== undefined && presetAvailable(p);
}

/**
 * A framework's optimizer by its own name and arguments (names, defaults and update rule), as a
 * losskit transformation whose trajectory is that framework's, step for step.
 *
 * @example
 * ```ts
 * compat.optimizer('torch', 'AdamW', { lr: 1e-3, weight_decay: 0.01 });
 * compat.optimizer('keras', 'Adam', { learning_rate: 0.01, weight_decay: 0.004 });
 * compat.optimizer('tfjs', 'rmsprop', { learningRate: 0.01, centered: true });
 * compat.optimizer('onnx', 'Momentum', { R: 0.1, alpha: 0.9, beta: 1, mode: 'nesterov', norm_coefficient: 0 });
 * ```
 */
function optimizer(framework: OptimizerFramework, name: string, args: Readonly<Record<string, unknown>> = {}): GradientTransformation {
  return resolveOptimizerPreset(framework, optimizerTable(framework), name, args);
}

/** Every optimizer preset (of one framework, or of all), with its arguments' defaults. */
function optimizerPresets(framework?: OptimizerFramework): OptimizerPresetInfo[] {
  return (framework === undefined ? OPTIMIZER_FRAMEWORKS : [framework]).flatMap((f) => describeOptimizerPresets(f, optimizerTable(f)));
}

/** Framework presets: the `compat` namespace of `@losskit/core`. */
export const compat = { loss, presets, has, frameworks: FRAMEWORKS, optimizer, optimizerPresets, optimizerFrameworks: OPTIMIZER_FRAMEWORKS } as const;
