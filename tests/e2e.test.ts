import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { unzipSync } from 'fflate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { octavo, type CliResult } from './helpers/cli.ts';
import { seedParagraphs } from './helpers/seed.ts';
import { epubcheck, normalizePdfText, pdffonts, pdfinfo, pdfOutline, pdftotext, vnu } from './helpers/validators.ts';

/** The whole pipeline on the user's review, judged by the tools readers' software trusts. */
describe('octavo build manuscript', () => {
  let out: string;
  let result: CliResult;
  const paragraphs = seedParagraphs();

  beforeAll(async () => {
    out = await mkdtemp(path.join(os.tmpdir(), 'octavo-e2e-'));
    result = await octavo(['build', 'manuscript', '--out', out], { env: { SOURCE_DATE_EPOCH: '1764000000' } });
  });
  afterAll(() => rm(out, { recursive: true, force: true }));

  it('exits 0 and prints one line per artifact with its size and time', () => {
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    for (const name of ['manuscript.epub', 'manuscript.pdf', 'manuscript.html']) {
      expect(result.stdout).toMatch(new RegExp(`${name}\\s+[\\d.]+ kB\\s+[\\d.]+ s`));
    }
  });

  it('writes an EPUB that EPUBCheck passes with no errors and no warnings', async () => {
    const findings = await epubcheck(path.join(out, 'manuscript.epub'));
    expect(findings.filter((f) => f.severity !== 'INFO' && f.severity !== 'USAGE')).toEqual([]);
  });

  it('writes HTML that the Nu HTML Checker passes with no errors', async () => {
    const findings = await vnu(path.join(out, 'manuscript.html'));
    expect(findings.filter((f) => f.severity === 'ERROR')).toEqual([]);
  });

  it('writes a tagged A4 PDF with Title, page numbers, embedded fonts and a bookmark per heading', async () => {
    const file = path.join(out, 'manuscript.pdf');
    const info = await pdfinfo(file);
    expect(info.Tagged).toBe('yes');
    expect(info['Page size']).toContain('(A4)');
    expect(info.Title).toBe('Pirouettes and Flamethrowers: A review of Ballerina: From the World of John Wick');
    expect(info.Subject).toMatch(/^A review of Ballerina/);
    expect(info.Keywords).toContain('Ana de Armas');
    expect(info.Creator).toMatch(/^Octavo /);
    expect(info.Author).toBeUndefined();

    const fonts = await pdffonts(file);
    expect(fonts.length).toBeGreaterThan(0);
    expect(fonts.filter((font) => !font.embedded)).toEqual([]);
    expect(fonts.map((font) => font.name).join(' ')).toMatch(/Literata/);
    // Only the template's own faces: no fallback to whatever fonts the machine has.
    for (const font of fonts) expect(font.name).toMatch(/^[A-Z]{6}\+(Literata|SourceSans3|SourceCodePro)/);

    const outline = await pdfOutline(file);
    expect(outline.map((entry) => entry.title)).toEqual(['Pirouettes and Flamethrowers']);
    expect(outline[0].kids.map((entry) => entry.title)).toEqual(['The good', 'The bad', 'The verdict']);

    const pages = Number(info.Pages);
    const text = await pdftotext(file);
    for (let page = 1; page <= pages; page++) expect(text).toContain(`page ${page} of ${pages}`);
  });

  it('carries every paragraph of the review, word for word, in all three artifacts', async () => {
    // A paragraph may run over a page: the running head and folio between its lines are not its text.
    const runningLines = /^(page \d+ of \d+|PIROUETTES AND FLAMETHROWERS)$/;
    const printed = (await pdftotext(path.join(out, 'manuscript.pdf'))).split('\n').filter((line) => !runningLines.test(line.trim()));
    const pdf = normalizePdfText(printed.join('\n'));
    const html = await readFile(path.join(out, 'manuscript.html'), 'utf8');
    const zip = unzipSync(await readFile(path.join(out, 'manuscript.epub')));
    // And the e-book's marker of where that page begins stands between its words.
    const chapter = new TextDecoder().decode(zip['EPUB/text/chapter-1.xhtml']).replace(/<span id="page-break-\d+"[^>]*\/>/g, '');
    for (const paragraph of paragraphs) {
      expect(pdf).toContain(normalizePdfText(paragraph));
      expect(html).toContain(paragraph);
      expect(chapter).toContain(paragraph);
    }
  });

  it('gives the EPUB a page list that matches the PDF: each marker stands where its printed page begins', async () => {
    const pdfFile = path.join(out, 'manuscript.pdf');
    const pages = Number((await pdfinfo(pdfFile)).Pages);
    const zip = unzipSync(await readFile(path.join(out, 'manuscript.epub')));
    const nav = new TextDecoder().decode(zip['EPUB/nav.xhtml']);
    const listed = [...nav.matchAll(/<a href="text\/chapter-1.xhtml#page-break-(\d+)">(\d+)<\/a>/g)].map((m) => Number(m[2]));
    expect(listed).toEqual(Array.from({ length: pages }, (_, i) => i + 1));
    const chapter = new TextDecoder().decode(zip['EPUB/text/chapter-1.xhtml']);
    for (let page = 2; page <= pages; page++) {
      const printed = normalizePdfText(await pdftotext(pdfFile, page)).split(' ');
      // The page's first body words (after the running header) follow its marker in the e-book.
      const marker = chapter.indexOf(`id="page-break-${page}"`);
      expect(marker).toBeGreaterThan(0);
      const after = chapter.slice(chapter.indexOf('>', marker) + 1).replace(/<[^>]+>/g, '');
      const words = normalizePdfText(after).split(' ').slice(0, 6).join(' ');
      expect(printed.join(' ')).toContain(words);
    }
    const opf = new TextDecoder().decode(zip['EPUB/package.opf']);
    expect(opf).toContain('<meta property="schema:accessibilityFeature">pageNavigation</meta>');
    expect(opf).toContain('<meta property="source-of" refines="#page-source">pagination</meta>');
  });

  it('writes no placeholder author or rights into any artifact', async () => {
    const zip = unzipSync(await readFile(path.join(out, 'manuscript.epub')));
    const opf = new TextDecoder().decode(zip['EPUB/package.opf']);
    const html = await readFile(path.join(out, 'manuscript.html'), 'utf8');
    expect(opf).not.toContain('dc:creator');
    for (const text of [opf, html]) expect(text).not.toMatch(/anonymous|unknown author|all rights reserved/i);
  });
});

describe('octavo build --paper letter', () => {
  it('prints on US Letter', async () => {
    const out = await mkdtemp(path.join(os.tmpdir(), 'octavo-letter-'));
    try {
      const result = await octavo(['build', 'manuscript/ballerina.md', '--out', out, '--format', 'pdf', '--paper', 'letter']);
      expect(result.code).toBe(0);
      const info = await pdfinfo(path.join(out, 'ballerina.pdf'));
      expect(info['Page size']).toContain('(letter)');
      // The review fills two letter pages: the handout's hyphens are given back rather than take a third.
      expect(info.Pages).toBe('2');
    } finally {
      await rm(out, { recursive: true, force: true });
    }
  });
});
