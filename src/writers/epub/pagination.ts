import type { Publication } from '../../document/publication.ts';
import type { WriterContext } from '../context.ts';
import { printedPages } from '../pdf/print.ts';
import { pageLocator, type PageStart } from './page-list.ts';

/** Where each page of this build's PDF begins in the text, so the e-book can name print pages. */
export function pagination(publication: Publication, context: WriterContext): Promise<PageStart[]> {
  return context.memo('pagination', async () => {
    const pages = printedPages(publication, context);
    // The chapters' text is made while Chromium prints, not after the PDF is read back.
    await Promise.race([context.printStarted, pages]);
    const locate = pageLocator(publication.chapters);
    return locate(await pages);
  });
}
