import { readFile, writeFile, mkdir, mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { strFromU8, strToU8, unzipSync, zipSync } from 'fflate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  buildManuscript,
  commonmarkExamples,
  epubcheckMany,
  evenSample,
  formatFinding,
  launchBrowser,
  mapLimit,
  readmeCorpus,
  writeCommonmarkBook,
  writeReadmeManuscript,
  type BuildOutcome,
  type Finding,
  htmlText,
} from './helpers/corpus.ts';
import { vnuMany } from './helpers/validators.ts';
import { readPublication } from '../src/document/read.ts';
import { missingBlocks, textBlocks } from '../src/document/text-blocks.ts';

/**
 * Real-world Markdown Octavo did not write (issue 6, "any real text"; issue 12, "no set-up,
 * nothing lost"): an even sample of the README files in node_modules, each built as its own
 * manuscript as it is (no front matter, no config), and the CommonMark spec's examples as one
 * book of a chapter each. Every build must make all three formats, every EPUB pass EPUBCheck,
 * every HTML page the Nu HTML Checker, and every artifact hold every paragraph, heading, item,
 * cell and code block of the text. `npm run corpus` runs every README.
 */
const readmeSample = 80;

describe('the real-world corpus', () => {
  let work: string;
  let outcomes: BuildOutcome[];
  let epubFindings: Finding[];
  let htmlFindings: Finding[];
  let brokenEpub: string;
  let brokenHtml: string;
  const readmes = evenSample(readmeCorpus(), readmeSample);

  beforeAll(async () => {
    work = await mkdtemp(path.join(os.tmpdir(), 'octavo-corpus-'));
    const sources = path.join(work, 'sources');
    const out = path.join(work, 'out');
    await mkdir(sources);
    await mkdir(out);
    const inputs = [await writeCommonmarkBook(sources)];
    for (const entry of readmes) inputs.push(await writeReadmeManuscript(entry, sources));
    const browser = launchBrowser();
    try {
      outcomes = await mapLimit(inputs, 2, (input) => buildManuscript(input, out, browser));
    } finally {
      await (await browser).close();
    }
    // A copy of the first EPUB and page made invalid, checked in the same runs: the checks can fail.
    const first = outcomes.find((outcome) => outcome.status === 'built');
    if (!first) throw new Error('nothing was built');
    const entries = unzipSync(new Uint8Array(await readFile(first.epub!)));
    const chapter = Object.keys(entries).find((name) => name.endsWith('.xhtml') && name.includes('chapter'))!;
    entries[chapter] = strToU8(strFromU8(entries[chapter]).replace('<body', '<body><not-html/>'));
    brokenEpub = path.join(out, 'broken-on-purpose.epub');
    await writeFile(brokenEpub, zipSync({ mimetype: [entries.mimetype, { level: 0 }], ...entries }));
    brokenHtml = path.join(out, 'broken-on-purpose.html');
    await writeFile(brokenHtml, (await readFile(first.html!, 'utf8')).replace('<body>', '<body><center>an obsolete element</center>'));

    const built = outcomes.filter((outcome) => outcome.status === 'built');
    [epubFindings, htmlFindings] = await Promise.all([
      epubcheckMany([...built.map((outcome) => outcome.epub!), brokenEpub]),
      vnuMany([...built.map((outcome) => outcome.html!), brokenHtml]),
    ]);
  }, 1_800_000);
  afterAll(() => rm(work, { recursive: true, force: true }));

  it('is the sample and the whole CommonMark spec', () => {
    expect(readmes.length).toBe(readmeSample);
    expect(commonmarkExamples().length).toBeGreaterThanOrEqual(650);
  });

  it('builds every manuscript: no crash, no refusal', () => {
    const failed = outcomes.filter((outcome) => outcome.status !== 'built').map((outcome) => `${path.basename(outcome.input)} ${outcome.status}: ${outcome.errors.join(' | ')}`);
    expect(failed).toEqual([]);
  });

  it('every artifact holds all of the text: the EPUB, the HTML page and the PDF (read by pdf.js)', () => {
    const built = outcomes.filter((outcome) => outcome.status === 'built');
    expect(built.length).toBe(outcomes.length);
    expect(built.every((outcome) => (outcome.blocks ?? 0) > 0 && (outcome.pages ?? 0) > 0)).toBe(true);
    const lost = built.flatMap((outcome) => Object.entries(outcome.missing!).flatMap(([format, blocks]) => blocks.map((block) => `${path.basename(outcome.input)} ${format}: ${block}`)));
    expect(lost).toEqual([]);
  });

  it('the text check catches a paragraph an artifact dropped', async () => {
    // The first document with a plain paragraph of 40 characters or more (the sample changes with what is installed).
    const plainParagraph = /<p>([^<]{40,})<\/p>/;
    let first: (typeof outcomes)[number] | undefined;
    let html = '';
    for (const outcome of outcomes) {
      if (outcome.status !== 'built' || outcome.input.endsWith('commonmark-examples')) continue;
      html = await readFile(outcome.html!, 'utf8');
      if (plainParagraph.test(html)) {
        first = outcome;
        break;
      }
    }
    expect(first).toBeDefined();
    const { publication } = await readPublication(first!.input, { sourceDateEpoch: '1700000000' });
    const blocks = textBlocks(publication!);
    expect(missingBlocks(htmlText(html), blocks)).toEqual([]);
    const paragraph = plainParagraph.exec(html)!;
    const dropped = missingBlocks(htmlText(html.replace(paragraph[0], '')), blocks);
    expect(dropped.map((block) => block.text)).toEqual([paragraph[1].replace(/&amp;/g, '&').replace(/&lt;/g, '<')]);
  });

  it('the checks catch an invalid EPUB and page', () => {
    expect(epubFindings.some((f) => f.file === brokenEpub && f.severity === 'ERROR')).toBe(true);
    expect(htmlFindings.some((f) => f.file === brokenHtml && f.severity === 'ERROR')).toBe(true);
  });

  it('every EPUB passes EPUBCheck: no errors, no warnings', () => {
    const offenders = epubFindings.filter((f) => f.file !== brokenEpub && f.severity !== 'INFO').map(formatFinding);
    expect(offenders).toEqual([]);
  });

  it('every HTML page passes the Nu HTML Checker: no errors', () => {
    const offenders = htmlFindings.filter((f) => f.file !== brokenHtml && f.severity === 'ERROR').map(formatFinding);
    expect(offenders).toEqual([]);
  });
});
