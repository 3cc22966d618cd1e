import type { Publication } from '../../document/publication.ts';
import type { WriterContext } from '../context.ts';
import type { PrintResult } from '../../browser/session.ts';
import { pagedJsScript } from '../../browser/paged.ts';
import { printDocument } from './print-document.ts';

/**
 * The print document laid out and printed by Chromium (with Paged.js when the template asks),
 * once per build: the PDF writer finishes it, and the EPUB writer reads its pages for the page list.
 */
export function printedPdf(publication: Publication, context: WriterContext): Promise<PrintResult> {
  return context.memo('pdf-print', async () => {
    const html = printDocument(publication, context);
    const polyfill = context.template.paginate === 'pagedjs' ? await pagedJsScript() : undefined;
    const browser = await context.browser();
    const result = await browser.printPdf(html, { polyfill, signal: context.signal });
    for (const url of result.blocked) {
      publication.files[0].message(`The page asked the browser for \`${url}\`; refused, because builds never use the network`, {
        ruleId: 'network-blocked',
        source: 'octavo',
      });
    }
    return result;
  });
}
