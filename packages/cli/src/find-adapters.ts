import { readdir, readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { join } from 'node:path';

export interface InstalledAdapter {
  /** `@losskit/adapter-…` */
  readonly package: string;
  readonly version: string;
  readonly dir: string;
}

/** The `node_modules` folders Node searches from this file, nearest first: where the CLI's imports resolve. */
export function searchPaths(): readonly string[] {
  return createRequire(import.meta.url).resolve.paths('@losskit/core') ?? [];
}

/**
 * The `@losskit/adapter-*` packages installed in these `node_modules` folders; a name found in
 * two folders counts once, from the nearer, as Node resolves it.
 */
export async function findAdapters(paths: readonly string[] = searchPaths()): Promise<InstalledAdapter[]> {
  const found = new Map<string, InstalledAdapter>();
  for (const modules of paths) {
    let names: string[];
    try {
      names = await readdir(join(modules, '@losskit'));
    } catch {
      continue; // no @losskit scope in this folder
    }
    for (const name of names.filter((n) => n.startsWith('adapter-')).sort()) {
      const pkg = `@losskit/${name}`;
      if (found.has(pkg)) continue;
      const dir = join(modules, '@losskit', name);
      try {
        const manifest = JSON.parse(await readFile(join(dir, 'package.json'), 'utf8')) as { version?: unknown };
        found.set(pkg, { package: pkg, version: typeof manifest.version === 'string' ? manifest.version : 'unknown', dir });
      } catch {
        // A folder without a readable manifest is not an installed package.
      }
    }
  }
  return [...found.values()];
}
