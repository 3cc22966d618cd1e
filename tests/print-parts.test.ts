import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { build } from '../src/build.ts';
import { BrowserProvider } from '../src/browser/provider.ts';
import type { BrowserSession } from '../src/browser/session.ts';
import { checkPdf, pdfOutline, type PdfOutlineEntry } from './helpers/validators.ts';

/**
 * Issue 23 item 7, long books: Chromium's tagged print takes time that grows with the square of
 * the document, so a long Paged.js book is printed in parts (the other pages hidden) and the
 * parts joined (src/pdf/join.ts). Here the part size is lowered to a few pages, and the book
 * printed in parts must equal the same book printed at once: every page and its text (folios,
 * chapter numbers and note numbers count on across parts), a structure tree whose marked
 * content resolves on every page, the same bookmarks nested the same way (a chapter's
 * sections in a later part stay its children), and every internal link (the contents' links to
 * chapters in later parts, the note calls, a cross-reference) leading to the same page.
 */
const filler = 'Printing a long book in parts keeps the time of each print in proportion to its part, and the joined file must hold all that one print of the whole would hold. ';

async function writeBook(dir: string): Promise<void> {
  await mkdir(dir, { recursive: true });
  await writeFile(path.join(dir, '00-front.md'), '---\ntitle: A Book in Parts\nlang: en\n---\n');
  for (let k = 1; k <= 6; k++) {
    const sections = [1, 2, 3].map((s) =>
      [
        `## Section ${k}.${s}`,
        `${filler.repeat(3)}A remark that needs a note.[^n${k}-${s}]`,
        `### Detail ${k}.${s}`,
        filler.repeat(4),
        // A link to a chapter printed in another part: the contents are not the only one.
        k === 1 && s === 1 ? 'The last chapter, [Chapter 6](06-chapter.md), closes the book.' : filler.repeat(2),
        `[^n${k}-${s}]: The note of section ${k}.${s}, at the foot of its page.`,
      ].join('\n\n'),
    );
    await writeFile(path.join(dir, `${String(k).padStart(2, '0')}-chapter.md`), `# Chapter ${k}\n\n${filler.repeat(2)}\n\n${sections.join('\n\n')}\n`);
  }
}

interface Printed {
  pages: string[];
  structElements: number[];
  structTrees: boolean[];
  links: { page: number; target: number }[];
  outline: PdfOutlineEntry[];
}

/** What pdf.js reads of each page: its text, its structure tree's elements, its internal links' target pages. */
async function readPrinted(file: string): Promise<Printed> {
  const pdfjs = await import('pdfjs-dist/legacy/build/pdf.mjs');
  const document = await pdfjs.getDocument({ data: new Uint8Array(await readFile(file)), isEvalSupported: false, disableFontFace: true, verbosity: 0, stopAtErrors: true }).promise;
  try {
    const printed: Printed = { pages: [], structElements: [], structTrees: [], links: [], outline: await pdfOutline(file) };
    type Node = { role?: string; children?: Node[] };
    const count = (node: Node): number => (node.role ? 1 : 0) + (node.children ?? []).reduce((sum, child) => sum + ('role' in child ? count(child) : 0), 0);
    for (let number = 1; number <= document.numPages; number++) {
      const page = await document.getPage(number);
      const content = await page.getTextContent();
      printed.pages.push(content.items.map((item) => ('str' in item ? item.str : '')).join(''));
      const tree = (await page.getStructTree()) as Node | null;
      printed.structTrees.push(Boolean(tree?.children?.length));
      printed.structElements.push(tree ? count(tree) : 0);
      for (const annotation of (await page.getAnnotations()) as Array<{ subtype: string; dest?: unknown }>) {
        if (annotation.subtype !== 'Link' || annotation.dest === undefined) continue;
        const destination = typeof annotation.dest === 'string' ? await document.getDestination(annotation.dest) : (annotation.dest as unknown[]);
        const target = destination ? (await document.getPageIndex(destination[0] as { num: number; gen: number })) + 1 : 0;
        printed.links.push({ page: number, target });
      }
    }
    return printed;
  } finally {
    await document.destroy();
  }
}

describe('a book printed in parts and joined', () => {
  let dir: string;
  let whole: Printed;
  let parts: Printed;
  let session: BrowserSession;
  let joined: string;
  let results: Awaited<ReturnType<typeof build>>[];

  beforeAll(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'octavo-print-parts-'));
    await writeBook(path.join(dir, 'book'));
    const print = async (partPages: number, out: string) => {
      const browser = new BrowserProvider({ partPages });
      try {
        const result = await build({ input: path.join(dir, 'book'), out: path.join(dir, out), template: 'book', paper: 'a5', formats: ['pdf'], sourceDateEpoch: '1700000000', browser });
        if (partPages < 100) session = await browser.get();
        return result;
      } finally {
        await browser.close();
      }
    };
    results = [await print(1000, 'whole'), await print(7, 'parts')];
    joined = path.join(dir, 'parts/book.pdf');
    [whole, parts] = [await readPrinted(path.join(dir, 'whole/book.pdf')), await readPrinted(joined)];
  }, 300_000);
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it('was printed in parts, and both builds pass their checks (text layer, layout, blocks on pages)', async () => {
    for (const result of results) {
      expect(result.ok).toBe(true);
      expect(result.files.flatMap((file) => file.messages.filter((message) => message.fatal || message.ruleId === 'broken-link').map((message) => message.reason))).toEqual([]);
    }
    expect(whole.pages.length).toBeGreaterThan(21);
    expect(session.partsPrinted).toBeGreaterThanOrEqual(3);
    expect(session.partsJoined).toBeGreaterThanOrEqual(1);
    await checkPdf(joined);
  });

  it('has every page with the text of the single print (folios, chapter and note numbers counted on)', () => {
    expect(parts.pages.length).toBe(whole.pages.length);
    expect(parts.pages).toEqual(whole.pages);
  });

  it('has one structure tree whose marked content resolves on every page', () => {
    // Every page that prints text has its marked content in the tree (a blank page has none).
    expect(whole.structTrees).toEqual(whole.pages.map((text) => text.trim() !== ''));
    expect(parts.structTrees).toEqual(whole.structTrees);
    expect(parts.structElements).toEqual(whole.structElements);
  });

  it('has the bookmarks of the single print: titles, nesting across parts and pages', () => {
    const depth = (entries: PdfOutlineEntry[]): number => Math.max(0, ...entries.map((entry) => 1 + depth(entry.kids)));
    const count = (entries: PdfOutlineEntry[]): number => entries.reduce((sum, entry) => sum + 1 + count(entry.kids), 0);
    // The chapters, their sections and the sections' details: 6 × (1 + 3 × 2) headings at least, three levels deep.
    expect(count(whole.outline)).toBeGreaterThanOrEqual(42);
    expect(depth(whole.outline)).toBeGreaterThanOrEqual(3);
    expect(parts.outline).toEqual(whole.outline);
  });

  it('has every internal link leading to the page it leads to in the single print', () => {
    // The contents' links to the chapters, the cross-reference and the note calls; some lead into another part.
    expect(whole.links.length).toBeGreaterThan(20);
    expect(whole.links.every((link) => link.target > 0)).toBe(true);
    const size = Math.ceil(whole.pages.length / Math.ceil(whole.pages.length / 7));
    expect(whole.links.filter((link) => Math.floor((link.page - 1) / size) !== Math.floor((link.target - 1) / size)).length).toBeGreaterThan(3);
    expect(parts.links).toEqual(whole.links);
  });
});
