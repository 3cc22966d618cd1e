import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { octavo } from './helpers/cli.ts';
import { paginationReport, type PaginationReport } from './helpers/pagination.ts';
import { pdfLayout, type PageLayout } from './helpers/pdf-layout.ts';

/**
 * Issue 23: a chapter whose last page would hold only a line or two is pulled back by setting it
 * a shade tighter (`short-endings.ts`, `breakLines`), as a typesetter would. The text: two
 * chapters of paragraphs of words drawn from a fixed list by a seeded generator, the first long
 * enough that, set as usual (book, A5), its last page holds 2 lines.
 */
const words = 'the river ran on past the mill and the miller counted every sack as it came down from the loft while his daughter wrote the numbers into a ledger bound in green cloth that smelled of flour and rain'.split(' ');

function manuscript(): string {
  let seed = 7;
  const random = () => (seed = (seed * 16807) % 2147483647) / 2147483647;
  const paragraph = (count: number) => {
    const drawn = Array.from({ length: count }, () => words[Math.floor(random() * words.length)]);
    drawn[0] = drawn[0][0].toUpperCase() + drawn[0].slice(1);
    return `${drawn.join(' ')}.`;
  };
  const one = Array.from({ length: 14 }, () => paragraph(40 + Math.floor(random() * 60)));
  one.push(paragraph(72));
  const two = Array.from({ length: 3 }, () => paragraph(50));
  return `---\ntitle: Mill\nlang: en\n---\n\n# One\n\n${one.join('\n\n')}\n\n# Two\n\n${two.join('\n\n')}\n`;
}

describe('a chapter whose last page would hold two lines, in the book', () => {
  let dir: string;
  let pages: PageLayout[];
  let report: PaginationReport;
  beforeAll(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'octavo-short-endings-'));
    await writeFile(path.join(dir, 'book.md'), manuscript());
    // --strict: the build's own layout and text checks pass (no line lost, none past the page).
    const result = await octavo(['build', path.join(dir, 'book.md'), '--out', dir, '--format', 'pdf', '--template', 'book', '--paper', 'a5', '--strict'], { env: { SOURCE_DATE_EPOCH: '1764000000' } });
    expect(result.code, result.stderr).toBe(0);
    const pdf = path.join(dir, 'book.pdf');
    pages = await pdfLayout(pdf);
    report = await paginationReport(await readFile(pdf));
  }, 120_000);
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it('pulls its last lines back onto the page before', () => {
    expect(report.summary.shortEndings, report.pages.filter((page) => page.shortEnding).map((page) => `p. ${page.page}`).join(', ')).toBe(0);
    // The first chapter's last page with text, before the page that opens chapter 2.
    const two = pages.findIndex((page) => page.lines.some((line) => line.text === 'Two'));
    const body = (page: PageLayout) => page.lines.filter((line) => !/^(\d+|Mill|One)$/.test(line.text));
    const last = pages.slice(0, two).findLast((page) => body(page).length > 0)!;
    expect(body(last).length, `page ${last.number}`).toBeGreaterThan(2);
  });
});
