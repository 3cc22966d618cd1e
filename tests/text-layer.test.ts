import { access, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { octavo, type CliResult } from './helpers/cli.ts';
import { mm, pdfLayout, type PageLayout } from './helpers/pdf-layout.ts';
import { templateCopy } from './helpers/template-copy.ts';

/**
 * The PDF's text layer read back exactly (src/writers/pdf/text-layer.ts) and every page
 * printed at 100 % (src/pdf/page-scale.ts), on a corpus of what issue 21 found refused or
 * shrunk, in both templates; measured here with pdf.js, not with the reader the build uses.
 * And a text layer that really lacks characters the layout holds fails the PDF with an error
 * at the block (tests/unit/text-layer.test.ts has the check find glyphs mapped to no text).
 */
const token = (length: number, unit: string) => unit.repeat(Math.ceil(length / unit.length)).slice(0, length);
const url = (length: number) => `https://example.org/${token(length - 20, 'a1b2c3d4e5')}`;
const typeList = (length: number) => `${`{${Array.from({ length: 100 }, (_, at) => String.fromCharCode(65 + (at % 26)) + String.fromCharCode(65 + ((at * 7) % 26))).join('|')}`.slice(0, length - 1)}}`;
const lengths = [70, 100, 150, 200];

/** Each case, and the text its block must read back as (NFC, white space aside). */
const cases = {
  autolinks: Array.from({ length: 105 }, (_, at) => `https://example.org/changes/${at + 1}`),
  quotedCode: ['> > > quoted in code', '> > > > deeper'],
  vietnamese: ['Tiếng Việt có dấu: người, những, được, thưởng thức.'],
  ipa: ['In IPA the French bon is [bɔ̃] and the schwa is nasal: ə̃.'],
  arabicEnding: ['The price ends in Arabic with a number: 350'],
  urls: lengths.map((n) => `An address ${url(n)} of ${n} characters.`),
  words: lengths.map((n) => `A word ${token(n, 'pneumonoultramicroscopic')} of ${n} characters.`),
  typeLists: lengths.map((n) => `A type list ${typeList(n)} of ${n} characters.`),
  cells: lengths.map((n) => token(n, 'tablecellvalue')),
  formula: ['and x=y+z*2-w/3 in text.'],
  plainTable: ['+----+----+', '| a  | b  |'],
  the: ['The first paragraph: The quick brown fox. The end of it.', 'The last paragraph. The very end.'],
};

const corpus = `---
title: Text layer corpus
lang: en
---

# Text layer corpus

The first paragraph: The quick brown fox. The end of it.

## Autolinks

${cases.autolinks.map((address) => `- <${address}>`).join('\n')}

## Dashes

${Array.from({ length: 120 }, () => '-').join(' ')}

## Code

\`\`\`
${cases.quotedCode.join('\n')}
\`\`\`

## Scripts

${cases.vietnamese[0].normalize('NFD')}

In IPA the French *bon* is [bɔ̃] and the schwa is nasal: ə̃.

The price ends in Arabic with a number: السعر هو 350

## Long tokens

${cases.urls.join('\n\n')}

${cases.words.join('\n\n')}

${lengths.map((n) => `A type list \`${typeList(n)}\` of ${n} characters.`).join('\n\n')}

| length | cell |
| --- | --- |
${lengths.map((n, at) => `| ${n} | ${cases.cells[at]} |`).join('\n')}

## Formula

Without spaces: $a^2+b^2=c^2$ and $E=mc^2$, and x=y+z*2-w/3 in text.

## Plain-text table

\`\`\`
+----+----+
| a  | b  |
+----+----+
\`\`\`

+----+----+
| a  | b  |
+----+----+

The last paragraph. The very end.
`;

/** Each page's text items and the scale it is printed at (its transformation where it first shows text, over 0.75 pt per CSS px), read by pdf.js. */
async function pdfJsPages(file: string): Promise<Array<{ items: string[]; scale?: number }>> {
  const pdfjs = await import('pdfjs-dist/legacy/build/pdf.mjs');
  const document = await pdfjs.getDocument({ data: new Uint8Array(await readFile(file)), isEvalSupported: false, disableFontFace: true, verbosity: 0 }).promise;
  try {
    const pages = [];
    for (let number = 1; number <= document.numPages; number++) {
      const page = await document.getPage(number);
      const items = (await page.getTextContent()).items.flatMap((item) => ('str' in item ? [item.str] : []));
      const { fnArray, argsArray } = await page.getOperatorList();
      let ctm = [1, 0, 0, 1, 0, 0];
      const stack: number[][] = [];
      let scale: number | undefined;
      for (let at = 0; at < fnArray.length && scale === undefined; at++) {
        const op = fnArray[at];
        if (op === pdfjs.OPS.save) stack.push(ctm);
        else if (op === pdfjs.OPS.restore) ctm = stack.pop() ?? ctm;
        else if (op === pdfjs.OPS.transform) {
          const [a, b, c, d, e, f] = argsArray[at] as number[];
          ctm = [a * ctm[0] + b * ctm[2], a * ctm[1] + b * ctm[3], c * ctm[0] + d * ctm[2], c * ctm[1] + d * ctm[3], e * ctm[0] + f * ctm[2] + ctm[4], e * ctm[1] + f * ctm[3] + ctm[5]];
        } else if (op === pdfjs.OPS.beginText) scale = Math.sqrt(Math.abs(ctm[0] * ctm[3] - ctm[1] * ctm[2])) / 0.75;
      }
      pages.push({ items, scale });
    }
    return pages;
  } finally {
    await document.destroy();
  }
}

/** The page furniture a case split across a page break reads around: running heads (the title, a heading) and folios. */
const headings = new Set(['Text layer corpus', ...[...corpus.matchAll(/^## (.+)$/gm)].map((match) => match[1])].map((text) => text.toLowerCase()));
const furniture = (item: string) => /^\s*(\d+|page \d+ of \d+)\s*$/i.test(item) || headings.has(item.trim().toLowerCase());
/** Text as compared: NFC, without white space or page furniture; a hyphen alone in an item (a line end's) left out. */
const flat = (items: readonly string[]) => items.filter((item) => !/^\s*[-\u2010]\s*$/.test(item)).join('').normalize('NFC').replace(/\s+/g, '');
/** A page's items without its furniture, which both templates' pages give first (a running head, a folio). */
const body = (items: readonly string[]) => items.filter((item, at) => at >= 2 || !furniture(item));
const squeeze = (text: string) => text.normalize('NFC').replace(/\s+/g, '');
const count = (text: string, word: RegExp) => text.match(word)?.length ?? 0;

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'octavo-text-layer-'));
});
afterAll(() => rm(dir, { recursive: true, force: true }));

const templates = [
  { name: 'handout', rightMargin: 24 * mm },
  { name: 'book', rightMargin: 16 * mm },
] as const;

describe.each(templates)('the issue 21 corpus in the $name template', (template) => {
  let result: CliResult;
  let pages: Array<{ items: string[]; scale?: number }>;
  let layout: PageLayout[];

  beforeAll(async () => {
    const folder = path.join(dir, template.name);
    await mkdir(folder);
    await writeFile(path.join(folder, 'corpus.md'), corpus);
    result = await octavo(['build', path.join(folder, 'corpus.md'), '--out', folder, '--format', 'pdf', '--template', template.name]);
    pages = result.code === 0 ? await pdfJsPages(path.join(folder, 'corpus.pdf')) : [];
    layout = result.code === 0 ? await pdfLayout(path.join(folder, 'corpus.pdf')) : [];
  });

  it('builds with exit 0 and no diagnostic about its text layer or layout', () => {
    expect(result.stderr).not.toMatch(/pdf-text-layer|pdf-block-|pdf-page-scaled|nesting-too-deep/);
    expect(result.code, result.stderr).toBe(0);
  });

  it('prints every page at 100 %, as the PDF says', () => {
    const scales = pages.map((page) => page.scale).filter((scale) => scale !== undefined);
    expect(scales.length).toBeGreaterThan(3);
    for (const scale of scales) expect(scale).toBeCloseTo(1, 4);
  });

  it('puts nothing past the right margin', () => {
    const past = layout.flatMap((page) => page.words.filter((word) => word.x1 > page.width - template.rightMargin + 1).map((word) => `page ${page.number}: ${word.text}`));
    expect(past).toEqual([]);
  });

  it('reads back every case exactly (NFC) with pdf.js', () => {
    const text = flat(pages.flatMap((page) => body(page.items)));
    for (const [name, expected] of Object.entries(cases)) for (const each of expected) expect(text, name).toContain(squeeze(each));
    // The Arabic words themselves (pdf.js gives each right-to-left run in its own order).
    const items = pages.flatMap((page) => page.items);
    expect(items).toContain('السعر');
    expect(items).toContain('هو');
  });

  it('reads every "The" as "The", none as "Te"', () => {
    const text = pages.flatMap((page) => page.items).join(' ');
    const written = count(corpus.replace(/^---[\s\S]*?---/, ''), /\bThe\b/g);
    expect(written).toBe(6);
    expect(count(text, /\bThe\b/g)).toBe(written);
    expect(count(text, /\bTe\b/g)).toBe(0);
  });
});

const exists = (file: string) => access(file).then(() => true, () => false);

describe('a text layer that lacks characters fails the PDF with an error at the block', () => {
  it.each(['handout', 'book'])('letters laid out but not printed (%s)', async (from) => {
    // The layout holds the paragraph, on its page and inside the area (no layout error); the page does not print the code span's two letters.
    const folder = path.join(dir, `hidden-${from}`);
    await mkdir(folder);
    await templateCopy(folder, from, `hidden-${from}`, 'code { visibility: hidden; }');
    await writeFile(path.join(folder, 'hidden.md'), '---\ntitle: Hidden\nlang: en\n---\n\n# Hidden\n\nFine: a paragraph long enough to place it, then `Fn` and the rest of it, which goes on.\n');
    const result = await octavo(['build', path.join(folder, 'hidden.md'), '--out', path.join(folder, 'out'), '--template', `hidden-${from}`]);
    expect(result.code).toBe(1);
    expect(result.stderr).not.toMatch(/pdf-block-/);
    expect(result.stderr).toMatch(/8:1-8:\d+\s+error\s+The PDF's text layer lost characters of this block: after "ghtoplaceit,then" the manuscript has "Fn", the PDF's text goes on with "andtherestofit,w"[\s\S]*?pdf-text-layer/);
    expect(await exists(path.join(folder, 'out', 'hidden.pdf'))).toBe(false);
    // One failed format does not cost the others.
    expect(await exists(path.join(folder, 'out', 'hidden.epub'))).toBe(true);
  });
});
