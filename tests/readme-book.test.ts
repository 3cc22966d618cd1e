import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { build, type BuildResult } from '../src/build.ts';
import { comparable, missingBlocks, textBlocks, type TextBlock } from '../src/document/text-blocks.ts';
import { pageTextsWithPdfJs } from '../src/writers/pdf/page-texts.ts';
import { epubText, htmlText } from './helpers/corpus.ts';
import { writeReadmeBook } from './helpers/readme-book.ts';

/**
 * Issue 12, "any size": a generated book of README-like chapters (badges, images, tables, code,
 * folded sections, emoji shortcodes), no front matter and no config, builds in all three formats
 * and each artifact holds all of its text. Sized to finish in about two minutes here;
 * `npm run readme-book` builds the 2,000-page one (docs/content.md has its figures).
 */
const pages = 150;

describe(`a README-like book of about ${pages} pages`, () => {
  let dir: string;
  let result: BuildResult;
  let blocks: TextBlock[];
  const artifact = (format: string) => result.artifacts.find((a) => a.format === format)!.path;

  beforeAll(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'octavo-readme-book-'));
    const input = await writeReadmeBook(path.join(dir, 'readme-book'), { pages });
    result = await build({ input, out: path.join(dir, 'out'), sourceDateEpoch: '1700000000' });
    if (result.publication) blocks = textBlocks(result.publication);
  }, 300_000);
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it('builds all three formats with no front matter and no config', () => {
    const errors = result.files.flatMap((file) => file.messages.filter((m) => m.fatal).map((m) => `${path.basename(file.path)}:${m.line}: ${m.reason}`));
    expect(errors).toEqual([]);
    expect(result.failures).toEqual([]);
    expect(result.ok).toBe(true);
    expect(result.artifacts.map((a) => a.format).sort()).toEqual(['epub', 'html', 'pdf']);
    expect(result.publication!.meta.title).toMatch(/-1$/);
  });

  it('keeps every block of the text in the PDF (read by pdf.js), the EPUB and the HTML page', async () => {
    expect(blocks.length).toBeGreaterThan(1000);
    // The folded sections and the emoji are among them.
    expect(blocks.some((block) => block.text === 'Why use this library?')).toBe(true);
    expect(blocks.some((block) => block.text.includes('❤️'))).toBe(true);
    const pdfPages = await pageTextsWithPdfJs(new Uint8Array(await readFile(artifact('pdf'))));
    expect(pdfPages.length).toBeGreaterThan(pages * 0.7);
    const missing = {
      pdf: missingBlocks(pdfPages.map((runs) => runs.join('')).join('\n'), blocks),
      epub: missingBlocks(epubText(new Uint8Array(await readFile(artifact('epub')))), blocks),
      html: missingBlocks(htmlText(await readFile(artifact('html'), 'utf8')), blocks),
    };
    expect(Object.fromEntries(Object.entries(missing).map(([format, lost]) => [format, lost.map((block) => block.text.slice(0, 80))]))).toEqual({ pdf: [], epub: [], html: [] });
  }, 120_000);

  it('notices a line of a paragraph gone: the check can fail', async () => {
    const pdfPages = await pageTextsWithPdfJs(new Uint8Array(await readFile(artifact('pdf'))));
    const runs = pdfPages.flat();
    // A line of the text's longest block, taken out of the pages' text.
    const long = blocks.reduce((a, b) => (b.text.length > a.text.length ? b : a));
    const line = runs.findIndex((run) => comparable(run).length >= 30 && comparable(long.text).includes(comparable(run)));
    expect(line).toBeGreaterThan(-1);
    expect(missingBlocks(runs.join('\n'), blocks)).toEqual([]);
    expect(missingBlocks(runs.filter((_, index) => index !== line).join('\n'), blocks)).toEqual([long]);
  }, 60_000);
});
