import { LossKitError, type PresetInfo, losses } from '@losskit/core';
import { type Io, bold } from '../output.js';
import { presetInfo, parsePresetName } from '../preset-loss.js';
import { didYouMean } from '../suggest.js';

export function describeCommand(name: string, o: { readonly json?: boolean }, io: Io): void {
  const preset = parsePresetName(name);
  if (preset !== undefined) {
    describePreset(presetInfo(preset.framework, preset.name, 'describe'), o, io);
    return;
  }
  const ctor = Object.hasOwn(losses, name) ? losses[name as keyof typeof losses] : undefined;
  if (ctor === undefined) throw new LossKitError('UNKNOWN_LOSS', `no loss '${name}'${didYouMean(name, Object.keys(losses))}`, { where: 'describe' });
  const m = ctor.metadata;
  const example = `losskit eval ${m.id} --pred pred.csv --target target.csv${m.targetKind === 'labels' ? ' --param fromLogits=true' : ''}`;
  if (o.json === true) {
    io.out(JSON.stringify({ ...m, example }));
    return;
  }
  io.out(`${bold(m.id)} — ${m.title} (${m.task})`);
  io.out(m.description);
  io.out(`\n${bold('formula')}  ${m.formula}`);
  io.out(`${bold('predictions')}  ${m.predictions}`);
  io.out(`${bold('targets')}  ${m.targets}`);
  io.out(`${bold('reduction')}  ${m.defaultReduction} (none, sum, mean, sum-over-batch-size, sum-by-nonzero-weights)`);
  io.out(`${bold('differentiable')}  ${m.differentiable ? 'yes' : 'no'}`);
  io.out(`\n${bold('parameters')}`);
  for (const [k, p] of Object.entries(m.params)) {
    const range = p.values !== undefined ? `one of ${p.values.join(', ')}`
      : [p.min !== undefined ? `≥ ${p.min}` : '', p.above !== undefined ? `> ${p.above}` : '', p.max !== undefined ? `≤ ${p.max}` : '', p.below !== undefined ? `< ${p.below}` : ''].filter(Boolean).join(', ');
    io.out(`  ${k} = ${JSON.stringify(p.default)}  ${p.type}${range ? `, ${range}` : ''}${p.nullable ? ', or null' : ''} — ${p.description}`);
  }
  io.out(`\n${bold('in other frameworks')}`);
  for (const [fw, call] of Object.entries(m.frameworks)) io.out(`  ${fw}: ${call}`);
  io.out(`\n${bold('example')}\n  ${example}`);
}

/** A framework preset: which catalogue loss it builds, and how each framework argument maps onto it. */
function describePreset(p: PresetInfo, o: { readonly json?: boolean }, io: Io): void {
  if (o.json === true) {
    io.out(JSON.stringify(p));
    return;
  }
  io.out(`${bold(`${p.framework}:${p.name}`)} → losskit ${bold(p.loss)}${p.aliases.length > 0 ? `  (also ${p.aliases.join(', ')})` : ''}`);
  if (p.note !== undefined) io.out(p.note);
  io.out(`\n${bold('arguments')}  (${p.framework} name = ${p.framework} default → losskit option)`);
  const args = Object.keys(p.args);
  if (args.length === 0) io.out('  none');
  for (const k of args) io.out(`  ${k} = ${p.args[k] === undefined ? '(none)' : JSON.stringify(p.args[k])} → ${p.options[k] ?? '—'}`);
  const fixed = Object.entries(p.fixed);
  if (fixed.length > 0) io.out(`\n${bold('fixed')}  ${fixed.map(([k, v]) => `${k}: ${JSON.stringify(v)}`).join(', ')}`);
  io.out(`\n${bold('example')}\n  losskit eval ${p.framework}:${p.name} --pred pred.csv --target target.csv${args.length > 0 ? ` --param ${args[0]}=…` : ''}`);
}
