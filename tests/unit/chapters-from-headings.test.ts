import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { toHtml } from 'hast-util-to-html';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chaptersFromHeadings } from '../../src/document/chapters-from-headings.ts';
import { readPublication } from '../../src/document/read.ts';
import { chapterIds } from '../../src/document/links.ts';

let work: string;
beforeAll(async () => {
  work = await mkdtemp(path.join(os.tmpdir(), 'octavo-chapters-'));
});
afterAll(() => rm(work, { recursive: true, force: true }));

async function read(text: string) {
  const file = path.join(work, `${Math.random().toString(36).slice(2)}.md`);
  await writeFile(file, text);
  const { publication, files } = await readPublication(file, { sourceDateEpoch: '1700000000' });
  if (!publication) throw new Error(files.flatMap((f) => f.messages.map(String)).join('; '));
  return publication;
}

const book = `---
title: A book
---

# One

Text[^a] and more[^b].

## Inside one

Words.

# Two

More[^c], and [back to one](#one).

### Deep in two

# Three

No notes here.

[^a]: Note a.
[^b]: Note b.
[^c]: Note c.
`;

describe('chapters from headings', () => {
  it('makes a chapter of each level-1 heading, in order, each with its own title and heading', async () => {
    const publication = chaptersFromHeadings(await read(book), 1);
    expect(publication.chapters.map((chapter) => [chapter.id, chapter.title, chapter.hasOwnHeading])).toEqual([
      ['chapter-1', 'One', true],
      ['chapter-2', 'Two', true],
      ['chapter-3', 'Three', true],
    ]);
    expect(publication.outline.map((entry) => [entry.title, entry.chapter, entry.children.map((child) => child.title)])).toEqual([
      ['One', 0, ['Inside one']],
      ['Two', 1, ['Deep in two']],
      ['Three', 2, []],
    ]);
  });

  it('gives each chapter the notes it calls, numbered as the manuscript numbers them, with a label id of its own', async () => {
    const [one, two, three] = chaptersFromHeadings(await read(book), 1).chapters.map((chapter) => toHtml(chapter.tree));
    expect(one).toContain('id="user-content-fn-a"');
    expect(one).toContain('id="user-content-fn-b"');
    expect(one).not.toContain('id="user-content-fn-c"');
    expect(two).toContain('id="user-content-fn-c"');
    expect(two).toMatch(/<ol start="3">/);
    expect(two).toContain('id="chapter-2-footnote-label"');
    expect(two).toContain('aria-describedby="chapter-2-footnote-label"');
    expect(three).not.toContain('data-footnotes');
  });

  it('loses nothing: every id of the one chapter is in exactly one of the chapters', async () => {
    const whole = await read(book);
    const split = chaptersFromHeadings(whole, 1);
    const before = [...chapterIds(whole.chapters).keys()].filter((id) => !id.startsWith('chapter-'));
    const after = split.chapters.flatMap((chapter) => [...chapterIds([chapter]).keys()].filter((id) => !id.startsWith('chapter-')));
    expect(after.sort()).toEqual(before.sort());
  });

  it('splits at level 2 with the chapter heading made an h1, text before the first heading a chapter of its own', async () => {
    const publication = chaptersFromHeadings(await read('---\ntitle: Readme\n---\n\nAn opening paragraph.\n\n## Install\n\nRun it.\n\n### From source\n\nBuild it.\n\n## Use\n\nCall it.\n'), 2);
    expect(publication.chapters.map((chapter) => [chapter.title, chapter.hasOwnHeading])).toEqual([
      ['Readme', false],
      ['Install', true],
      ['Use', true],
    ]);
    const install = toHtml(publication.chapters[1].tree);
    expect(install).toMatch(/^<h1 id="install">Install<\/h1>/);
    expect(install).toContain('<h2 id="from-source">From source</h2>');
  });

  it('puts the removed title heading’s anchor into the first chapter rather than a chapter of nothing', async () => {
    const publication = chaptersFromHeadings(await read('# The book\n\n## First\n\nOne.\n\n## Second\n\nTwo.\n'), 2);
    expect(publication.chapters.map((chapter) => chapter.title)).toEqual(['First', 'Second']);
    expect(toHtml(publication.chapters[0].tree)).toMatch(/^<h1 id="first">First<\/h1><a id="the-book"><\/a>/);
  });

  it('leaves one text as it is at level 0, with fewer than two headings, and a heading id that a chapter id would take', async () => {
    const whole = await read(book);
    expect(chaptersFromHeadings(whole, 0)).toBe(whole);
    const single = await read('---\ntitle: T\n---\n\n# Only\n\nText.\n\n## Section\n\nMore.\n');
    expect(chaptersFromHeadings(single, 1)).toBe(single);
    const clash = chaptersFromHeadings(await read('---\ntitle: T\n---\n\n# Chapter 2\n\nA.\n\n# B\n\nB.\n'), 1);
    expect(clash.chapters.map((chapter) => chapter.id)).toEqual(['chapter-1', 'chapter-2-1']);
  });
});
