import { Worker } from 'node:worker_threads';

/**
 * What a build asks of ICU (through `Intl` and `localeCompare`) before its print, each cold
 * in a new process: a long date (the title block, `formatDate`: 20–30 ms cold), Western and
 * native digits (`pageDigits`, `pageOfContent`), the language's column of labels
 * (`Intl.Locale#maximize`), a list of names, file names in numeric order (the chapters, the
 * Chromium builds found: 18–27 ms cold), graphemes (emoji).
 */
const warmUp = (lang: string) => `
  const lang = ${JSON.stringify(lang)};
  new Intl.DateTimeFormat(lang, { dateStyle: 'long', timeZone: 'UTC' }).format(new Date(0));
  new Intl.NumberFormat(lang, { useGrouping: false }).format(1234567890);
  new Intl.NumberFormat(lang).resolvedOptions();
  new Intl.Locale(lang).maximize();
  new Intl.ListFormat(lang, { style: 'long', type: 'conjunction' }).format(['a', 'b']);
  'a1'.localeCompare('a2', 'en', { numeric: true });
  [...new Intl.Segmenter('und', { granularity: 'grapheme' }).segment('ab')];
  require('node:worker_threads').parentPort.postMessage('warm');
`;

/**
 * Loads ICU's data for what a build formats, on another thread while this one loads and reads:
 * ICU keeps what it has loaded for the whole process, so the build's own first `Intl` calls
 * then take a fraction of a millisecond instead of some 60 ms of this thread's time before the
 * print (docs/benchmarks.md). `lang` is a guess made before the manuscript is read; much of
 * the data is every language's. The worker never keeps the process up, and whatever it meets
 * is ignored: the build makes the same calls anyway.
 */
export function warmIntl(lang = 'en'): Worker | undefined {
  try {
    const worker = new Worker(warmUp(lang), { eval: true, stdout: true, stderr: true });
    worker.on('error', () => {});
    worker.unref();
    return worker;
  } catch {
    return undefined;
  }
}
