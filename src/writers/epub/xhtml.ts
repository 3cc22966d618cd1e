import type { ElementContent, Properties, Root } from 'hast';
import { toXast } from 'hast-util-to-xast';
import { h } from 'hastscript';
import type { Root as XastRoot, Text as XastText } from 'xast';
import { visit } from 'unist-util-visit';
import { toXml, type Raw as XastRaw } from 'xast-util-to-xml';

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
      h('html', { lang, 'xml:lang': lang, 'xmlns:epub': epubNamespace }, [
        h('head', [h('meta', { charSet: 'utf-8' }), h('title', title), ...stylesheets.map((href) => h('link', { rel: 'stylesheet', type: 'text/css', href }))]),
        h('body', bodyProperties, body),
      ]),
    ],
  };
}

/**
 * Serialises hast as XHTML. rehype-stringify writes HTML syntax (`<input checked>`), which is
 * not well-formed XML, so the tree goes through xast: every attribute gets a value and
 * namespaces are declared. Empty elements close as `<br />`.
 */
export function toXhtml(tree: Root): string {
  const xml = toXast(tree) as XastRoot;
  xml.children.unshift({ type: 'instruction', name: 'xml', value: 'version="1.0" encoding="UTF-8"' });
  escapeCdataEnd(xml);
  // The only raw nodes are the `&gt;` escapeCdataEnd makes: hast-util-to-xast emits none.
  return toXml(xml, { closeEmptyElements: true, allowDangerousXml: true }) + '\n';
}

/**
 * `]]>` may not appear in XML text (it ends a CDATA section), and xast-util-to-xml escapes
 * only `&` and `<` in text: text such as `<![CDATA[>&<]]>` written in Markdown (CommonMark
 * example 629) would make a chapter that is not well-formed. Its `>` is written as `&gt;`.
 */
function escapeCdataEnd(tree: XastRoot): void {
  visit(tree, 'text', (node, index, parent) => {
    if (!parent || index === undefined || !node.value.includes(']]>')) return;
    const parts = node.value.split(']]>');
    const replacement: Array<XastText | XastRaw> = parts.flatMap((part, n) =>
      n === parts.length - 1 ? [{ type: 'text', value: part }] : [{ type: 'text', value: `${part}]]` }, { type: 'raw', value: '&gt;' }],
    );
    (parent as { children: unknown[] }).children = [...parent.children.slice(0, index), ...replacement, ...parent.children.slice(index + 1)];
    return index + replacement.length;
  });
}
