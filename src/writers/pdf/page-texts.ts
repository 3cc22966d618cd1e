/**
 * The text of each page of a PDF, as runs in content order (one string per text run),
 * read with pdf.js. Loaded only when a page list is made.
 */
export async function pageTexts(pdf: Uint8Array): Promise<string[][]> {
  const pdfjs = await import('pdfjs-dist/legacy/build/pdf.mjs');
  // pdf.js takes ownership of the buffer it is given; hand it a copy.
  const document = await pdfjs.getDocument({ data: pdf.slice(), isEvalSupported: false, disableFontFace: true, verbosity: 0 }).promise;
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
