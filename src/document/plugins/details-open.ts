import type { Root } from 'hast';
import { visit } from 'unist-util-visit';

/**
 * Every `<details>` is stored open: a printed page cannot be clicked, and an EPUB reading
 * system may not open it either, so its text would be hidden (READMEs fold whole sections
 * away). On screen it can still be closed; the templates print its `<summary>` as a label.
 */
export default function detailsOpen() {
  return (tree: Root) => {
    visit(tree, 'element', (node) => {
      if (node.tagName === 'details') node.properties.open = true;
    });
  };
}
