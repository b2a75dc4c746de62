/** Six significant digits: what the views print and what the e2e tests read back. */
export function fmt(x: number): string {
  if (!Number.isFinite(x)) return String(x);
  return Number(x.toPrecision(6)).toString();
}
