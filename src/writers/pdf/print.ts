import type { Publication } from '../../document/publication.ts';
import type { WriterContext } from '../context.ts';
import { htmlPage } from '../html.ts';
import type { PrintResult } from '../../browser/session.ts';

/**
 * The HTML page printed by Chromium with the template's print stylesheet, once per build:
 * the PDF writer finishes it, and the EPUB writer reads its pagination for the page list.
 */
export function printedPdf(publication: Publication, context: WriterContext): Promise<PrintResult> {
  return context.memo('pdf-print', async () => {
    const html = await htmlPage(publication, context);
    const browser = await context.browser();
    const result = await browser.printPdf(html, { paper: context.paper, signal: context.signal });
    for (const url of result.blocked) {
      publication.files[0].message(`The page asked the browser for \`${url}\`; refused, because builds never use the network`, {
        ruleId: 'network-blocked',
        source: 'octavo',
      });
    }
    return result;
  });
}
