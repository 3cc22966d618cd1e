import { limitOpenElements } from './plugins/nesting-limit.ts';

/** parse5 and the hast utilities built on it; and hast-util-to-xast, which writes an SVG image (or diagram) parsed with them back as XML. */
export interface HtmlParser {
  parseFragment: typeof import('parse5').parseFragment;
  fromParse5: typeof import('hast-util-from-parse5').fromParse5;
  fromHtml: typeof import('hast-util-from-html').fromHtml;
  rehypeRaw: typeof import('rehype-raw').default;
  toXast: typeof import('hast-util-to-xast').toXast;
}

let loading: Promise<HtmlParser> | undefined;

/**
 * Loads parse5 (and rehype-raw, hast-util-from-html, hast-util-from-parse5) once, on first
 * need: raw HTML in the Markdown, an SVG image, a diagram, a citation. A text with none of
 * them, most manuscripts, never compiles their 0.3 MB (docs/benchmarks.md, "Second round").
 * parse5's stack of open elements is limited as it loads (`limitOpenElements`).
 */
export function loadHtmlParser(): Promise<HtmlParser> {
  loading ??= Promise.all([import('parse5'), import('hast-util-from-parse5'), import('hast-util-from-html'), import('rehype-raw'), import('hast-util-to-xast')]).then(([parse5, fromParse5, fromHtml, rehypeRaw, toXast]) => {
    limitOpenElements(parse5.Parser);
    return { parseFragment: parse5.parseFragment, fromParse5: fromParse5.fromParse5, fromHtml: fromHtml.fromHtml, rehypeRaw: rehypeRaw.default, toXast: toXast.toXast };
  });
  return loading;
}
