import { LossKitError, type ParamValue } from '@losskit/core';

/** Parses repeated `--param k=v` flags: numbers, true/false, null, or strings. */
export function parseParams(pairs: readonly string[]): Record<string, ParamValue> {
  const out: Record<string, ParamValue> = {};
  for (const pair of pairs) {
    const eq = pair.indexOf('=');
    if (eq <= 0) throw new LossKitError('BAD_PARAM', `expected key=value, got '${pair}'`, { where: '--param' });
    const key = pair.slice(0, eq).trim();
    const raw = pair.slice(eq + 1).trim();
    out[key] = raw === 'true' ? true : raw === 'false' ? false : raw === 'null' ? null : raw !== '' && Number.isFinite(Number(raw)) ? Number(raw) : raw;
  }
  return out;
}
