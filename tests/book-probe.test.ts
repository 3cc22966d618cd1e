import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { PNG } from 'pngjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { blueRows } from './helpers/blue-rows.ts';
import { octavo } from './helpers/cli.ts';
import { pdfLayout, type PageLayout } from './helpers/pdf-layout.ts';
import { probeNotes, probeRows, writeProbe } from './helpers/probe.ts';
import { renderPages } from './helpers/validators.ts';
import { paginationReport } from './helpers/pagination.ts';

/**
 * Issue 23, items 4 and 5: the probe manuscript (tests/helpers/probe.ts) in both templates.
 * Notes numbered as they are called, the rule over the page's notes, images fitted to the page
 * area with their captions, tables without a lost row.
 */
const env = { SOURCE_DATE_EPOCH: '1764000000' };
const dpi = 50;
const pt = dpi / 72;

for (const template of ['book', 'handout'] as const) {
  describe(`the probe in the ${template} template`, () => {
    let work: string;
    let pdf: string;
    let pages: PageLayout[];
    const text = (page: PageLayout) => page.lines.map((line) => line.text).join('\n');
    const pageWith = (words: string) => pages.find((page) => text(page).includes(words));

    beforeAll(async () => {
      work = await mkdtemp(path.join(os.tmpdir(), `octavo-probe-${template}-`));
      const input = await writeProbe(work);
      const result = await octavo(['build', input, '--template', template, '--out', path.join(work, 'out'), '--format', 'pdf'], { env });
      expect(result.code, result.stderr).toBe(0);
      pdf = path.join(work, 'out', 'probe.pdf');
      pages = await pdfLayout(pdf);
    }, 120_000);
    afterAll(() => rm(work, { recursive: true, force: true }));

    it('numbers each note as its call', () => {
      const notes = pages.flatMap((page) => page.lines.flatMap((line) => {
        const match = /^(\d+)\.\s*Note number (\d+),/.exec(line.text);
        return match ? [[Number(match[1]), Number(match[2])]] : [];
      }));
      expect(notes).toEqual(Array.from({ length: probeNotes }, (_, i) => [i + 1, i + 1]));
    });

    it('draws the rule over the notes', async () => {
      const page = pageWith('Note number 1,')!;
      const note = page.lines.find((line) => line.text.includes('Note number 1,'))!;
      const above = page.lines.filter((line) => line.y < note.y - 2).at(-1)!;
      const [name] = await renderPages(pdf, path.join(work, 'rule'), { dpi, first: page.number, last: page.number });
      const png = PNG.sync.read(await readFile(path.join(work, 'rule', name)));
      let longest = 0;
      for (let y = Math.ceil((above.y + 8) * pt); y < Math.floor(note.y * pt); y++) {
        let run = 0;
        for (let x = 0; x < png.width; x++) {
          const dark = png.data[(y * png.width + x) * 4] < 160;
          run = dark ? run + 1 : 0;
          longest = Math.max(longest, run);
        }
      }
      expect(longest, `a dark line between the text and the notes of page ${page.number}`).toBeGreaterThan(25 * pt);
    });

    it('fits each image on one page with its caption, on the page after its text at the latest', async () => {
      // Its text: the text or the image printed before it (both templates defer a figure past the text after it, which then flows on: figure-flow.test.ts).
      const printed = pages.flatMap((page) => page.lines.map((line) => ({ page: page.number, text: line.text })));
      for (const caption of ['A tall image, scaled', 'A wide image, as wide']) {
        const at = printed.findIndex((line) => line.text.startsWith(caption));
        const textPage = printed.slice(0, at).findLast((line) => line.text.startsWith('Text ') || line.text.startsWith('A tall image, scaled'))!.page;
        const page = pageWith(caption)!;
        expect(page.number - textPage, caption).toBeLessThanOrEqual(1);
        const [name] = await renderPages(pdf, path.join(work, 'images'), { dpi, first: page.number, last: page.number });
        const png = PNG.sync.read(await readFile(path.join(work, 'images', name)));
        const rows = blueRows(png);
        const captionY = page.lines.find((line) => line.text.startsWith(caption))!.y * pt;
        expect(rows.length, `the image on page ${page.number}`).toBeGreaterThan(20);
        // Whole above its caption, within the page (not run off its foot), and not cut: nothing of it on the page before.
        expect(rows.at(-1)!).toBeLessThan(captionY);
        expect(rows[0]).toBeGreaterThan(10 * pt);
        if (page.number > 1) {
          const [previous] = await renderPages(pdf, path.join(work, 'before'), { dpi, first: page.number - 1, last: page.number - 1 });
          const prior = blueRows(PNG.sync.read(await readFile(path.join(work, 'before', previous))));
          const other = caption.startsWith('A wide') ? 'A tall image, scaled' : undefined;
          if (!other || !text(pages[page.number - 2]).includes(other)) expect(prior, `page ${page.number - 1}`).toEqual([]);
        }
      }
    });

    it('prints every row of the tables', () => {
      const all = pages.map(text).join('\n');
      for (let i = 1; i <= probeRows; i++) expect(all).toMatch(new RegExp(`^${i} item ${i} value ${i * 7}$`, 'm'));
      for (let i = 1; i <= 6; i++) expect(all).toContain(`zeta ${i}`);
    });
  });
}

for (const template of ['book', 'handout'] as const) {
  describe(`the probe's tables in the ${template} template`, () => {
    let work: string;
    let pages: PageLayout[];
    beforeAll(async () => {
      work = await mkdtemp(path.join(os.tmpdir(), `octavo-probe-tables-${template}-`));
      const input = await writeProbe(work);
      const result = await octavo(['build', input, '--template', template, '--out', work, '--format', 'pdf'], { env });
      expect(result.code, result.stderr).toBe(0);
      pages = await pdfLayout(path.join(work, 'probe.pdf'));
    }, 120_000);
    afterAll(() => rm(work, { recursive: true, force: true }));

    const headers = [
      { header: 'Row Name Value', row: /^\d+ item \d+ value \d+$/ },
      { header: 'Alpha Beta Gamma Delta Epsilon Zeta', row: /^alpha\d value beta \d/ },
    ];

    it('keeps each header with at least two rows, and repeats it over the rows on every page', () => {
      for (const { header, row } of headers) {
        let seen = 0;
        for (const page of pages) {
          const lines = page.lines.map((line) => line.text);
          const rows = lines.flatMap((line, index) => (row.test(line) ? [index] : []));
          const heads = lines.flatMap((line, index) => (line === header ? [index] : []));
          for (const at of heads) expect(row.test(lines[at + 1] ?? '') && row.test(lines[at + 2] ?? ''), `${header} on page ${page.number}`).toBe(true);
          if (rows.length > 0) expect(heads.length > 0 && heads[0] < rows[0], `${header} over the rows of page ${page.number}`).toBe(true);
          seen += heads.length;
        }
        expect(seen).toBeGreaterThan(0);
      }
    });

    it('has no lone header by the pagination report', async () => {
      expect((await paginationReport(await readFile(path.join(work, 'probe.pdf')))).summary.loneHeaders).toBe(0);
    });
  });
}
