import { cp, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { unzipSync } from 'fflate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { octavo } from './helpers/cli.ts';
import { epubcheck, pdfOutline, pdftotext, vnu, vnuMany } from './helpers/validators.ts';

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

  it('writes the HTML as a folder of pages with --html-split, links sent to the page that holds their target', async () => {
    const split = path.join(dir, 'split');
    const result = await octavo(['build', path.join(dir, 'book'), '--out', split, '--format', 'html', '--html-split']);
    expect(result.code, result.stderr).toBe(0);
    const pages = ['chapter-1.html', 'chapter-2.html', 'chapter-3.html', 'chapter-4.html', 'chapter-5.html', 'index.html'];
    expect((await readdir(path.join(split, 'book'))).sort()).toEqual([...pages, 'style.css'].sort());
    // All pages in one JVM: its start costs more than checking a page.
    const findings = await vnuMany(pages.map((name) => path.join(split, 'book', name)));
    for (const name of pages) expect(findings.filter((finding) => finding.file === path.join(split, 'book', name) && finding.severity === 'ERROR'), name).toEqual([]);
    const index = await readFile(path.join(split, 'book/index.html'), 'utf8');
    expect(index).toMatch(/<a href="chapter-2\.html">Part Two<\/a><ol><li><a href="chapter-2\.html(#[^"]+)?">The Carpet-Bag<\/a>/);
    // Every link to a place in the publication names a page of the folder, and the id is on that page.
    for (const name of pages) {
      const html = await readFile(path.join(split, 'book', name), 'utf8');
      for (const [, file, id] of html.matchAll(/href="(chapter-\d+\.html|index\.html)?(?:#([^"]+))?"/g)) {
        const target = file ? await readFile(path.join(split, 'book', file), 'utf8') : html;
        if (id) expect(target, `${name} → ${file ?? ''}#${id}`).toContain(`id="${id}"`);
      }
    }
    const second = await readFile(path.join(split, 'book/chapter-2.html'), 'utf8');
    expect(second).toMatch(/<a rel="prev" href="chapter-1\.html">← Loomings<\/a>/);
    expect(second).toContain('<span class="part-label"> · Part Two</span>');
  });

  it('gives the HTML page part sections, valid, and the PDF an outline nested by part', async () => {
    expect((await vnu(path.join(out, 'book.html'))).filter((finding) => finding.severity === 'ERROR')).toEqual([]);
    const html = await readFile(path.join(out, 'book.html'), 'utf8');
    expect(html).toMatch(/<section class="part" id="part-1"[^>]*><h2 class="part-title" id="part-1-title">Part Two<\/h2><section class="chapter"[^>]*><h3[^>]*>The Carpet-Bag<\/h3>/);
    const outline = await pdfOutline(path.join(out, 'book.pdf'));
    const titles = (entries: typeof outline): unknown[] => entries.map((entry) => (entry.kids.length ? { [entry.title]: titles(entry.kids) } : entry.title));
    expect(titles(outline)).toEqual([{ 'Moby-Dick': ['Contents', 'Loomings', { 'Part Two': ['The Carpet-Bag', 'The Spouter-Inn'] }, { 'Part Three': ['The Counterpane', 'Breakfast'] }] }]);
    // The contents page lists the parts with the page each opens on, and that page holds only the part's title.
    const contents = await pdftotext(path.join(out, 'book.pdf'), 3);
    const partPage = Number(/Part Two\s+(\d+)/.exec(contents)?.[1]);
    expect(partPage).toBeGreaterThan(3);
    expect((await pdftotext(path.join(out, 'book.pdf'), partPage)).trim()).toBe('Part Two');
  });
});
