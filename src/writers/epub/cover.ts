import { documentDirection } from '../../document/plugins/direction.ts';
import type { Element } from 'hast';
import { h } from 'hastscript';
import rehypeStringify from 'rehype-stringify';
import { unified } from 'unified';
import type { Publication } from '../../document/publication.ts';
import { cached } from '../../cache.ts';
import { inlineFontFaceCss } from '../../fonts/load.ts';
import type { WriterContext } from '../context.ts';
import { joinNames } from '../shared/title-block.ts';

/** Cover size: the 1:1.6 that Apple Books, Kobo and Kindle stores ask for. */
export const coverSize = { width: 1600, height: 2560 };

export interface CoverImage {
  data: Uint8Array;
  mediaType: string;
  /** File name under `images/`. */
  name: string;
}

/** Long titles get smaller type so they still fill the cover in about four lines. */
function titleSize(title: string): number {
  const length = title.length;
  const byLength = length <= 16 ? 220 : length <= 32 ? 190 : length <= 60 ? 150 : 115;
  // The longest word must fit the cover's text box (about 1200 px; a semibold letter is about 0.62 em wide), or it overshoots the rule.
  const longestWord = Math.max(...title.split(/\s+/).map((word) => [...word].length));
  return Math.max(60, Math.min(byLength, Math.floor(1200 / (longestWord * 0.62))));
}

/** The cover as a page: the template's `cover.css` styles `.cover`, `.cover-title`, `.cover-subtitle`, `.cover-author`. */
export function coverPage(publication: Publication, context: WriterContext): string {
  const { meta } = publication;
  const style = [
    inlineFontFaceCss(context.fonts),
    `html, body { margin: 0; width: ${coverSize.width}px; height: ${coverSize.height}px; overflow: hidden; }`,
    `.cover-title { font-size: ${titleSize(meta.title)}px; }`,
    context.template.coverCss,
  ].join('\n');
  const parts: Element[] = [h('h1.cover-title', { dataFit: '' }, meta.title)];
  if (meta.subtitle) parts.push(h('p.cover-subtitle', meta.subtitle));
  const author = meta.author?.length ? h('p.cover-author', joinNames(meta.author, meta.lang)) : undefined;
  const tree = h('html', { lang: meta.lang, dir: documentDirection(meta.lang) }, [
    h('head', [h('meta', { charSet: 'utf-8' }), h('title', meta.title), h('style', style)]),
    h('body', [h('div.cover', [h('div.cover-text', parts), author])]),
  ]);
  return unified().use(rehypeStringify).stringify({ type: 'root', children: [{ type: 'doctype' }, tree] });
}

/**
 * The cover image: the one the front matter names (`cover:`), else the template's cover
 * rendered from the metadata by the build's Chromium. Made once per build.
 */
export function coverImage(publication: Publication, context: WriterContext): Promise<CoverImage> {
  return context.memo('cover', async () => {
    const given = publication.cover;
    if (given) return { data: given.data, mediaType: given.mediaType, name: `cover.${given.href.split('.').pop()}` };
    const html = coverPage(publication, context);
    const data = await context.time('epub: cover', () =>
      cached('covers', html, 'jpg', async () => {
        const browser = await context.browser();
        return browser.screenshot(html, { ...coverSize, type: 'jpeg', signal: context.signal });
      }),
    );
    return { data, mediaType: 'image/jpeg', name: 'cover.jpg' };
  });
}
