import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { octavo } from './helpers/cli.ts';
import { pdfLayout, type PageLayout } from './helpers/pdf-layout.ts';
import { pdftotext } from './helpers/validators.ts';

/**
 * Issue 23: a table that fits the page only by squeezing its column of text to a word or two a
 * line (long identifiers in the columns before it, as in a README's options table) is set
 * smaller until its cells set three words a line, 18 characters or more (src/browser/fit-tables.ts,
 * `squeezedBelow`). Before, the first description below ran at 13 characters a line in the book
 * on A5 and 11 on 6 × 9 in; in the handout on A4 it is not squeezed, and stays so. (In the
 * handout on A5 they are still at 13.9 at 7 pt, and are left so: docs/typesetting.md.)
 */
const rows = [
  ['integersAsBigInteger', "boolean \\| 'asNeeded'", 'false', 'Parses integers as big integers wherever a plain number would lose precision. See Integers.', '1.4.0'],
  ['useLegacyDateObjects', 'boolean', 'true', 'Keeps the legacy date object instead of the Temporal interface for every date, time and datetime.', '1.9.0'],
  ['unsafeKeyBehaviour', "'keep' \\| 'drop' \\| 'throw'", "'keep'", 'Rejects potentially dangerous keys such as the prototype or the constructor. See Key safety.', '1.9.0'],
];
const table = [
  '| Option | Type | Default | Description | Introduced in |',
  '| --- | --- | --- | --- | --- |',
  ...rows.map(([option, type, fallback, description, since]) => `| \`${option}\` | \`${type}\` | \`${fallback}\` | ${description} | ${since} |`),
].join('\n');
const body = `# Options\n\nBoth functions accept an options object as their second argument.\n\n${table}\n\nText after the options.\n`;
const descriptions = rows.map((row) => row[3]);

/** A description's lines in the PDF: its words from its first to its last, in the order they are drawn. */
function linesOf(pages: PageLayout[], description: string): number {
  const [first] = description.split(' ');
  const last = description.split(' ').at(-1)!;
  for (const page of pages) {
    const start = page.words.findIndex((word) => word.text === first);
    if (start < 0) continue;
    const end = page.words.findIndex((word, i) => i > start && word.text === last);
    // Only the column's words: the cells beside it may be drawn in between.
    const column = page.words.slice(start, end + 1).filter((word) => word.x0 > page.words[start].x0 - 1);
    const tops = column.map((word) => word.y0).sort((a, b) => a - b);
    // A line's words' tops differ by a fraction of a point (a hyphen, a capital): a new line is 2 pt lower or more.
    return tops.filter((top, i) => i === 0 || top - tops[i - 1] > 2).length;
  }
  throw new Error(`"${first}" is not printed`);
}

const cases = [
  ['book', 'a5'],
  ['book', '6x9'],
  ['handout', 'a4'],
] as const;

describe('a table that fits only by squeezing its column of text', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'octavo-squeezed-tables-'));
    await writeFile(path.join(dir, 'options.md'), `---\ntitle: Options\nlang: en\n---\n\n${body}`);
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  for (const [template, paper] of cases) {
    it(`${template} on ${paper}: its descriptions run at 18 characters a line or more, every row and word printed`, async () => {
      const out = path.join(dir, `${template}-${paper}`);
      const result = await octavo(['build', path.join(dir, 'options.md'), '--out', out, '--format', 'pdf', '--template', template, '--paper', paper, '--strict']);
      expect(result.code, result.stderr).toBe(0);
      const file = path.join(out, 'options.pdf');
      const text = (await pdftotext(file)).replace(/\s+/g, ' ');
      for (const [option] of rows) expect(text).toContain(option);
      const pages = await pdfLayout(file);
      for (const description of descriptions) {
        const lines = linesOf(pages, description);
        expect(lines, description).toBeGreaterThan(0);
        expect(description.length / lines, `"${description}" on ${lines} lines`).toBeGreaterThanOrEqual(18);
      }
      // Set no smaller than 7 pt (a word's box is about 1.2 times its type).
      const sizes = pages.flatMap((page) => page.words.filter((word) => rows.some(([option]) => word.text === option)).map((word) => word.y1 - word.y0));
      expect(sizes.length).toBe(rows.length);
      for (const size of sizes) expect(size).toBeGreaterThan(7 * 1.1);
    });
  }
});
