import type { Publication } from '../../document/publication.ts';
import type { WriterContext } from '../context.ts';
import { printedPages } from '../pdf/print.ts';
import { locatePages, type PageStart } from './page-list.ts';

/** Where each page of this build's PDF begins in the text, so the e-book can name print pages. */
export function pagination(publication: Publication, context: WriterContext): Promise<PageStart[]> {
  return context.memo('pagination', async () => {
    return locatePages(publication.chapters, await printedPages(publication, context));
  });
}
