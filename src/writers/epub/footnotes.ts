import type { Element, ElementContent, Root } from 'hast';
import { h } from 'hastscript';
import { visit } from 'unist-util-visit';
import type { Labels } from '../../text/labels.ts';

/**
 * GFM footnotes, as remark-rehype writes them, become EPUB 3 pop-up notes: references get
 * `epub:type="noteref"`, each note becomes an `<aside epub:type="footnote">` with its back
 * link, as Apple Books, Kobo and Kindle expect for showing notes in place. Edits the given copy.
 */
export function epubFootnotes(tree: Root, labels: Pick<Labels, 'notes'>): void {
  // Every call, those in a note that cites another note too, before the notes are rebuilt below.
  visit(tree, 'element', (node) => {
    if (node.tagName !== 'a' || !('dataFootnoteRef' in node.properties)) return;
    node.properties['epub:type'] = 'noteref';
    node.properties.role = 'doc-noteref';
    // The heading it pointed to is gone from the EPUB (see below).
    delete node.properties.ariaDescribedBy;
  });
  visit(tree, 'element', (node, index, parent) => {
    if (node.tagName !== 'section' || !('dataFootnotes' in node.properties) || !parent || index === undefined) return;
    const notes: Element[] = [];
    visit(node, 'element', (item) => {
      if (item.tagName !== 'li' || typeof item.properties.id !== 'string') return;
      visit(item, 'element', (link) => {
        if (link.tagName === 'a' && 'dataFootnoteBackref' in link.properties) link.properties.role = 'doc-backlink';
      });
      notes.push(h('aside', { 'epub:type': 'footnote', role: 'doc-footnote', id: item.properties.id }, item.children as ElementContent[]));
      return 'skip';
    });
    parent.children[index] = h('section.footnotes', { 'epub:type': 'footnotes', role: 'doc-endnotes', ariaLabel: labels.notes }, notes);
    return 'skip';
  });
}
