import type { Root as MdastRoot, Text } from 'mdast';
import { visit } from 'unist-util-visit';

/**
 * Prices are not formulas. remark-math pairs any two dollar signs, so "it cost $5 and $10"
 * would be typeset as the formula `5 and `. As in pandoc, an inline formula must not start or
 * end with a space, and its closing `$` must not be followed by a digit; a pair that breaks
 * these rules is put back as the text it was. (`\$` is always a literal dollar sign.)
 */
export default function dollarSigns() {
  return (tree: MdastRoot) => {
    visit(tree, 'inlineMath', (node, index, parent) => {
      if (!parent || index === undefined) return;
      const next = parent.children[index + 1];
      const followedByDigit = next?.type === 'text' && /^\d/.test(next.value);
      if (!/^\s|\s$/.test(node.value) && !followedByDigit) return;
      const text: Text = { type: 'text', value: `$${node.value}$`, position: node.position };
      parent.children.splice(index, 1, text);
      return index + 1;
    });
  };
}
