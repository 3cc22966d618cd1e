import { PdfStream, type PdfFile } from './file.ts';
import { PdfName, type PdfDict } from './objects.ts';

/** What a PDF's pages draw: enough to tell a print with its text from one without (counted by `readPdf`, following form XObjects). */
export interface GlyphFacts {
  /** Glyphs shown by text operators, on all pages. */
  glyphs: number;
  /** Of those, glyphs with id 0 (`.notdef`) of a composite font: a character the font had no glyph for, drawn blank or as a box. */
  notdef: number;
  /** Fonts the pages use whose program is not in the file (drawn by whatever the reader has). */
  notEmbedded: string[];
}

export function fontName(file: PdfFile, font: PdfDict): string {
  const base = file.resolve(font.get('BaseFont'));
  return base instanceof PdfName ? base.name : '(unnamed)';
}

/** Whether a font's program is in the file. */
export function isEmbedded(file: PdfFile, font: PdfDict): boolean {
  const subtype = file.resolve(font.get('Subtype'));
  if (!(subtype instanceof PdfName)) return false;
  // A Type 3 font's glyphs are content streams of the file itself.
  if (subtype.name === 'Type3') return true;
  const descendants = file.resolve(font.get('DescendantFonts'));
  const described = subtype.name === 'Type0' && Array.isArray(descendants) ? file.dict(descendants[0]) : font;
  const descriptor = file.dict(described?.get('FontDescriptor'));
  return ['FontFile', 'FontFile2', 'FontFile3'].some((key) => file.resolve(descriptor?.get(key)) instanceof PdfStream);
}
