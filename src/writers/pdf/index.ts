import { toString } from 'hast-util-to-string';
import type { Writer } from '../context.ts';
import { checkDrawnText } from './drawn-text.ts';
import { setPdfMetadata } from './metadata.ts';
import { printedPdf, printedReading } from './print.ts';
import { checkTextLayer } from './text-layer.ts';
import { pageTextsWithPdfJs } from './page-texts.ts';
import { checkLayout, printedOrder } from './laid-out.ts';
import { checkPrintedScale } from './printed-scale.ts';
import { openPdf } from '../../pdf/open.ts';
import { pageScales } from '../../pdf/page-scale.ts';

/** The print document, laid out and printed by Chromium, then given its metadata (and print marks). */
export const writePdf: Writer = async (publication, context) => {
  const printed = printedPdf(publication, context);
  // What the checks below expect of the text is counted while Chromium prints, not after.
  await Promise.race([context.printStarted, printed]);
  const texts = publication.chapters.map((chapter) => toString(chapter.tree));
  const hasText = texts.some((text) => text.trim() !== '');
  const invisible = texts.reduce((count, text) => count + (text.match(/\p{Default_Ignorable_Code_Point}/gu)?.length ?? 0), 0);
  const { pdf, headings, layout } = await printed;
  // Every block laid out on a page, inside its area, unclipped, at 100 %: asked of the layout engine, or the build fails.
  const reported = checkLayout(layout.facts, layout.blocks, layout.marked, publication);
  // The PDF is read back once (text, glyphs, ligatures): the checks below and the metadata share it.
  const reading = await printedReading(publication, context);
  // The EPUB, waiting on this reading for its page list, goes on first: its zip then deflates on zlib's threads while this thread checks the PDF.
  await new Promise((resolve) => setImmediate(resolve));
  await context.time('pdf: check drawn text', async () => checkDrawnText(reading.glyphs, publication, { hasText, uncovered: context.uncovered, invisible }));
  // The text layer reads back every block the layout holds exactly (NFC), or an error says where it differs.
  const transformed = new Set(layout.facts.transformed.map((index) => layout.blocks[index]));
  const firstOnPage = await context.time('pdf: check text layer', async () => checkTextLayer(reading.pages, printedOrder(layout.blocks, layout.facts.deferred).filter((block) => !reported.has(block)), publication, transformed, () => pageTextsWithPdfJs(pdf), context.undrawn));
  // Every page at 100 %, read from the PDF (the layout check above asked the layout; this asks what was printed).
  await context.time('pdf: check page scale', async () => checkPrintedScale(pageScales(reading.file ?? (await openPdf(pdf))), layout.facts, layout.blocks, firstOnPage, publication));
  const browser = await context.browser();
  return context.time('pdf: metadata and write', () => setPdfMetadata(pdf, publication.meta, {
    date: publication.modified,
    creator: `Octavo ${context.version}`,
    producer: `Octavo ${context.version} (${browser.executable.source} Chromium, ${browser.used.version}${context.template.paginate === 'pagedjs' ? ', Paged.js' : ''})`,
    headings,
    printMarks: context.printMarks ? { bleedRendered: context.template.paginate === 'pagedjs' } : undefined,
    read: reading.file && reading.ligatures && { file: reading.file, ligatures: reading.ligatures },
  }));
};
