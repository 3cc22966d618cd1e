import { documentDirection } from '../../document/plugins/direction.ts';
import type { ElementContent, Properties, Root } from 'hast';
import { h } from 'hastscript';
import type { Root as XastRoot } from 'xast';
import { toWellFormedXml } from '../shared/xml.ts';

export const epubNamespace = 'http://www.idpf.org/2007/ops';

export interface XhtmlDocumentOptions {
  lang: string;
  title: string;
  /** Stylesheet hrefs, relative to the document. */
  stylesheets?: string[];
  bodyProperties?: Properties;
  body: ElementContent[];
}

/** An XHTML content document as a hast tree, with the EPUB namespace declared. */
export function xhtmlDocument(options: XhtmlDocumentOptions): Root {
  const { lang, title, stylesheets = [], bodyProperties = {}, body } = options;
  return {
    type: 'root',
    children: [
      { type: 'doctype' },
      h('html', { lang, 'xml:lang': lang, dir: documentDirection(lang), 'xmlns:epub': epubNamespace }, [
        h('head', [h('meta', { charSet: 'utf-8' }), h('title', title), ...stylesheets.map((href) => h('link', { rel: 'stylesheet', type: 'text/css', href }))]),
        h('body', bodyProperties, body),
      ]),
    ],
  };
}

let xast: typeof import('hast-util-to-xast') | undefined;

/**
 * Loads hast-util-to-xast, which `toXhtml` needs: on first need, not as the EPUB writer loads.
 * Building its property tables (its own copy of property-information) was milliseconds of every
 * build's thread before the print; the EPUB's XHTML is written while Chromium prints.
 */
export async function xhtmlReady(): Promise<void> {
  xast ??= await import('hast-util-to-xast');
}

/**
 * Serialises hast as XHTML (after `xhtmlReady`). rehype-stringify writes HTML syntax
 * (`<input checked>`), which is not well-formed XML, so the tree goes through xast: every
 * attribute gets a value and namespaces are declared. Empty elements close as `<br />`.
 */
export function toXhtml(tree: Root): string {
  if (!xast) throw new Error('toXhtml before xhtmlReady()');
  const xml = xast.toXast(tree) as XastRoot;
  xml.children.unshift({ type: 'instruction', name: 'xml', value: 'version="1.0" encoding="UTF-8"' });
  return toWellFormedXml(xml) + '\n';
}
