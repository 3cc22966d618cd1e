import type { Writer } from '../context.ts';
import { htmlPage } from '../html.ts';
import { setPdfMetadata } from './metadata.ts';

/** The HTML page, printed by Chromium with the template's print stylesheet, then given its metadata. */
export const writePdf: Writer = async (publication, context) => {
  const html = await htmlPage(publication, context);
  const browser = await context.browser();
  const { pdf, blocked } = await browser.printPdf(html, { paper: context.paper, signal: context.signal });
  for (const url of blocked) {
    publication.files[0].message(`The page asked the browser for \`${url}\`; refused, because builds never use the network`, {
      ruleId: 'network-blocked',
      source: 'octavo',
    });
  }
  return setPdfMetadata(pdf, publication.meta, {
    date: publication.modified,
    creator: `Octavo ${context.version}`,
    producer: `Octavo ${context.version} (${browser.executable.source} Chromium, pdf-lib)`,
  });
};
