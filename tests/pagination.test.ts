import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { specToMarkdown } from '../scripts/bench/inputs.ts';
import { BrowserSession } from '../src/browser/session.ts';
import { octavo } from './helpers/cli.ts';
import { formatReport, paginationReport, type PaginationReport } from './helpers/pagination.ts';

/**
 * Issue 14's bar for page breaking, checked with the pagination report on real documents:
 * the CommonMark spec (handout, A4), a book of four READMEs (book, A5, Paged.js) and the
 * features fixture (handout, A4). The report itself is first shown to catch each fault.
 */

/**
 * Stranded lead-ins per 100 pages of pandoc + WeasyPrint and Vivliostyle on the CommonMark
 * spec, the lower of the two (BENCHMARKS.md, "Pagination"; `npm run bench -- --pagination`).
 */
const anchorsLeadInsPer100 = 12.4;

const readmes = ['pdf-lib/README.md', 'katex/README.md', 'unified/readme.md', 'puppeteer-core/README.md'];

describe('pagination report', () => {
  it('finds a heading and a lead-in at a page foot, a line past the margin and a short page', async () => {
    const browser = await BrowserSession.launch({});
    try {
      const filler = Array.from({ length: 6 }, (_, i) => `<p>Paragraph ${i} of plain prose that runs on long enough to fill its line and then some more, so the page has body text with a margin to measure.</p>`).join('');
      const html = `<!doctype html><html lang="en"><head><style>@page { size: A5; margin: 15mm; } body { margin: 0 20mm; font: 10pt/1.4 serif; } .next { break-before: page; } pre { font: 9pt monospace; white-space: pre; }</style></head><body>
        ${filler}<h2 style="font-size: 14pt">A heading left at the foot</h2>
        <div class="next">${filler}<p>And the example is this:</p></div>
        <div class="next">${filler}${filler}${filler}<pre>a code line far too long for the text area (Chromium clips it at the page area's edge): ${'x'.repeat(120)}</pre>${filler}${filler}${filler}${filler}</div>
        <div class="next">${filler}${filler}${filler}${filler}</div></body></html>`;
      const { pdf } = await browser.printPdf(html);
      const report = await paginationReport(pdf);
      expect(report.pages[0].headingAtFoot, formatReport(report)).toBe(true);
      expect(report.pages[1].strandedLeadIn, formatReport(report)).toBe(true);
      expect(report.summary.linesPastMargin, formatReport(report)).toBeGreaterThanOrEqual(1);
      expect(report.summary.pagesOverQuarterEmpty, formatReport(report)).toContain(1);
      expect(report.pages.at(-1)!.chapterEnd).toBe(true);
    } finally {
      await browser.close();
    }
  });
});

describe('pagination report: issue 23 counts', () => {
  it('counts hyphen stacks, lines starting with a dash, a lone header, missing folios and blank pages', async () => {
    const browser = await BrowserSession.launch({});
    try {
      const filler = Array.from({ length: 4 }, (_, i) => `<p>Paragraph ${i} of plain prose that runs on long enough to fill its line and then some more, so the page has body text with a margin to measure.</p>`).join('');
      const stack = '<p>one line that ends in a broken hyphen-<br>ated word and a second broken hyphen-<br>ated word and a third broken hyphen-<br>ated word, then the end.</p>';
      const dash = '<p>A line that breaks before a dash<br>— and this one starts with it, as it should not.</p>';
      const html = `<!doctype html><html lang="en"><head><style>@page { size: A5; margin: 15mm; } body { margin: 0; font: 10pt/1.4 serif; } .next { break-before: page; } .blank { break-before: page; break-after: page; height: 1px; }</style></head><body>
        ${filler}${stack}${dash}${filler}<p>Header Row Text</p>
        <div class="next"><p>Header Row Text</p>${filler}${filler}</div><div class="blank"></div><div><p>Closing words come first here.</p>${filler}<p>The end.</p></div></body></html>`;
      const { pdf } = await browser.printPdf(html);
      const report = await paginationReport(pdf);
      const s = report.summary;
      expect(s.hyphenStacks, formatReport(report)).toBe(1);
      expect(s.lineEndHyphens, formatReport(report)).toBeGreaterThanOrEqual(3);
      expect(s.dashStarts, formatReport(report)).toBe(1);
      expect(s.loneHeaders, formatReport(report)).toBe(1);
      expect(s.blankPages, formatReport(report)).toBe(1);
      // No page has a number: every text page after the first misses its folio.
      expect(s.missingFolios, formatReport(report)).toBe(s.pages - 1 - s.blankPages);
      expect(s.per100Pages.blankPages).toBeCloseTo((100 * s.blankPages) / s.pages, 1);
    } finally {
      await browser.close();
    }
  });
});

describe('pagination report: loose lines from glyph positions', () => {
  it('counts a line set at word-spacing 0.4em loose, and neither a full line of wide letters at normal spacing nor a modestly justified line', async () => {
    const browser = await BrowserSession.launch({});
    try {
      // Ragged prose (natural spacing) gives the report its body size and margins.
      const filler = Array.from({ length: 5 }, (_, i) => `<p>Paragraph ${i} of plain prose that runs on long enough to fill its line and then some more, so the page has body text with a margin to measure.</p>`).join('');
      // One-letter capitals, each wider than the face's mean letter: the lines come within a word of the right edge, at normal spacing.
      const wide = `<p>${'W M '.repeat(40)}end.</p>`;
      const html = `<!doctype html><html lang="en"><head><style>@page { size: A5; margin: 15mm; } body { margin: 0; font: 10pt/1.4 serif; text-align: left; } .justified { text-align: justify; }</style></head><body>
        ${filler}${wide}
        <p style="word-spacing: 0.4em">Spaced out by a word spacing.</p>
        <p class="justified">a an at by do go he if in is it me my no of on or so to up us we an at by do go he if in is it me my no of on or so to up us we an at by do go he if in is it me my no of on or so to up us we.</p>
        ${filler}</body></html>`;
      const { pdf } = await browser.printPdf(html);
      const report = await paginationReport(pdf);
      const page = report.pages[0];
      const text = formatReport(report);
      expect(page.loose, text).toHaveLength(1);
      expect(page.loose[0].text, text).toMatch(/^Spaced out/);
      // The face's own space (0.2–0.33 em in common serif faces) and 0.4 em.
      expect(page.loose[0].space, text).toBeGreaterThan(0.55);
      expect(page.loose[0].space, text).toBeLessThan(0.8);
      // Justified: the word-spaced line and the justified paragraph's full lines (not its last, set at normal spacing); no ragged line, however full.
      expect(page.justifiedLines, text).toBe(1 + 2);
      expect(report.summary.looseLines, text).toBe(1);
    } finally {
      await browser.close();
    }
  });
});

describe('pages a typesetter would sign', () => {
  let work: string;
  const reports: Record<string, PaginationReport> = {};

  beforeAll(async () => {
    work = await mkdtemp(path.join(os.tmpdir(), 'octavo-pagination-'));
    const spec = path.join(work, 'spec', 'commonmark-spec.md');
    await mkdir(path.dirname(spec), { recursive: true });
    await writeFile(spec, specToMarkdown(await readFile('node_modules/commonmark-spec/spec.txt', 'utf8')));
    const book = path.join(work, 'readme-book');
    await mkdir(book, { recursive: true });
    await writeFile(path.join(book, '00-front.md'), '---\ntitle: Four READMEs\nauthor: npm authors\nlang: en\n---\n\nFour package READMEs from node_modules, one a chapter.\n');
    for (const [i, readme] of readmes.entries()) await writeFile(path.join(book, `0${i + 1}-readme.md`), await readFile(path.join('node_modules', readme), 'utf8'));

    const builds = [
      { name: 'spec', input: spec, args: [] as string[], titles: [] as string[] },
      { name: 'readme-book', input: book, args: ['--template', 'book', '--paper', 'a5'], titles: [] },
      { name: 'features', input: 'tests/fixtures/features/input', args: [], titles: ['Introduction', 'Figures', 'Code', 'Mathematics', 'Lists and terms'] },
      { name: 'spec-book', input: spec, args: ['--template', 'book', '--paper', 'a5'], titles: [] },
    ];
    for (const build of builds) {
      const out = path.join(work, build.name);
      const result = await octavo(['build', build.input, '--out', out, '--format', 'pdf', ...build.args], { env: { SOURCE_DATE_EPOCH: '1764000000' } });
      expect(result.code, result.stderr).toBe(0);
      const pdf = (await import('node:fs')).readdirSync(out).find((name) => name.endsWith('.pdf'))!;
      reports[build.name] = await paginationReport(await readFile(path.join(out, pdf)), { chapterTitles: build.titles });
    }
  }, 240_000);
  afterAll(() => rm(work, { recursive: true, force: true }));

  for (const name of ['spec', 'readme-book', 'features']) {
    describe(name, () => {
      it('ends no page with a heading', () => {
        expect(reports[name].summary.headingsAtFoot, formatReport(reports[name], name)).toBe(0);
      });
      it('sets no line past a margin', () => {
        expect(reports[name].summary.linesPastMargin, formatReport(reports[name], name)).toBe(0);
      });
      it("leaves no page but a chapter's last more than 25 % empty", () => {
        expect(reports[name].summary.pagesOverQuarterEmpty, formatReport(reports[name], name)).toEqual([]);
      });
      it('strands fewer lead-ins per 100 pages than pandoc + WeasyPrint and Vivliostyle', () => {
        expect(reports[name].summary.strandedLeadInsPer100Pages, formatReport(reports[name], name)).toBeLessThan(anchorsLeadInsPer100);
      });
    });
  }

  // Issue 23, the book's justified text: before the hyphen limits 8.0 line-end hyphens per 100 lines and 2 stacks (5.3 and 0 after); with addresses as page notes, whose paragraphs were left to greedy breaking, 4.2; with those planned too, 3.2 (the bar is 4).
  it("hyphenates the README book (book, A5) at issue 23's bar: at most 4 line ends in 100 lines, never 3 in a row", () => {
    const s = reports['readme-book'].summary;
    expect(s.hyphenStacks, formatReport(reports['readme-book'], 'readme-book')).toBe(0);
    expect(s.lineEndHyphensPer100Lines, formatReport(reports['readme-book'], 'readme-book')).toBeLessThanOrEqual(4);
  });

  // A book opens its contents and chapters on the right: the left-hand page before is left blank, as planned, and no other page is.
  it('leaves no page blank in the book template but a left-hand one before a chapter or the contents that opens on the right', () => {
    for (const name of ['spec-book', 'readme-book']) {
      const s = reports[name].summary;
      expect(s.blankPages, formatReport(reports[name], name)).toBe(0);
      expect(s.blankVersos, formatReport(reports[name], name)).toBeGreaterThan(0);
      for (const page of reports[name].pages.filter((report) => report.blankVerso)) expect(page.page % 2, `p. ${page.page} of ${name}`).toBe(0);
    }
  });

  // Issue 23's bars for the book's justified text: at most 4 hyphenated line ends in 100 lines, never 3 in a row, and loose lines (word spaces over 0.5 em, measured) under 2 % of the justified ones. The spec in the book template (A5) before: 4.5 per 100 lines and 5.7 % loose; with tracking, address breaks and the last line's shrink, 3.6 and 1.6 %.
  it("sets the spec in the book template (A5) at issue 23's bars: at most 4 line-end hyphens in 100 lines, never 3 in a row, under 2 % loose lines", () => {
    const s = reports['spec-book'].summary;
    expect(s.hyphenStacks, formatReport(reports['spec-book'], 'spec-book')).toBe(0);
    expect(s.lineEndHyphensPer100Lines, formatReport(reports['spec-book'], 'spec-book')).toBeLessThanOrEqual(4);
    expect(s.looseShare, formatReport(reports['spec-book'], 'spec-book')).toBeLessThan(0.02);
  });

  // Toward the anchors (pandoc + WeasyPrint 1.2, Vivliostyle 0.2 hyphens per 100 lines, both ragged): a paragraph hyphenates only where it has no plan within the loose bar without a hyphen, its letters taking up to 0.05 em. The spec in the book template (A5): 3.0 per 100 lines before, 1.8 after, loose lines 0.4 % both times.
  it('hyphenates the spec in the book template (A5) only where a paragraph has no unhyphenated plan within the loose bar: at most 2.5 line ends in 100 lines', () => {
    const s = reports['spec-book'].summary;
    expect(s.lineEndHyphensPer100Lines, formatReport(reports['spec-book'], 'spec-book')).toBeLessThanOrEqual(2.5);
  });
});
