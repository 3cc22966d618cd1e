import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['tests/**/*.test.ts'],
    setupFiles: ['tests/setup.ts'],
    // One folder for every run folder of Octavo's; checked empty, with no process using it, at the end.
    globalSetup: ['tests/global-setup.ts'],
    // End-to-end tests print with a real Chromium and run Java validators: seconds, not milliseconds.
    testTimeout: 180_000,
    hookTimeout: 180_000,
    pool: 'forks',
    // Three on this 2-core machine: a worker waits about a third of its time on the Chromium and
    // Java processes it started, and a third worker fills that (docs/testing.md: 567 s -> 426 s).
    maxWorkers: 3,
    // Vitest's transforms of the TypeScript modules, kept on disk by content between runs
    // (node_modules/.experimental-vitest-cache), as in the unit tier (vitest.unit.config.ts).
    experimental: { fsModuleCache: true },
  },
});
