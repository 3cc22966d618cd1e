import type { Element, ElementContent, Root as HastRoot } from 'hast';
import { h } from 'hastscript';
import { phrasing } from 'hast-util-phrasing';
import { visit } from 'unist-util-visit';

/**
 * A GFM task list checkbox has no label, which screen readers announce as an unnamed
 * control (axe and DAISY Ace report it as critical). The item's own text becomes its label:
 * the checkbox and the phrasing content after it are wrapped in a `<label>`.
 */
export default function taskListLabels() {
  return (tree: HastRoot) => {
    visit(tree, 'element', (node) => {
      const index = node.children.findIndex(
        (child): child is Element => child.type === 'element' && child.tagName === 'input' && child.properties.type === 'checkbox',
      );
      if (index === -1 || (node.tagName !== 'li' && node.tagName !== 'p')) return;
      let end = index + 1;
      while (end < node.children.length && phrasing(node.children[end])) end += 1;
      const label = h('label', node.children.slice(index, end) as ElementContent[]);
      node.children.splice(index, end - index, label);
    });
  };
}
