/**
 * What the tests ask of poppler and qpdf, answered by pdf.js, pdf-lib and MuPDF (npm packages, so
 * every machine has them) for machines without Debian's tools. Each function returns what the
 * poppler command it stands in for would print, as far as the tests read it; validators.ts
 * picks poppler when it is installed and these otherwise.
 */
import { readFile } from 'node:fs/promises';
import { inflateSync } from 'node:zlib';
import { PDFArray, PDFDict, PDFDocument, PDFName, PDFRawStream, PDFRef, PDFStream } from 'pdf-lib';
import type { PDFDocumentProxy } from 'pdfjs-dist/types/src/display/api.js';

async function open(file: string): Promise<PDFDocumentProxy> {
  const pdfjs = await import('pdfjs-dist/legacy/build/pdf.mjs');
  const data = new Uint8Array(await readFile(file));
  return pdfjs.getDocument({ data, isEvalSupported: false, disableFontFace: true, verbosity: 0, stopAtErrors: true }).promise;
}

async function withDocument<T>(file: string, use: (document: PDFDocumentProxy) => Promise<T>): Promise<T> {
  const document = await open(file);
  try {
    return await use(document);
  } finally {
    await document.destroy();
  }
}

/** C's `%g`: six significant digits, no trailing zeros. */
const g = (value: number) => String(Number(value.toPrecision(6)));

/** poppler's name for a page size (pdfinfo's printPageSize): letter, or A0–A6 either way round within 0.3 %. */
function paperName(width: number, height: number): string {
  const near = (a: number, b: number, within: number) => Math.abs(a - b) < within;
  if ((near(width, 612, 1) && near(height, 792, 1)) || (near(width, 792, 1) && near(height, 612, 1))) return ' (letter)';
  let isoHeight = (Math.sqrt(Math.sqrt(2)) * 7200) / 2.54;
  let isoWidth = isoHeight / Math.SQRT2;
  let within = isoHeight * 0.003;
  for (let n = 0; n <= 6; n++) {
    if ((near(width, isoWidth, within) && near(height, isoHeight, within)) || (near(width, isoHeight, within) && near(height, isoWidth, within))) return ` (A${n})`;
    isoHeight = isoWidth;
    isoWidth /= Math.SQRT2;
    within /= Math.SQRT2;
  }
  return '';
}

/** `pdfinfo`'s record (Title, Subject, Keywords, Author, Creator, Producer, Tagged, Pages, Page size) from pdf.js. */
export async function pdfinfoJs(file: string): Promise<Record<string, string>> {
  return withDocument(file, async (document) => {
    const info = (await document.getMetadata()).info as unknown as Record<string, unknown>;
    const record: Record<string, string> = {};
    for (const key of ['Title', 'Subject', 'Keywords', 'Author', 'Creator', 'Producer']) {
      if (typeof info[key] === 'string' && info[key]) record[key] = info[key] as string;
    }
    // As `pdfinfo -isodates` prints dates.
    const pdfjs = await import('pdfjs-dist/legacy/build/pdf.mjs');
    for (const key of ['CreationDate', 'ModDate']) {
      const date = typeof info[key] === 'string' ? pdfjs.PDFDateString.toDateObject(info[key] as string) : null;
      if (date) record[key] = date.toISOString().replace(/\.\d{3}Z$/, 'Z');
    }
    const markInfo = (await document.getMarkInfo()) as { Marked?: boolean } | null;
    record.Tagged = markInfo?.Marked ? 'yes' : 'no';
    record.Pages = String(document.numPages);
    const first = await document.getPage(1);
    const [x0, y0, x1, y1] = first.view;
    const [width, height] = first.rotate % 180 === 0 ? [x1 - x0, y1 - y0] : [y1 - y0, x1 - x0];
    record['Page size'] = `${g(width)} x ${g(height)} pts${paperName(width, height)}`;
    return record;
  });
}

/** The document's XMP packet, as `pdfinfo -meta` prints it. */
export async function pdfXmpJs(file: string): Promise<string> {
  return withDocument(file, async (document) => {
    const { metadata } = (await document.getMetadata()) as unknown as { metadata: { getRaw(): string } | null };
    return metadata?.getRaw() ?? '';
  });
}

/** Every font the pages use, as `pdffonts` lists them: name, embedded, subset. From pdf-lib's objects. */
export async function pdffontsJs(file: string): Promise<Array<{ name: string; embedded: boolean; subset: boolean }>> {
  const document = await PDFDocument.load(await readFile(file), { updateMetadata: false });
  const context = document.context;
  // pdf-lib's classes have private constructors: matched by prototype.
  const lookup = <T>(value: unknown, type: { prototype: T }): T | undefined => {
    const resolved = value instanceof PDFRef ? context.lookup(value) : value;
    return resolved instanceof (type as unknown as typeof Object) ? (resolved as T) : undefined;
  };
  const fonts = new Map<string, { name: string; embedded: boolean; subset: boolean }>();
  const seenResources = new Set<unknown>();
  const visitResources = (resources: PDFDict | undefined) => {
    if (!resources || seenResources.has(resources)) return;
    seenResources.add(resources);
    const fontDict = lookup(resources.get(PDFName.of('Font')), PDFDict);
    for (const [, ref] of fontDict?.entries() ?? []) {
      const font = lookup(ref, PDFDict);
      if (!font) continue;
      const key = ref instanceof PDFRef ? ref.toString() : String(fonts.size);
      if (fonts.has(key)) continue;
      const base = lookup(font.get(PDFName.of('BaseFont')), PDFName)?.decodeText() ?? '[none]';
      const descendant = lookup(lookup(font.get(PDFName.of('DescendantFonts')), PDFArray)?.get(0), PDFDict);
      const descriptor = lookup((descendant ?? font).get(PDFName.of('FontDescriptor')), PDFDict);
      const embedded = ['FontFile', 'FontFile2', 'FontFile3'].some((name) => descriptor?.has(PDFName.of(name)));
      fonts.set(key, { name: base, embedded, subset: /^[A-Z]{6}\+/.test(base) });
      visitResources(lookup(font.get(PDFName.of('Resources')), PDFDict));
    }
    const xobjects = lookup(resources.get(PDFName.of('XObject')), PDFDict);
    for (const [, ref] of xobjects?.entries() ?? []) {
      const xobject = ref instanceof PDFRef ? context.lookup(ref) : ref;
      if (xobject instanceof PDFStream) visitResources(lookup(xobject.dict.get(PDFName.of('Resources')), PDFDict));
    }
  };
  for (const page of document.getPages()) visitResources(page.node.Resources());
  return [...fonts.values()];
}

/**
 * A page's text in reading order, lines joined where a word was broken with a hyphen (as
 * pdftotext joins them), pages ended by a form feed: by MuPDF's structured text (see pdfWordsJs).
 */
export async function pdftotextJs(file: string, page?: number): Promise<string> {
  const mupdf = await import('mupdf');
  const document = mupdf.Document.openDocument(await readFile(file), 'application/pdf');
  try {
    const numbers = page === undefined ? Array.from({ length: document.countPages() }, (_, i) => i + 1) : [page];
    let text = '';
    for (const number of numbers) {
      // As pdftotext prints a page: no space at a line's end, and a word broken at a line's end
      // by a hyphen (dropped) or a soft hyphen (kept) joined with its rest.
      const page = document.loadPage(number - 1).toStructuredText('preserve-whitespace').asText();
      text += `${page.replace(/[ \t]+\n/g, '\n').replace(/([\p{L}\d])-\n+/gu, '$1').replace(/\u00ad-?\n+/g, '\u00ad').replace(/([\u2010\u2013\u2014])\n+/g, '$1\n')}\f`;
    }
    return text;
  } finally {
    document.destroy();
  }
}

export interface BoxedWord {
  text: string;
  x0: number;
  y0: number;
  x1: number;
  y1: number;
}

/**
 * Every word with its box, in points from the page's top left, as `pdftotext -bbox` gives them:
 * by MuPDF (its WebAssembly build from npm), which reads a glyph that the PDF's ToUnicode map
 * leaves blank (a Devanagari vowel sign Chromium reorders) from the font itself, as poppler
 * does; pdf.js gives U+0000 there.
 */
export async function pdfWordsJs(file: string): Promise<Array<{ width: number; height: number; words: BoxedWord[] }>> {
  const mupdf = await import('mupdf');
  const document = mupdf.Document.openDocument(await readFile(file), 'application/pdf');
  try {
    const pages = [];
    for (let index = 0; index < document.countPages(); index++) {
      const page = document.loadPage(index);
      const [x0, y0, x1, y1] = page.getBounds();
      const words: BoxedWord[] = [];
      const text = page.toStructuredText('preserve-whitespace');
      // The walker gives each character's box but cuts a code point above U+FFFF to 16 bits
      // (👉 came as U+F449); the JSON gives the lines' text whole. Each line's characters are matched up.
      const jsonLines = (JSON.parse(text.asJSON()) as { blocks: Array<{ lines?: Array<{ text: string }> }> }).blocks.flatMap((block) => block.lines ?? []);
      const lines: Array<Array<{ c: string; box: Omit<BoxedWord, 'text'>; size: number; baseline: number }>> = [];
      text.walk({
        beginLine: () => void lines.push([]),
        onChar(c, origin, _font, size, quad) {
          const xs = [quad[0], quad[2], quad[4], quad[6]];
          const ys = [quad[1], quad[3], quad[5], quad[7]];
          lines.at(-1)?.push({ c, size, baseline: origin[1], box: { x0: Math.min(...xs), y0: Math.min(...ys), x1: Math.max(...xs), y1: Math.max(...ys) } });
        },
      });
      lines.forEach((chars, index) => {
        const whole = [...(jsonLines[index]?.text ?? '')];
        const same = whole.length === chars.length;
        let word: BoxedWord | undefined;
        chars.forEach(({ c, box, size, baseline }, at) => {
          const char = same ? whole[at] : c;
          // A change of size or baseline (a footnote call's superscript) starts a word, as in poppler.
          const previous = chars[at - 1];
          if (word && previous && (Math.abs(previous.size - size) > 0.5 || Math.abs(previous.baseline - baseline) > size * 0.2)) {
            words.push(word);
            word = undefined;
          }
          if (/\s/.test(char)) {
            if (word) words.push(word);
            word = undefined;
          } else if (!word) word = { text: char, ...box };
          else {
            word.text += char;
            word.x0 = Math.min(word.x0, box.x0);
            word.y0 = Math.min(word.y0, box.y0);
            word.x1 = Math.max(word.x1, box.x1);
            word.y1 = Math.max(word.y1, box.y1);
          }
        });
        if (word) words.push(word);
      });
      pages.push({ width: x1 - x0, height: y1 - y0, words });
    }
    return pages;
  } finally {
    document.destroy();
  }
}

export interface OutlineEntry {
  title: string;
  page: number;
  kids: OutlineEntry[];
}

/** The bookmarks, nested, with the page (from 1) each leads to. */
export async function pdfOutlineJs(file: string): Promise<OutlineEntry[]> {
  return withDocument(file, async (document) => {
    type Raw = { title: string; dest: string | unknown[] | null; items: Raw[] };
    const convert = async (entries: Raw[]): Promise<OutlineEntry[]> => {
      const result = [];
      for (const entry of entries) {
        const dest = typeof entry.dest === 'string' ? await document.getDestination(entry.dest) : entry.dest;
        const target = dest?.[0];
        const page = target && typeof target === 'object' ? (await document.getPageIndex(target as { num: number; gen: number })) + 1 : typeof target === 'number' ? target + 1 : 0;
        result.push({ title: entry.title, page, kids: await convert(entry.items) });
      }
      return result;
    };
    return convert(((await document.getOutline()) ?? []) as Raw[]);
  });
}

/** The page boxes of one page (MediaBox, CropBox, BleedBox, TrimBox, ArtBox), as `pdfinfo -box` names them. */
export async function pdfBoxesJs(file: string, page: number): Promise<Record<string, [number, number, number, number]>> {
  const document = await PDFDocument.load(await readFile(file), { updateMetadata: false });
  const target = document.getPage(page - 1);
  const box = (get: () => { x: number; y: number; width: number; height: number }): [number, number, number, number] => {
    const { x, y, width, height } = get();
    return [x, y, x + width, y + height];
  };
  return {
    MediaBox: box(() => target.getMediaBox()),
    CropBox: box(() => target.getCropBox()),
    BleedBox: box(() => target.getBleedBox()),
    TrimBox: box(() => target.getTrimBox()),
    ArtBox: box(() => target.getArtBox()),
  };
}

/**
 * The structural check `qpdf --check` makes, by pdf.js with stopAtErrors: the cross-reference
 * table and trailer read, every page's objects and content streams parsed and decoded. Throws
 * on the first fault.
 */
export async function checkPdfJs(file: string): Promise<void> {
  await withDocument(file, async (document) => {
    for (let number = 1; number <= document.numPages; number++) {
      const page = await document.getPage(number);
      await page.getOperatorList();
      await page.getTextContent();
    }
    await document.getOutline();
    await document.getMetadata();
  });
  // pdf-lib reads every object too, and fails on an object it cannot parse.
  const parsed = await PDFDocument.load(await readFile(file), { updateMetadata: false, throwOnInvalidObject: true });
  if (parsed.getPageCount() === 0) throw new Error(`${file}: no pages`);
}

/** Every stream of the file decoded (Flate) and written out after the raw bytes, as `qpdf --qdf --stream-data=uncompress` shows them. */
export async function expandPdfJs(file: string): Promise<Buffer> {
  const document = await PDFDocument.load(await readFile(file), { updateMetadata: false });
  const parts: Buffer[] = [await readFile(file)];
  for (const [, object] of document.context.enumerateIndirectObjects()) {
    if (!(object instanceof PDFRawStream)) continue;
    const filter = object.dict.get(PDFName.of('Filter'));
    const bytes = Buffer.from(object.contents);
    parts.push(filter?.toString() === '/FlateDecode' ? inflateSync(bytes) : bytes);
  }
  return Buffer.concat(parts);
}

/**
 * Pages drawn to PNG by pdf.js on @napi-rs/canvas (pdfjs-dist's own canvas for Node), at `dpi`,
 * optionally in gray; one PNG buffer a page, from page `first` to `last`.
 */
export async function renderPagesJs(file: string, options: { dpi: number; gray?: boolean; first?: number; last?: number }): Promise<Buffer[]> {
  const { PNG } = await import('pngjs');
  return withDocument(file, async (document) => {
    const images: Buffer[] = [];
    const last = Math.min(options.last ?? document.numPages, document.numPages);
    for (let number = options.first ?? 1; number <= last; number++) {
      const page = await document.getPage(number);
      const viewport = page.getViewport({ scale: options.dpi / 72 });
      const factory = (document as unknown as { canvasFactory: { create(w: number, h: number): { canvas: unknown; context: unknown }; destroy(c: unknown): void } }).canvasFactory;
      const target = factory.create(Math.ceil(viewport.width), Math.ceil(viewport.height));
      const context = target.context as { fillStyle: string; fillRect(x: number, y: number, w: number, h: number): void; getImageData(x: number, y: number, w: number, h: number): { data: Uint8ClampedArray } };
      context.fillStyle = '#ffffff';
      const [width, height] = [Math.ceil(viewport.width), Math.ceil(viewport.height)];
      context.fillRect(0, 0, width, height);
      await page.render({ canvasContext: context as never, canvas: target.canvas as never, viewport }).promise;
      const pixels = context.getImageData(0, 0, width, height).data;
      const png = new PNG({ width, height });
      for (let i = 0; i < pixels.length; i += 4) {
        const [r, gr, b] = [pixels[i], pixels[i + 1], pixels[i + 2]];
        const gray = Math.round(0.299 * r + 0.587 * gr + 0.114 * b);
        png.data[i] = options.gray ? gray : r;
        png.data[i + 1] = options.gray ? gray : gr;
        png.data[i + 2] = options.gray ? gray : b;
        png.data[i + 3] = 255;
      }
      images.push(PNG.sync.write(png));
      factory.destroy(target);
      page.cleanup();
    }
    return images;
  });
}
