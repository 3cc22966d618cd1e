import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { strFromU8, unzipSync } from 'fflate';
import { PDFArray, PDFDict, PDFDocument, PDFName, PDFRef } from 'pdf-lib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { octavo, type CliResult } from './helpers/cli.ts';
import { ace, epubcheck, normalizePdfText, pdftotext, vnu } from './helpers/validators.ts';

/**
 * The features book (tests/fixtures/features/input): five chapters that together use every
 * piece of Markdown Octavo reads — figures of all five image types, GFM tables, task lists,
 * strikethrough, autolinks and footnotes, custom heading ids and links across chapters,
 * definition lists, highlighted code, inline and display math, pull quotes and alerts —
 * built into all three formats and judged by the validators and by structure.
 */
const input = 'tests/fixtures/features/input';
const chapters = ['Introduction', 'Figures', 'Code', 'Mathematics', 'Lists and terms'];

describe('the features book', () => {
  let out: string;
  let result: CliResult;
  let html: string;
  let epub: Record<string, string>;
  let epubBytes: Record<string, Uint8Array>;
  let opf: string;

  beforeAll(async () => {
    out = await mkdtemp(path.join(os.tmpdir(), 'octavo-features-'));
    result = await octavo(['build', input, '--out', out], { env: { SOURCE_DATE_EPOCH: '1700000000' } });
    html = await readFile(path.join(out, 'input.html'), 'utf8');
    epubBytes = unzipSync(await readFile(path.join(out, 'input.epub')));
    epub = Object.fromEntries(Object.entries(epubBytes).filter(([name]) => /\.(xhtml|opf|css|ncx)$/.test(name)).map(([name, data]) => [name, strFromU8(data)]));
    opf = epub['EPUB/package.opf'];
  });
  afterAll(() => rm(out, { recursive: true, force: true }));

  it('builds all three formats with no warning', () => {
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    for (const name of ['input.epub', 'input.pdf', 'input.html']) expect(result.stdout).toContain(name);
  });

  it('writes an EPUB that EPUBCheck passes with no errors and no warnings', async () => {
    expect((await epubcheck(path.join(out, 'input.epub'))).filter((f) => f.severity !== 'INFO' && f.severity !== 'USAGE')).toEqual([]);
  });

  it('writes an EPUB that DAISY Ace passes with no violation', async () => {
    expect(await ace(path.join(out, 'input.epub'))).toEqual([]);
  });

  it('writes HTML that the Nu HTML Checker passes with no errors', async () => {
    expect((await vnu(path.join(out, 'input.html'))).filter((f) => f.severity === 'ERROR')).toEqual([]);
  });

  it('prints every chapter into the PDF', async () => {
    const text = normalizePdfText(await pdftotext(path.join(out, 'input.pdf')));
    for (const title of chapters) expect(text).toContain(normalizePdfText(title));
    for (const words of ['This book exists to be built', 'A GIF: an old format', 'export function countWords', 'joins five constants', 'The print format, made here']) {
      expect(text).toContain(normalizePdfText(words));
    }
    // No Markdown syntax shows: neither custom ids nor block quote markers.
    expect(text).not.toMatch(/\{#|\[!(PULL|NOTE|TIP|WARNING)\]/);
  });

  it('shows none of the extension syntax in the HTML or the EPUB', () => {
    // Outside stylesheets (whose comments document the syntax) and code (the table shows it as code).
    const prose = (text: string) => text.replace(/<style>[\s\S]*?<\/style>|<code[^>]*>[\s\S]*?<\/code>/g, '');
    for (const text of [html, ...Object.entries(epub).filter(([name]) => !name.endsWith('.css')).map(([, text]) => text)]) {
      expect(prose(text)).not.toMatch(/\{#[a-z]|\[!(PULL|NOTE|TIP|WARNING)\]|\$\$|\$e\^/);
    }
  });

  it('highlights code at build time, with token spans and no script', () => {
    const js = /<pre><code class="language-js">([\s\S]*?)<\/code><\/pre>/.exec(html)?.[1] ?? '';
    expect(js).toContain('<span class="pl-k">export</span>');
    expect(js).toContain('<span class="pl-c">// Count the words of a chapter.</span>');
    for (const language of ['python', 'css', 'sh', 'json']) expect(html).toMatch(new RegExp(`<code class="language-${language}">[\\s\\S]*?<span class="pl-`));
    // `text` stays plain; inline code is never coloured.
    expect(/<code class="language-text">([\s\S]*?)<\/code>/.exec(html)?.[1]).not.toContain('<span');
    // The page's only script is its JSON-LD metadata, which does not run; the e-book has none.
    expect([...html.matchAll(/<script\b[^>]*>/g)].map((m) => m[0])).toEqual(['<script type="application/ld+json">']);
    for (const [name, text] of Object.entries(epub)) expect(text, name).not.toContain('<script');
    expect(epub['EPUB/text/chapter-3.xhtml']).toContain('<span class="pl-k">def</span>');
  });

  it('typesets math as MathML in the HTML and the EPUB, and marks the chapter mathml in the OPF', () => {
    const formulas = (text: string) => [...text.matchAll(/<math xmlns="http:\/\/www.w3.org\/1998\/Math\/MathML"/g)].length;
    expect(formulas(html)).toBe(4);
    expect(html).toContain('<math xmlns="http://www.w3.org/1998/Math/MathML" display="block" alttext="\\int_{-\\infty}^{\\infty} e^{-x^2}\\,dx = \\sqrt{\\pi}">');
    expect(formulas(epub['EPUB/text/chapter-4.xhtml'])).toBe(4);
    expect(epub['EPUB/text/chapter-4.xhtml']).toContain('<mfrac>');
    expect(opf).toMatch(/<item id="chapter-4" href="text\/chapter-4.xhtml" media-type="application\/xhtml\+xml" properties="mathml" \/>/);
    // Only the chapter with math says so.
    expect(opf.match(/properties="mathml"/g)).toHaveLength(1);
    expect(opf).toContain('<meta property="schema:accessibilityFeature">MathML</meta>');
    // Prices are not formulas.
    expect(html).toContain('a ticket cost $5 and a programme $3, or $8 for both.');
  });

  it('makes figures with captions of PNG, JPEG, SVG, GIF and WebP images in every format', () => {
    const figures = [...html.matchAll(/<figure><img src="data:(image\/[a-z+]+);base64,[^"]+" alt="([^"]+)"><figcaption>([^<]+)<\/figcaption><\/figure>/g)];
    expect(figures.map((m) => m[1])).toEqual(['image/png', 'image/jpeg', 'image/svg+xml', 'image/gif', 'image/webp']);
    expect(figures.map((m) => m[3].split(':')[0])).toEqual(['A PNG', 'A JPEG', 'An SVG', 'A GIF', 'A WebP']);
    const chapter = epub['EPUB/text/chapter-2.xhtml'];
    const epubFigures = [...chapter.matchAll(/<figure><img src="\.\.\/(images\/[^"]+)" alt="[^"]+" \/><figcaption>(?:<span [^>]*epub:type="pagebreak"[^>]*\/>)?[^<]+<\/figcaption><\/figure>/g)].map((m) => m[1]);
    expect(epubFigures).toHaveLength(5);
    for (const href of epubFigures) {
      expect(epubBytes[`EPUB/${href}`], href).toBeDefined();
      expect(opf).toContain(`href="${href}"`);
    }
    for (const type of ['image/png', 'image/jpeg', 'image/svg+xml', 'image/gif']) expect(opf).toContain(`media-type="${type}"`);
    // The e-book carries the WebP as PNG (it has transparency): Kindle shows no WebP, and Calibre's AZW3 drops fallbacks.
    expect(opf).not.toContain('image/webp');
    expect(opf).toMatch(/<item id="img-leaf-[0-9a-f]+" href="images\/leaf-[0-9a-f]+\.png" media-type="image\/png" \/>/);
    expect(epubFigures.at(-1)).toMatch(/^images\/leaf-[0-9a-f]+\.png$/);
    // A titled image inside a sentence stays inline, in its paragraph.
    expect(html).toMatch(/<p>An image inside a sentence[^]*?<img src="data:image\/svg\+xml;base64,[^"]+" alt="Three bars rising">/);
  });

  it('keeps the GFM extensions, definition lists, pull quotes and alerts', () => {
    expect(html).toMatch(/<table>[\s\S]*<th style="text-align: right">Chapter<\/th>/);
    expect(html).toContain('<del>a few</del>');
    expect(html).toContain('<a href="https://example.com/octavo">https://example.com/octavo</a>');
    expect(html).toContain('<a href="http://www.example.org">www.example.org</a>');
    expect(html).toMatch(/<ul class="contains-task-list">[\s\S]*<label><input type="checkbox" checked disabled> Write the chapters<\/label>/);
    expect(html).toMatch(/<dl>\s*<dt>EPUB<\/dt>\s*<dd>The e-book format/);
    expect(html).toMatch(/<dt>MathML<\/dt>\s*<dd>\s*<p>The markup[\s\S]*?<\/p>\s*<p>A definition may hold/);
    expect(html).toMatch(/<blockquote class="pull-quote">\s*<p>A book that uses every feature/);
    expect(html).toMatch(/<div class="callout callout-note" role="note"><p class="callout-title">Note<\/p>/);
    expect(html).toContain('<div class="callout callout-warning" role="note"><p class="callout-title">Warning</p>');
    expect(epub['EPUB/text/chapter-5.xhtml']).toMatch(/<dl>\s*<dt>EPUB<\/dt>\s*<dd>/);
    expect(epub['EPUB/text/chapter-1.xhtml']).toContain('<blockquote class="pull-quote">');
    expect(epub['EPUB/text/chapter-1.xhtml']).toContain('epub:type="noteref"');
  });

  it('resolves links across chapters in the HTML: every #id exists', () => {
    const ids = new Set([...html.matchAll(/\sid="([^"]+)"/g)].map((m) => m[1]));
    const targets = [...html.matchAll(/<a href="#([^"]+)"/g)].map((m) => m[1]);
    expect(targets.length).toBeGreaterThan(15);
    for (const id of targets) expect(ids, id).toContain(id);
    for (const id of ['intro', 'gfm', 'verdict', 'figures', 'highlighting', 'math', 'euler', 'sum', 'lists']) expect(targets).toContain(id);
  });

  it('resolves links across chapters in the EPUB: each goes to the file that holds its id', () => {
    const links: Array<{ from: string; file: string; id: string }> = [];
    for (const [name, text] of Object.entries(epub)) {
      if (!name.startsWith('EPUB/text/chapter-')) continue;
      for (const match of text.matchAll(/<a href="(chapter-\d+\.xhtml)?(?:#([^"]+))?"/g)) {
        if (match[1] === undefined && match[2] === undefined) continue;
        links.push({ from: name, file: match[1] ? `EPUB/text/${match[1]}` : name, id: match[2] ?? '' });
      }
    }
    expect(links.length).toBeGreaterThan(15);
    for (const link of links) {
      expect(epub[link.file], `${link.from} → ${link.file}`).toBeDefined();
      if (link.id) expect(epub[link.file], `${link.from} → ${link.file}#${link.id}`).toContain(`id="${link.id}"`);
    }
    expect(epub['EPUB/text/chapter-1.xhtml']).toContain('<a href="chapter-3.xhtml#highlighting">');
    expect(epub['EPUB/text/chapter-1.xhtml']).toContain('<a href="chapter-2.xhtml">');
    expect(epub['EPUB/text/chapter-5.xhtml']).toContain('<a href="chapter-4.xhtml#sum">');
  });

  it('links across chapters in the PDF: internal link annotations to named destinations on the right pages', async () => {
    const file = path.join(out, 'input.pdf');
    const document = await PDFDocument.load(await readFile(file));
    const pages = document.getPages();
    const pageOf = (ref: PDFRef) => pages.findIndex((page) => page.ref === ref);
    const dests = document.catalog.lookup(PDFName.of('Dests'), PDFDict);
    const targets = new Map<string, number>();
    for (const [name, value] of dests.entries()) targets.set(name.decodeText(), pageOf(document.context.lookup(value, PDFArray).get(0) as PDFRef));

    const internal: string[] = [];
    for (const page of pages) {
      const annots = page.node.lookupMaybe(PDFName.of('Annots'), PDFArray);
      for (const ref of annots?.asArray() ?? []) {
        const annot = document.context.lookup(ref, PDFDict);
        const dest = annot.get(PDFName.of('Dest'));
        if (annot.get(PDFName.of('Subtype')) === PDFName.of('Link') && dest instanceof PDFName) internal.push(dest.decodeText());
      }
    }
    expect(internal.length).toBeGreaterThan(15);
    for (const name of internal) expect([...targets.keys()], name).toContain(name);
    for (const name of ['highlighting', 'math', 'euler', 'sum', 'verdict', 'figures']) expect(internal).toContain(name);
    // Each destination is the page that prints its heading.
    const texts = await Promise.all(pages.map((_, index) => pdftotext(file, index + 1)));
    for (const [name, heading] of [['highlighting', 'Highlighting'], ['euler', 'Euler’s identity'], ['figures', 'Figures'], ['lists', 'Lists and terms']]) {
      expect(texts[targets.get(name)!], name).toContain(heading);
    }
  });
});
