import { type GradientTransformation, LossKitError, type ParamValue, optimizers } from '@losskit/core';
import { didYouMean } from './suggest.js';

/** A named optimizer with `--param` options (learning rate 0.01 unless given), or `BAD_PARAM` suggesting the closest names. */
export function optimizerByName(name: string, params: Record<string, ParamValue>, where: string, learningRate = 0.01): GradientTransformation {
  const ctor = Object.hasOwn(optimizers, name) ? optimizers[name as keyof typeof optimizers] : undefined;
  if (ctor === undefined) throw new LossKitError('BAD_PARAM', `unknown optimizer '${name}'${didYouMean(name, Object.keys(optimizers))}`, { where });
  return (ctor as (p: Record<string, ParamValue>) => GradientTransformation)({ learningRate, ...params });
}
