import type { Element, Root } from 'hast';
import rehypeStringify from 'rehype-stringify';
import { unified } from 'unified';
import { remove } from 'unist-util-remove';
import type { Publication } from '../../document/publication.ts';
import { inlineFontFaceCss } from '../../fonts/load.ts';
import { paperCss } from '../../templates/paper.ts';
import type { WriterContext } from '../context.ts';
import { htmlTree } from '../html.ts';
import { metadataCss } from '../shared/metadata-css.ts';
import { hyphenate } from './hyphenate.ts';
import { markBreaks } from './print-breaks.ts';
import { toPageFootnotes } from './page-footnotes.ts';
import { boundPrintContents } from './print-contents.ts';
import { copyTree } from '../shared/copy-tree.ts';
import { headingText } from '../../document/outline.ts';
import { visit } from 'unist-util-visit';
import { hasClass } from '../shared/classes.ts';
import { printedHeadings } from './outline-titles.ts';
import { markBlocks, markPrintTree } from './laid-out.ts';
import { markTightening } from './short-endings.ts';
import { tightenAttribute } from '../../browser/break-lines.ts';
import type { TextBlock } from '../../document/text-blocks.ts';

const isElement = (node: unknown): node is Element => (node as Element).type === 'element';

/** Bleed printed around each page when print marks are asked for. */
export const bleed = '3mm';

/**
 * The print stylesheet: fonts, the publication's facts as custom properties, the template's
 * base and print rules and the chosen paper, unwrapped from `@media print` so Paged.js reads the `@page` rules too.
 */
function printStyles(publication: Publication, context: WriterContext, fit: number, tightened: boolean): string {
  const { template, fonts } = context;
  return [
    inlineFontFaceCss(fonts),
    metadataCss(publication.meta),
    // How much a template may tighten its type to save a nearly empty last page (1: not at all).
    `:root { --octavo-fit: ${fit}; }`,
    template.baseCss,
    template.printCss,
    // A chapter whose last page held a line or two (short-endings.ts), set a shade tighter: its paragraphs tracked 1 % in, some set a line shorter (`breakLines`).
    tightened ? `[${tightenAttribute}] p { letter-spacing: -0.01em; }` : '',
    paperCss(context.paper),
    // Paged.js draws backgrounds into the bleed; Chromium's own layout has no bleed to draw into.
    context.printMarks && template.paginate === 'pagedjs' ? `@page { bleed: ${bleed}; }` : '',
  ].join('\n');
}

/** Where the print puts a link's address: in a note, of the kind the template's notes are (page notes, or end notes). */
const addressNotes = (context: WriterContext) => context.template.footnotes;

/** The tree the PDF is printed from: the HTML page's, with print-only changes on a copy. */
export function printTree(publication: Publication, context: WriterContext, fit = 1, tighten: ReadonlyMap<number, number> = new Map()): Root {
  // A template laid out by Paged.js opens with a title page (the book): there a first chapter named as the book keeps its heading.
  const tree = copyTree(htmlTree(publication, context, printStyles(publication, context, fit, tighten.size > 0), { titlePage: context.template.paginate === 'pagedjs' }));
  // Paper has no keyboard focus: the skip link would only be an empty box before page 1.
  remove(tree, (node) => isElement(node) && hasClass(node, 'skip-link'));
  boundPrintContents(tree, publication.files[0]);
  markRunningHeads(tree, publication);
  if (context.template.footnotes === 'page') toPageFootnotes(tree);
  // A link's address goes to the notes, numbered with the author's.
  markBreaks(tree, { addressNotes: addressNotes(context) });
  if (context.template.hyphenate) hyphenate(tree, publication.meta.lang);
  markTightening(tree, tighten);
  return tree;
}

/**
 * The title a page's running head takes (the template's `string-set: … attr(data-title)`): each
 * chapter's, and in a text without chapters each section heading's. Read from the heading itself
 * (`content(text)`) it was lost where the heading is not the chapter's first child or has no text
 * (a README's `<a><h1><img alt="pdf-lib"></h1></a>`), and the previous chapter's title ran on.
 */
function markRunningHeads(tree: Root, publication: Publication): void {
  let chapter = 0;
  visit(tree, 'element', (node, _index, parent) => {
    if (node.tagName === 'section' && hasClass(node, 'chapter')) {
      const title = publication.chapters[chapter++]?.title;
      if (title) node.properties.dataTitle = title;
    } else if (node.tagName === 'h2' && parent?.type === 'element' && parent.tagName === 'div' && hasClass(parent, 'text')) {
      node.properties.dataTitle = headingText(node);
    }
  });
}

/** The print document as HTML, ready for the browser. */
export function printDocument(publication: Publication, context: WriterContext, fit = 1): string {
  return unified().use(rehypeStringify).stringify(printTree(publication, context, fit));
}

/**
 * The print document as HTML, with its headings' text (what the bookmarks must say), the
 * text's blocks and which of them the document marks (`data-octavo-block`) for the layout check.
 * `tighten`: chapters (by order) to set tighter, with the lines each is to save (`short-endings.ts`).
 */
export function printDocumentAndHeadings(publication: Publication, context: WriterContext, fit = 1, tighten?: ReadonlyMap<number, number>): { html: string; headings: string[]; blocks: TextBlock[]; marked: number[] } {
  const blocks = markBlocks(publication, { addressNotes: Boolean(addressNotes(context)) });
  const tree = printTree(publication, context, fit, tighten);
  const marked = markPrintTree(tree);
  return { html: unified().use(rehypeStringify).stringify(tree), headings: printedHeadings(tree), blocks, marked };
}
