import type { ElementContent } from 'hast';
import { h } from 'hastscript';
import type { Element as XastElement } from 'xast';
import { toWellFormedXml } from '../shared/xml.ts';
import { x } from 'xastscript';
import type { OutlineEntry, Publication } from '../../document/publication.ts';
import { documentTitle } from '../shared/metadata.ts';
import { tocList } from '../shared/toc.ts';
import { toXhtml, xhtmlDocument } from './xhtml.ts';
import { labelsFor } from '../../text/labels.ts';

export interface NavigationOptions {
  /** The href of an outline entry, relative to the package document's folder. */
  href: (entry: OutlineEntry) => string;
  /** Landmarks: `epub:type` → href (e.g. `bodymatter` → the first chapter). */
  landmarks: Array<{ type: string; href: string; title: string }>;
  /** Print pages and where each begins (empty: no page list). */
  pageList: Array<{ page: number; href: string }>;
  stylesheets: string[];
}

/** The EPUB 3 navigation document: the table of contents from the outline, and landmarks. */
export function navigationDocument(publication: Publication, options: NavigationOptions): string {
  const { meta } = publication;
  const labels = labelsFor(meta);
  const toc = tocList(publication.outline, { href: options.href, maxDepth: 6 });
  const landmarks = h(
    'ol',
    options.landmarks.map((landmark) => h('li', [h('a', { 'epub:type': landmark.type, href: landmark.href }, landmark.title)])),
  );
  const body: ElementContent[] = [
    h('nav', { 'epub:type': 'toc', role: 'doc-toc', id: 'toc', ariaLabelledBy: 'toc-title' }, [h('h1', { id: 'toc-title' }, labels.contents), toc]),
    h('nav', { 'epub:type': 'landmarks', id: 'landmarks', hidden: true, ariaLabelledBy: 'landmarks-title' }, [h('h2', { id: 'landmarks-title' }, labels.landmarks), landmarks]),
  ];
  if (options.pageList.length > 0) {
    const pages = h('ol', options.pageList.map((entry) => h('li', [h('a', { href: entry.href }, String(entry.page))])));
    body.push(h('nav', { 'epub:type': 'page-list', role: 'doc-pagelist', id: 'page-list', hidden: true, ariaLabelledBy: 'page-list-title' }, [h('h2', { id: 'page-list-title' }, labels.pages), pages]));
  }
  return toXhtml(xhtmlDocument({ lang: meta.lang, title: `${labels.contents} · ${documentTitle(meta)}`, stylesheets: options.stylesheets, body }));
}

/**
 * How deep the NCX goes: Kindle (which reads the NCX, not the navigation document) shows two
 * levels; the navigation document keeps the whole outline.
 */
export const ncxMaxDepth = 2;

/** The NCX, for EPUB 2 reading systems and Kindle, which do not read the navigation document. */
export function ncxDocument(publication: Publication, identifier: string, href: (entry: OutlineEntry) => string, pageList: Array<{ page: number; href: string }> = []): string {
  let order = 0;
  let deepest = 0;
  const points = (entries: readonly OutlineEntry[], depth: number): XastElement[] =>
    entries.map((entry) => {
      order += 1;
      deepest = Math.max(deepest, depth);
      return x('navPoint', { id: `nav-${order}`, playOrder: String(order) }, [
        x('navLabel', [x('text', entry.title)]),
        x('content', { src: href(entry) }),
        ...(depth < ncxMaxDepth ? points(entry.children, depth + 1) : []),
      ]);
    });
  const navMap = points(publication.outline, 1);
  const pageTargets = pageList.map((entry) =>
    x('pageTarget', { id: `page-target-${entry.page}`, type: 'normal', value: String(entry.page), playOrder: String(++order) }, [
      x('navLabel', [x('text', String(entry.page))]),
      x('content', { src: entry.href }),
    ]),
  );
  const lastPage = String(pageList.at(-1)?.page ?? 0);
  const tree = x(null, [
    { type: 'instruction', name: 'xml', value: 'version="1.0" encoding="UTF-8"' },
    x('ncx', { xmlns: 'http://www.daisy.org/z3986/2005/ncx/', version: '2005-1', 'xml:lang': publication.meta.lang }, [
      x('head', [
        x('meta', { name: 'dtb:uid', content: identifier }),
        x('meta', { name: 'dtb:depth', content: String(Math.max(1, deepest)) }),
        x('meta', { name: 'dtb:totalPageCount', content: lastPage }),
        x('meta', { name: 'dtb:maxPageNumber', content: lastPage }),
      ]),
      x('docTitle', [x('text', documentTitle(publication.meta))]),
      x('navMap', navMap),
      ...(pageTargets.length > 0 ? [x('pageList', [x('navLabel', [x('text', labelsFor(publication.meta).pages)]), ...pageTargets])] : []),
    ]),
  ]);
  return toWellFormedXml(tree) + '\n';
}
