import type { Root as HastRoot } from 'hast';
import { visit } from 'unist-util-visit';

/**
 * GFM column alignment arrives as the `align` attribute, obsolete in HTML5 and invalid in
 * EPUB 3 XHTML; the same alignment as an inline style is valid everywhere.
 */
export default function tableAlign() {
  return (tree: HastRoot) => {
    visit(tree, 'element', (node) => {
      if ((node.tagName !== 'td' && node.tagName !== 'th') || !node.properties.align) return;
      const align = String(node.properties.align);
      delete node.properties.align;
      const style = node.properties.style ? `${node.properties.style}; ` : '';
      node.properties.style = `${style}text-align: ${align}`;
    });
  };
}
