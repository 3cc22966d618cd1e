import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import { openPdf } from '../../pdf/open.ts';
import { UnreadablePdf } from '../../pdf/objects.ts';
import { pageTexts as readPageTexts } from '../../pdf/text.ts';
import { vendorFile } from '../../paths.ts';

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
