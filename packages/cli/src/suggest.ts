import { distance } from 'fastest-levenshtein';

/** The known names closest to a misspelt one (case-insensitive edit distance), best first. */
export function closest(name: string, known: readonly string[], max = 3): string[] {
  const lower = name.toLowerCase();
  return known
    .map((k) => ({ k, d: distance(lower, k.toLowerCase()) }))
    .filter(({ k, d }) => d <= Math.max(2, Math.floor(k.length / 3)) || k.toLowerCase().includes(lower))
    .sort((a, b) => a.d - b.d)
    .slice(0, max)
    .map(({ k }) => k);
}

export function didYouMean(name: string, known: readonly string[]): string {
  const near = closest(name, known);
  return near.length > 0 ? `; did you mean ${near.map((n) => `'${n}'`).join(' or ')}?` : `; known: ${known.join(', ')}`;
}
