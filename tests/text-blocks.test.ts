import { describe, expect, it } from 'vitest';
import { h } from 'hastscript';
import { VFile } from 'vfile';
import type { Publication } from '../src/document/publication.ts';
import { blocksOf, gap, missingBlocks, textBlocks } from '../src/document/text-blocks.ts';

/** The text-completeness check on a block whose math (laid out in two dimensions) is left out of the comparison. */
describe('text blocks around left-out math', () => {
  const file = new VFile({ path: 'math.md' });
  const tree = h(null, [h('p', ['Inline, ', h('math', [h('mi', 'e')]), ' joins five constants; the area is ', h('math', [h('mi', 'A')]), '.'])]);
  const blocks = blocksOf(tree, file);

  it('splits the block where the math was', () => {
    expect(blocks.map((block) => block.text)).toEqual([`Inline, ${gap} joins five constants; the area is ${gap}.`]);
  });

  it('finds it when the print holds the math between its pieces', () => {
    expect(missingBlocks('Running head\nInline, eiπ + 1 = 0 joins five constants; the area is A = πr2.\n1', blocks)).toEqual([]);
  });

  it('reports it when a piece is gone', () => {
    expect(missingBlocks('Inline, eiπ + 1 = 0 joins five; the area is A = πr2.', blocks)).toEqual(blocks);
  });
});

describe('a block whose first lines an earlier block shares', () => {
  const file = new VFile({ path: 'readme.md' });
  const shared = 'import { PDFDocument } from "pdf-lib"\n// This should be a Uint8Array or ArrayBuffer\n';
  // More text between them than the check looks ahead for a split block's next piece.
  const between = 'Between the two examples. '.repeat(400);
  const tree = h(null, [h('pre', `${shared}const formBytes = 1`), h('p', between), h('pre', `${shared}const existingBytes = 2`)]);
  const blocks = blocksOf(tree, file);

  it('is found where it is, split by a page break, not where the earlier one starts', () => {
    const print = `${shared}const formBytes = 1\n${between}\nimport { PDFDocument } from "pdf-lib"\n// This should be a Uint8\n21\nRunning head\nArray or ArrayBuffer\nconst existingBytes = 2`;
    expect(missingBlocks(print, [blocks[2]])).toEqual([]);
  });

  it('is missing when its own last line is gone', () => {
    const print = `${shared}const formBytes = 1\n${between}\n${shared}`;
    expect(missingBlocks(print, [blocks[2]])).toEqual([blocks[2]]);
  });
});

describe('loose text outside any block', () => {
  const file = new VFile({ path: 'loose.md' });
  const long = 'A paragraph between them. '.repeat(400);
  const tree = h(null, [h('span.missing-image', '[image]'), h('p', long), h('span.missing-image', '[figure]')]);
  const blocks = blocksOf(tree, file);

  it('is a block for each piece, however far apart they print', () => {
    expect(blocks.map((block) => block.text)).toEqual(['[image]', long, '[figure]']);
    expect(missingBlocks(`[image]\n${long}\n[figure]`, blocks)).toEqual([]);
  });
});

describe('addresses in angle brackets', () => {
  const file = new VFile({ path: 'autolinks.md' });
  const blocks = blocksOf(h(null, [h('p', '<https://foo.bar/baz bim>'), h('p', '< https://foo.bar >'), h('p', 'After them.')]), file);
  it('count on neither side, however a reader spaces them', () => {
    expect(missingBlocks('<https://foo.bar/bazbim>\n<https://foo.bar>\nAfter them.', blocks)).toEqual([]);
    expect(missingBlocks('< https://foo.bar/baz bim >\n< https://foo.bar >\nAfter them.', blocks)).toEqual([]);
    expect(missingBlocks('<https://foo.bar/bazbim>\n<https://foo.bar>', blocks)).toEqual([blocks[2]]);
  });
});

describe('emoji with and without a skin tone', () => {
  const file = new VFile({ path: 'emoji.md' });
  const blocks = blocksOf(h(null, [h('p', 'A toned 👍🏽 first.'), h('p', 'Then 👍 alone.')]), file);
  it('are one emoji to the check, as a font that draws both with one glyph reads them', () => {
    // Noto Emoji's 👍 glyph maps to what Chromium drew first: here 👍🏽, so the plain one reads toned too.
    expect(missingBlocks('A toned 👍🏽 first.\nThen 👍🏽 alone.', blocks)).toEqual([]);
    expect(missingBlocks('A toned 👍 first.\nThen 👍 alone.', blocks)).toEqual([]);
    expect(missingBlocks('A toned 👍🏽 first.\nThen alone.', blocks)).toEqual([blocks[1]]);
  });
});

describe('a chapter of 200,000 paragraphs (issue 12, any size)', () => {
  it('gives its blocks: nothing spreads them into function arguments', () => {
    const file = new VFile({ path: 'long.md' });
    const tree = h(null, Array.from({ length: 200_000 }, (_, i) => h('p', `Paragraph ${i}.`)));
    const publication = { chapters: [{ tree, file, hasOwnHeading: true, title: 'Long' }], parts: [] } as unknown as Publication;
    const blocks = textBlocks(publication);
    expect(blocks).toHaveLength(200_000);
    expect(blocks.at(-1)!.text).toBe('Paragraph 199999.');
  });
});

/** ip-address's README in the handout: a link's note call, then a page break, 10 letters apart. */
describe('a block cut by a page break a few letters after a note call', () => {
  const file = new VFile({ path: 'readme.md' });
  const tree = h(null, [h('p', ['a range (', h('a', { href: 'https://example.org/rfc8215' }, 'RFC 8215'), '), or an IPv4-mapped address whose embedded IPv4 address is private.'])]);
  const blocks = blocksOf(tree, file, { addsAfter: (node) => node.type === 'element' && node.tagName === 'a' });
  const printed = 'a range (RFC 8215133), or an IPv4-\npage 12 of 20\nREADME\nmapped address whose embedded IPv4 address is private.';

  it('is found: the short piece before the foot starts where the call ends', () => {
    expect(blocks[0].text).toContain(gap);
    expect(missingBlocks(printed, blocks)).toEqual([]);
  });

  it('is missing when the lines after the page break are gone', () => {
    expect(missingBlocks('a range (RFC 8215133), or an IPv4-\npage 12 of 20\nREADME\nprivate.', blocks)).toEqual(blocks);
  });

  it('is missing when the short piece is not where the call ends', () => {
    expect(missingBlocks('a range (RFC 8215133) and more text here, or an IPv4-\npage 12 of 20\nREADME\nmapped address whose embedded IPv4 address is private.', blocks)).toEqual(blocks);
  });
});
