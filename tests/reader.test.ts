import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { writeEpub } from '../src/writers/epub/index.ts';
import { load } from './helpers/publication.ts';
import { paintWithEpubJs } from './helpers/reader.ts';
import { seedParagraphs } from './helpers/seed.ts';

/** A real reading system, epub.js, opens the EPUB and lays out every spine item. Screenshots: tests/.output/reader/. */
describe('epub.js', () => {
  it('paints every spine item of the review, and all its words', async () => {
    const { publication, context } = await load('manuscript/ballerina.md');
    const painted = await paintWithEpubJs(await writeEpub(publication, context), path.resolve('tests/.output/reader/review'));
    expect(painted.map((item) => item.href)).toEqual(['text/cover.xhtml', 'text/chapter-1.xhtml', 'nav.xhtml']);
    const [cover, chapter, contents] = painted;
    // The cover is an image: its page has no text of its own.
    expect(cover.text).toBe('');
    expect(chapter.text).toContain('Pirouettes and Flamethrowers');
    // epub.js paginates into columns; the whole chapter is in the laid-out document.
    for (const paragraph of seedParagraphs()) expect(chapter.text.replace(/\s+/g, ' ')).toContain(paragraph);
    expect(contents.text).toContain('The verdict');
  });
});
