import { PdfFile } from './file.ts';
import { UnreadablePdf } from './objects.ts';

/**
 * Opens a PDF for Octavo's own reader. Chromium writes what the reader takes (a classic
 * cross-reference table, no object streams); anything else, such as another browser's
 * output through `--browser`, is first rewritten in that form by pdf-lib, loaded only then.
 */
export async function openPdf(bytes: Uint8Array): Promise<PdfFile> {
  try {
    return new PdfFile(bytes);
  } catch (error) {
    if (!(error instanceof UnreadablePdf)) throw error;
    const { withClassicXref } = await import('./normalize.ts');
    return new PdfFile(await withClassicXref(bytes));
  }
}
