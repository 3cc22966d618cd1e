import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { octavo, type CliResult } from './helpers/cli.ts';
import { noteCalls, type NoteCall } from './helpers/note-calls.ts';
import { pdfLayout } from './helpers/pdf-layout.ts';
import { pdftotext } from './helpers/validators.ts';

/**
 * Notes called from table cells (issues 21 and 23). In the book, Paged.js laid a cell out whole
 * with its notes' text inline in it before moving the notes to the page's foot, and moved only
 * a note it saw on the page: a row calling long notes from a narrow column grew taller than the
 * page, its notes stayed in it, the row fitted no page, and Paged.js restarted the table and
 * laid the rest of the book on no page (`pdf-block-lost` from the table on, as in Node's
 * BUILDING.md). A row whose notes were too long for the room under it was cut by them, with the
 * same end. Now every note prints on its call's page (a long one continued on the next), and
 * the text after the table is printed, in both templates.
 */
const env = { SOURCE_DATE_EPOCH: '1764000000' };

const notes = [
  'In a terminal emulator such as mintty, the runtime needs winpty for its tty channels to work: run it as winpty node.exe script.js, or call the shell alias without the exe extension, which uses winpty by itself. Nothing else has to be set up for it, and the console host of Windows needs neither.',
  'The Linux subsystem of Windows is not supported, but the Linux build and its binaries should work there. Only issues that also happen on a native Linux system are looked into; the others belong in the subsystem’s own tracker. The Windows binary does not work inside the subsystem without workarounds such as redirecting its standard streams to files.',
  'Running on 32-bit Windows should work, and binaries are made for it, but the tests of the build farm only run on WoW64. Compiling on 32-bit Windows is experimental and may not be possible at all; cross-compiling from a 64-bit host is the way the release binaries are made.',
];

const after = Array.from({ length: 10 }, (_, i) => `After paragraph ${i + 1}: the text after the table, which must be printed whole, goes on for two lines or so.`);

/** A platform table whose Windows row calls three notes from its narrow last column, text before it (`before` paragraphs) and after it; each note `repeat` times its text. */
function manuscript(before: number, repeat: number): string {
  const filler = Array.from({ length: before }, (_, i) => `Filler paragraph ${i + 1} before the table, which moves the table down the page by a few lines, so that its rows fall at another height.`);
  return [
    '---',
    'title: Platforms',
    'lang: en',
    '---',
    '',
    '# Platforms',
    '',
    'The support tier of each system.',
    '',
    ...filler.flatMap((paragraph) => [paragraph, '']),
    '| System | Architectures | Versions | Support | Notes |',
    '| --- | --- | --- | --- | --- |',
    '| Linux | x64 | kernel >= 4.18, glibc >= 2.28 | Tier 1 | e.g. Ubuntu 20.04 |',
    '| Linux | x86 | kernel >= 3.10, glibc >= 2.17 | Experimental | Downgraded as of 10 |',
    '| Windows | x64, x86 (WoW64) | >= Windows 10/Server 2016 | Tier 1 | [^a],[^b],[^c] |',
    '| macOS | arm64 | >= 11 | Tier 1 | |',
    '',
    ...after.flatMap((paragraph) => [paragraph, '']),
    ...notes.flatMap((note, i) => [`[^${'abc'[i]}]: ${Array.from({ length: repeat }, () => note).join(' ')}`, '']),
  ].join('\n');
}

/** Text without white space or hyphens: lines break anywhere, and pdftotext drops a hyphen that ends a line. */
const squeezed = (text: string) => text.replace(/[\s\u00ad-]+/g, '');

const numbers = (calls: NoteCall[]) => calls.map((call) => [call.call, call.note]);

describe('notes called from a table cell', () => {
  let work: string;
  const build = (name: string, template: string) => octavo(['build', path.join(work, `${name}.md`), '--out', path.join(work, `${name}-${template}`), '--format', 'pdf', '--template', template, '--paper', 'a5'], { env });
  const expectBuilt = (result: CliResult) => {
    // The layout check: no block on no page, past an edge, or missing from the text layer.
    expect(result.stderr).not.toMatch(/pdf-block-|pdf-text-missing/);
    expect(result.code, result.stderr).toBe(0);
  };
  const pdf = (name: string, template: string) => path.join(work, `${name}-${template}`, `${name}.pdf`);

  beforeAll(async () => {
    work = await mkdtemp(path.join(os.tmpdir(), 'octavo-table-notes-'));
    await writeFile(path.join(work, 'cell.md'), manuscript(4, 1));
    await writeFile(path.join(work, 'long.md'), manuscript(2, 6));
    // The same table twice, the first calling a note with an address too long for the measure.
    const table = (name: string, call: string) => `| System | Notes |\n| --- | --- |\n| ${name} | see the list${call} |\n| macOS | none |`;
    await writeFile(path.join(work, 'address.md'), `# Fit\n\n${table('Alpha', '[^1]')}\n\nText between the tables.\n\n${table('Bravo', '')}\n\n[^1]: The list is at https://example.org/a/very/long/address/that/does/not/break/anywhere/in/the/cell/index.html for all.\n`);
  });
  afterAll(() => rm(work, { recursive: true, force: true }));

  it('book: the three notes of one cell each on the page of its call, numbered as called, and the text after the table printed', async () => {
    const result = await build('cell', 'book');
    expectBuilt(result);
    expect(result.stderr).not.toMatch(/pdf-note-away/);
    const calls = await noteCalls(pdf('cell', 'book'), (name) => name.startsWith('note-'));
    expect(numbers(calls)).toEqual([[1, 1], [2, 2], [3, 3]]);
    expect(calls.filter((call) => call.notePage !== call.page)).toEqual([]);
    const text = squeezed(await pdftotext(pdf('cell', 'book')));
    for (const paragraph of after) expect(text).toContain(squeezed(paragraph));
    for (const [i, note] of notes.entries()) expect(text).toContain(squeezed(`${i + 1}. ${note}`));
  });

  it('handout: the three notes at the end, numbered as called, and the text after the table printed', async () => {
    expectBuilt(await build('cell', 'handout'));
    // The handout's top margin: 24 mm (templates/handout/print.css).
    const calls = await noteCalls(pdf('cell', 'handout'), (name) => name.startsWith('user-content-fn-'), { marginTop: 24 * (72 / 25.4) });
    expect(numbers(calls)).toEqual([[1, 1], [2, 2], [3, 3]]);
    // Without the pages' furniture (a folio, the running head), which falls inside a note that goes on over a page.
    const text = squeezed((await pdftotext(pdf('cell', 'handout'))).replace(/^\f?(page \d+ of \d+|PLATFORMS)$/gm, ''));
    for (const paragraph of after) expect(text).toContain(squeezed(paragraph));
    for (const note of notes) expect(text).toContain(squeezed(note));
  });

  it('book: a note with a long address called from a cell leaves its table\'s type as it is (the note is not in the cell in print)', async () => {
    expectBuilt(await build('address', 'book'));
    const words = (await pdfLayout(pdf('address', 'book'))).flatMap((page) => page.words);
    const height = (text: string) => words.filter((word) => word.text === text).map((word) => Math.round((word.y1 - word.y0) * 10) / 10);
    expect(height('Alpha')).toHaveLength(1);
    expect(height('Alpha')).toEqual(height('Bravo'));
  });

  it('book: notes too long for the room under their row start on its page and go on after it, the one with no room there said, the text after the table printed', async () => {
    const result = await build('long', 'book');
    expectBuilt(result);
    const calls = await noteCalls(pdf('long', 'book'), (name) => name.startsWith('note-'));
    expect(numbers(calls)).toEqual([[1, 1], [2, 2], [3, 3]]);
    // The row and the notes' starts on one page, but for those the build warns of, placed at the calling cell (line 18), each with its pages.
    const away = calls.filter((call) => call.notePage !== call.page);
    // Three notes of some 25 lines each cannot all start on one A5 page: the third at least goes on.
    expect(away.length).toBeGreaterThan(0);
    expect(away.length).toBeLessThan(calls.length);
    const warned = [...result.stderr.matchAll(/^(\d+):\S+\s+warning\s+A note called here is printed on page (\d+) of the PDF, not on page (\d+) with its call.*pdf-note-away/gm)];
    expect(warned.map(([, line, notePage, callPage]) => [Number(line), Number(callPage), Number(notePage)])).toEqual(away.map((call) => [18, call.page, call.notePage]));
    const text = squeezed(await pdftotext(pdf('long', 'book')));
    for (const paragraph of after) expect(text).toContain(squeezed(paragraph));
    for (const note of notes) expect(text.split(squeezed(note)).length - 1).toBeGreaterThanOrEqual(5);
  });
});
