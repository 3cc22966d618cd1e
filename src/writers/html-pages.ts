import { documentDirection } from '../document/plugins/direction.ts';
import type { Element, ElementContent, Root } from 'hast';
import { h } from 'hastscript';
import rehypeStringify from 'rehype-stringify';
import { unified } from 'unified';
import { chapterIds } from '../document/links.ts';
import type { OutlineEntry, Publication } from '../document/publication.ts';
import type { WriterContext } from './context.ts';
import type { ArtifactFiles } from './formats.ts';
import { pageStyles } from './html.ts';
import { linkAcrossChapters } from './epub/links.ts';
import { assetDataUrl, withAssetUrls } from './shared/assets.ts';
import { documentTitle } from './shared/metadata.ts';
import { colophon, titleBlock } from './shared/title-block.ts';
import { tocList } from './shared/toc.ts';
import { copyTree } from './shared/copy-tree.ts';
import { labelsFor } from '../text/labels.ts';


const stylesheet = 'style.css';
const pageOf = (publication: Publication, chapter: number) => `${publication.chapters[chapter].id}.html`;

/** One page: the shared stylesheet, the publication's metadata, and `body`. */
function page(publication: Publication, context: WriterContext, title: string, body: ElementContent[]): string {
  const { meta } = publication;
  const tree: Root = {
    type: 'root',
    children: [
      { type: 'doctype' },
      h('html', { lang: meta.lang, dir: documentDirection(meta.lang) }, [
        h('head', [
          h('meta', { charSet: 'utf-8' }),
          h('meta', { name: 'viewport', content: 'width=device-width, initial-scale=1' }),
          h('title', title),
          meta.description ? h('meta', { name: 'description', content: meta.description }) : undefined,
          h('meta', { name: 'generator', content: `Octavo ${context.version}` }),
          h('meta', { name: 'color-scheme', content: 'light dark' }),
          h('link', { rel: 'stylesheet', href: stylesheet }),
        ]),
        h('body', [h('a.skip-link', { href: '#text' }, labelsFor(publication.meta).skipToText), ...body]),
      ]),
    ],
  };
  return unified().use(rehypeStringify).stringify(tree);
}

/** Previous, contents, next: the way through a publication of many pages. */
function pager(publication: Publication, index: number, label: string): Element {
  const links: Element[] = [];
  if (index > 0) links.push(h('a', { rel: 'prev', href: pageOf(publication, index - 1) }, `← ${publication.chapters[index - 1].title}`));
  links.push(h('a', { href: 'index.html' }, labelsFor(publication.meta).contents));
  if (index < publication.chapters.length - 1) links.push(h('a', { rel: 'next', href: pageOf(publication, index + 1) }, `${publication.chapters[index + 1].title} →`));
  return h('nav.pager', { ariaLabel: label }, links);
}

/**
 * `--html-split`: the HTML as a folder, one page per chapter plus `index.html` (title block
 * and contents) and one stylesheet with the fonts; links between chapters go to the page that
 * holds their target.
 */
export async function writeHtmlPages(publication: Publication, context: WriterContext): Promise<ArtifactFiles> {
  const { meta, chapters } = publication;
  const files: ArtifactFiles = new Map();
  const encode = (text: string) => new TextEncoder().encode(text);
  // The one-page HTML's own stylesheet, written once for every page.
  files.set(stylesheet, encode(pageStyles(publication, context)));

  const href = (entry: OutlineEntry) => pageOf(publication, entry.chapter) + (entry.id && entry.part === undefined ? `#${entry.id}` : '');
  const toc = tocList(publication.outline, { href, maxDepth: context.template.tocDepth });
  const index = [
    h('main', { id: 'text' }, [
      h('article', { ariaLabelledBy: 'title' }, [
        titleBlock(meta),
        colophon(meta),
        toc ? h('nav.toc', { ariaLabel: labelsFor(meta).contents }, [h('h2.toc-title', labelsFor(meta).contents), toc]) : undefined,
      ]),
    ]),
  ];
  files.set('index.html', encode(page(publication, context, documentTitle(meta), index)));

  const ids = chapterIds(chapters);
  chapters.forEach((chapter, position) => {
    const tree = withAssetUrls(chapter.tree, publication, assetDataUrl);
    const copy = tree === chapter.tree ? copyTree(tree) : tree;
    linkAcrossChapters(copy, position, ids, (other) => pageOf(publication, other), (other) => chapters[other].id);
    const part = publication.parts.find((entry) => position >= entry.first && position < entry.first + entry.count);
    const heading = chapter.hasOwnHeading ? [] : [h('h1', { id: chapter.id }, chapter.title)];
    const body = [
      h('header.site', [h('a', { href: 'index.html' }, meta.title), part ? h('span.part-label', ` · ${part.title}`) : undefined]),
      pager(publication, position, labelsFor(meta).chapters),
      h('main', { id: 'text' }, [h('article.chapter', { id: chapter.hasOwnHeading ? chapter.id : undefined }, [...heading, ...(copy.children as ElementContent[])])]),
      pager(publication, position, labelsFor(meta).chaptersAgain),
    ];
    files.set(pageOf(publication, position), encode(page(publication, context, `${chapter.title} · ${documentTitle(meta)}`, body)));
  });
  return files;
}
