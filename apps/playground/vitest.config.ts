import { defineConfig } from 'vitest/config';

// The end-to-end tests drive the built site in Chromium; one file, run serially.
export default defineConfig({
  test: { include: ['e2e/**/*.test.ts'], testTimeout: 120_000, hookTimeout: 120_000, fileParallelism: false },
});
