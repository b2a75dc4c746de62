import { fail } from '../errors/losskit-error.js';
import type { Framework, Loss } from '../losses/loss.js';
import { KERAS_LOSSES } from './keras-losses.js';
import { type LossPreset, type PresetInfo, describePresets, presetAvailable, resolvePreset } from './loss-preset.js';
import { ONNX_LOSSES } from './onnx-losses.js';
import { OPTAX_LOSSES } from './optax-losses.js';
import { SKLEARN_LOSSES } from './sklearn-losses.js';
import { TFJS_LOSSES } from './tfjs-losses.js';
import { TORCH_LOSSES } from './torch-losses.js';

export { UNREACHABLE_LOSSES, type UnreachableLoss } from './unreachable.js';
export { type ArgSpec, type LossPreset, type PresetInfo, oneOf, only, plainReduction } from './loss-preset.js';

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

/** Framework presets: the `compat` namespace of `@losskit/core`. */
export const compat = { loss, presets, has, frameworks: FRAMEWORKS } as const;
