import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { strFromU8, unzipSync } from 'fflate';
import type { Browser } from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BrowserProvider } from '../src/browser/provider.ts';
import type { OutlineEntry } from '../src/document/publication.ts';
import { writeEpub } from '../src/writers/epub/index.ts';
import { epubCases } from './helpers/epub-cases.ts';
import { load } from './helpers/publication.ts';
import { launchReaders, paintWithEpubJs } from './helpers/reader.ts';
import { readWithFoliate } from './helpers/reading-systems.ts';
import { epubcheck, openAce, type Ace } from './helpers/validators.ts';

/** Every fixture that reads, and the review: its EPUB passes EPUBCheck and Ace, and epub.js and foliate-js read it. */
const cases = epubCases();

/** The outline as a contents list reads: `depth title`, parts included. */
const contents = (entries: readonly OutlineEntry[], depth = 1): string[] => entries.flatMap((entry) => [`${depth} ${entry.title}`, ...contents(entry.children, depth + 1)]);

// A Chromium start costs more than most fixtures' check: each of the three below starts once for
// every fixture (Octavo's for the writers, Ace's, and the reading systems'), and each reading
// gets a browser context of its own.
let writers: BrowserProvider;
let checker: Ace;
let readers: Browser;
beforeAll(async () => {
  writers = new BrowserProvider();
  [checker, readers] = await Promise.all([openAce(), launchReaders()]);
});
afterAll(async () => {
  await Promise.all([writers?.close(), checker?.close(), readers?.close()]);
});

describe.each(cases)('the EPUB of %s', (name, input) => {
  let dir: string;
  let file: string;
  let epub: Uint8Array;
  let outline: OutlineEntry[];
  beforeAll(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), `octavo-${name}-`));
    const { publication, context } = await load(input, undefined, writers);
    outline = publication.outline;
    epub = await writeEpub(publication, context);
    file = path.join(dir, `${name}.epub`);
    await writeFile(file, epub);
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it('passes EPUBCheck with no errors and no warnings', async () => {
    expect((await epubcheck(file)).filter((f) => f.severity !== 'INFO' && f.severity !== 'USAGE')).toEqual([]);
  });

  it('passes DAISY Ace with no violation of any impact', async () => {
    expect(await checker.check(file)).toEqual([]);
  });

  it('is painted by epub.js, every spine item after the cover with text', async () => {
    const painted = await paintWithEpubJs(epub, path.resolve('tests/.output/reader', name), { browser: readers });
    expect(painted.length).toBeGreaterThanOrEqual(3);
    expect(painted[0].href).toBe('text/cover.xhtml');
    for (const item of painted.slice(1)) expect(item.text.length, item.href).toBeGreaterThan(0);
  });

  it('is paged through by foliate-js from the cover to the last page, which reads its contents and page list', async () => {
    const reading = await readWithFoliate(epub, path.resolve('tests/.output/reader', name), { browser: readers });
    expect(reading.errors).toEqual([]);
    expect(reading.visited).toEqual(reading.linear);
    expect(reading.linear.length).toBeGreaterThanOrEqual(2);
    expect(reading.toc).toEqual(contents(outline));
    const nav = strFromU8(unzipSync(epub)['EPUB/nav.xhtml']);
    const pageList = [...(/<nav[^>]*epub:type="page-list"[\s\S]*?<\/nav>/.exec(nav)?.[0] ?? '').matchAll(/<a [^>]*>([^<]+)<\/a>/g)].map((m) => m[1]);
    expect(reading.pages).toEqual(pageList);
  });
});
