import { documentDirection } from '../document/plugins/direction.ts';
import type { Element, ElementContent, Root } from 'hast';
import { shiftHeading } from 'hast-util-shift-heading';
import { h } from 'hastscript';
import rehypeStringify from 'rehype-stringify';
import { unified } from 'unified';
import { partId } from '../document/outline.ts';
import type { Publication } from '../document/publication.ts';
import { inlineFontFaceCss } from '../fonts/load.ts';
import type { Writer, WriterContext } from './context.ts';
import { assetDataUrl, withAssetUrls } from './shared/assets.ts';
import { metadataCss } from './shared/metadata-css.ts';
import { colophon, titleBlock } from './shared/title-block.ts';
import { tocList } from './shared/toc.ts';
import { documentTitle, jsonLd } from './shared/metadata.ts';
import { copyTree } from './shared/copy-tree.ts';
import { labelsFor } from '../text/labels.ts';

/** The stylesheet of the one-file page: fonts inlined, screen and print rules by media query. */
export function pageStyles(publication: Publication, context: WriterContext): string {
  const { template, fonts } = context;
  return [
    inlineFontFaceCss(fonts),
    metadataCss(publication.meta),
    template.baseCss,
    `@media screen {\n${template.screenCss}\n}`,
    // A Paged.js sheet (string-set, footnote floats) is not CSS a browser prints by itself, nor valid CSS to vnu.
    // Such a template may bring a plain print sheet for the page (page-print.css) instead.
    `@media print {\n${template.paginate === 'pagedjs' ? template.pagePrintCss : template.printCss}\n}`,
  ].join('\n');
}

/**
 * The article's content: one chapter's children as they are, several as sections. The page's
 * only `h1` is the title, so a chapter's headings move one rank down (`h1` → `h2`), on a copy;
 * in a part, two (the part's title is the `h2`).
 */
function articleBody(publication: Publication): ElementContent[] {
  const { chapters, parts } = publication;
  const content = (tree: Root) => withAssetUrls(tree, publication, assetDataUrl);
  if (chapters.length === 1 && !chapters[0].hasOwnHeading && parts.length === 0) return content(chapters[0].tree).children as ElementContent[];
  const section = (index: number, shift: number) => {
    const chapter = chapters[index];
    let tree = content(chapter.tree);
    if (tree === chapter.tree) tree = copyTree(tree);
    shiftHeading(tree, shift);
    const heading = chapter.hasOwnHeading ? [] : [h(`h${1 + shift}`, { id: chapter.id }, chapter.title)];
    return h('section.chapter', { id: chapter.hasOwnHeading ? chapter.id : undefined }, [...heading, ...(tree.children as ElementContent[])]);
  };
  const body: ElementContent[] = [];
  for (let index = 0; index < chapters.length; ) {
    const partIndex = parts.findIndex((part) => part.first === index);
    if (partIndex === -1) {
      body.push(section(index, 1));
      index += 1;
      continue;
    }
    const part = parts[partIndex];
    const inside = Array.from({ length: part.count }, (_, offset) => section(part.first + offset, 2));
    body.push(h('section.part', { id: partId(partIndex), ariaLabelledBy: `${partId(partIndex)}-title` }, [h('h2.part-title', { id: `${partId(partIndex)}-title` }, part.title), ...inside]));
    index += part.count;
  }
  return body;
}

/**
 * The HTML page as a hast tree, styled with `styles` (default: the page's own, for screen
 * and print); the PDF writer prints the same tree with its print stylesheet.
 */
export function htmlTree(publication: Publication, context: WriterContext, styles = pageStyles(publication, context)): Root {
  const { meta } = publication;
  const labels = labelsFor(meta);
  const toc = tocList(publication.outline.length === 1 && publication.outline[0].part === undefined ? publication.outline[0].children : publication.outline, {
    href: (entry) => `#${entry.id || publication.chapters[entry.chapter].id}`,
    maxDepth: context.template.tocDepth,
  });
  const head: Element[] = [
    h('meta', { charSet: 'utf-8' }),
    h('meta', { name: 'viewport', content: 'width=device-width, initial-scale=1' }),
    h('title', documentTitle(meta)),
    meta.description ? h('meta', { name: 'description', content: meta.description }) : undefined,
    meta.author?.length ? h('meta', { name: 'author', content: meta.author.join(', ') }) : undefined,
    meta.keywords.length ? h('meta', { name: 'keywords', content: meta.keywords.join(', ') }) : undefined,
    h('meta', { name: 'generator', content: `Octavo ${context.version}` }),
    h('meta', { name: 'color-scheme', content: 'light dark' }),
    h('style', styles),
    h('script', { type: 'application/ld+json' }, JSON.stringify(jsonLd(meta)).replace(/</g, '\\u003c')),
  ].filter((node): node is Element => node !== undefined);

  const html = h('html', { lang: meta.lang, dir: documentDirection(meta.lang) }, [
    h('head', head),
    h('body', [
      h('a.skip-link', { href: '#text' }, labels.skipToText),
      h('main', [
        h('article', { ariaLabelledBy: 'title' }, [
          titleBlock(meta),
          colophon(meta),
          toc ? h('nav.toc', { ariaLabel: labels.contents }, [h('h2.toc-title', labels.contents), toc]) : undefined,
          h('div.text', { id: 'text' }, articleBody(publication)),
        ]),
      ]),
    ]),
  ]);
  return { type: 'root', children: [{ type: 'doctype' }, html] };
}

/** The page as an HTML string, made once per build and shared with the PDF writer. */
export function htmlPage(publication: Publication, context: WriterContext): Promise<string> {
  return context.memo('html-page', async () => unified().use(rehypeStringify).stringify(htmlTree(publication, context)));
}

/** One self-contained HTML file: fonts and styles inlined, opens offline from disk. */
export const writeHtml: Writer = async (publication, context) => new TextEncoder().encode(await htmlPage(publication, context));
