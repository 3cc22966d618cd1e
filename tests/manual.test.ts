import { access, mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { unzipSync } from 'fflate';
import { parse } from 'yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { octavo } from './helpers/cli.ts';
import { ace, epubcheck, pdfinfo, pdfOutline, vnu, type PdfOutlineEntry } from './helpers/validators.ts';

/**
 * Octavo's own manual (octavo.manual.yaml: the README, the template contract and docs/) is an
 * Octavo publication: it builds under --strict, so a link between docs pages that leads
 * nowhere, an image that is missing or text the PDF lost fails here, and every artifact is valid
 * (EPUBCheck, DAISY Ace, the Nu HTML Checker).
 */
describe('the manual: octavo build --config octavo.manual.yaml --strict', () => {
  let out: string;
  let build: Awaited<ReturnType<typeof octavo>>;
  const artifact = (format: string) => path.join(out, `octavo-manual.${format}`);
  beforeAll(async () => {
    out = await mkdtemp(path.join(os.tmpdir(), 'octavo-manual-'));
    build = await octavo(['build', '--config', 'octavo.manual.yaml', '--strict', '--out', out], { env: { SOURCE_DATE_EPOCH: '1764000000' } });
  }, 120_000);
  afterAll(() => rm(out, { recursive: true, force: true }));

  /** Chapter titles as the config lists them: each file's first heading, by part. */
  async function expectedParts(): Promise<Array<{ part: string; titles: string[] }>> {
    const config = parse(await readFile('octavo.manual.yaml', 'utf8')) as { chapters: Array<{ part: string; chapters: string[] }> };
    return Promise.all(
      config.chapters.map(async (entry) => ({
        part: entry.part,
        titles: await Promise.all(entry.chapters.map(async (file) => /^# (.+)$/m.exec(await readFile(file, 'utf8'))![1].replaceAll("'", '’'))),
      })),
    );
  }

  it('builds all three formats with no warning', async () => {
    expect(build.code, build.stderr).toBe(0);
    expect(build.stderr).toBe('');
    for (const format of ['epub', 'pdf', 'html']) await access(artifact(format));
  });

  it('gives the PDF bookmarks for every part and chapter, and the e-book a contents listing them', async () => {
    const parts = await expectedParts();
    const outline = await pdfOutline(artifact('pdf'));
    const titles = (entries: PdfOutlineEntry[]) => entries.map((entry) => entry.title);
    expect(titles(outline)).toEqual(['Octavo']);
    expect(titles(outline[0].kids)).toEqual(parts.map((entry) => entry.part));
    for (const [index, entry] of parts.entries()) expect(titles(outline[0].kids[index].kids)).toEqual(entry.titles);

    const nav = new TextDecoder().decode(unzipSync(new Uint8Array(await readFile(artifact('epub'))))['EPUB/nav.xhtml']);
    const listed = [...nav.matchAll(/<a href="[^"]+">([^<]+)<\/a>/g)].map((match) => match[1]);
    for (const entry of parts) expect(listed).toEqual(expect.arrayContaining([entry.part, ...entry.titles]));
  });

  it('builds as a book too: the book template prints all of it', async () => {
    const book = await octavo(['build', '--config', 'octavo.manual.yaml', '--strict', '--out', path.join(out, 'book'), '--format', 'pdf', '--template', 'book', '--paper', '6x9']);
    expect(book.code, book.stderr).toBe(0);
    expect(Number((await pdfinfo(path.join(out, 'book/octavo-manual.pdf'))).Pages)).toBeGreaterThan(80);
  }, 120_000);

  it('is a valid and accessible EPUB and a valid HTML page', async () => {
    expect((await epubcheck(artifact('epub'))).filter((finding) => finding.severity !== 'INFO')).toEqual([]);
    // DAISY Ace: a docs table with an empty header cell is a violation, as it is for any manuscript.
    expect(await ace(artifact('epub'))).toEqual([]);
    expect((await vnu(artifact('html'))).filter((finding) => finding.severity === 'ERROR')).toEqual([]);
  }, 120_000);
});
