import { describe, expect, it } from 'vitest';
import { warmIntl } from '../../src/text/warm-intl.ts';

/**
 * The build's first Intl calls (a long date, digits, labels, numeric order) were cold on the
 * main thread before the print, some 60 ms in a new process; the CLI now has ICU load their data
 * on a worker thread while it reads (issue 21, docs/benchmarks.md). ICU's data is the
 * process's: what the worker loads, the main thread finds loaded.
 */
describe('warmIntl', () => {
  it('makes every call the build makes, in a worker that ends by itself', async () => {
    for (const lang of ['en', 'fa', 'zh-Hant', 'not a tag']) {
      const worker = warmIntl(lang)!;
      const messages: unknown[] = [];
      worker.on('message', (message) => messages.push(message));
      const code = await new Promise((resolve) => worker.once('exit', resolve));
      // A tag Intl refuses ends the warm-up early (the build says so itself); the others make every call.
      expect({ lang, code, messages }).toEqual({ lang, code: lang === 'not a tag' ? 1 : 0, messages: lang === 'not a tag' ? [] : ['warm'] });
    }
  });
});
