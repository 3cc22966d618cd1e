import { defineConfig } from 'vitest/config';

/**
 * `npm run test:unit`: the tests that start no Chromium and no Java validator (the document
 * model, the writers by structure, the config, the README's tables), for a check in seconds.
 * `npm test` runs these and everything else.
 */
export default defineConfig({
  test: {
    setupFiles: ['tests/setup.ts'],
    testTimeout: 60_000,
    pool: 'forks',
    maxWorkers: 2,
    include: [
      'tests/document.test.ts',
      'tests/manuscript.test.ts',
      'tests/links.test.ts',
      'tests/readme.test.ts',
      'tests/chapter-cache.test.ts',
      'tests/writers/epub-lint.test.ts',
      'tests/writers/page-list.test.ts',
      'tests/writers/pdf-fit.test.ts',
      'tests/writers/xhtml.test.ts',
      'tests/writers/zip.test.ts',
      'tests/writers/html.test.ts',
      'tests/unit/**/*.test.ts',
    ],
  },
});
