import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { strFromU8, unzipSync } from 'fflate';
import { fromHtml } from 'hast-util-from-html';
import { toString } from 'hast-util-to-string';
import type { Browser } from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { specToMarkdown } from '../scripts/bench/inputs.ts';
import { BrowserProvider } from '../src/browser/provider.ts';
import { writeEpub } from '../src/writers/epub/index.ts';
import { load } from './helpers/publication.ts';
import { launchReaders } from './helpers/reader.ts';
import { paginateWithVivliostyle, type VivliostyleReading } from './helpers/reading-systems.ts';

/** A third reading system: Vivliostyle paginates the review, the features book and the CommonMark spec, every page. */
let work: string;
// One Chromium for Octavo's writers and one for the reading system serve all three publications
// (each reading in a browser context of its own), where each publication started two.
let writers: BrowserProvider;
let readers: Browser;
beforeAll(async () => {
  work = await mkdtemp(path.join(os.tmpdir(), 'octavo-vivliostyle-'));
  writers = new BrowserProvider();
  readers = await launchReaders();
});
afterAll(async () => {
  await Promise.all([writers?.close(), readers?.close()]);
  await rm(work, { recursive: true, force: true });
});

const squash = (text: string) => text.replace(/\u00ad/g, '').replace(/\s+/g, ' ').trim();

describe.each([
  ['review', async () => 'manuscript/ballerina.md'],
  ['features', async () => 'tests/fixtures/features/input'],
  [
    'spec',
    async () => {
      const spec = path.join(work, 'spec', 'commonmark-spec.md');
      await mkdir(path.dirname(spec), { recursive: true });
      await writeFile(spec, specToMarkdown(await readFile('node_modules/commonmark-spec/spec.txt', 'utf8')));
      return spec;
    },
  ],
])('Vivliostyle and the EPUB of %s', (name, input) => {
  let reading: VivliostyleReading;
  let chapters: Array<{ title: string; ending: string }>;
  beforeAll(async () => {
    const { publication, context } = await load(await input(), undefined, writers);
    const epub = await writeEpub(publication, context);
    const files = unzipSync(epub);
    // The last words of each chapter, as the EPUB has them: laid out, they show the chapter was paginated to its end.
    chapters = publication.chapters.map((chapter) => {
      const text = squash(toString(fromHtml(strFromU8(files[`EPUB/text/${chapter.id}.xhtml`]))));
      return { title: chapter.title, ending: text.slice(-40) };
    });
    reading = await paginateWithVivliostyle(epub, path.resolve('tests/.output/reader', name), { chapterTitle: publication.chapters[0].title, browser: readers });
  });

  it('paginates the whole publication with no error, every chapter to its last words', () => {
    expect(reading.errors).toEqual([]);
    expect(reading.pages).toBeGreaterThanOrEqual(chapters.length + 1);
    const laidOut = squash(reading.text);
    for (const chapter of chapters) {
      expect(laidOut, chapter.title).toContain(squash(chapter.title));
      expect(laidOut, chapter.title).toContain(chapter.ending);
    }
    expect(reading.screenshots.chapter).not.toBe('');
  });
});
