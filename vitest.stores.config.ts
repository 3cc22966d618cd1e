import { defineConfig } from 'vitest/config';

/** `npm run test:stores`: the store check, which needs Calibre (`ebook-convert`); .ci/run installs it and runs this after `npm test`. */
export default defineConfig({
  test: {
    include: ['tests/stores/**/*.check.ts'],
    setupFiles: ['tests/setup.ts'],
    testTimeout: 180_000,
    hookTimeout: 180_000,
    pool: 'forks',
    maxWorkers: 1,
  },
});
