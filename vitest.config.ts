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
    maxWorkers: 2,
  },
});
