import { afterAll } from 'vitest';
import { closeAll } from './helpers/publication.ts';

// Writers that render (the PDF, the EPUB cover) start a Chromium; none outlives its test file.
afterAll(closeAll);
