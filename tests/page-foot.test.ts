import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { octavo, type CliResult } from './helpers/cli.ts';
import { pdfinfo, pdftotext } from './helpers/validators.ts';

/**
 * A page of the book template never ends inside a word. Paged.js cut a word at the page's last
 * line and added a hyphen ("arr-" / "ived" in the 5-chapter fixture); the hyphen could make the
 * line too long for the page, and then the line went below the page area and was lost
 * (docs/internals.md in the manual). The word now goes to the next page whole.
 */
let dir: string;
let result: CliResult;
beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'octavo-page-foot-'));
  result = await octavo(['build', 'tests/fixtures/book/input', '--out', dir, '--format', 'pdf', '--template', 'book', '--paper', 'a5']);
});
afterAll(() => rm(dir, { recursive: true, force: true }));

it('carries a word to the next page whole rather than cutting it at the foot of a page', async () => {
  expect(result.code, result.stderr).toBe(0);
  const source = (await Promise.all((await readdir('tests/fixtures/book/input')).map((name) => readFile(path.join('tests/fixtures/book/input', name), 'utf8')))).join('\n');
  const file = path.join(dir, 'input.pdf');
  const pages = Number((await pdfinfo(file)).Pages);
  // Body lines: no blank lines, no page numbers; the first line of a page is its running head.
  const lines = async (page: number) => (await pdftotext(file, page)).split('\n').map((line) => line.trim()).filter((line) => line && !/^\d+$/.test(line));
  const cut: string[] = [];
  for (let page = 1; page < pages; page++) {
    const last = (await lines(page)).at(-1) ?? '';
    const first = (await lines(page + 1))[1] ?? '';
    const before = /(\p{L}+)-$/u.exec(last)?.[1];
    const after = /^\p{L}+/u.exec(first)?.[0];
    // A compound's own hyphen ("bed-side") may end a page; a word the source writes unbroken may not.
    if (before && after && new RegExp(`\\b${before}${after}\\b`, 'u').test(source)) cut.push(`page ${page}: ${before}- / ${after}`);
  }
  expect(cut).toEqual([]);
});
