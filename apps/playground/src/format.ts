/** Six significant digits: what the views print and what the e2e tests read back. */
export function fmt(x: number): string {
  if (!Number.isFinite(x)) return String(x);
  return Number(x.toPrecision(6)).toString();
}

/**
 * Lets the browser paint and handle input. The reference backend resolves its promises at
 * once, so a long loop of awaited steps would otherwise hold the page until it ends.
 */
export function yieldToBrowser(): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, 0));
}
