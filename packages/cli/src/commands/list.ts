import { LossKitError, losses, optimizers, schedules, metrics } from '@losskit/core';
import { BACKENDS } from '../backends.js';
import { type Io, bold, dim } from '../output.js';
import { didYouMean } from '../suggest.js';

const KINDS = ['losses', 'optimizers', 'schedules', 'metrics', 'backends'] as const;

async function backendStatus(): Promise<{ name: string; description: string; available: boolean; reason?: string }[]> {
  return Promise.all(BACKENDS.map(async (b) => {
    try {
      await b.open();
      return { name: b.name, description: b.description, available: true };
    } catch (e) {
      return { name: b.name, description: b.description, available: false, reason: LossKitError.isInstance(e) ? e.message : String(e) };
    }
  }));
}

export async function listCommand(what: string | undefined, o: { readonly json?: boolean }, io: Io): Promise<void> {
  if (what !== undefined && !(KINDS as readonly string[]).includes(what)) {
    throw new LossKitError('BAD_PARAM', `cannot list '${what}'${didYouMean(what, KINDS)}`, { where: 'list' });
  }
  const show = (k: (typeof KINDS)[number]): boolean => what === undefined || what === k;
  const byTask: Record<string, string[]> = {};
  for (const [id, ctor] of Object.entries(losses)) (byTask[ctor.metadata.task] ??= []).push(id);
  const result = {
    ...(show('losses') ? { losses: byTask } : {}),
    ...(show('optimizers') ? { optimizers: Object.keys(optimizers) } : {}),
    ...(show('schedules') ? { schedules: Object.keys(schedules) } : {}),
    ...(show('metrics') ? { metrics: Object.keys(metrics) } : {}),
    ...(show('backends') ? { backends: await backendStatus() } : {}),
  };
  if (o.json === true) {
    io.out(JSON.stringify(result));
    return;
  }
  if (result.losses !== undefined) {
    io.out(bold('losses'));
    for (const [task, ids] of Object.entries(result.losses)) io.out(`  ${task}: ${ids.join(', ')}`);
  }
  if (result.optimizers !== undefined) io.out(`${bold('optimizers')}\n  ${result.optimizers.join(', ')}`);
  if (result.schedules !== undefined) io.out(`${bold('schedules')}\n  ${result.schedules.join(', ')}`);
  if (result.metrics !== undefined) io.out(`${bold('metrics')}\n  ${result.metrics.join(', ')}`);
  if (result.backends !== undefined) {
    io.out(bold('backends'));
    for (const b of result.backends) io.out(`  ${b.available ? '✓' : '✗'} ${b.name.padEnd(10)} ${dim(b.available ? b.description : (b.reason ?? ''))}`);
  }
}
