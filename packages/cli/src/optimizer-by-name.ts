import { type GradientTransformation, LossKitError, type OptimizerFramework, type ParamValue, compat, optimizers } from '@losskit/core';
import { didYouMean } from './suggest.js';

/**
 * A `framework:Name` preset (`keras:Adam`, `torch:SGD`) through `compat.optimizer`, with the
 * framework's own argument names and defaults; `BAD_PARAM` suggesting the closest framework or name.
 */
function presetByName(framework: string, name: string, params: Record<string, ParamValue>, where: string): GradientTransformation {
  const frameworks: readonly string[] = compat.optimizerFrameworks;
  if (!frameworks.includes(framework)) throw new LossKitError('BAD_PARAM', `unknown framework '${framework}' in '${framework}:${name}'${didYouMean(framework, frameworks)}`, { where });
  const names = compat.optimizerPresets(framework as OptimizerFramework).flatMap((p) => [p.name, ...p.aliases]);
  if (!names.includes(name)) throw new LossKitError('BAD_PARAM', `unknown ${framework} optimizer '${name}'${didYouMean(name, names)}`, { where });
  return compat.optimizer(framework as OptimizerFramework, name, params);
}

/**
 * A named optimizer with `--param` options (learning rate 0.01 unless given), or a
 * `framework:Name` preset with the framework's arguments and defaults; `BAD_PARAM` suggesting
 * the closest names.
 */
export function optimizerByName(name: string, params: Record<string, ParamValue>, where: string, learningRate = 0.01): GradientTransformation {
  const colon = name.indexOf(':');
  if (colon > 0) return presetByName(name.slice(0, colon), name.slice(colon + 1), params, where);
  const ctor = Object.hasOwn(optimizers, name) ? optimizers[name as keyof typeof optimizers] : undefined;
  if (ctor === undefined) throw new LossKitError('BAD_PARAM', `unknown optimizer '${name}'${didYouMean(name, Object.keys(optimizers))}`, { where });
  return (ctor as (p: Record<string, ParamValue>) => GradientTransformation)({ learningRate, ...params });
}
