import { afterAll } from 'vitest';
import { removeRunFolder } from '../src/browser/temporary.ts';
import { closeAll } from './helpers/contexts.ts';

// Writers that render (the PDF, the EPUB cover) start a Chromium; none outlives its test file,
// and nor does the worker's run folder (a worker is ended without an exit event; the suite checks).
afterAll(async () => {
  await closeAll();
  removeRunFolder();
});
