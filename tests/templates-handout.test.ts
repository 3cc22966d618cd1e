import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { PDFDocument, PDFName, PDFString } from 'pdf-lib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { octavo } from './helpers/cli.ts';
import { mm, pdfLayout, type PageLayout } from './helpers/pdf-layout.ts';
import { seedParagraphs } from './helpers/seed.ts';
import { pdfXmp } from './helpers/validators.ts';

const headings = ['The good', 'The bad', 'The verdict'];

/** The review's body lines: not the running header, the footer or the title block's credits. */
function bodyLines(page: PageLayout) {
  return page.lines.filter((line) => line.y > 20 * mm && line.y < page.height - 20 * mm && !/^page \d+ of \d+$/.test(line.text));
}

for (const paper of ['a4', 'letter'] as const) {
  describe(`handout template on ${paper}`, () => {
    let out: string;
    let file: string;
    let pages: PageLayout[];

    beforeAll(async () => {
      out = await mkdtemp(path.join(os.tmpdir(), `octavo-handout-${paper}-`));
      const result = await octavo(['build', 'manuscript', '--out', out, '--format', 'pdf', '--paper', paper], { env: { SOURCE_DATE_EPOCH: '1764000000' } });
      expect(result.code).toBe(0);
      file = path.join(out, 'manuscript.pdf');
      pages = await pdfLayout(file);
    });
    afterAll(() => rm(out, { recursive: true, force: true }));

    it('prints nothing within 12 mm of any edge, so every office printer prints all of it', () => {
      for (const page of pages) {
        for (const word of page.words) {
          expect(word.x0).toBeGreaterThan(12 * mm);
          expect(word.y0).toBeGreaterThan(12 * mm);
          expect(page.width - word.x1).toBeGreaterThan(12 * mm);
          expect(page.height - word.y1).toBeGreaterThan(12 * mm);
        }
      }
    });

    it('sets a readable measure: 60 to 75 characters in a full line', () => {
      const lengths = pages
        .flatMap(bodyLines)
        .map((line) => line.text.replace(/\u00ad/g, '').length)
        .filter((length) => length > 45)
        .sort((a, b) => a - b);
      expect(lengths.length).toBeGreaterThan(40);
      const median = lengths[Math.floor(lengths.length / 2)];
      expect(median).toBeGreaterThanOrEqual(60);
      expect(median).toBeLessThanOrEqual(75);
    });

    it('runs the title as a header from page 2 and "page N of M" in every footer', () => {
      expect(pages[0].lines[0].text).toBe('Pirouettes and Flamethrowers');
      expect(pages[0].lines[0].y).toBeGreaterThan(20 * mm);
      for (const page of pages.slice(1)) {
        expect(page.lines[0].text.replace(/\s+/g, '')).toBe('PIROUETTESANDFLAMETHROWERS');
        expect(page.lines[0].y).toBeLessThan(22 * mm);
      }
      for (const page of pages) expect(page.lines.at(-1)!.text).toBe(`page ${page.number} of ${pages.length}`);
    });

    it('leaves no heading alone at the foot of a page, and no nearly empty last page', () => {
      for (const page of pages.slice(0, -1)) expect(headings).not.toContain(bodyLines(page).at(-1)!.text);
      const full = bodyLines(pages[0]).length;
      expect(bodyLines(pages.at(-1)!).length).toBeGreaterThan(full * 0.2);
    });

    it('hyphenates only where its pages need it, and keeps every word of the review searchable', async () => {
      const lines = pages.flatMap(bodyLines);
      // On A4 the pages have room for the lines the hyphens would save; on letter the last page
      // would be nearly empty (and is saved by a tighter print), so the hyphens stay.
      const hyphenated = lines.filter((line) => /[a-z]\u00ad?-$/.test(line.text)).length;
      if (paper === 'a4') expect(hyphenated).toBe(0);
      else expect(hyphenated).toBeGreaterThan(0);
      // A soft hyphen stays only where a line breaks: inside a line, words are whole.
      for (const line of lines) expect(line.text.slice(0, -2)).not.toContain('\u00ad');
      const text = lines.map((line) => line.text).join('\n').replace(/\u00ad?-\n/g, '-').replace(/\s+/g, ' ');
      for (const paragraph of seedParagraphs()) {
        for (const word of paragraph.split(/\s+/).filter((w) => /^[A-Za-z]{9,}$/.test(w))) expect(text.replace(/-/g, '')).toContain(word);
      }
    });

    it('states Title, Subject, Keywords and language in the Info dictionary, the catalog and XMP', async () => {
      const bytes = await readFile(file);
      const document = await PDFDocument.load(bytes, { updateMetadata: false });
      expect(document.getTitle()).toBe('Pirouettes and Flamethrowers: A review of Ballerina: From the World of John Wick');
      expect(document.getAuthor()).toBeUndefined();
      expect(document.catalog.lookup(PDFName.of('Lang'), PDFString).decodeText()).toBe('en');
      expect(document.context.trailerInfo.ID).toBeDefined();
      const xmp = await pdfXmp(file);
      expect(xmp).toContain('<dc:title><rdf:Alt><rdf:li xml:lang="x-default">Pirouettes and Flamethrowers: A review of Ballerina: From the World of John Wick</rdf:li>');
      expect(xmp).toContain('<dc:language><rdf:Bag><rdf:li>en</rdf:li></rdf:Bag></dc:language>');
      expect(xmp).toContain('<rdf:li>Ana de Armas</rdf:li>');
      expect(xmp).toMatch(/<pdf:Keywords>[^<]*Ana de Armas/);
      expect(xmp).toContain('<xmp:CreateDate>2025-11-24T16:00:00Z</xmp:CreateDate>');
      expect(xmp).not.toContain('dc:creator');
    });
  });
}
