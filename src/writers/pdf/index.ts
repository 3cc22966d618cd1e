import type { Writer } from '../context.ts';
import { setPdfMetadata } from './metadata.ts';
import { printedPdf } from './print.ts';

/** The HTML page, printed by Chromium with the template's print stylesheet, then given its metadata. */
export const writePdf: Writer = async (publication, context) => {
  const { pdf } = await printedPdf(publication, context);
  const browser = await context.browser();
  return setPdfMetadata(pdf, publication.meta, {
    date: publication.modified,
    creator: `Octavo ${context.version}`,
    producer: `Octavo ${context.version} (${browser.executable.source} Chromium, pdf-lib)`,
  });
};
