import type { Element, ElementContent, Root } from 'hast';
import { h } from 'hastscript';
import { remove } from 'unist-util-remove';
import { visit } from 'unist-util-visit';

const isElement = (node: unknown): node is Element => (node as Element | undefined)?.type === 'element';

/** The call a `<sup>` holds, when it is a footnote call. */
function callIn(node: Element): Element | undefined {
  if (node.tagName !== 'sup') return undefined;
  const call = node.children.find(isElement);
  return call && 'dataFootnoteRef' in call.properties ? call : undefined;
}

/** Letters for notes inside a note: a, b, … z, aa, ab, … */
function letter(index: number): string {
  return (index >= 26 ? letter(Math.floor(index / 26) - 1) : '') + String.fromCharCode(97 + (index % 26));
}

/**
 * A note's blocks as the paragraphs of a page footnote, without its back link. A note that
 * cites another note (GFM allows it) cannot float within a float, so the cited note follows as
 * a paragraph of the same footnote, called and marked by a letter (a, b, …) that cannot be
 * taken for a page's note number; one already open further out is called by its label only.
 */
function noteParagraphs(note: Element, notes: ReadonlyMap<string, Element>, open: ReadonlySet<string>, nested: { count: number }): ElementContent[] {
  const inner: ElementContent[] = [];
  const paragraphs = note.children.filter(isElement).map((block): ElementContent => {
    const content = structuredClone(block.children).filter((child) => !(isElement(child) && 'dataFootnoteBackref' in child.properties));
    // Keep the text's own spacing, without the space that stood before the back link.
    const last = content.at(-1);
    if (last?.type === 'text') last.value = last.value.trimEnd();
    const paragraph = block.tagName === 'p' ? h('span.footnote-paragraph', content) : h('span.footnote-paragraph', [block]);
    visit(paragraph, 'element', (node, index, parent) => {
      const call = callIn(node);
      if (!call || !parent || index === undefined) return;
      const id = String(call.properties.href ?? '').slice(1);
      const cited = notes.get(id);
      if (!cited || open.has(id)) {
        parent.children[index] = h('sup', call.children);
        return 'skip';
      }
      const mark = letter(nested.count++);
      parent.children[index] = h('sup.footnote-nested-call', mark);
      const [first, ...rest] = noteParagraphs(cited, notes, new Set([...open, id]), nested);
      const opening = first && isElement(first) ? h('span.footnote-paragraph.footnote-nested', [h('span.footnote-nested-marker', `${mark}. `), ...first.children]) : h('span.footnote-paragraph.footnote-nested', `${mark}. `);
      inner.push(opening, ...rest);
      return 'skip';
    });
    return paragraph;
  });
  return [...paragraphs, ...inner];
}

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
    // Calls inside the notes are handled with their note, below.
    if ('dataFootnotes' in node.properties) return 'skip';
    const call = callIn(node);
    if (!call || !parent || index === undefined) return;
    const id = String(call.properties.href ?? '').slice(1);
    const note = notes.get(id);
    if (!note) return;
    parent.children[index] = h('span.footnote', { id: call.properties.id }, noteParagraphs(note, notes, new Set([id]), { count: 0 }));
    return 'skip';
  });

  remove(tree, (node) => isElement(node) && 'dataFootnotes' in node.properties);
}
