import type { Color, PDFDocument } from 'pdf-lib';
import { loadPdfLib } from '../../pdf/pdf-lib.ts';

const mm = 72 / 25.4;
/** Bleed beyond the trim, and the slug where crop marks stand (outside the bleed). */
const bleed = 3 * mm;
const slug = 12 * mm;
const markLength = 8 * mm;

/**
 * Makes each page print-shop ready: a TrimBox (the cut page), a BleedBox 3 mm beyond it, a
 * MediaBox with room for crop marks, and the marks themselves at each corner, starting
 * outside the bleed. `bleedRendered`: the pages were laid out with the bleed around the
 * trim (Paged.js); otherwise they are the trim, and the bleed is added around them.
 * `registration`: the marks' colour, which prints on every plate.
 */
export function addPrintMarks(document: PDFDocument, options: { bleedRendered: boolean }, registration: Color): void {
  for (const page of document.getPages()) {
    const { x, y, width, height } = page.getMediaBox();
    const trim = options.bleedRendered
      ? { left: x + bleed, bottom: y + bleed, right: x + width - bleed, top: y + height - bleed }
      : { left: x, bottom: y, right: x + width, top: y + height };
    const outer = bleed + slug;
    page.setMediaBox(trim.left - outer, trim.bottom - outer, trim.right - trim.left + 2 * outer, trim.top - trim.bottom + 2 * outer);
    page.setCropBox(trim.left - outer, trim.bottom - outer, trim.right - trim.left + 2 * outer, trim.top - trim.bottom + 2 * outer);
    page.setBleedBox(trim.left - bleed, trim.bottom - bleed, trim.right - trim.left + 2 * bleed, trim.top - trim.bottom + 2 * bleed);
    page.setTrimBox(trim.left, trim.bottom, trim.right - trim.left, trim.top - trim.bottom);

    const line = (sx: number, sy: number, ex: number, ey: number) =>
      page.drawLine({ start: { x: sx, y: sy }, end: { x: ex, y: ey }, thickness: 0.25, color: registration });
    for (const [cx, dx] of [[trim.left, -1], [trim.right, 1]] as const) {
      for (const [cy, dy] of [[trim.bottom, -1], [trim.top, 1]] as const) {
        // One horizontal and one vertical mark in line with each trim edge, away from the page.
        line(cx + dx * bleed, cy, cx + dx * (bleed + markLength), cy);
        line(cx, cy + dy * bleed, cx, cy + dy * (bleed + markLength));
      }
    }
  }
}

/** The PDF with print marks, drawn with pdf-lib (loaded only for them). */
export async function withPrintMarks(pdf: Uint8Array, options: { bleedRendered: boolean }): Promise<Uint8Array> {
  const { PDFDocument, cmyk } = await loadPdfLib();
  const document = await PDFDocument.load(pdf, { updateMetadata: false });
  addPrintMarks(document, options, cmyk(1, 1, 1, 1));
  return document.save({ useObjectStreams: false });
}
