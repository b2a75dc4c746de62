import { defineConfig } from 'vitest/config';

// Unit tests (src) run in node; the end-to-end tests (e2e) drive the built site in Chromium.
// @losskit/* resolve to their sources (the "source" export condition), as in the packages.
export default defineConfig({
  ssr: { resolve: { conditions: ['source', 'module', 'node', 'development|production'] } },
  test: {
    include: ['src/**/*.test.ts', 'e2e/**/*.test.ts'],
    testTimeout: 120_000,
    hookTimeout: 120_000,
  },
});
