import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { octavo, type CliResult } from './helpers/cli.ts';
import { pdftotext } from './helpers/validators.ts';

/**
 * The lines under a table at the foot of a book page stay on the page when the print's unused
 * soft hyphens are removed. Removing them left every line where it was, except in a table:
 * "el­e­ments" unhyphenated widened the first column's narrowest width, the auto table layout
 * narrowed the third, whose cell took a line more, and the page Paged.js had already filled lost
 * its last lines to a column no page shows (docs/input-limits.md in the manual, 6 × 9:
 * `pdf-block-past-edge`; with the check off, "micromark asks, …" missing from the PDF). Those
 * two rows of that table (as Paged.js continued it on a page), each followed by prose that fills
 * the page under it.
 */
const table = `| what | limit | counted by | deepest in the corpora |
| --- | --- | --- | --- |
| levels of elements once raw HTML is parsed | **400** (\`treeDepthLimit\`) | parse5, as it opens each element (its stack of open elements); the hast when there is no raw HTML | 11 (\`nodejs/api/test.md\`) |
| TeX braces in one formula | **100** (\`braceLimit\`) | the \`math\` and \`inlineMath\` nodes' TeX | 0 in the corpora (no formula); 3 in the repository's math fixtures and the TeX sources on the machine |`;

const sentences = [
  'Each limit is at least ten times the deepest found in the corpora.',
  'The tree limit is above what the container limit allows and below the browser’s own parser.',
  'Why limits at all: the parser’s time grows faster than the square of the depth.',
  'A build ends, for any input, in bounded time with its artifacts or a placed diagnostic.',
  'Nesting is counted where the parser or the tree knows it, never on the raw lines.',
];

function manuscript(): { text: string; paragraphs: string[] } {
  let k = 0;
  const paragraphs: string[] = [];
  const prose = (count: number) => {
    const paragraph = Array.from({ length: count }, () => sentences[(k = (k + 2) % sentences.length)]).join(' ');
    paragraphs.push(paragraph);
    return paragraph;
  };
  // The prose before each table grows, so the tables and the page feet fall at different heights.
  const sections = Array.from({ length: 8 }, (_, s) => `${prose(3 + s)}\n\n${table}\n\n${prose(8)}\n\n${prose(9)}\n\n${prose(10)}`);
  return { text: `# Limits\n\n${sections.join('\n\n')}\n`, paragraphs };
}

const squeeze = (text: string) => text.replace(/[\s\u00ad\u2010\u2011-]+/g, '');

let dir: string;
let result: CliResult;
let paragraphs: string[];
beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'octavo-foot-tables-'));
  const input = path.join(dir, 'limits');
  await mkdir(input);
  const written = manuscript();
  paragraphs = written.paragraphs;
  await writeFile(path.join(input, 'limits.md'), written.text);
  result = await octavo(['build', input, '--out', path.join(dir, 'out'), '--format', 'pdf', '--template', 'book', '--paper', '6x9', '--strict'], {
    env: { SOURCE_DATE_EPOCH: '1764000000' },
  });
});
afterAll(() => rm(dir, { recursive: true, force: true }));

it('keeps the lines under a table whose columns the removed soft hyphens would re-balance', async () => {
  expect(result.stderr).not.toMatch(/pdf-block-|pdf-text-missing/);
  expect(result.code, result.stderr).toBe(0);
  const text = squeeze(await pdftotext(path.join(dir, 'out', 'limits.pdf')));
  expect(paragraphs.filter((paragraph) => !text.includes(squeeze(paragraph)))).toEqual([]);
  // The tables' code, all eight times (pdftotext reads a table's cells side by side, line by line).
  for (const code of ['treeDepthLimit', 'braceLimit', 'inlineMath', 'nodejs/api/test.md']) expect(text.split(code).length - 1, code).toBe(8);
});
