import { PdfFile, PdfStream } from './file.ts';
import { PdfName, type PdfDict } from './objects.ts';
import { contentStreams, formXObject, pagesOf, scanContent } from './text.ts';

/** What a PDF's pages draw: enough to tell a print with its text from one without. */
export interface GlyphFacts {
  /** Glyphs shown by text operators, on all pages. */
  glyphs: number;
  /** Of those, glyphs with id 0 (`.notdef`) of a composite font: a character the font had no glyph for, drawn blank or as a box. */
  notdef: number;
  /** Fonts the pages use whose program is not in the file (drawn by whatever the reader has). */
  notEmbedded: string[];
}

function fontName(file: PdfFile, font: PdfDict): string {
  const base = file.resolve(font.get('BaseFont'));
  return base instanceof PdfName ? base.name : '(unnamed)';
}

function isEmbedded(file: PdfFile, font: PdfDict): boolean {
  const subtype = file.resolve(font.get('Subtype'));
  if (!(subtype instanceof PdfName)) return false;
  // A Type 3 font's glyphs are content streams of the file itself.
  if (subtype.name === 'Type3') return true;
  const descendants = file.resolve(font.get('DescendantFonts'));
  const described = subtype.name === 'Type0' && Array.isArray(descendants) ? file.dict(descendants[0]) : font;
  const descriptor = file.dict(described?.get('FontDescriptor'));
  return ['FontFile', 'FontFile2', 'FontFile3'].some((key) => file.resolve(descriptor?.get(key)) instanceof PdfStream);
}

/**
 * Counts the glyphs a PDF's pages show, and the `.notdef` ones among them (Chromium's PDFs
 * use Identity-H composite fonts, where a code is a glyph id), following form XObjects.
 */
export function glyphFacts(file: PdfFile): GlyphFacts {
  const facts: GlyphFacts = { glyphs: 0, notdef: 0, notEmbedded: [] };
  const composite = new Map<PdfDict, boolean>();
  const checked = new Set<PdfDict>();
  const show = (streams: PdfStream[], resources: PdfDict | undefined, depth: number, seen: Set<PdfStream>) => {
    let font: PdfDict | undefined;
    const fonts: Array<PdfDict | undefined> = [];
    const count = (bytes: number[]) => {
      if (!font) return;
      let twoBytes = composite.get(font);
      if (twoBytes === undefined) {
        const subtype = file.resolve(font.get('Subtype'));
        composite.set(font, (twoBytes = subtype instanceof PdfName && subtype.name === 'Type0'));
      }
      if (!twoBytes) {
        facts.glyphs += bytes.length;
        return;
      }
      for (let i = 0; i + 1 < bytes.length; i += 2) {
        facts.glyphs++;
        if (bytes[i] === 0 && bytes[i + 1] === 0) facts.notdef++;
      }
    };
    for (const stream of streams) {
      scanContent(file.streamData(stream), (op, name, strings) => {
        switch (op) {
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
              if (!isEmbedded(file, font)) facts.notEmbedded.push(fontName(file, font));
            }
            break;
          case 'Tj':
          case "'":
          case '"':
            if (strings.length > 0) count(strings[strings.length - 1]);
            break;
          case 'TJ':
            for (const bytes of strings) count(bytes);
            break;
          case 'Do': {
            const object = formXObject(file, resources, name);
            if (object && !seen.has(object) && depth < 16) {
              seen.add(object);
              show([object], file.dict(object.dict.get('Resources')) ?? resources, depth + 1, seen);
              seen.delete(object);
            }
            break;
          }
        }
      });
    }
  };
  for (const { page, resources } of pagesOf(file)) {
    const streams = contentStreams(file, page);
    show(streams, resources, 0, new Set());
  }
  return facts;
}
