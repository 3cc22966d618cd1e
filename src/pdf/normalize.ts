import { loadPdfLib } from './pdf-lib.ts';

/**
 * A PDF rewritten by pdf-lib with a classic cross-reference table and no object streams, the
 * form `PdfFile` reads. Imported only for a PDF Chromium did not write, so pdf-lib loads only then.
 */
export async function withClassicXref(bytes: Uint8Array): Promise<Uint8Array> {
  const { PDFDocument } = await loadPdfLib();
  const document = await PDFDocument.load(bytes, { updateMetadata: false });
  return document.save({ useObjectStreams: false });
}
