import { openPdf } from '../../pdf/open.ts';
import { UnreadablePdf } from '../../pdf/objects.ts';
import { pageTexts as readPageTexts } from '../../pdf/text.ts';

/**
 * The text of each page of a PDF, as runs in content order (one string per text run). Read
 * with Octavo's own reader of Chromium's PDFs, which reads only what it needs and is far
 * faster than pdf.js on a long book (docs/internals.md); pdf.js, loaded only then, reads what
 * that reader cannot.
 */
export async function pageTexts(pdf: Uint8Array): Promise<string[][]> {
  try {
    return readPageTexts(await openPdf(pdf));
  } catch (error) {
    if (!(error instanceof UnreadablePdf)) throw error;
    return pageTextsWithPdfJs(pdf);
  }
}

export async function pageTextsWithPdfJs(pdf: Uint8Array): Promise<string[][]> {
  const pdfjs = await import('pdfjs-dist/legacy/build/pdf.mjs');
  // pdf.js takes ownership of the buffer it is given (and refuses a Buffer): hand it a plain copy.
  const document = await pdfjs.getDocument({ data: new Uint8Array(pdf), isEvalSupported: false, disableFontFace: true, verbosity: 0 }).promise;
  try {
    const pages: string[][] = [];
    for (let number = 1; number <= document.numPages; number++) {
      const page = await document.getPage(number);
      const content = await page.getTextContent();
      pages.push(content.items.flatMap((item) => ('str' in item && item.str.trim() ? [item.str] : [])));
    }
    return pages;
  } finally {
    await document.destroy();
  }
}
