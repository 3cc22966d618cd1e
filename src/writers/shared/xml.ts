import type { Root as XastRoot, Text as XastText } from 'xast';
import { visit } from 'unist-util-visit';
import { toXml, type Raw as XastRaw } from 'xast-util-to-xml';
import { withoutForbidden } from '../../text/characters.ts';

/**
 * Serialises an XML tree so that it is well-formed whatever text it carries (every XML file of
 * the EPUB goes through here): characters XML cannot hold are left out of text and attribute
 * values (the reader has already warned where they were written), and `]]>` in text — which
 * xast-util-to-xml leaves as it is, escaping only `&` and `<` — is written `]]&gt;`. No CDATA.
 */
export function toWellFormedXml(tree: XastRoot): string {
  visit(tree, (node, index, parent) => {
    if (node.type === 'element') {
      for (const [name, value] of Object.entries(node.attributes)) if (typeof value === 'string') node.attributes[name] = withoutForbidden(value);
      return;
    }
    if (node.type !== 'text') return;
    node.value = withoutForbidden(node.value);
    if (!parent || index === undefined || !node.value.includes(']]>')) return;
    const parts = node.value.split(']]>');
    const replacement: Array<XastText | XastRaw> = parts.flatMap((part, n) =>
      n === parts.length - 1 ? [{ type: 'text', value: part }] : [{ type: 'text', value: `${part}]]` }, { type: 'raw', value: '&gt;' }],
    );
    (parent.children as unknown[]).splice(index, 1, ...replacement);
    return index + replacement.length;
  });
  // The only raw nodes are the `&gt;` made above: hast-util-to-xast and xastscript emit none.
  return toXml(tree, { closeEmptyElements: true, allowDangerousXml: true });
}
