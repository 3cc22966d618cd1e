import { PdfStream, type PdfFile } from './file.ts';
import { fontName, isEmbedded, type GlyphFacts } from './glyphs.ts';
import { PdfName, type PdfDict } from './objects.ts';
import { contentStreams, fontDecoder, formXObject, pagesOf, scanContent, type FontDecoder } from './text.ts';

/** What the build's checks read from a printed PDF, in one pass over its content. */
export interface PdfReading {
  /**
   * Each page's text runs, in content order (one string for what one `BT … ET` block draws),
   * decoded on the first call; throws `UnreadablePdf` for a font whose codes the reader cannot map.
   */
  pages(): string[][];
  /** The glyphs the pages draw (the drawn-text check). */
  glyphs: GlyphFacts;
  /** What each ligature glyph stands for, by font (see `ligatureTexts`): the repairs of the fonts' ToUnicode maps. */
  ligatures: Map<PdfDict, Map<number, string>>;
}

/** One piece of a run: what one font showed, as bytes `start` to `end` of its page's store. */
interface Piece {
  font: PdfDict;
  start: number;
  end: number;
}

/** The bytes a page's text operators show, kept until the ligatures of the whole file are known. */
class ByteStore {
  bytes = new Uint8Array(1 << 12);
  length = 0;

  push(values: readonly number[]): void {
    if (this.length + values.length > this.bytes.length) {
      const grown = new Uint8Array(Math.max(this.bytes.length * 2, this.length + values.length));
      grown.set(this.bytes.subarray(0, this.length));
      this.bytes = grown;
    }
    for (const value of values) this.bytes[this.length++] = value;
  }
}

/** A PDF text string's characters: UTF-16BE after its byte order mark, else PDFDocEncoding (near enough Latin-1). */
function textOfString(bytes: readonly number[]): string {
  if (bytes[0] !== 0xfe || bytes[1] !== 0xff) return String.fromCharCode(...bytes.slice(0, 4096));
  let text = '';
  for (let i = 2; i + 1 < bytes.length; i += 2) text += String.fromCharCode((bytes[i] << 8) | bytes[i + 1]);
  return text;
}

/**
 * Reads a printed PDF once: every content stream (and form XObject) is inflated and scanned a
 * single time for the pages' text, the glyphs they draw and the ligatures Chromium spelled out
 * with `/ActualText`. The text is decoded after the scan, since a ligature learned on any page
 * repairs its font's map for all of them. Before, the text, the glyph count and the ligatures
 * (twice: once more to repair the ToUnicode maps) each read the whole file again.
 */
export function readPdf(file: PdfFile): PdfReading {
  const glyphs: GlyphFacts = { glyphs: 0, notdef: 0, notEmbedded: [] };
  const ligatures = new Map<PdfDict, Map<number, string>>();
  const composite = new Map<PdfDict, boolean>();
  const checked = new Set<PdfDict>();
  const isComposite = (font: PdfDict) => {
    let twoBytes = composite.get(font);
    if (twoBytes === undefined) {
      const subtype = file.resolve(font.get('Subtype'));
      composite.set(font, (twoBytes = subtype instanceof PdfName && subtype.name === 'Type0'));
    }
    return twoBytes;
  };
  const count = (font: PdfDict | undefined, bytes: readonly number[]) => {
    if (!font) return;
    if (!isComposite(font)) {
      glyphs.glyphs += bytes.length;
      return;
    }
    for (let i = 0; i + 1 < bytes.length; i += 2) {
      glyphs.glyphs++;
      if (bytes[i] === 0 && bytes[i + 1] === 0) glyphs.notdef++;
    }
  };

  const scanned = pagesOf(file).map(({ page, resources }) => {
    const store = new ByteStore();
    const runs: Piece[][] = [];
    let run: Piece[] = [];
    const flush = () => {
      if (run.length > 0) runs.push(run);
      run = [];
    };
    const show = (font: PdfDict | undefined, bytes: readonly number[]) => {
      count(font, bytes);
      if (!font) return;
      const last = run.at(-1);
      const start = store.length;
      store.push(bytes);
      // Pieces of one font side by side decode as one, unless a string ended mid-code (each string decodes whole codes only).
      if (last && last.font === font && last.end === start && (!isComposite(font) || (last.end - last.start) % 2 === 0)) last.end = store.length;
      else run.push({ font, start, end: store.length });
    };
    const scan = (streams: PdfStream[], resources: PdfDict | undefined, depth: number, seen: Set<PdfStream>) => {
      const fonts: Array<PdfDict | undefined> = [];
      let font: PdfDict | undefined;
      for (const stream of streams) {
        // Open marked-content sequences: the ActualText of a span, and the glyph codes drawn inside it.
        const open: Array<{ text?: string; font?: PdfDict; codes: number[] }> = [];
        const inSpan = (bytes: readonly number[]) => {
          const span = open.at(-1);
          if (!span?.text) return;
          span.font ??= font;
          // Only a span of one glyph is read (a ligature): a second code is all it needs to know.
          for (let i = 0; i + 1 < bytes.length && span.codes.length < 2; i += 2) span.codes.push((bytes[i] << 8) | bytes[i + 1]);
        };
        scanContent(file.streamData(stream), (op, name, strings) => {
          switch (op) {
            case 'BT':
            case 'ET':
              flush();
              break;
            case 'q':
              fonts.push(font);
              break;
            case 'Q':
              font = fonts.pop();
              break;
            case 'Tf':
              font = name === undefined ? undefined : file.dict(file.dict(resources?.get('Font'))?.get(name));
              if (font && !checked.has(font)) {
                checked.add(font);
                if (!isEmbedded(file, font)) glyphs.notEmbedded.push(fontName(file, font));
              }
              break;
            case 'Tj':
            case "'":
            case '"':
              if (strings.length > 0) {
                show(font, strings[strings.length - 1]);
                inSpan(strings[strings.length - 1]);
              }
              break;
            case 'TJ':
              for (const bytes of strings) {
                show(font, bytes);
                inSpan(bytes);
              }
              break;
            case 'BDC':
              open.push({ text: name === 'ActualText' && strings.length > 0 ? textOfString(strings[strings.length - 1]) : undefined, codes: [] });
              break;
            case 'EMC': {
              const span = open.pop();
              // One glyph standing for several characters: a ligature (composite fonts only, as Chromium writes).
              if (span?.text && span.font && span.codes.length === 1 && span.codes[0] !== 0 && [...span.text].length > 1 && isComposite(span.font)) {
                let known = ligatures.get(span.font);
                if (!known) ligatures.set(span.font, (known = new Map()));
                if (!known.has(span.codes[0])) known.set(span.codes[0], span.text);
              }
              break;
            }
            case 'Do': {
              const object = formXObject(file, resources, name);
              if (object && !seen.has(object) && depth < 16) {
                seen.add(object);
                scan([object], file.dict(object.dict.get('Resources')) ?? resources, depth + 1, seen);
                seen.delete(object);
              }
              break;
            }
          }
        });
      }
    };
    scan(contentStreams(file, page), resources, 0, new Set());
    flush();
    return { store, runs };
  });

  const decoders = new Map<PdfDict, FontDecoder>();
  const decoderOf = (font: PdfDict) => {
    let decoder = decoders.get(font);
    if (!decoder) decoders.set(font, (decoder = fontDecoder(file, font, ligatures.get(font))));
    return decoder;
  };
  let pages: string[][] | undefined;
  const decode = () =>
    scanned.map(({ store, runs }) =>
      runs.flatMap((pieces) => {
        let text = '';
        for (const { font, start, end } of pieces) text += decoderOf(font).decode(store.bytes.subarray(start, end));
        return text.trim() ? [text] : [];
      }),
    );
  return { pages: () => (pages ??= decode()), glyphs, ligatures };
}

/** The text each page shows, as runs (see `readPdf`). */
export const pageTexts = (file: PdfFile): string[][] => readPdf(file).pages();

/**
 * What each ligature glyph stands for, learned from the `/ActualText` spans Chromium writes
 * around one glyph whose text its font's ToUnicode map does not give: Chromium maps a glyph
 * to the text it stood for the first time it was drawn, and a ligature first drawn across two
 * text nodes (as Paged.js leaves them) maps "Th" to "T", so every later "This" without a span
 * reads "Tis". Keyed by font dictionary; only composite (two-byte) fonts, as Chromium writes.
 */
export const ligatureTexts = (file: PdfFile): Map<PdfDict, Map<number, string>> => readPdf(file).ligatures;

/** The glyphs the pages draw (see `readPdf`). */
export const glyphFacts = (file: PdfFile): GlyphFacts => readPdf(file).glyphs;
