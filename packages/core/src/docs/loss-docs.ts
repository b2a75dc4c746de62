import { type PresetInfo, UNREACHABLE_LOSSES, compat } from '../compat/index.js';
import { losses } from '../losses/index.js';
import type { Framework, LossMetadata, ParamSpec } from '../losses/loss.js';

const FRAMEWORK_TITLES: Readonly<Record<Framework, string>> = {
  torch: 'PyTorch', keras: 'Keras', tfjs: 'TensorFlow.js', onnx: 'ONNX', sklearn: 'scikit-learn', optax: 'optax',
};

const cell = (s: string): string => s.replaceAll('|', '\\|').replaceAll('\n', ' ');
const code = (s: string): string => `\`${s}\``;
const json = (v: unknown): string => (v === undefined ? '—' : JSON.stringify(v));

function range(p: ParamSpec): string {
  const parts: string[] = [];
  if (p.type === 'enum') parts.push((p.values ?? []).map((v) => JSON.stringify(v)).join(' \\| '));
  if (p.min !== undefined) parts.push(`≥ ${p.min}`);
  if (p.above !== undefined) parts.push(`> ${p.above}`);
  if (p.max !== undefined) parts.push(`≤ ${p.max}`);
  if (p.below !== undefined) parts.push(`< ${p.below}`);
  if (p.nullable === true) parts.push('or null');
  return parts.join(', ');
}

function presetLine(p: PresetInfo): string {
  const aliases = p.aliases.length === 0 ? '' : ` (also ${p.aliases.map(code).join(', ')})`;
  const args = Object.entries(p.args).map(([k, d]) => `${k}=${json(d)}`).join(', ');
  const fixed = Object.entries(p.fixed).map(([k, v]) => `${k}: ${json(v)}`).join(', ');
  return `- **${FRAMEWORK_TITLES[p.framework]}** ${code(`compat.loss('${p.framework}', '${p.name}'${args === '' ? '' : ', { … }'})`)}${aliases}` +
    `${args === '' ? '' : ` — arguments (framework defaults): ${args}`}${fixed === '' ? '' : `; fixed: ${fixed}`}${p.note === undefined ? '' : `. ${p.note}`}`;
}

function lossSection(m: LossMetadata, presets: readonly PresetInfo[]): string {
  const lines = [
    `## \`${m.id}\` — ${m.title}`,
    '',
    m.description,
    '',
    `$$${m.formula}$$`,
    '',
    `- predictions: ${m.predictions}`,
    `- targets: ${m.targets}`,
    `- default reduction: ${code(m.defaultReduction)}; ${m.differentiable ? 'differentiable' : 'not differentiable'}`,
    '',
  ];
  const params = Object.entries(m.params);
  if (params.length > 0) {
    lines.push('| parameter | type | default | range | meaning |', '| --- | --- | --- | --- | --- |');
    for (const [name, p] of params) lines.push(`| ${code(name)} | ${p.type} | ${cell(json(p.default))} | ${cell(range(p))} | ${cell(p.description)} |`);
    lines.push('');
  }
  const frameworks = Object.entries(m.frameworks) as [Framework, string][];
  if (frameworks.length > 0) {
    lines.push('Framework equivalents:', '');
    for (const [f, text] of frameworks) lines.push(`- **${FRAMEWORK_TITLES[f]}**: ${text}`);
    lines.push('');
  }
  if (presets.length > 0) {
    lines.push('Presets:', '');
    for (const p of presets) lines.push(presetLine(p));
    lines.push('');
  }
  return lines.join('\n');
}

/** docs/losses.md: every catalogue loss with its formula, parameters, framework equivalents and compat presets. */
export function renderLossDocs(): string {
  const all = compat.presets();
  const metas = Object.values(losses).map((c) => c.metadata);
  const frameworks = Object.keys(FRAMEWORK_TITLES) as Framework[];
  const out = [
    '# Losses',
    '',
    '<!-- Generated from the losses\' metadata and the compat preset tables by',
    '     packages/core/src/docs/loss-docs.ts; regenerate with `npm run docs -w @losskit/core`. -->',
    '',
    `${metas.length} losses. Each framework column names the \`compat.loss(framework, name)\` presets that build the loss with that framework's numbers.`,
    '',
    `| loss | task | ${frameworks.map((f) => FRAMEWORK_TITLES[f]).join(' | ')} |`,
    `| --- | --- | ${frameworks.map(() => '---').join(' | ')} |`,
  ];
  for (const m of metas) {
    const names = (f: Framework) => all.filter((p) => p.framework === f && p.loss === m.id).map((p) => code(p.name)).join(', ') || '—';
    out.push(`| [\`${m.id}\`](#${m.id.toLowerCase()}--${m.title.toLowerCase().replaceAll(/[^a-z0-9 -]/g, '').replaceAll(' ', '-')}) | ${m.task} | ${frameworks.map(names).join(' | ')} |`);
  }
  out.push('');
  for (const m of metas) out.push(lossSection(m, all.filter((p) => p.loss === m.id)));
  const orphans = all.filter((p) => !metas.some((m) => m.id === p.loss));
  if (orphans.length > 0) {
    out.push('## Presets waiting for their loss', '');
    for (const p of orphans) out.push(`${presetLine(p)} → \`${p.loss}\``);
    out.push('');
  }
  out.push('## Not reachable by parameters', '', 'These framework losses have no preset: no catalogue loss gives their numbers exactly, and an approximation would not.', '');
  for (const u of UNREACHABLE_LOSSES) out.push(`- **${FRAMEWORK_TITLES[u.framework]}** ${code(u.name)}: ${u.why}`);
  out.push('');
  return out.join('\n');
}
