import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { PdfFile } from '../../pdf/file.ts';
import { openPdf } from '../../pdf/open.ts';
import { UnreadablePdf } from '../../pdf/objects.ts';
import { readPdf, type PdfReading } from '../../pdf/read.ts';
import { vendorFile } from '../../paths.ts';

/**
 * What the build reads back from its printed PDF, once: the text of each page as runs in
 * content order (one string per text run), and, where Octavo's own reader of Chromium's PDFs
 * could read it (`readPdf`, far faster than pdf.js on a long book, docs/internals.md), the
 * glyphs drawn, the ligatures and the opened file. pdf.js, loaded only then, reads the text of
 * what that reader cannot.
 */
export interface PrintedReading {
  pages: string[][];
  /** Undefined when Octavo's reader could not read the file (the pages then come from pdf.js). */
  file?: PdfFile;
  glyphs?: PdfReading['glyphs'];
  ligatures?: PdfReading['ligatures'];
}

export async function readPrinted(pdf: Uint8Array): Promise<PrintedReading> {
  let reading: PdfReading & { file: PdfFile };
  try {
    const file = await openPdf(pdf);
    reading = { file, ...readPdf(file) };
  } catch (error) {
    if (!(error instanceof UnreadablePdf)) throw error;
    return { pages: await pageTextsWithPdfJs(pdf) };
  }
  const { file, glyphs, ligatures } = reading;
  try {
    return { pages: reading.pages(), file, glyphs, ligatures };
  } catch (error) {
    // A font whose codes it cannot map: pdf.js reads the text; the glyphs were counted all the same.
    if (!(error instanceof UnreadablePdf)) throw error;
    return { pages: await pageTextsWithPdfJs(pdf), file, glyphs, ligatures };
  }
}

/**
 * pdf.js (its legacy build, shipped in vendor/) reads page texts in a worker thread: in Node its
 * display layer needs a DOMMatrix at load, which only @napi-rs/canvas (33 MB, native) would
 * give; text extraction never uses it, so the worker gets an empty stand-in, kept off this
 * process's globals.
 */
const pdfJsWorker = `
const { parentPort, workerData } = require('node:worker_threads');
globalThis.DOMMatrix ??= class DOMMatrix {};
(async () => {
  const pdfjs = await import(workerData.library);
  pdfjs.GlobalWorkerOptions.workerSrc = workerData.worker;
  const document = await pdfjs.getDocument({ data: workerData.pdf, isEvalSupported: false, disableFontFace: true, verbosity: 0 }).promise;
  try {
    const pages = [];
    for (let number = 1; number <= document.numPages; number++) {
      const content = await (await document.getPage(number)).getTextContent();
      pages.push(content.items.flatMap((item) => ('str' in item && item.str.trim() ? [item.str] : [])));
    }
    parentPort.postMessage(pages);
  } finally {
    await document.destroy();
  }
})();
`;

export function pageTextsWithPdfJs(pdf: Uint8Array): Promise<string[][]> {
  // pdf.js takes ownership of the buffer it is given (and refuses a Buffer): hand it a plain copy.
  const data = new Uint8Array(pdf);
  const library = pathToFileURL(vendorFile('pdfjs-dist', 'pdf.min.mjs')).href;
  const worker = pathToFileURL(vendorFile('pdfjs-dist', 'pdf.worker.min.mjs')).href;
  return new Promise((resolve, reject) => {
    let pages: string[][] | undefined;
    const thread = new Worker(pdfJsWorker, { eval: true, workerData: { library, worker, pdf: data }, transferList: [data.buffer] });
    thread.on('message', (message: string[][]) => (pages = message));
    thread.on('error', reject);
    thread.on('exit', (code) => (pages ? resolve(pages) : reject(new Error(`pdf.js could not read the PDF (its thread exited with ${code})`))));
  });
}
