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
  vnuMany,
  writeCommonmarkBook,
  writeReadmeManuscript,
  type BuildOutcome,
  type Finding,
} from './helpers/corpus.ts';

/**
 * Real-world Markdown Octavo did not write (issue 6, "any real text"): an even sample of the
 * README files in node_modules, each built as its own manuscript, and the CommonMark spec's
 * examples as one book of a chapter each. Every build must finish, every EPUB pass EPUBCheck
 * and every HTML page the Nu HTML Checker. `npm run corpus` runs every README.
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
  }, 600_000);
  afterAll(() => rm(work, { recursive: true, force: true }));

  it('is the sample and the whole CommonMark spec', () => {
    expect(readmes.length).toBe(readmeSample);
    expect(commonmarkExamples().length).toBeGreaterThanOrEqual(650);
  });

  it('builds every manuscript: no crash, no refusal', () => {
    const failed = outcomes.filter((outcome) => outcome.status !== 'built').map((outcome) => `${path.basename(outcome.input)} ${outcome.status}: ${outcome.errors.join(' | ')}`);
    expect(failed).toEqual([]);
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
