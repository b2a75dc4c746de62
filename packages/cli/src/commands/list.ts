import { LossKitError, losses, optimizers, schedules, metrics } from '@losskit/core';
import { BACKENDS } from '../backends.js';
import { findAdapters } from '../find-adapters.js';
import { type Io, bold, dim } from '../output.js';
import { didYouMean } from '../suggest.js';

const KINDS = ['losses', 'optimizers', 'schedules', 'metrics', 'backends'] as const;

interface BackendStatus {
  readonly name: string;
  readonly description: string;
  /** Opened here and now: installed, and its runtime loads. */
  readonly available: boolean;
  readonly reason?: string;
}

interface AdapterStatus {
  readonly package: string;
  readonly version: string;
  /** The backends this CLI opens through it; none for an adapter this version does not know. */
  readonly backends: readonly string[];
}

/** Each backend is opened, so "available" means usable, not only present on disk. */
async function backendStatus(): Promise<BackendStatus[]> {
  return Promise.all(BACKENDS.map(async (b) => {
    try {
      await b.open();
      return { name: b.name, description: b.description, available: true };
    } catch (e) {
      return { name: b.name, description: b.description, available: false, reason: LossKitError.isInstance(e) ? e.message : String(e) };
    }
  }));
}

async function adapterStatus(): Promise<AdapterStatus[]> {
  return (await findAdapters()).map((a) => ({ package: a.package, version: a.version, backends: BACKENDS.filter((b) => b.adapter === a.package).map((b) => b.name) }));
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
    ...(show('backends') ? { backends: await backendStatus(), adapters: await adapterStatus() } : {}),
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
  if (result.adapters !== undefined) {
    io.out(bold('adapters installed'));
    if (result.adapters.length === 0) io.out(`  ${dim('none: npm install @losskit/adapter-tfjs or @losskit/adapter-onnx')}`);
    for (const a of result.adapters) {
      io.out(`  ${`${a.package}@${a.version}`.padEnd(30)} ${dim(a.backends.length > 0 ? `backends: ${a.backends.join(', ')}` : 'not known to this version of losskit: no backend uses it')}`);
    }
  }
}
