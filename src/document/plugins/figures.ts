import type { Element, ElementContent, Root as HastRoot } from 'hast';
import { h } from 'hastscript';
import { visit } from 'unist-util-visit';

const isBlank = (node: ElementContent) => node.type === 'text' && node.value.trim() === '';

/**
 * Figures with captions: an image alone in its paragraph with a title,
 * `![A dark stage](stage.png "The stage before the first act")`, becomes
 * `<figure><img alt="A dark stage"><figcaption>The stage before the first act</figcaption></figure>`.
 * The alt text describes the picture; the caption says what it is there for. An image without a
 * title, or with text beside it, stays an image in its paragraph.
 */
export default function figures() {
  return (tree: HastRoot) => {
    visit(tree, 'element', (node, index, parent) => {
      if (node.tagName !== 'p' || !parent || index === undefined) return;
      const content = node.children.filter((child) => !isBlank(child));
      const image = content[0] as Element | undefined;
      if (content.length !== 1 || image?.type !== 'element' || image.tagName !== 'img') return;
      const caption = typeof image.properties.title === 'string' ? image.properties.title.trim() : '';
      if (!caption) return;
      delete image.properties.title;
      parent.children[index] = { ...h('figure', [image, h('figcaption', caption)]), position: node.position };
    });
  };
}
