import { defineConfig } from 'vitest/config';

/**
 * The vitest configuration every package uses.
 *
 * Workspace packages (@losskit/*) resolve through their "source" export condition, so tests run
 * against sibling src/*.ts without a prior build. Vitest runs node tests in Vite's SSR
 * environment, whose conditions come from `ssr.resolve.conditions` (top-level
 * `resolve.conditions` only affects browser-like environments); a list replaces Vite's
 * defaults, so they are repeated after "source".
 */
export function losskitVitestConfig(options: { readonly testTimeout?: number } = {}) {
  return defineConfig({
    resolve: { conditions: ['source', 'module', 'browser', 'development|production'] },
    ssr: { resolve: { conditions: ['source', 'module', 'node', 'development|production'] } },
    test: {
      include: ['src/**/*.test.ts'],
      ...(options.testTimeout === undefined ? {} : { testTimeout: options.testTimeout }),
    },
  });
}
