import { defineConfig } from 'vitest/config';

/**
 * `npm run test:unit`: the tests that need no Chromium and no Java validator (the document
 * model, the Markdown pipeline, the writers by structure, the config, the README's tables), for
 * a check in seconds; tests/unit-setup.ts fails a test here that starts either. `npm test` runs
 * these and everything else (the Nu HTML Checker on the HTML writer's pages is
 * tests/writers/html-nu.test.ts, there only).
 */
export default defineConfig({
  test: {
    // Not tests/setup.ts: with no browser started there is nothing for it to close, and loading
    // it (the whole build) cost each small file seconds.
    setupFiles: ['tests/unit-setup.ts'],
    testTimeout: 60_000,
    pool: 'forks',
    maxWorkers: 2,
    // Files share their worker's loaded modules (the unified pipeline, starry-night, zod) instead
    // of each loading them again: loading was about half of the tier's CPU time (docs/testing.md).
    // No file here mocks a module or changes the environment it could leak to the next.
    isolate: false,
    // Each run transformed every TypeScript module of src/ and tests/ again in the main process;
    // cached on disk by content (node_modules/.experimental-vitest-cache), a run after the first
    // took about 2.5 s less CPU of 25 (docs/testing.md).
    experimental: { fsModuleCache: true },
    include: [
      'tests/document.test.ts',
      'tests/manuscript.test.ts',
      'tests/links.test.ts',
      'tests/pipeline.test.ts',
      'tests/text-blocks.test.ts',
      'tests/readme.test.ts',
      'tests/chapter-cache.test.ts',
      'tests/writers/epub-lint.test.ts',
      'tests/writers/page-list.test.ts',
      'tests/writers/pdf-fit.test.ts',
      'tests/writers/print-breaks.test.ts',
      'tests/writers/xhtml.test.ts',
      'tests/writers/zip.test.ts',
      'tests/writers/html.test.ts',
      'tests/unit/**/*.test.ts',
    ],
  },
});
