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
import { epubcheckMany, type Finding } from './helpers/corpus.ts';
import { openAce, type Ace } from './helpers/validators.ts';

/** Every fixture that reads, and the review: its EPUB passes EPUBCheck and Ace, and epub.js and foliate-js read it. */
const cases = epubCases();

/** The outline as a contents list reads: `depth title`, parts included. */
const contents = (entries: readonly OutlineEntry[], depth = 1): string[] => entries.flatMap((entry) => [`${depth} ${entry.title}`, ...contents(entry.children, depth + 1)]);

// A Chromium start costs more than most fixtures' check: each of the three below starts once for
// every fixture (Octavo's for the writers, Ace's, and the reading systems'), and each reading
// gets a browser context of its own. EPUBCheck checks every EPUB in one JVM, whose start and
// schema loading cost more than checking a small book, while the other checks run.
let dir: string;
let writers: BrowserProvider;
let checker: Ace;
let readers: Browser;
const built = new Map<string, { file: string; epub: Uint8Array; outline: OutlineEntry[] }>();
let epubcheckFindings: Promise<Finding[]>;
beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'octavo-fixtures-epub-'));
  writers = new BrowserProvider();
  [checker, readers] = await Promise.all([openAce(), launchReaders()]);
  for (const [name, input] of cases) {
    const { publication, context } = await load(input, undefined, writers);
    const epub = await writeEpub(publication, context);
    const file = path.join(dir, `${name}.epub`);
    await writeFile(file, epub);
    built.set(name, { file, epub, outline: publication.outline });
  }
  epubcheckFindings = epubcheckMany([...built.values()].map((entry) => entry.file));
  // Its failure is each EPUBCheck test's, which awaits it.
  epubcheckFindings.catch(() => undefined);
}, 600_000);
afterAll(async () => {
  await Promise.all([writers?.close(), checker?.close(), readers?.close()]);
  if (dir) await rm(dir, { recursive: true, force: true });
});

describe.each(cases)('the EPUB of %s', (name) => {
  const fixture = () => built.get(name)!;

  it('passes EPUBCheck with no errors and no warnings', async () => {
    const { file } = fixture();
    expect((await epubcheckFindings).filter((f) => f.file === file && f.severity !== 'INFO')).toEqual([]);
  });

  it('passes DAISY Ace with no violation of any impact', async () => {
    expect(await checker.check(fixture().file)).toEqual([]);
  });

  it('is painted by epub.js, every spine item after the cover with text', async () => {
    const painted = await paintWithEpubJs(fixture().epub, path.resolve('tests/.output/reader', name), { browser: readers });
    expect(painted.length).toBeGreaterThanOrEqual(3);
    expect(painted[0].href).toBe('text/cover.xhtml');
    for (const item of painted.slice(1)) expect(item.text.length, item.href).toBeGreaterThan(0);
  });

  it('is paged through by foliate-js from the cover to the last page, which reads its contents and page list', async () => {
    const { epub, outline } = fixture();
    const reading = await readWithFoliate(epub, path.resolve('tests/.output/reader', name), { browser: readers });
    expect(reading.errors, reading.errors.join("\n")).toEqual([]);
    expect(reading.visited).toEqual(reading.linear);
    expect(reading.linear.length).toBeGreaterThanOrEqual(2);
    expect(reading.toc).toEqual(contents(outline));
    const nav = strFromU8(unzipSync(epub)['EPUB/nav.xhtml']);
    const pageList = [...(/<nav[^>]*epub:type="page-list"[\s\S]*?<\/nav>/.exec(nav)?.[0] ?? '').matchAll(/<a [^>]*>([^<]+)<\/a>/g)].map((m) => m[1]);
    expect(reading.pages).toEqual(pageList);
  });
});
