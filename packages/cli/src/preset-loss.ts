import { type Framework, type Loss, LossKitError, type ParamValue, type PresetInfo, compat } from '@losskit/core';
import { didYouMean } from './suggest.js';

// `keras:BinaryCrossentropy`, `tfjs:layers.meanSquaredError`: a framework preset, not an expression.
const PRESET = /^([A-Za-z]+):([A-Za-z_][A-Za-z0-9_.]*)$/;

/** The framework and name of a `framework:Name` loss, or undefined for anything else. */
export function parsePresetName(spec: string): { readonly framework: Framework; readonly name: string } | undefined {
  const m = PRESET.exec(spec.trim());
  if (m === null) return undefined;
  const [, framework = '', name = ''] = m;
  if (!(compat.frameworks as readonly string[]).includes(framework)) {
    throw new LossKitError('UNKNOWN_LOSS', `unknown framework '${framework}'${didYouMean(framework, compat.frameworks)}`, { where: 'loss' });
  }
  return { framework: framework as Framework, name };
}

/** The preset a `framework:Name` names; an unknown name suggests the framework's closest ones. */
export function presetInfo(framework: Framework, name: string, where: string): PresetInfo {
  const all = compat.presets(framework);
  const found = all.find((p) => p.name === name || p.aliases.includes(name));
  if (found === undefined) {
    const known = all.flatMap((p) => [p.name, ...p.aliases]);
    throw new LossKitError('UNKNOWN_LOSS', `no ${framework} loss '${name}'${didYouMean(name, known)}`, { where });
  }
  return found;
}

/**
 * A framework preset built from `--param` values under the framework's own argument names
 * (`--param from_logits=true --param reduction=sum`); losskit's `--reduction` does not apply.
 */
export function presetLoss(framework: Framework, name: string, params: Record<string, ParamValue>, reduction?: string): Loss {
  if (reduction !== undefined) {
    throw new LossKitError('BAD_PARAM', `a ${framework} preset takes its own reduction: use --param reduction=<${framework} value> instead of --reduction`, { where: '--reduction' });
  }
  presetInfo(framework, name, 'loss');
  return compat.loss(framework, name, params);
}
