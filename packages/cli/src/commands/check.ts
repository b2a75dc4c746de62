import { type CaseOutcome, type ConformanceCase, collectConformance } from '@losskit/conformance/collect';
import { LossKitError } from '@losskit/core';
import { BACKENDS, type BackendEntry } from '../backends.js';
import { type Io, bold, failure, success } from '../output.js';
import { didYouMean } from '../suggest.js';

export interface CheckOptions {
  readonly backend: readonly string[];
  readonly grep?: string;
  readonly json?: boolean;
}

interface Tally {
  passed: number;
  failed: number;
  skipped: number;
}

interface BackendReport {
  readonly backend: string;
  /** Why it was not checked (not installed); absent when it was. */
  readonly unavailable?: string;
  readonly sections: Record<string, Tally>;
  readonly failures: { readonly name: string; readonly message: string }[];
}

const FIRST_FAILURES = 5;
const DEFAULT_TIMEOUT_MS = 60_000;

/** A case's section: its first group under the backend's title (`golden`, `mse`, `optimizers`). */
function sectionOf(c: ConformanceCase): string {
  const [title, group] = c.groups;
  return group === undefined ? '(top)' : group.slice((title ?? '').length + ' › '.length).split(' › ')[0] ?? group;
}

async function runCase(c: ConformanceCase): Promise<CaseOutcome> {
  const limit = c.timeout ?? DEFAULT_TIMEOUT_MS;
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<CaseOutcome>((resolve) => {
    timer = setTimeout(() => resolve({ status: 'failed', message: `did not finish in ${limit} ms`, error: undefined }), limit);
  });
  try {
    return await Promise.race([c.run(), late]);
  } finally {
    clearTimeout(timer);
  }
}

async function checkBackend(entry: BackendEntry, explicit: boolean, grep: string | undefined): Promise<BackendReport> {
  try {
    await entry.open();
  } catch (e) {
    // Asked for by name: not being there is the user's error. Otherwise it is just not installed.
    if (explicit) throw e;
    return { backend: entry.name, unavailable: LossKitError.isInstance(e) ? e.message : String(e), sections: {}, failures: [] };
  }
  const cases = collectConformance({ name: entry.name, createBackend: entry.open }).filter((c) => grep === undefined || c.name.includes(grep));
  const sections: Record<string, Tally> = {};
  const failures: { name: string; message: string }[] = [];
  for (const c of cases) {
    const outcome = await runCase(c);
    (sections[sectionOf(c)] ??= { passed: 0, failed: 0, skipped: 0 })[outcome.status]++;
    if (outcome.status === 'failed') failures.push({ name: c.name, message: outcome.message.split('\n')[0] ?? '' });
  }
  return { backend: entry.name, sections, failures };
}

function printTable(reports: readonly BackendReport[], io: Io): void {
  const checked = reports.filter((r) => r.unavailable === undefined);
  const sections = [...new Set(checked.flatMap((r) => Object.keys(r.sections)))];
  const cell = (t: Tally | undefined): string => (t === undefined ? '-' : `${t.passed}/${t.passed + t.failed}${t.skipped > 0 ? ` (${t.skipped} skipped)` : ''}`);
  const width = Math.max(7, ...sections.map((s) => s.length));
  const widths = checked.map((r) => Math.max(r.backend.length, ...sections.map((s) => cell(r.sections[s]).length)));
  io.out(bold(['section'.padEnd(width), ...checked.map((r, i) => r.backend.padEnd(widths[i] as number))].join('  ')));
  for (const s of sections) {
    const cells = checked.map((r, i) => {
      const t = r.sections[s];
      const text = cell(t).padEnd(widths[i] as number);
      return t !== undefined && t.failed > 0 ? failure(text) : success(text);
    });
    io.out([s.padEnd(width), ...cells].join('  '));
  }
  for (const r of reports) {
    if (r.unavailable !== undefined) {
      io.out(`${r.backend}: not checked (${r.unavailable})`);
      continue;
    }
    const total = Object.values(r.sections).reduce((a, t) => ({ passed: a.passed + t.passed, failed: a.failed + t.failed, skipped: a.skipped + t.skipped }), { passed: 0, failed: 0, skipped: 0 });
    io.out(`${r.backend}: ${total.failed === 0 ? success('pass') : failure('FAIL')}  ${total.passed} passed, ${total.failed} failed, ${total.skipped} skipped`);
    for (const f of r.failures.slice(0, FIRST_FAILURES)) io.out(`  ${failure('✗')} ${f.name}\n      ${f.message}`);
    if (r.failures.length > FIRST_FAILURES) io.out(`  … and ${r.failures.length - FIRST_FAILURES} more (--json lists them all)`);
  }
}

/**
 * Runs the conformance suite (the one adapters run under vitest) against installed backends,
 * with no test runner: a table of sections × backends. Returns the exit code: 1 when any case fails.
 */
export async function checkCommand(o: CheckOptions, io: Io, known: readonly BackendEntry[] = BACKENDS): Promise<number> {
  const explicit = o.backend.length > 0;
  const byName = (n: string): BackendEntry => {
    const entry = known.find((b) => b.name === n);
    if (entry === undefined) throw new LossKitError('BAD_PARAM', `unknown backend '${n}'${didYouMean(n, known.map((b) => b.name))}`, { where: '--backend' });
    return entry;
  };
  const entries = explicit ? o.backend.map(byName) : known;
  const reports: BackendReport[] = [];
  for (const entry of entries) reports.push(await checkBackend(entry, explicit, o.grep));
  const failed = reports.some((r) => r.failures.length > 0);
  if (reports.every((r) => Object.keys(r.sections).length === 0 && r.unavailable === undefined)) {
    throw new LossKitError('BAD_PARAM', `no case's name contains '${o.grep ?? ''}'`, { where: '--grep' });
  }
  if (o.json === true) io.out(JSON.stringify({ ok: !failed, backends: reports }));
  else printTable(reports, io);
  return failed ? 1 : 0;
}
