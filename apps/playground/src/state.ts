/**
 * The whole playground state lives in the URL hash (`#race?surface=beale&lr=0.05&lang=zh`), so a
 * link reproduces a view. Views read their keys with `get` and write with `set`; every change
 * replaces the hash (no history entry per slider move) and notifies the subscribers.
 */
export const VIEWS = ['explorer', 'outliers', 'cross-entropy', 'race', 'train'] as const;
export type ViewId = (typeof VIEWS)[number];

type Listener = () => void;
const listeners = new Set<Listener>();

function parse(): { view: ViewId; params: URLSearchParams } {
  const hash = location.hash.replace(/^#/, '');
  const q = hash.indexOf('?');
  const name = q < 0 ? hash : hash.slice(0, q);
  const view = (VIEWS as readonly string[]).includes(name) ? (name as ViewId) : 'explorer';
  return { view, params: new URLSearchParams(q < 0 ? '' : hash.slice(q + 1)) };
}

let current = parse();

function write(): void {
  const query = current.params.toString();
  history.replaceState(null, '', `#${current.view}${query === '' ? '' : `?${query}`}`);
  for (const l of listeners) l();
}

window.addEventListener('hashchange', () => {
  current = parse();
  for (const l of listeners) l();
});

export const state = {
  view(): ViewId {
    return current.view;
  },
  setView(view: ViewId): void {
    current = { view, params: current.params };
    write();
  },
  get(key: string, fallback: string): string {
    return current.params.get(key) ?? fallback;
  },
  num(key: string, fallback: number): number {
    const v = Number(current.params.get(key));
    return current.params.has(key) && Number.isFinite(v) ? v : fallback;
  },
  list(key: string, fallback: readonly string[]): string[] {
    const v = current.params.get(key);
    return v === null ? [...fallback] : v.split(',').filter((s) => s !== '');
  },
  set(patch: Readonly<Record<string, string | number | readonly (string | number)[]>>): void {
    for (const [k, v] of Object.entries(patch)) current.params.set(k, Array.isArray(v) ? v.join(',') : String(v));
    write();
  },
  /** The parameters but `keys`, sorted: a key for "did anything else change". */
  paramsExcept(keys: readonly string[]): string {
    return [...current.params].filter(([k]) => !keys.includes(k)).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([k, v]) => `${k}=${v}`).join('&');
  },
  subscribe(l: Listener): () => void {
    listeners.add(l);
    return () => listeners.delete(l);
  },
};
