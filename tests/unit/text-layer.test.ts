import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readPublication } from '../../src/document/read.ts';
import type { Publication } from '../../src/document/publication.ts';
import { textBlocks } from '../../src/document/text-blocks.ts';
import { scaleAtFirstText } from '../../src/pdf/page-scale.ts';
import { checkTextLayer, readLayer, searchedCharacters, unreadBlocks } from '../../src/writers/pdf/text-layer.ts';
import { checkPrintedScale } from '../../src/writers/pdf/printed-scale.ts';
import { markBlocks, printedOrder, type LayoutFacts } from '../../src/writers/pdf/laid-out.ts';

/**
 * The text-layer check (src/writers/pdf/text-layer.ts) on text layers as Chromium writes them
 * (runs per line piece, a hyphenation's hyphen a run of its own, an address after its link),
 * and the page scale read from a content stream (src/pdf/page-scale.ts). Chromium gives them
 * for real in tests/text-layer.test.ts.
 */
let work: string;
let publication: Publication;
const text = `---
title: T
lang: en
---

The first paragraph of the text, long enough to break across a page.

See [the site](https://example.org/a) for the address.

A hyphenated extraordinarily long word.

Office staff define the fine print of every contract.
`;
beforeAll(async () => {
  work = await mkdtemp(path.join(os.tmpdir(), 'octavo-text-layer-unit-'));
  const file = path.join(work, 'text.md');
  await writeFile(file, text);
  publication = (await readPublication(file, { sourceDateEpoch: '1700000000' })).publication!;
});
afterAll(() => rm(work, { recursive: true, force: true }));

const messages = () => publication.files.flatMap((file) => file.messages.splice(0)).map((message) => ({ rule: message.ruleId, fatal: message.fatal, line: message.place && 'start' in message.place ? message.place.start.line : message.line, reason: message.reason }));

/** The pages as Chromium's text layer gives them: a running head and folio first, a paragraph split across the page break. */
const goodPages = (): string[][] => [
  ['T', '1', 'The first paragraph of the text, long ', 'enough'],
  ['T', '2', 'to break across a page.', 'See ', 'the site', ' <https://example.org/a>', ' for the address.', 'A hyphenated extra', '-', 'ordinarily long word.', 'Office staff de', 'fine the fine print of every contract.'],
];

describe('the text layer read back exactly', () => {
  it('reads every block past line ends, hyphens, addresses and a page break', async () => {
    const blocks = textBlocks(publication);
    expect(unreadBlocks(readLayer(goodPages()), blocks)).toEqual([]);
    messages();
    await checkTextLayer(goodPages(), blocks, publication);
    expect(messages()).toEqual([]);
  });

  it('finds "The" read as "Te" (a ligature mapped to too few letters) and places it', async () => {
    const pages = goodPages();
    pages[0][2] = 'Te first paragraph of the text, long ';
    messages();
    await checkTextLayer(pages, textBlocks(publication), publication);
    const [message, ...rest] = messages();
    expect(rest).toEqual([]);
    expect(message).toMatchObject({ rule: 'pdf-text-layer', fatal: true, line: 6 });
    expect(message.reason).toContain('the manuscript has "h"');
  });

  it('finds a glyph mapped to U+0000 (Chromium past 2^19 characters) and places it', async () => {
    const pages = goodPages();
    pages[1][10] = 'Of\u0000ce staff de';
    messages();
    await checkTextLayer(pages, textBlocks(publication), publication);
    expect(messages()).toMatchObject([{ rule: 'pdf-text-layer', fatal: true, line: 12 }]);
  });

  it('does not take a hyphen the author wrote for one layout added', async () => {
    const pages = goodPages();
    pages[1][8] = '';
    messages();
    await checkTextLayer(pages, textBlocks(publication), publication);
    // "extraordinarily" read "extra-ordinarily" is the author's text plus a hyphen, which is allowed only at a run's end; without it the word reads whole.
    expect(messages()).toEqual([]);
  });

  it('warns, never refuses, where a block is not found at all', async () => {
    const pages = goodPages();
    pages[1].splice(9, 3);
    messages();
    await checkTextLayer(pages, textBlocks(publication), publication);
    const found = messages();
    expect(found.map((each) => each.rule)).toEqual(['pdf-text-layer-unknown', 'pdf-text-layer-unknown']);
    expect(found.every((each) => !each.fatal)).toBe(true);
  });
});

describe('the text layer of a print that leaves badges out and puts addresses in notes', () => {
  let badges: Publication;
  beforeAll(async () => {
    const file = path.join(work, 'badges.md');
    await writeFile(file, `---\ntitle: T\nlang: en\n---\n\n[![Build Status](https://img.shields.io/b.svg)](https://ci.example.org) [![npm](https://img.shields.io/n.svg)](https://npmjs.com/p)\n\nSee [the site](https://example.org/a) for the address, and the build is [![passing](https://img.shields.io/p.svg)](https://ci.example.org) today.\n`);
    badges = (await readPublication(file, { sourceDateEpoch: '1700000000' })).publication!;
    badges.files.forEach((file) => file.messages.splice(0));
  });
  /** The book's page: no badge row, a note's call after the link, the address in the note at the page's foot. */
  const bookPage = (): string[][] => [['See ', 'the site', '1', ' for the address, and the build is passing today.', '1', '1. ', 'https://example.org/a']];

  it('reads every block the print prints, in order, as the print marks them (markBlocks)', () => {
    const blocks = markBlocks(badges, { addressNotes: true });
    expect(blocks.map((block) => block.text)).toEqual(['See the site\u0001 for the address, and the build is passing today.']);
    expect(unreadBlocks(readLayer(bookPage()), blocks)).toEqual([]);
  });

  it('reads a paragraph whose page ends between a note\'s call and a short piece that goes on to the next page', async () => {
    const file = path.join(work, 'calls.md');
    await writeFile(file, `---\ntitle: T\nlang: en\n---\n\nOffset without host DST ([#3174](https://example.org/issues/3174)) ([e27ee80](https://example.org/commit/e27ee80)), closes [#3169](https://example.org/issues/3169)\n`);
    const calls = (await readPublication(file, { sourceDateEpoch: '1700000000' })).publication!;
    const blocks = markBlocks(calls, { addressNotes: true });
    expect(blocks.map((block) => block.text)).toEqual(['Offset without host DST (#3174\u0001) (e27ee80\u0001), closes #3169\u0001']);
    // As dayjs's CHANGELOG printed (book, A5): the page ends after ")", its notes below; the next opens with its running head.
    const pages = [
      ['Offset without host', 'DST (', '#3174', '6', ')', '6. ', 'https://example.org/issues/3174', '5'],
      ['Release notes', '(', 'e27ee80', '7', '), closes ', '#3169', '8', '7. ', 'https://example.org/commit/e27ee80', '8. ', 'https://example.org/issues/3169', '6'],
    ];
    expect(unreadBlocks(readLayer(pages), blocks)).toEqual([]);
    // A character lost there is still found.
    pages[0][4] = '';
    expect(unreadBlocks(readLayer(pages), blocks).map((reading) => reading.block.text)).toEqual([blocks[0].text]);
  });

  it('misses the badges, and reads the note\'s call inside the paragraph, when the blocks do not know what the print changed', () => {
    expect(unreadBlocks(readLayer(bookPage()), textBlocks(badges)).map((reading) => reading.block.text)).toEqual(['Build Status npm', 'See the site for the address, and the build is passing today.']);
  });
});

describe('the blocks in the order printed', () => {
  it('reads a deferred figure\'s blocks after the block it was laid out after, the rest in the text\'s order', () => {
    const blocks = ['a', 'figure', 'caption', 'b', 'c', 'd'];
    expect(printedOrder(blocks)).toEqual(blocks);
    expect(printedOrder(blocks, [{ blocks: [1, 2], after: 4 }])).toEqual(['a', 'b', 'c', 'figure', 'caption', 'd']);
    expect(printedOrder(blocks, [{ blocks: [0], after: -1 }, { blocks: [5], after: 0 }])).toEqual(['a', 'd', 'figure', 'caption', 'b', 'c']);
  });
});

describe('the page scale read from the PDF', () => {
  const stream = (inner: number) => Buffer.from(`.23999999 0 0 -.23999999 0 841.91998 cm\nq\n0 0 2480 3508 re\nW* n\nq\n${inner} 0 0 ${inner} 237.5 237.5 cm\n/G3 gs\nBT\n/F4 16 Tf\n1 0 0 -1 8 22 Tm\n<0016> Tj\nET\nQ\nQ\n`);

  it('reads 100 % where Chromium printed a page at its size, and the shrink where it fitted a wide one', () => {
    expect(scaleAtFirstText(stream(3.125))! / 0.75).toBeCloseTo(1, 5);
    // Chromium's numbers for a 1,200 px wide box on A4 (66.7 %) and for a print scale of 0.7.
    expect(scaleAtFirstText(stream(2.0833335))! / 0.75).toBeCloseTo(0.6667, 3);
    expect(scaleAtFirstText(stream(2.1875))! / 0.75).toBeCloseTo(0.7, 5);
    expect(scaleAtFirstText(Buffer.from('q 1 0 0 1 0 0 cm 0 0 10 10 re f Q'))).toBeUndefined();
  });

  it('reports a page printed at another scale as an error at the first block on it', () => {
    const facts: LayoutFacts = { seen: [], pastRight: [], pastFoot: [], clipped: [], transformed: [], scale: 1, unknown: [] };
    const blocks = textBlocks(publication);
    messages();
    checkPrintedScale([1, 1], facts, blocks, new Map(), publication);
    expect(messages()).toEqual([]);
    checkPrintedScale([1, 0.78], facts, blocks, new Map([[1, blocks[1]]]), publication);
    expect(messages()).toMatchObject([{ rule: 'pdf-page-scaled', fatal: true, line: 8 }]);
  });
});

/** A book's blocks read in its text layer: those not read exactly, and the characters searched (the check's work). */
const readingWork = ({ pages, blocks }: { pages: string[][]; blocks: Parameters<typeof unreadBlocks>[1] }) => {
  const before = searchedCharacters();
  const unread = unreadBlocks(readLayer(pages), blocks);
  return { unread, searched: searchedCharacters() - before };
};

describe('the work of reading a long book', () => {
  /** A book of `count` pages; each page holds its folio, the end of the last page's block and the start of its own. */
  const book = (count: number) => {
    const words = (page: number) => `Block ${page} opens here and reads on, numbered ${page * 7919} so that no two are alike`;
    const half = (page: number) => Math.floor(words(page).length / 2);
    const pages = Array.from({ length: count }, (_, page) => [...(page > 0 ? [words(page - 1).slice(half(page - 1))] : []), `${page + 1}`, words(page).slice(0, half(page))]);
    // One page's text is not there: its blocks are read nowhere.
    pages[Math.floor(count / 2)] = ['something else entirely'];
    return { pages, blocks: Array.from({ length: count }, (_, page) => ({ text: words(page), file: publication.files[0] })) };
  };
  const work = (count: number) => {
    const { unread, searched } = readingWork(book(count));
    expect(unread.length).toBeGreaterThan(0);
    return searched;
  };

  it('looks for where a block goes on in the next page, so its work grows with the book, not with its square', () => {
    const small = work(250);
    const large = work(2000);
    expect(small).toBeGreaterThan(0);
    // Eight times the pages: about eight times the work (it was about 64 times: each search ran to the end of the book).
    expect(large / small).toBeLessThan(12);
  });
});

describe('a block printed ahead of its place', () => {
  /** A book of `count` pages, a block each; every tenth page's short block (a table's number, say) is printed three pages on. */
  const book = (count: number) => {
    const words = (page: number) => `Page ${page} holds a paragraph of its own, numbered ${page * 7919} so that no two are alike`;
    const number = (page: number) => `Q${page}Z`;
    const moved = (page: number) => page % 10 === 0 && page + 3 < count;
    const pages = Array.from({ length: count }, (_, page) => [`${page + 1}`, words(page), ...(page >= 3 && moved(page - 3) ? [number(page - 3)] : [])]);
    const blocks = Array.from({ length: count }, (_, page) => [words(page), ...(moved(page) ? [number(page)] : [])]).flat();
    return { pages, blocks: blocks.map((text) => ({ text, file: publication.files[0] })) };
  };
  const work = (count: number) => {
    const { unread, searched } = readingWork(book(count));
    expect(unread).toEqual([]);
    return searched;
  };

  it('leaves the blocks after it to be looked for near the reading, not in the whole book', () => {
    const small = work(1000);
    const large = work(4000);
    expect(small).toBeGreaterThan(0);
    // Four times the pages: about four times the work (4.5; it was about 11). Each block the
    // number left behind the reading was looked for from the book's start, and a generated
    // 1,000-page book's check took 7 s.
    expect(large / small).toBeLessThan(6);
  });
});

describe('a character no font draws', () => {
  it('is left out of the reading (the font check reports it), so its block reads at once', async () => {
    const file = path.join(work, 'undrawn.md');
    await writeFile(file, '---\ntitle: U\nlang: en\n---\n\nA letter no face draws, Ӓ, in a sentence.\n');
    const undrawn = (await readPublication(file, { sourceDateEpoch: '1700000000' })).publication!;
    const blocks = textBlocks(undrawn);
    // Chromium prints it as a blank (a .notdef glyph), which maps to no text.
    const pages = [['U', '1', 'A letter no face draws, , in a sentence.']];
    const firstOnPage = await checkTextLayer(pages, blocks, undrawn, new Set(), undefined, new Set(['Ӓ']));
    expect(firstOnPage.get(0)?.text).toContain('A letter no face draws');
    expect(undrawn.files.flatMap((each) => each.messages)).toEqual([]);
    // Not said to be undrawn: looked for in every other way, and not read on its page.
    const read = [...(await checkTextLayer(pages, blocks, undrawn)).values()].map((block) => block.text);
    expect(read.join('\n')).not.toContain('A letter no face draws');
  });
});
