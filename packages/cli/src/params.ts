import { LossKitError, type ParamValue } from '@losskit/core';

const isNumber = (raw: string): boolean => raw !== '' && Number.isFinite(Number(raw));

/**
 * Parses repeated `--param k=v` flags: numbers, true/false, null, comma-separated numbers (a
 * per-class vector: `classWeights=1,2,0.5`), or strings.
 */
export function parseParams(pairs: readonly string[]): Record<string, ParamValue> {
  const out: Record<string, ParamValue> = {};
  for (const pair of pairs) {
    const eq = pair.indexOf('=');
    if (eq <= 0) throw new LossKitError('BAD_PARAM', `expected key=value, got '${pair}'`, { where: '--param' });
    const key = pair.slice(0, eq).trim();
    const raw = pair.slice(eq + 1).trim();
    const parts = raw.split(',').map((v) => v.trim());
    out[key] = raw === 'true' ? true : raw === 'false' ? false : raw === 'null' ? null : isNumber(raw) ? Number(raw)
      : parts.length > 1 && parts.every(isNumber) ? parts.map(Number) : raw;
  }
  return out;
}
