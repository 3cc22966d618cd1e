import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { octavoRequire } from '../paths.ts';
import { pagedHandlersScript } from './paged-handlers.ts';

let script: Promise<string> | undefined;

/**
 * Paged.js, the CSS Paged Media polyfill, as script text to inject into a page: it lays the
 * document out in page boxes (running strings, target counters, page footnotes) that
 * Chromium then prints one to a sheet, followed by Octavo's own page-breaking handlers
 * (paged-handlers.ts). Read from node_modules once per process.
 */
export function pagedJsScript(): Promise<string> {
  // The package exports only its entry points; the browser build sits beside them in dist/.
  const entry = octavoRequire.resolve('pagedjs');
  script ??= readFile(path.join(path.dirname(entry), '../dist/paged.polyfill.min.js'), 'utf8').then((polyfill) => `${polyfill}\n${pagedHandlersScript}`);
  return script;
}
