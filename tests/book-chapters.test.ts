import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { unzipSync } from 'fflate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { specToMarkdown } from '../scripts/bench/inputs.ts';
import { octavo } from './helpers/cli.ts';
import { pdfLayout, type PageLayout } from './helpers/pdf-layout.ts';
import { epubcheck } from './helpers/validators.ts';
import { paginationReport } from './helpers/pagination.ts';

/**
 * Issue 23, item 1: a one-file manuscript in the book template is a book of chapters, one a
 * level-1 heading. The CommonMark spec has seven.
 */
const titles = ['Introduction', 'Preliminaries', 'Blocks and inlines', 'Leaf blocks', 'Container blocks', 'Inlines', 'Appendix: A parsing strategy'];
const env = { SOURCE_DATE_EPOCH: '1764000000' };

describe('the CommonMark spec in the book template', () => {
  let work: string;
  let pages: PageLayout[];
  let epub: Record<string, Uint8Array>;

  beforeAll(async () => {
    work = await mkdtemp(path.join(os.tmpdir(), 'octavo-book-chapters-'));
    const spec = path.join(work, 'spec', 'commonmark-spec.md');
    await mkdir(path.dirname(spec), { recursive: true });
    await writeFile(spec, specToMarkdown(await readFile('node_modules/commonmark-spec/spec.txt', 'utf8')));
    // The HTML pages too, split, for the test of their chapters: one read of the spec for all three.
    const result = await octavo(['build', spec, '--template', 'book', '--out', path.join(work, 'out'), '--format', 'pdf,epub,html', '--html-split'], { env });
    expect(result.code, result.stderr).toBe(0);
    pages = await pdfLayout(path.join(work, 'out', 'commonmark-spec.pdf'));
    epub = unzipSync(await readFile(path.join(work, 'out', 'commonmark-spec.epub')));
  }, 300_000);
  afterAll(() => rm(work, { recursive: true, force: true }));

  /** The page a chapter opens on: its number, then its title, at the top of the page's text. */
  const opening = (index: number) => pages.find((page) => {
    const lines = page.lines.map((line) => line.text);
    const at = lines.indexOf(String(index + 1));
    return at !== -1 && at < 2 && lines[at + 1] === titles[index];
  });

  it('opens each level-1 heading as a chapter, numbered in order, on a right-hand page', () => {
    const starts = titles.map((_, index) => opening(index)?.number);
    expect(starts.every((start) => start !== undefined && start % 2 === 1), JSON.stringify(starts)).toBe(true);
    expect([...starts].sort((a, b) => a! - b!)).toEqual(starts);
  });

  it('runs each chapter’s own title on its right-hand pages, and prints a folio on every text page', () => {
    const starts = titles.map((_, index) => opening(index)!.number);
    let checked = 0;
    for (const page of pages.filter((candidate) => candidate.number > starts[0] && candidate.words.length > 0 && !starts.includes(candidate.number))) {
      const chapter = starts.filter((start) => start <= page.number).length - 1;
      expect(page.lines.at(-1)!.text, `page ${page.number}`).toBe(String(page.number));
      if (page.number % 2 === 1) expect(page.lines[0].text, `page ${page.number}`).toBe(titles[chapter]);
      else expect(page.lines[0].text, `page ${page.number}`).toBe('CommonMark Spec');
      checked += 1;
    }
    expect(checked).toBeGreaterThan(150);
  });

  it('has, by the pagination report, no text page without a folio and no line starting with a dash', async () => {
    const { summary } = await paginationReport(await readFile(path.join(work, 'out', 'commonmark-spec.pdf')));
    expect(summary.missingFolios).toBe(0);
    expect(summary.dashStarts).toBe(0);
  });

  it('makes one EPUB XHTML file a chapter, and EPUBCheck finds nothing', async () => {
    const chapters = Object.keys(epub).filter((name) => /^EPUB\/text\/chapter-\d+\.xhtml$/.test(name)).sort((a, b) => a.localeCompare(b, 'en', { numeric: true }));
    expect(chapters).toHaveLength(titles.length);
    chapters.forEach((name, index) => expect(new TextDecoder().decode(epub[name])).toContain(`>${titles[index]}</h1>`));
    const findings = await epubcheck(path.join(work, 'out', 'commonmark-spec.epub'));
    expect(findings.filter((finding) => finding.severity !== 'INFO' && finding.severity !== 'USAGE')).toEqual([]);
  }, 120_000);

  it('splits the HTML pages the same way, and --chapter-level 0 keeps one text', async () => {
    const spec = path.join(work, 'spec', 'commonmark-spec.md');
    const pagesOf = async (dir: string) => (await readdir(dir)).filter((name) => name !== 'index.html' && name.endsWith('.html'));
    expect(await pagesOf(path.join(work, 'out', 'commonmark-spec'))).toHaveLength(titles.length);
    const whole = await octavo(['build', spec, '--template', 'book', '--chapter-level', '0', '--out', path.join(work, 'whole'), '--format', 'html', '--html-split'], { env });
    expect(whole.code, whole.stderr).toBe(0);
    expect(await pagesOf(path.join(work, 'whole', 'commonmark-spec'))).toHaveLength(1);
    const wrong = await octavo(['build', spec, '--chapter-level', '7'], { env });
    expect(wrong.code).toBe(2);
    expect(wrong.stderr).toContain('--chapter-level takes a heading rank from 1 to 6');
  });
});

describe('a one-file text without chapters in the book template (the review)', () => {
  let work: string;
  let pages: PageLayout[];

  beforeAll(async () => {
    work = await mkdtemp(path.join(os.tmpdir(), 'octavo-book-review-'));
    const result = await octavo(['build', 'manuscript/ballerina.md', '--template', 'book', '--out', work, '--format', 'pdf'], { env });
    expect(result.code, result.stderr).toBe(0);
    pages = await pdfLayout(path.join(work, 'ballerina.pdf'));
  }, 120_000);
  afterAll(() => rm(work, { recursive: true, force: true }));

  it('starts its text on a right-hand page, and prints a folio on every text page, none on a blank one', () => {
    const first = pages.find((page) => page.number > 1 && page.words.length > 0)!;
    expect(first.number % 2).toBe(1);
    const text = pages.filter((page) => page.number >= first.number);
    expect(text.length).toBeGreaterThanOrEqual(3);
    for (const page of text) expect(page.lines.at(-1)?.text, `page ${page.number}`).toBe(String(page.number));
    for (const page of pages.filter((page) => page.number < first.number && page.number > 1)) expect(page.words).toEqual([]);
  });

  it('has, by the pagination report, a folio on every text page and no line starting with a dash (one did before)', async () => {
    const { summary } = await paginationReport(await readFile(path.join(work, 'ballerina.pdf')));
    expect(summary.missingFolios).toBe(0);
    expect(summary.dashStarts).toBe(0);
  });

  it('runs the section’s title on its right-hand pages after the first', () => {
    const rectos = pages.filter((page) => page.number % 2 === 1 && page.number > 3 && page.words.length > 0);
    expect(rectos.length).toBeGreaterThan(0);
    for (const page of rectos) expect(['The good', 'The bad', 'The verdict'], `page ${page.number}`).toContain(page.lines[0].text);
  });
});

describe('a first chapter named as the book (issue 23, item 2)', () => {
  let work: string;
  beforeAll(async () => {
    work = await mkdtemp(path.join(os.tmpdir(), 'octavo-title-once-'));
    await mkdir(path.join(work, 'readmes'));
    await writeFile(path.join(work, 'readmes', '01-braces.md'), '# braces\n\nBrace expansion, as in Bash.\n\n## Install\n\nRun it.\n');
    await writeFile(path.join(work, 'readmes', '02-execa.md'), '## Usage\n\nCall it with the words of a sentence.\n');
  });
  afterAll(() => rm(work, { recursive: true, force: true }));

  it('prints the title once in the handout, and keeps the chapter heading under the book’s title page', async () => {
    const handout = await octavo(['build', path.join(work, 'readmes'), '--out', path.join(work, 'handout'), '--format', 'pdf,html'], { env });
    expect(handout.code, handout.stderr).toBe(0);
    const first = (await pdfLayout(path.join(work, 'handout', 'readmes.pdf')))[0];
    expect(first.lines.filter((line) => line.text === 'braces')).toHaveLength(1);
    const html = await readFile(path.join(work, 'handout', 'readmes.html'), 'utf8');
    expect(html).toMatch(/<h1 class="title" id="title">braces<\/h1>/);
    expect(html).not.toMatch(/<h2[^>]*>braces<\/h2>/);
    const book = await octavo(['build', path.join(work, 'readmes'), '--template', 'book', '--out', path.join(work, 'book'), '--format', 'pdf'], { env });
    expect(book.code, book.stderr).toBe(0);
    const pages = await pdfLayout(path.join(work, 'book', 'readmes.pdf'));
    const openings = pages.filter((page) => page.lines.some((line) => line.text === '1') && page.lines.some((line) => line.text === 'braces'));
    expect(openings).toHaveLength(1);
    expect(pages.some((page) => page.lines.some((line) => line.text === 'execa'))).toBe(true);
  });
});

describe('running heads whatever the chapter heading’s markup (issue 23, item 6)', () => {
  let work: string;
  beforeAll(async () => {
    work = await mkdtemp(path.join(os.tmpdir(), 'octavo-running-heads-'));
    await mkdir(path.join(work, 'readmes'));
    await writeFile(path.join(work, 'readmes', '00-front.md'), '---\ntitle: Two READMEs\nlang: en\n---\n\nTwo package READMEs, one a chapter.\n');
    // A README's logo heading, as pdf-lib's: an h1 inside a link, with an image and no text of its own.
    const prose = Array.from({ length: 40 }, (_, i) => `Paragraph ${i + 1} of the library's guide, long enough to fill a few lines of a small page and so run the chapter over several pages.`).join('\n\n');
    await writeFile(path.join(work, 'readmes', '01-readme.md'), `<a href="https://example.org">\n<h1 align="center">\n<img alt="logo-lib" height="30" src="https://example.org/logo.svg">\n</h1>\n</a>\n\n${prose}\n`);
  });
  afterAll(() => rm(work, { recursive: true, force: true }));

  it('runs a chapter’s own title on its right-hand pages when its heading is wrapped in a link and holds only an image, not the chapter before’s', async () => {
    const book = await octavo(['build', path.join(work, 'readmes'), '--template', 'book', '--paper', 'a5', '--out', path.join(work, 'book'), '--format', 'pdf'], { env });
    expect(book.code, book.stderr).toBe(0);
    const pages = await pdfLayout(path.join(work, 'book', 'readmes.pdf'));
    const start = pages.findIndex((page) => page.lines.some((line) => line.text.startsWith('Paragraph 1 ')));
    expect(start).toBeGreaterThan(0);
    const rectos = pages.slice(start + 1).filter((page) => page.number % 2 === 1 && page.words.length > 0);
    expect(rectos.length, pages.map((page) => page.lines[0]?.text).join(' | ')).toBeGreaterThan(0);
    for (const page of rectos) expect(page.lines[0].text, `page ${page.number}`).toBe('logo-lib');
  });
});
