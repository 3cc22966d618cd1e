import { createRequire } from 'node:module';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { PDFDocument } from 'pdf-lib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { octavo } from './helpers/cli.ts';
import { pdfLayout, type PageLayout, type Word } from './helpers/pdf-layout.ts';

/**
 * Issue 23: a table too wide for the page even at 7 pt is turned sideways on a page of its own
 * in both templates (the handout's a named page of Chromium's own print), and its cells break
 * only at word boundaries or allowed points: the language's hyphenation points, an address's
 * pieces (after `/` or `.`), never at an arbitrary letter (src/browser/fit-tables.ts). Three
 * tables of 6, 10 and 14 columns of long words and addresses, measured in the PDF: each page's
 * box and rotation, every cell's text read back row by row, where each cell's lines break,
 * the header repeated over each page of a table with at least two rows under it.
 */
const words = ['internationalization', 'counterrevolutionaries', 'electroencephalography', 'uncharacteristically', 'incomprehensibilities', 'telecommunications', 'responsibilities', 'representativeness', 'disproportionately', 'misunderstandings', 'extraordinarily', 'photosynthesis', 'thermodynamics', 'interdisciplinary'];
const addresses = ['https://example.org/documentation/configuration/advanced-settings.html', 'https://registry.example.com/packages/typesetting/releases/latest.tar.gz', '/usr/local/share/octavo/templates/handout/print.css', 'https://www.example.net/archive/2024/proceedings/typography/index.html'];
const names: Record<number, string> = { 4: 'Four', 6: 'Six', 10: 'Ten', 14: 'Fourteen' };
/** Each row's name: a letter and a number, which has no break point. */
const labels: Record<number, string> = { 4: 'O', 6: 'S', 10: 'T', 14: 'F' };
/** An ordinary table's wide cells of prose: short words ("alpha", "value") and long ones, which fit the page upright at the table's own size. */
const prose = [
  'The alpha value of each setting is read from the documentation before the build starts, and an extraordinary value is reported.',
  'Every value written here overrides the alpha channel of the theme, whose characteristically transparent default is kept otherwise.',
  'An interdisciplinary committee reviews the value of each proposal; incomprehensible ones are returned with questions.',
];
const rows = 8;

/** The cells of a table of `columns` columns, header first: a row's name, long words with a number, an address. */
function cells(columns: number): string[][] {
  if (columns === 4) return [['Name', 'Description', 'Value', 'Notes'], ...Array.from({ length: rows }, (_, r) => [`${labels[4]}${r + 1}`, prose[r % 3], `value ${r}`, prose[(r + 1) % 3].split(', ')[0]])];
  const header = Array.from({ length: columns }, (_, c) => (c === 0 ? 'Name' : c === columns - 1 ? 'Address' : `Heading ${c}`));
  const body = Array.from({ length: rows }, (_, r) =>
    Array.from({ length: columns }, (_, c) => (c === 0 ? `${labels[columns]}${r + 1}` : c === columns - 1 ? addresses[(r + columns) % addresses.length] : `${words[(r * 3 + c + columns) % words.length]} ${r}${c}`)),
  );
  return [header, ...body];
}
const markdown = (table: string[][]) => [table[0], table[0].map(() => '---'), ...table.slice(1)].map((row) => `| ${row.join(' | ')} |`).join('\n');
const body = [4, 6, 10, 14].map((columns) => `## ${columns} columns\n\nText before the ${names[columns]} table.\n\n${markdown(cells(columns))}\n\nText after the ${names[columns]} table, a sentence that flows on.\n`).join('\n');

/** Where a word may break, by an account of its own: the language's hyphenation points (TeX's patterns, the `hyphen` package), and in an address or identifier after `/`, `.`, `_`, `?`, `&`, `=`, `#` or before an inner capital, or at its words' hyphenation points with no hyphen. */
const hyphenateSync = (createRequire(import.meta.url)('hyphen/en') as { hyphenateSync: (word: string, options: { hyphenChar: string }) => string }).hyphenateSync;
function allowed(token: string, offset: number, hyphenated: boolean): boolean {
  if (!hyphenated && (/[/._?&=#-]/.test(token[offset - 1]) || (/\p{Ll}/u.test(token[offset - 1]) && /\p{Lu}/u.test(token[offset])))) return true;
  // At a hyphenation point of one of its words: with a hyphen, or without in an address (where a hyphen would read as part of it).
  if (!hyphenated && !/[/.]/.test(token)) return false;
  for (const run of token.matchAll(/\p{L}+/gu)) {
    if (offset <= run.index || offset >= run.index + run[0].length) continue;
    let at = run.index;
    for (const part of hyphenateSync(run[0], { hyphenChar: '|' }).split('|').slice(0, -1)) if ((at += part.length) === offset) return true;
  }
  return false;
}

/**
 * A cell's text read back from its lines: joined without spaces, a line-end hyphen dropped
 * where the written text has none there. Returns the line breaks that fell inside a written
 * token at a point not allowed, or a description of the mismatch.
 */
function readCell(written: string, lines: string[]): string[] {
  const tokens = written.split(/\s+/);
  const flat = tokens.join('');
  const starts = new Set(tokens.map((_, i) => tokens.slice(0, i).join('').length));
  const faults: string[] = [];
  let read = '';
  for (const [i, line] of lines.entries()) {
    const text = line.replace(/\s+/g, '').replace(/\u00ad/g, '');
    const dropped = text.endsWith('-') && !flat.startsWith(read + text) && flat.startsWith(read + text.slice(0, -1));
    const piece = dropped ? text.slice(0, -1) : text;
    if (!flat.startsWith(read + piece)) return [`"${written}" read "${lines.join(' / ')}"`];
    read += piece;
    if (i === lines.length - 1 || starts.has(read.length)) continue;
    // A break inside a token: where in it, and whether that point is allowed.
    const index = [...starts].filter((start) => start < read.length).length - 1;
    const start = [...starts].sort((x, y) => x - y)[index];
    const token = tokens[index];
    if (!allowed(token, read.length - start, dropped)) faults.push(`${token.slice(0, read.length - start)}${dropped ? '-' : ''}|${token.slice(read.length - start)}`);
  }
  if (read !== flat) return [`"${written}" read "${lines.join(' / ')}"`];
  return faults;
}

/** Words grouped into lines top to bottom (a band of half a line), each line's words left to right. */
function linesOf(found: Word[]): string[] {
  const lines: Word[][] = [];
  for (const word of [...found].sort((a, b) => a.y0 - b.y0 || a.x0 - b.x0)) {
    const line = lines.find((candidate) => Math.abs(candidate[0].y0 - word.y0) < (word.y1 - word.y0) / 2);
    if (line) line.push(word);
    else lines.push([word]);
  }
  return lines.map((line) => line.sort((a, b) => a.x0 - b.x0).map((word) => word.text).join(' '));
}

interface PrintedRow {
  page: PageLayout;
  cells: string[][];
}

/** Each printed row of the table of `columns` columns: its page and its cells' lines, read between its header's columns and the next row's top. */
function printedRows(pages: PageLayout[], columns: number): { rows: Map<string, PrintedRow>; headers: Map<number, number> } {
  const found = new Map<string, PrintedRow>();
  const headers = new Map<number, number>();
  const label = new RegExp(`^${labels[columns]}\\d+$`);
  for (const page of pages) {
    const starts = page.words.filter((word) => label.test(word.text)).sort((a, b) => a.y0 - b.y0);
    if (starts.length === 0) continue;
    // The header: the line of "Name" just above the first row, its cells' left edges the columns'.
    const name = page.words.filter((word) => word.text === 'Name' && word.y1 <= starts[0].y0 + 1).sort((a, b) => b.y0 - a.y0)[0];
    expect(name, `the header repeated over the ${names[columns]} table on page ${page.number}`).toBeDefined();
    const head = page.words.filter((word) => Math.abs(word.y0 - name.y0) < 1 && word.x0 >= name.x0 - 1).sort((a, b) => a.x0 - b.x0);
    const lefts = head.filter((word) => word.text !== '1' && !/^\d+$/.test(word.text)).map((word) => word.x0);
    expect(lefts, `the ${names[columns]} table's header on page ${page.number}: ${head.map((word) => word.text).join(' ')}`).toHaveLength(columns);
    headers.set(page.number, starts.length);
    // The table ends at the text after it or at the page area's foot (the book's 20 mm margin, the handout's 22 mm: the folio is below it).
    const foot = page.words.filter((word) => word.y0 > starts.at(-1)!.y0 && /^Text$/.test(word.text))[0]?.y0 ?? page.height - 55;
    starts.forEach((row, r) => {
      const bottom = starts[r + 1]?.y0 ?? foot;
      const inRow = page.words.filter((word) => word.y0 >= row.y0 - 1 && word.y0 < bottom - 1);
      const rowCells = lefts.map((left, c) => linesOf(inRow.filter((word) => word.x0 >= left - 1 && word.x0 < (lefts[c + 1] ?? Infinity) - 1)));
      expect(found.has(row.text), `${row.text} printed once`).toBe(false);
      found.set(row.text, { page, cells: rowCells });
    });
  }
  return { rows: found, headers };
}

/** Each page's /Rotate, read with pdf-lib: a machine without poppler (the README's) has no pdfinfo. */
async function rotations(file: string): Promise<number[]> {
  const pdf = await PDFDocument.load(await readFile(file), { updateMetadata: false });
  return pdf.getPages().map((page) => page.getRotation().angle);
}

const cases = [
  // A5: the 6 columns fit upright once their addresses break at a "/" or "."; 10 and 14 do not even so.
  { template: 'book', paper: 'a5', sideways: [10, 14] },
  // A4: the 6 columns fit at 7 pt, the 10 once their addresses break; the 14 do not.
  { template: 'handout', paper: 'a4', sideways: [14] },
] as const;

describe('a table too wide for the page even at 7 pt', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'octavo-sideways-'));
    await writeFile(path.join(dir, 'wide.md'), `---\ntitle: Wide tables\nlang: en\n---\n\n${body}`);
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  for (const { template, paper, sideways } of cases) {
    it(`${template} on ${paper}: turned sideways on pages of their own (${sideways.join(', ')} columns), every cell read back, broken only at allowed points, in an ordinary table too`, async () => {
      const out = path.join(dir, template);
      // --strict: the build's own text-layer and layout checks pass (every block on its page, none past its edge).
      const result = await octavo(['build', path.join(dir, 'wide.md'), '--out', out, '--format', 'pdf', '--template', template, '--paper', paper, '--strict'], { env: { SOURCE_DATE_EPOCH: '1764000000' } });
      expect(result.code, result.stderr).toBe(0);
      const file = path.join(out, 'wide.pdf');
      const pages = await pdfLayout(file);
      // Pages are turned by their boxes, not by a /Rotate: text on them reads left to right.
      expect(await rotations(file)).toEqual(pages.map(() => 0));

      for (const columns of [4, 6, 10, 14]) {
        const table = cells(columns);
        const { rows: printed, headers } = printedRows(pages, columns);
        // No row lost, each on a page whose box is turned when the table is.
        expect([...printed.keys()].sort()).toEqual(table.slice(1).map((row) => row[0]).sort());
        const turned = (sideways as readonly number[]).includes(columns);
        for (const { page } of printed.values()) {
          expect(page.width > page.height, `${names[columns]} on page ${page.number} sideways`).toBe(turned);
          // Its words lie on the page the way it reads: wider than tall.
          for (const word of page.words.filter((word) => word.text.length > 3)) expect(word.x1 - word.x0, word.text).toBeGreaterThan(word.y1 - word.y0);
          const text = page.lines.map((line) => line.text).join('\n');
          // A page of its own: no text of the chapter's before or after it.
          if (turned) expect(text).not.toMatch(/Text (before|after)/);
        }
        // The header over each page of it, with at least two rows under it on its first.
        expect(headers.get(Math.min(...headers.keys()))).toBeGreaterThanOrEqual(2);
        // Every cell read back, broken only at allowed points.
        const faults: string[] = [];
        for (const row of table.slice(1)) {
          const { cells: lines } = printed.get(row[0])!;
          row.forEach((cell, c) => faults.push(...readCell(cell, lines[c]).map((fault) => `${row[0]} column ${c + 1}: ${fault}`)));
        }
        expect(faults, `${names[columns]} table`).toEqual([]);
        // The sentence after a table turned sideways flows on into the rest of the page before it, which it would leave empty.
        if (turned) {
          const first = Math.min(...[...printed.values()].map(({ page }) => page.number));
          const lines = pages[first - 2].lines.map((line) => line.text).join('\n');
          expect(lines, `the page before the ${names[columns]} table`).toContain(`Text after the ${names[columns]} table`);
        }
      }
      // The text around the tables stays upright.
      for (const page of pages.filter((page) => page.lines.some((line) => /Text (before|after)/.test(line.text)))) expect(page.width).toBeLessThan(page.height);
    });
  }
});
