import { warn } from '../../diagnostics.ts';
import { papers } from '../../templates/paper.ts';
import type { ElementContent } from 'hast';
import { h } from 'hastscript';
import { visit } from 'unist-util-visit';
import type { OutlineEntry, Publication } from '../../document/publication.ts';
import { fontFaceCss, sfntFileName } from '../../fonts/load.ts';
import { renameFont } from '../../fonts/names.ts';
import { epubLangStacks } from '../../fonts/stacks.ts';
import type { Writer } from '../context.ts';
import { withAssetUrls } from '../shared/assets.ts';
import { documentTitle } from '../shared/metadata.ts';
import { joinNames, titleBlock } from '../shared/title-block.ts';
import { coverImage } from './cover.ts';
import { chapterIds } from '../../document/links.ts';
import { partId } from '../../document/outline.ts';
import { publicationIdentifier } from '../shared/identifier.ts';
import { storeImages, type StoreImage } from './store-images.ts';
import type { Asset } from '../../document/publication.ts';
import { epubFootnotes } from './footnotes.ts';
import { linkAcrossChapters } from './links.ts';
import { lintEpub } from './lint.ts';
import { insertPageBreaks, pageBreak, type PageStart } from './page-list.ts';
import { pagination } from './pagination.ts';
import { navigationDocument, ncxDocument } from './navigation.ts';
import { appleDisplayOptions, packageDocument, type ManifestItem } from './package-document.ts';
import { alignmentClasses } from './alignment-classes.ts';
import { alignmentCss, epubStylesheet } from './stylesheet.ts';
import { toXhtml, xhtmlDocument, xhtmlReady } from './xhtml.ts';
import { zipContainer, type ContainerEntry } from './zip.ts';
import { copyTree } from '../shared/copy-tree.ts';
import { fill, labelsFor } from '../../text/labels.ts';

const containerXml = `<?xml version="1.0" encoding="UTF-8"?>
<container version="1.0" xmlns="urn:oasis:names:tc:opendocument:xmlns:container">
  <rootfiles>
    <rootfile full-path="EPUB/package.opf" media-type="application/oebps-package+xml"/>
  </rootfiles>
</container>
`;

const stylesheetHref = 'styles/book.css';

/** A chapter's body: an article for a one-chapter text (with the title block), else a chapter section. */
function chapterBody(publication: Publication, index: number, withTitleBlock: boolean, ids: ReadonlyMap<string, number>, pages: readonly PageStart[], images: ReadonlyMap<Asset, StoreImage>): ElementContent[] {
  const chapter = publication.chapters[index];
  const tree = withAssetUrls(chapter.tree, publication, (asset) => `../${images.get(asset)?.href ?? asset.href}`);
  const copy = tree === chapter.tree ? copyTree(tree) : tree;
  // Page breaks first, while the copy's text nodes are still those the pages were located in.
  insertPageBreaks(copy, pages.filter((start) => start.chapter === index && !(start.node < 0 && withTitleBlock)));
  epubFootnotes(copy, labelsFor(publication.meta));
  alignmentClasses(copy);
  linkAcrossChapters(copy, index, ids, (other) => `${publication.chapters[other].id}.xhtml`, (other) => publication.chapters[other].id);
  const content = copy.children as ElementContent[];
  if (withTitleBlock) {
    const first = pages.some((start) => start.chapter === index && start.node < 0) ? [pageBreak(1)] : [];
    return [h('article', { ariaLabelledBy: 'title' }, [...first, titleBlock(publication.meta), ...content])];
  }
  const heading = chapter.hasOwnHeading ? [] : [h('h1', { id: chapter.id }, chapter.title)];
  return [h('section', { 'epub:type': 'chapter', role: 'doc-chapter', ariaLabel: chapter.title }, [...heading, ...content])];
}

/** The manifest properties a content document needs for what it embeds: `mathml` for `<math>`, `svg` for inline `<svg>`. */
export function contentProperties(body: ElementContent[]): string[] {
  const found = new Set<string>();
  visit({ type: 'root', children: body }, 'element', (node) => {
    if (node.tagName === 'math') found.add('mathml');
    if (node.tagName === 'svg') found.add('svg');
  });
  return [...found].sort();
}

/**
 * EPUB 3 written from the document model: one XHTML file per chapter (serialised from the
 * same hast as the HTML page), a navigation document and NCX from the outline, the
 * template's EPUB stylesheet and subset fonts, and a package document with full metadata.
 */
export const writeEpub: Writer = async (publication, context) => {
  const { meta, chapters } = publication;
  const identifier = publicationIdentifier(meta);
  const items: ManifestItem[] = [];
  const files: ContainerEntry[] = [{ path: 'META-INF/container.xml', data: containerXml }];
  const add = (item: ManifestItem, data: Uint8Array | string) => {
    items.push(item);
    files.push({ path: `EPUB/${item.href}`, data });
  };
  const fromText = (href: string) => `../${href}`;

  // A one-chapter text opens with its title block; a book gets a title page of its own.
  const singleText = chapters.length === 1 && !chapters[0].hasOwnHeading;
  const chapterHref = (index: number) => `text/${chapters[index].id}.xhtml`;
  const partHref = (index: number) => `text/${partId(index)}.xhtml`;
  const entryHref = (entry: OutlineEntry) => (entry.part !== undefined ? partHref(entry.part) : chapterHref(entry.chapter) + (entry.id ? `#${entry.id}` : ''));
  // Printing (for the page list) and the cover render share the browser; run them side by side.
  const paged = pagination(publication, context);
  // Its failure is this writer's, said when it is awaited below.
  paged.catch(() => undefined);
  const coverAndImages = Promise.all([coverImage(publication, context), storeImages(publication, context)]);
  coverAndImages.catch(() => undefined);
  // The files that depend neither on the print's pages nor on the cover are made while Chromium
  // prints, not before the print document (nor after the print, when a cover not yet cached takes
  // longer to render than a short text takes to print).
  await Promise.race([context.printStarted, paged]);
  const { fontFiles, stylesheet } = await context.time('epub: fonts and stylesheet', async () => ({
    fontFiles: context.fonts.map((font) => ({ font, data: renameFont(font.sfnt, font) })),
    stylesheet: epubLangStacks(epubStylesheet([fontFaceCss(context.fonts, (font) => `../fonts/${sfntFileName(font)}`, 'sfnt'), context.template.baseCss, context.template.epubCss, alignmentCss])),
  }));
  const [cover, images] = await coverAndImages;
  await xhtmlReady();
  const pages = await paged;
  // The print edition's page 1 opens with the title block: in a book, that is the title page.
  const pageOneHref = singleText ? chapterHref(0) : 'text/titlepage.xhtml';
  const pageHref = (start: PageStart) => (start.page === 1 ? pageOneHref : chapterHref(start.chapter)) + `#page-break-${start.page}`;

  // The contents page is part of a book's reading order; a single text keeps it out of the way (non-linear).
  const labels = labelsFor(meta);
  const nav = { id: 'nav', href: 'nav.xhtml', mediaType: 'application/xhtml+xml', properties: ['nav'], spine: { linear: !singleText } };
  const pageList = pages.map((start) => ({ page: start.page, href: pageHref(start) }));
  add(nav, navigationDocument(publication, {
    href: entryHref,
    pageList,
    stylesheets: [stylesheetHref],
    // No `cover` landmark: Calibre takes the cover page out (the guide names it) and would keep a dangling link to it; the manifest's `cover-image` tells EPUB 3 readers.
    landmarks: [
      { type: 'toc', href: 'nav.xhtml#toc', title: labels.contents },
      { type: 'bodymatter', href: chapterHref(0), title: labels.startOfText },
    ],
  }));
  add({ id: 'ncx', href: 'toc.ncx', mediaType: 'application/x-dtbncx+xml' }, ncxDocument(publication, identifier, entryHref, pageList));

  add({ id: 'cover-image', href: `images/${cover.name}`, mediaType: cover.mediaType, properties: ['cover-image'] }, cover.data);
  const covered = meta.author?.length ? fill(labels.byAuthor, { title: documentTitle(meta), author: joinNames(meta.author, meta.lang) }) : documentTitle(meta);
  const coverPage = xhtmlDocument({
    lang: meta.lang,
    title: labels.cover,
    stylesheets: [fromText(stylesheetHref)],
    bodyProperties: { className: ['cover-page'] },
    body: [h('section', { 'epub:type': 'cover' }, [h('img', { src: `../images/${cover.name}`, alt: fill(labels.coverOf, { title: covered }), role: 'doc-cover' })])],
  });
  add({ id: 'cover', href: 'text/cover.xhtml', mediaType: 'application/xhtml+xml', spine: { linear: true } }, toXhtml(coverPage));

  if (!singleText) {
    const page = xhtmlDocument({
      lang: meta.lang,
      title: documentTitle(meta),
      stylesheets: [fromText(stylesheetHref)],
      bodyProperties: { 'epub:type': 'frontmatter' },
      body: [h('section.titlepage', { 'epub:type': 'titlepage', ariaLabelledBy: 'title' }, [...(pages.length > 0 ? [pageBreak(1)] : []), titleBlock(meta)])],
    });
    add({ id: 'titlepage', href: 'text/titlepage.xhtml', mediaType: 'application/xhtml+xml', spine: { linear: true } }, toXhtml(page));
  }
  const ids = chapterIds(chapters);
  chapters.forEach((chapter, index) => {
    // A part opens with a page of its own, before its first chapter in the reading order.
    const partIndex = publication.parts.findIndex((part) => part.first === index);
    if (partIndex !== -1) {
      const part = publication.parts[partIndex];
      const partPage = xhtmlDocument({
        lang: meta.lang,
        title: part.title,
        stylesheets: [fromText(stylesheetHref)],
        bodyProperties: { 'epub:type': 'bodymatter' },
        body: [h('section.part', { 'epub:type': 'part', role: 'doc-part', id: partId(partIndex), ariaLabelledBy: `${partId(partIndex)}-title` }, [h('h1.part-title', { id: `${partId(partIndex)}-title` }, part.title)])],
      });
      add({ id: partId(partIndex), href: partHref(partIndex), mediaType: 'application/xhtml+xml', spine: { linear: true } }, toXhtml(partPage));
    }
    const body = chapterBody(publication, index, singleText, ids, singleText ? pages : pages.filter((start) => start.page !== 1), images);
    const page = xhtmlDocument({
      lang: meta.lang,
      title: singleText ? documentTitle(meta) : chapter.title,
      stylesheets: [fromText(stylesheetHref)],
      bodyProperties: { 'epub:type': 'bodymatter' },
      body,
    });
    add({ id: chapter.id, href: chapterHref(index), mediaType: 'application/xhtml+xml', properties: contentProperties(body), spine: { linear: true } }, toXhtml(page));
  });

  for (const asset of publication.assets) {
    const stand = images.get(asset);
    add({ id: asset.id, href: stand?.href ?? asset.href, mediaType: stand?.mediaType ?? asset.mediaType }, stand?.data ?? asset.data);
  }
  for (const { font, data } of fontFiles) {
    add({ id: `font-${font.name}`, href: `fonts/${sfntFileName(font)}`, mediaType: font.sfntType }, data);
  }
  add({ id: 'css', href: stylesheetHref, mediaType: 'text/css' }, stylesheet);
  if (context.fonts.length > 0) files.push({ path: 'META-INF/com.apple.ibooks.display-options.xml', data: appleDisplayOptions });

  // Reading order: cover, title page, contents, chapters; a single text's non-linear contents goes last.
  const front = ['cover', 'titlepage'];
  const spineOrder = [...items.filter((item) => front.includes(item.id)), ...items.filter((item) => !front.includes(item.id) && item !== nav), nav];
  if (!singleText) spineOrder.splice(front.length, 0, spineOrder.pop()!);
  const pageSource = pages.length > 0 ? `${documentTitle(meta)}, PDF edition (${papers[context.paper].label}, ${context.template.name} template)` : undefined;
  files.push({ path: 'EPUB/package.opf', data: packageDocument(publication, identifier, spineOrder, { pageSource, coverPage: 'text/cover.xhtml' }) });
  // Infos (no author) are for the store check (`npm run test:stores`), not every build's output.
  const findings = await context.time('epub: check', async () => lintEpub(files, items));
  for (const finding of findings) {
    if (finding.severity !== 'info') warn(publication.files[0], `EPUB ${finding.where}: ${finding.reason}`, { ruleId: `epub-${finding.rule}`, hint: finding.hint });
  }
  return context.time('epub: zip', async () => zipContainer(files, publication.modified));
};
