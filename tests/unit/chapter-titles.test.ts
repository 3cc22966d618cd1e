import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readPublication, titleFromFileName } from '../../src/document/read.ts';

let work: string;
beforeAll(async () => {
  work = await mkdtemp(path.join(os.tmpdir(), 'octavo-titles-'));
});
afterAll(() => rm(work, { recursive: true, force: true }));

describe('chapter titles (issue 23, item 2)', () => {
  it('names a chapter file without a level-1 heading by its file, not by the book', async () => {
    const book = path.join(work, 'readmes');
    await mkdir(book);
    await writeFile(path.join(book, '01-braces.md'), '# braces\n\nBrace expansion.\n');
    await writeFile(path.join(book, '02-execa.md'), '<p align="center">logo</p>\n\n## Install\n\nRun it.\n');
    await writeFile(path.join(book, '03-notes.md'), '---\ntitle: Notes of my own\n---\n\nSome notes.\n');
    const { publication } = await readPublication(book, { sourceDateEpoch: '1700000000' });
    expect(publication!.meta.title).toBe('braces');
    expect(publication!.chapters.map((chapter) => chapter.title)).toEqual(['braces', 'execa', 'Notes of my own']);
    expect(publication!.outline.map((entry) => entry.title)).toEqual(['braces', 'execa', 'Notes of my own']);
  });

  it('keeps the book’s title for the one text of a one-file manuscript', async () => {
    const file = path.join(work, 'review.md');
    await writeFile(file, '---\ntitle: A review\n---\n\n## The good\n\nText.\n');
    const { publication } = await readPublication(file, { sourceDateEpoch: '1700000000' });
    expect(publication!.chapters.map((chapter) => chapter.title)).toEqual(['A review']);
  });

  it('makes a title of a file name', () => {
    expect(titleFromFileName('/a/03-getting_started.md')).toBe('getting started');
    expect(titleFromFileName('/a/execa.md')).toBe('execa');
    expect(titleFromFileName('/a/2024.md')).toBe('2024');
  });
});
