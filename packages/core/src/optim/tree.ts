import { fail } from '../errors/losskit-error.js';

/** A nested record whose leaves are `L`: optimizer state, parameters, gradients. */
export type Tree<L> = L | { readonly [key: string]: Tree<L> };

/** Flattens a tree into `path → leaf` with '/'-joined keys, in a stable order. */
export function flattenTree<L>(tree: Tree<L>, isLeaf: (x: unknown) => x is L, prefix = ''): Map<string, L> {
  const out = new Map<string, L>();
  const walk = (node: Tree<L>, path: string): void => {
    if (isLeaf(node)) {
      out.set(path, node);
      return;
    }
    if (typeof node !== 'object' || node === null) fail('BAD_STATE', `expected a record or a tensor, found ${typeof node}`, path || 'state');
    for (const key of Object.keys(node).sort()) {
      if (key.includes('/')) fail('BAD_PARAM', `names must not contain '/', got '${key}'`, path || 'tree');
      walk((node as Record<string, Tree<L>>)[key] as Tree<L>, path === '' ? key : `${path}/${key}`);
    }
  };
  walk(tree, prefix);
  return out;
}

/** Rebuilds a tree of the same structure as `like` from flattened leaves. */
export function unflattenTree<L, M>(like: Tree<L>, isLeaf: (x: unknown) => x is L, leaves: ReadonlyMap<string, M>, prefix = ''): Tree<M> {
  const build = (node: Tree<L>, path: string): Tree<M> => {
    if (isLeaf(node)) {
      const v = leaves.get(path);
      if (v === undefined) fail('BAD_STATE', 'missing leaf', path);
      return v;
    }
    const out: Record<string, Tree<M>> = {};
    for (const key of Object.keys(node).sort()) {
      out[key] = build((node as Record<string, Tree<L>>)[key] as Tree<L>, path === '' ? key : `${path}/${key}`);
    }
    return out;
  };
  return build(like, prefix);
}
