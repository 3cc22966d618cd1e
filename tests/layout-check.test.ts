import { access, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { octavo, type CliResult } from './helpers/cli.ts';
import { mm, pdfLayout, type PageLayout } from './helpers/pdf-layout.ts';
import { pdftotext } from './helpers/validators.ts';
import { templateCopy } from './helpers/template-copy.ts';

/**
 * The PDF's layout, checked from the PDF and by the build's own layout check
 * (src/writers/pdf/laid-out.ts). Tokens of 70–200 characters (addresses, words, code) wrap, so
 * every page prints at 100 % with nothing past the right margin (one such token used to make
 * Chromium shrink every page to 55–89 %); a layout that really loses text (a 2 mm page area, a
 * table row Paged.js cannot place) fails the PDF with an error at the block; documents the old
 * text-matching check refused build.
 */
const templates = [
  { name: 'handout', paper: 'a4', rightMargin: 24 * mm },
  // The book's margins are mirrored: 16 mm is the narrower outer one.
  { name: 'book', paper: 'a5', rightMargin: 16 * mm },
] as const;

const token = (length: number, unit: string) => unit.repeat(Math.ceil(length / unit.length)).slice(0, length);
const url = (length: number) => `https://example.org/${token(length - 20, 'a1b2c3d4e5')}`;
const long = {
  url70: url(70),
  url100: url(100),
  word90: `Pneumono${token(82, 'ultramicroscopic')}`,
  span80: `{${Array.from({ length: 27 }, (_, at) => String.fromCharCode(65 + (at % 26)).repeat(2)).join('|')}}`.slice(0, 80),
  cell150: url(150),
  cellCode120: token(120, 'identifier_'),
  code200: token(200, 'base64+/='),
  text200: token(200, 'tokenised'),
};

const plain = 'Kilimanjaro stands in an ordinary paragraph of ordinary words, set at the body size.';

const longTokens = `---
title: Long tokens
lang: en
---

# Long tokens

${plain}

An address ${long.url70} and another ${long.url100} in a sentence.

A long word ${long.word90} in a sentence.

A type list \`${long.span80}\` in a code span.

A token ${long.text200} of two hundred characters.

| name | value |
| --- | --- |
| address | ${long.cell150} |
| code | \`${long.cellCode120}\` |

\`\`\`
${long.code200}
\`\`\`

${plain}
`;

/** The heights of the boxes of `word`: the type size it was printed at, whatever the font's metrics. */
function wordHeights(pages: readonly PageLayout[], word: string): number[] {
  return pages.flatMap((page) => page.words.filter((each) => each.text.startsWith(word)).map((each) => each.y1 - each.y0));
}

const flat = (text: string) => text.replace(/[\s\u00ad-]+/g, '');

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'octavo-layout-check-'));
});
afterAll(() => rm(dir, { recursive: true, force: true }));

describe.each(templates)('long tokens in the $name template', (template) => {
  let result: CliResult;
  let pages: PageLayout[];
  let reference: PageLayout[];
  let text: string;

  beforeAll(async () => {
    const folder = path.join(dir, `long-${template.name}`);
    await mkdir(folder);
    await writeFile(path.join(folder, 'long.md'), longTokens);
    await writeFile(path.join(folder, 'plain.md'), `---\ntitle: Plain\nlang: en\n---\n\n${plain}\n`);
    const build = (name: string) => octavo(['build', path.join(folder, `${name}.md`), '--out', folder, '--format', 'pdf', '--template', template.name, '--paper', template.paper]);
    result = await build('long');
    const plainResult = await build('plain');
    expect(plainResult.code, plainResult.stderr).toBe(0);
    reference = await pdfLayout(path.join(folder, 'plain.pdf'));
    pages = result.code === 0 ? await pdfLayout(path.join(folder, 'long.pdf')) : [];
    text = result.code === 0 ? await pdftotext(path.join(folder, 'long.pdf')) : '';
  });

  it('builds, with no layout error', () => {
    expect(result.stderr).not.toMatch(/pdf-block-|pdf-page-scaled/);
    expect(result.code, result.stderr).toBe(0);
  });

  it('prints every page at 100 %: the body type is the size of a plain text’s', () => {
    // At the 73 % Chromium shrank such a text to, the word was 0.73 times as tall; the paragraph opens and closes the text.
    const [size] = wordHeights(reference, 'Kilimanjaro');
    const sizes = wordHeights(pages, 'Kilimanjaro');
    expect(sizes).toHaveLength(2);
    for (const each of sizes) expect(each / size).toBeCloseTo(1, 2);
  });

  it('puts nothing past the right margin', () => {
    const past = pages.flatMap((page) => page.words.filter((word) => word.x1 > page.width - template.rightMargin + 1).map((word) => `page ${page.number}: ${word.text} (${((word.x1 - page.width + template.rightMargin) / mm).toFixed(1)} mm)`));
    expect(past).toEqual([]);
  });

  it('prints every token whole', () => {
    const printed = flat(text);
    for (const [name, value] of Object.entries(long)) expect(printed, name).toContain(flat(value));
  });
});

const exists = (file: string) => access(file).then(() => true, () => false);

describe('a layout that loses text fails the PDF with an error at the block', () => {
  const narrowText = `---\ntitle: Narrow\nlang: en\n---\n\n# Narrow\n\nA paragraph of ordinary words.\n\n- an item of a list\n`;

  it.each([
    { from: 'handout', css: '@page { margin: 20mm 104mm; }' },
    { from: 'book', css: '@page { margin: 20mm 72mm; } @page :left { margin: 20mm 72mm; } @page :right { margin: 20mm 72mm; }' },
  ])('a page area 2 mm wide ($from)', async ({ from, css }) => {
    const folder = path.join(dir, `narrow-${from}`);
    await mkdir(folder);
    await templateCopy(folder, from, `narrow-${from}`, css);
    await writeFile(path.join(folder, 'narrow.md'), narrowText);
    const result = await octavo(['build', path.join(folder, 'narrow.md'), '--out', path.join(folder, 'out'), '--format', 'pdf', '--template', `narrow-${from}`]);
    expect(result.code).toBe(1);
    // The list item (line 10) cannot be laid out in 2 mm: its text starts past the area's edge.
    expect(result.stderr).toMatch(/10:1-10:\d+\s+error\s+This block runs [\d.,]+ mm past the right edge of the page area: “an item of a list”\s+pdf-block-past-edge/);
    expect(await exists(path.join(folder, 'out', 'narrow.pdf'))).toBe(false);
  });

  it('a table row taller than a page, whose rows Paged.js loses (book)', async () => {
    const folder = path.join(dir, 'tall-row');
    await mkdir(folder);
    const words = (count: number, seed: string) => Array.from({ length: count }, (_, at) => `${seed}${at % 7}`).join(' ');
    const rows = [2, 900, 3, 400, 2].map((count, at) => `| r${at + 1} | ${words(count, 'word')} | m${at + 1} |`);
    await writeFile(path.join(folder, 'tall.md'), `---\ntitle: Tall\nlang: en\n---\n\n# Tall\n\n${words(120, 'lead')}.\n\n| # | notes | more |\n| --- | --- | --- |\n${rows.join('\n')}\n\nAfter the table.\n`);
    const result = await octavo(['build', path.join(folder, 'tall.md'), '--out', path.join(folder, 'out'), '--format', 'pdf', '--template', 'book']);
    expect(result.code).toBe(1);
    // The cells of the rows after the tall one are on no page, each named at its place in the table.
    expect(result.stderr).toMatch(/1[2-5]:\d+-1[2-5]:\d+\s+error\s+The PDF lost this block: the layout put it on no page: “(r|m)\d”\s+pdf-block-lost/);
    expect(await exists(path.join(folder, 'out', 'tall.pdf'))).toBe(false);
  });
});

describe.each(templates)('documents the text-matching check refused ($name)', (template) => {
  it('build with exit 0 and every block on its page', async () => {
    const folder = path.join(dir, `correct-${template.name}`);
    await mkdir(folder);
    const vietnamese = 'Tiếng Việt có dấu: người, những, được, thưởng thức.'.normalize('NFD');
    await writeFile(path.join(folder, 'correct.md'), `---
title: Correct
lang: en
---

# Correct

The address https://example.org/${token(100, 'abcdefghij')}/index.html is printed whole.

The price ends in Arabic with a number: السعر هو 350

${vietnamese}

In IPA the French *bon* is [bɔ̃].

+----------+----------+
| column a | column b |
+----------+----------+

Formulas without spaces: $a^2+b^2=c^2$ and $E=mc^2$.
`);
    const result = await octavo(['build', path.join(folder, 'correct.md'), '--out', folder, '--format', 'pdf', '--template', template.name, '--paper', template.paper]);
    expect(result.stderr).not.toMatch(/ error /);
    expect(result.code, result.stderr).toBe(0);
    expect(flat(await pdftotext(path.join(folder, 'correct.pdf')))).toContain(flat(`https://example.org/${token(100, 'abcdefghij')}/index.html`));
  });
});
