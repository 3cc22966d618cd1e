import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { Browser } from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { octavo } from './helpers/cli.ts';
import { mm, pdfLayout } from './helpers/pdf-layout.ts';
import { launchReaders, withReaderPage } from './helpers/reader.ts';
import { pdftotext } from './helpers/validators.ts';
import { brokenWords } from './helpers/broken-words.ts';

/**
 * Tables on paper: words in table cells stay whole when the table fits with them whole, and a
 * table too wide for the page (a long address) still fits, with all its text
 * (src/browser/fit-tables.ts). Every template on every paper; and on a phone's screen, the
 * same words whole and the wide table scrolling in its own box.
 */
const url = `https://example.org/archive/${'a'.repeat(170)}/END`;

const body = `## Settings

| name | type | required | description | see |
| --- | --- | --- | --- | --- |
| \`title\` | string | required | The publication's title, printed on the cover and on the title page and written into the metadata of every artifact. | [publication](#addresses) |
| \`subtitle\` | string | optional | A subtitle, printed under the title on the title page and in the metadata when a reading system shows one. | [catalogue](#addresses) |
| \`description\` | string | optional | A paragraph of summary for catalogues, search engines and the Subject field of the document. | [summaries](#addresses) |
| \`identifier\` | string | optional | ISBN, UUID or URN; when it is left out a stable UUID is derived from the metadata of the publication. | [identifiers](#addresses) |
| \`publisher\` | boolean | optional | Whether the name of the publisher is printed on the title page verso, together with the rights statement. | [statements](#addresses) |

## Addresses

| site | address | note |
| --- | --- | --- |
| archive | ${url} | kept forever |
| mirror | https://example.net/short | weekly |
`;

/** The tables' text as a reader sees it: no link targets, no address. */
const written = body.replace(url, '').replace(/\]\(#\w+\)/g, ']');

const cases = [
  ['handout', 'a4'],
  ['handout', 'letter'],
  ['book', 'a5'],
  ['book', '6x9'],
] as const;

describe('tables in print', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'octavo-tables-'));
    await writeFile(path.join(dir, 'tables.md'), `---\ntitle: Tables\nlang: en\n---\n\n${body}`);
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  for (const [template, paper] of cases) {
    it(`${template} on ${paper}: keeps the words of a fitting table whole and fits a table with a long address, all its text on the page`, async () => {
      const out = path.join(dir, `${template}-${paper}`);
      // --strict: the build's own checks that every character was drawn, and drawn on a page, pass.
      const result = await octavo(['build', path.join(dir, 'tables.md'), '--out', out, '--format', 'pdf', '--template', template, '--paper', paper, '--strict'], {
        env: { SOURCE_DATE_EPOCH: '1764000000' },
      });
      expect(result.code, result.stderr).toBe(0);
      const file = path.join(out, 'tables.pdf');

      const text = await pdftotext(file);
      expect(brokenWords(written, text), 'words printed broken').toEqual([]);
      // The address is broken across lines, but all there (the text may read its neighbour cell between its lines).
      expect(text.replace(/\b(kept|forever)\b|\s+/g, '')).toContain(url);

      for (const page of await pdfLayout(file)) {
        for (const word of page.words) {
          expect(word.x0, `"${word.text}" on page ${page.number}`).toBeGreaterThan(15 * mm);
          expect(page.width - word.x1, `"${word.text}" on page ${page.number}`).toBeGreaterThan(15 * mm);
        }
      }
    });
  }
});

describe('tables on a phone', () => {
  let dir: string;
  let browser: Browser;
  beforeAll(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'octavo-tables-html-'));
    await writeFile(path.join(dir, 'tables.md'), `---\ntitle: Tables\nlang: en\n---\n\n${body}`);
    browser = await launchReaders();
  });
  afterAll(async () => {
    await browser?.close();
    await rm(dir, { recursive: true, force: true });
  });

  for (const template of ['handout', 'book']) {
    it(`${template}: every word in a table cell on one line, the wide table scrolling, nothing wider than 360 px`, async () => {
      const out = path.join(dir, template);
      const result = await octavo(['build', path.join(dir, 'tables.md'), '--out', out, '--format', 'html', '--template', template, '--strict']);
      expect(result.code, result.stderr).toBe(0);
      const html = await readFile(path.join(out, 'tables.html'), 'utf8');
      const seen = await withReaderPage(browser, async (page) => {
        await page.setViewport({ width: 360, height: 640 });
        await page.setContent(html, { waitUntil: 'load' });
        return page.evaluate((url) => {
          const range = document.createRange();
          const broken: string[] = [];
          for (const cell of Array.from(document.querySelectorAll('td, th'))) {
            const walker = document.createTreeWalker(cell, NodeFilter.SHOW_TEXT);
            for (let node = walker.nextNode() as Text | null; node; node = walker.nextNode() as Text | null) {
              for (const word of node.data.matchAll(/\S+/g)) {
                if (word[0] === url) continue;
                range.setStart(node, word.index);
                range.setEnd(node, word.index + word[0].length);
                const tops = new Set(Array.from(range.getClientRects()).map((rect) => Math.round(rect.top)));
                if (tops.size > 1) broken.push(word[0]);
              }
            }
          }
          const tables = Array.from(document.querySelectorAll('table'));
          return { broken, pageWidth: document.documentElement.scrollWidth, scrolls: tables.map((table) => table.scrollWidth > table.clientWidth) };
        }, url);
      });
      expect(seen.broken, 'words broken across lines').toEqual([]);
      expect(seen.pageWidth).toBeLessThanOrEqual(360);
      expect(seen.scrolls[1], 'the table with the long address scrolls').toBe(true);
    });
  }
});
