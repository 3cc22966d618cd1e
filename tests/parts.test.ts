import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { unzipSync } from 'fflate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { octavo } from './helpers/cli.ts';
import { epubcheck, pdfOutline, pdftotext, vnu } from './helpers/validators.ts';

/** The 5-chapter fixture, grouped by the config into an opening chapter and two parts. */
describe('parts: chapters grouped by the config', () => {
  let dir: string;
  let out: string;
  beforeAll(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'octavo-parts-'));
    await cp('tests/fixtures/book/input', path.join(dir, 'book'), { recursive: true });
    await writeFile(
      path.join(dir, 'book/octavo.config.yaml'),
      'template: book\nchapters:\n  - 01-loomings.md\n  - part: Part Two\n    chapters: [02-the-carpet-bag.md, 03-the-spouter-inn.md]\n  - part: Part Three\n    chapters: [04-the-counterpane.md, 05-breakfast.md]\n',
    );
    out = path.join(dir, 'dist');
    const result = await octavo(['build', path.join(dir, 'book'), '--out', out], { env: { SOURCE_DATE_EPOCH: '1764000000' } });
    expect(result.code, result.stderr).toBe(0);
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it('nests the e-book contents by part, each part a page of its own in the reading order', async () => {
    expect((await epubcheck(path.join(out, 'book.epub'))).filter((finding) => finding.severity !== 'INFO')).toEqual([]);
    const files = unzipSync(new Uint8Array(await readFile(path.join(out, 'book.epub'))));
    const text = (name: string) => new TextDecoder().decode(files[name]);
    const opf = text('EPUB/package.opf');
    const spine = [...opf.matchAll(/<itemref idref="([^"]+)"/g)].map((match) => match[1]);
    expect(spine).toEqual(['cover', 'titlepage', 'nav', 'chapter-1', 'part-1', 'chapter-2', 'chapter-3', 'part-2', 'chapter-4', 'chapter-5']);
    expect(text('EPUB/text/part-1.xhtml')).toMatch(/<section[^>]* epub:type="part"[^>]*><h1 class="part-title"[^>]*>Part Two<\/h1><\/section>/);
    const nav = text('EPUB/nav.xhtml');
    expect(nav).toMatch(/<a href="text\/part-1\.xhtml">Part Two<\/a><ol><li><a href="text\/chapter-2\.xhtml[^"]*">The Carpet-Bag<\/a>/);
  });

  it('gives the HTML page part sections, valid, and the PDF an outline nested by part', async () => {
    expect((await vnu(path.join(out, 'book.html'))).filter((finding) => finding.severity === 'ERROR')).toEqual([]);
    const html = await readFile(path.join(out, 'book.html'), 'utf8');
    expect(html).toMatch(/<section class="part" id="part-1"[^>]*><h2 class="part-title" id="part-1-title">Part Two<\/h2><section class="chapter"[^>]*><h3[^>]*>The Carpet-Bag<\/h3>/);
    const outline = await pdfOutline(path.join(out, 'book.pdf'));
    const titles = (entries: typeof outline): unknown[] => entries.map((entry) => (entry.kids.length ? { [entry.title]: titles(entry.kids) } : entry.title));
    expect(titles(outline)).toEqual([{ 'Moby-Dick': ['CONTENTS', 'Loomings', { 'Part Two': ['The Carpet-Bag', 'The Spouter-Inn'] }, { 'Part Three': ['The Counterpane', 'Breakfast'] }] }]);
    // The contents page lists the parts with the page each opens on, and that page holds only the part's title.
    const contents = await pdftotext(path.join(out, 'book.pdf'), 3);
    const partPage = Number(/Part Two\s+(\d+)/.exec(contents)?.[1]);
    expect(partPage).toBeGreaterThan(3);
    expect((await pdftotext(path.join(out, 'book.pdf'), partPage)).trim()).toBe('Part Two');
  });
});
