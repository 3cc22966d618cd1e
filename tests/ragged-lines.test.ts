import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { paginationReport, type PaginationReport } from '../scripts/pagination/report.ts';
import { pageTextsWithPdfJs } from '../src/writers/pdf/page-texts.ts';
import { octavo, type CliResult } from './helpers/cli.ts';
import { writeSlidingBook } from './helpers/sliding-book.ts';
import { pdftotext } from './helpers/validators.ts';

/**
 * The book template sets a stretched line beside inline code flush left with a forced break
 * where it already broke. Chromium did not always keep such a line's last word on it: in
 * docs/internals.md "build’s" went to a line of its own, the paragraph grew a line, and at the
 * foot of a page the lines it pushed down were lost from the PDF. A break that makes its
 * paragraph taller is undone.
 */
let dir: string;
let result: CliResult;
beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'octavo-ragged-'));
  await writeFile(
    path.join(dir, 'ragged.md'),
    [
      '---\ntitle: Ragged\nlang: en\n---\n',
      'A paragraph before, so that the next one is indented.\n',
      "The embedded Chromium (a headless shell built to run as one process, which is its package's",
      'own default) runs with `--single-process`: renderer, GPU, network and storage work become',
      "threads of one process. Printing the 1000-page benchmark book, the build's processes peaked",
      'at 1.19 GB this way against 1.45 GB with the separate processes, and the review built about',
      '0.03 s sooner (5 runs each). A crashed or hung print takes the whole browser down with it,',
      'which Octavo restarts once either way (tests/browser-faults.test.ts).\n',
    ].join('\n'),
  );
  result = await octavo(['build', path.join(dir, 'ragged.md'), '--out', dir, '--format', 'pdf', '--template', 'book', '--paper', '6x9']);
});
afterAll(() => rm(dir, { recursive: true, force: true }));

it('never gives a word a line of its own when it sets a line beside inline code ragged', async () => {
  expect(result.code, result.stderr).toBe(0);
  const text = await pdftotext(path.join(dir, 'ragged.pdf'));
  const paragraph = text.slice(text.indexOf('embedded Chromium'), text.indexOf('browser-faults'));
  const lines = paragraph.split('\n').map((line) => line.trim()).filter(Boolean);
  expect(lines.length).toBeGreaterThan(4);
  expect(lines.filter((line) => !line.includes(' '))).toEqual([]);
});

/**
 * In a paragraph `breakLines` set, a line still over 0.5 em beside code goes ragged. Two kinds
 * stayed justified in the README book: a line that ends at an address's break inside code
 * ("…You must add the `@pdf-lib` / `/fontkit` module…", 0.59 em; the break looked for a space
 * at the line's end, and took a code letter's box, a pixel lower, for the next line's), and the
 * last lines of such a paragraph's part at a page's foot, which Paged.js justifies
 * (`text-align-last: justify`) however ragged the line was set ("calling .freeze(). Processors
 * freeze automatically", 2.06 em). The second paragraph is moved down a line at a time over
 * 16 chapters, so that in some it goes on over a page.
 */
describe('ragged lines in paragraphs set by breakLines', () => {
  let work: string;
  let report: PaginationReport;
  let texts: string[];
  const fontkit = '`pdf-lib` relies upon a sister module to support embedding custom fonts: [`@pdf-lib/fontkit`](https://www.npmjs.com/package/@pdf-lib/fontkit). You must add the `@pdf-lib/fontkit` module to your project and register it using `pdfDoc.registerFontkit(...)` before embedding custom fonts (see the font embedding example). This module is not included by default because not all users need it, and it increases bundle size.';
  const freeze = 'It’s possible to freeze processors explicitly by calling `.freeze()`. Processors freeze automatically when `.parse()`, `.run()`, `.runSync()`, `.stringify()`, `.process()`, or `.processSync()` are called.';
  beforeAll(async () => {
    work = await mkdtemp(path.join(os.tmpdir(), 'octavo-ragged-set-'));
    const book = path.join(work, 'book');
    await writeSlidingBook(book, { title: 'Ragged set lines', front: fontkit, paragraph: freeze, fillers: 8 });
    const out = path.join(work, 'out');
    const built = await octavo(['build', book, '--out', out, '--format', 'pdf', '--template', 'book', '--paper', 'a5'], { env: { SOURCE_DATE_EPOCH: '1764000000' } });
    expect(built.code, built.stderr).toBe(0);
    const pdf = new Uint8Array(await readFile(path.join(out, 'book.pdf')));
    report = await paginationReport(pdf);
    // Without spaces: a line's spaces as drawn, wide or not, come out of the text layer in any number.
    texts = (await pageTextsWithPdfJs(pdf)).map((runs) => runs.join('').replace(/\s+/g, ''));
  }, 180_000);
  afterAll(() => rm(work, { recursive: true, force: true }));

  const looseLines = () => report.pages.flatMap((page) => page.loose.map((line) => `p. ${page.page} (${line.space.toFixed(2)} em): ${line.text}`));

  it('sets flush left a line that ends at an address break inside code', () => {
    expect(texts.some((text) => text.includes('Youmustaddthe'))).toBe(true);
    expect(looseLines().filter((line) => /custom fonts|fontkit module/.test(line))).toEqual([]);
  });

  it('keeps ragged the lines of such a paragraph at a page foot, where its part goes on over the page', () => {
    // The case is there: in some chapter the paragraph goes on over a page.
    expect(texts.some((text, i) => text.includes('freezeprocessors') && !text.includes('arecalled') && texts[i + 1]?.includes('arecalled'))).toBe(true);
    expect(looseLines().filter((line) => /freeze|processSync|stringify/.test(line))).toEqual([]);
    expect(report.summary.justifiedLines).toBeGreaterThanOrEqual(400);
  });
});
