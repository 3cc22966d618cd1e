import type { Element, ElementContent, Root } from 'hast';
import { h } from 'hastscript';
import { remove } from 'unist-util-remove';
import { visit } from 'unist-util-visit';

const isElement = (node: unknown): node is Element => (node as Element | undefined)?.type === 'element';

/**
 * Moves each footnote (GFM's notes, gathered after their chapter) to the place that calls
 * it, as `<span class="footnote">`: a template with `float: footnote` then sets it at the
 * foot of that page (Paged.js numbers the call and the note). Changes the tree.
 */
export function toPageFootnotes(tree: Root): void {
  const notes = new Map<string, Element>();
  visit(tree, 'element', (node) => {
    if (node.tagName === 'li' && typeof node.properties.id === 'string') notes.set(node.properties.id, node);
  });

  visit(tree, 'element', (node, index, parent) => {
    if (node.tagName !== 'sup' || !parent || index === undefined) return;
    const call = node.children.find(isElement);
    if (!call || !('dataFootnoteRef' in call.properties)) return;
    const id = String(call.properties.href ?? '').slice(1);
    const note = notes.get(id);
    if (!note) return;
    const paragraphs = note.children.filter(isElement).map((block) => {
      const content = structuredClone(block.children).filter((child) => !(isElement(child) && 'dataFootnoteBackref' in child.properties));
      // Keep the text's own spacing, without the space that stood before the back link.
      const last = content.at(-1);
      if (last?.type === 'text') last.value = last.value.trimEnd();
      return block.tagName === 'p' ? h('span.footnote-paragraph', content) : h('span.footnote-paragraph', [block]);
    });
    parent.children[index] = h('span.footnote', { id: call.properties.id }, paragraphs as ElementContent[]);
  });

  remove(tree, (node) => isElement(node) && 'dataFootnotes' in node.properties);
}
