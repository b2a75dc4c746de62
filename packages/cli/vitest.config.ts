import { defineConfig } from 'vitest/config';

// Resolve workspace packages (@losskit/*) through their "source" export
// condition, so tests run against sibling src/*.ts without a prior build.
//
// Vitest runs node-environment tests in Vite's SSR environment, whose
// conditions come from `ssr.resolve.conditions`; top-level `resolve.conditions`
// only affects the client environment (jsdom/happy-dom/browser). Setting a
// list replaces Vite's defaults, so they are repeated after "source".
export default defineConfig({
  resolve: {
    conditions: ['source', 'module', 'browser', 'development|production'],
  },
  ssr: {
    resolve: {
      conditions: ['source', 'module', 'node', 'development|production'],
    },
  },
  test: {
    include: ['src/**/*.test.ts'],
    // Each test starts the binary (and some load tfjs and ONNX Runtime) while other packages' tests share the 2 CI cores.
    testTimeout: 60_000,
  },
});
