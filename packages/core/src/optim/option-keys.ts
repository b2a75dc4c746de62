import { fail } from '../errors/losskit-error.js';

/**
 * The accepted option keys of an optimizer, checked against its options type `T` at compile
 * time: a key `T` lacks is a type error, and so is a key of `T` left out (the second argument
 * becomes required and names it). So an option added to an interface without its key fails `tsc`.
 */
export function acceptedKeys<T extends object>() {
  return <const K extends readonly (keyof T & string)[]>(
    keys: K,
    ..._complete: [Exclude<keyof T, K[number]>] extends [never] ? [] : [missing: Exclude<keyof T, K[number]>]
  ): K => keys;
}

/** Levenshtein distance between two short strings. */
function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      const substitution = (previous[j - 1] as number) + (a[i - 1] === b[j - 1] ? 0 : 1);
      current.push(Math.min((previous[j] as number) + 1, (current[j - 1] as number) + 1, substitution));
    }
    previous = current;
  }
  return previous[b.length] as number;
}

/** The known name nearest a misspelt one (case-insensitive), or undefined when none is close. */
export function closestName(name: string, known: readonly string[]): string | undefined {
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const k of known) {
    const d = editDistance(name.toLowerCase(), k.toLowerCase());
    // Within a third of the candidate's length (at least 2 edits): closer guesses mislead.
    if (d <= Math.max(2, Math.floor(k.length / 3)) && d < bestDistance) {
      best = k;
      bestDistance = d;
    }
  }
  return best;
}

/**
 * Refuses options that are not an object, or that name a key the optimizer does not take:
 * `BAD_PARAM` naming the key, the closest accepted one and all of them. `undefined` means defaults.
 */
export function checkOptionKeys(optimizer: string, options: unknown, keys: readonly string[]): void {
  if (options === undefined) return;
  if (typeof options !== 'object' || options === null || Array.isArray(options)) {
    const found = options === null ? 'null' : Array.isArray(options) ? 'an array' : `${typeof options} ${String(options)}`;
    fail('BAD_PARAM', `expected an options object, got ${found}`, optimizer);
  }
  for (const key of Object.keys(options)) {
    if (keys.includes(key)) continue;
    const near = closestName(key, keys);
    const hint = near === undefined ? '' : `; did you mean '${near}'?`;
    fail('BAD_PARAM', `unknown option '${key}' (${optimizer} accepts ${keys.join(', ')})${hint}`, `${optimizer}.${key}`);
  }
}
