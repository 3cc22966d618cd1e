import type { Element, Root, Text } from 'hast';
import { h } from 'hastscript';
import { visit } from 'unist-util-visit';
import type { Chapter } from '../../document/publication.ts';

/** Where a printed page begins in the text: a chapter, its n-th text node, an offset in it. */
export interface PageStart {
  page: number;
  chapter: number;
  /** Index of the text node in document order; -1 for the very start of the chapter. */
  node: number;
  offset: number;
}

/** Text as compared between the PDF and the source: case, white space and hyphens do not count. */
function normalize(text: string): string {
  return text.normalize('NFKC').toLowerCase().replace(/[\s\u00ad\u2010-]+/g, '');
}

/** All chapters' text in reading order, normalised, with the source place of each character. */
function textStream(chapters: readonly Chapter[]): { text: string; places: Array<Omit<PageStart, 'page'>> } {
  let text = '';
  const places: Array<Omit<PageStart, 'page'>> = [];
  chapters.forEach((chapter, index) => {
    let node = 0;
    visit(chapter.tree, 'text', (textNode) => {
      for (let offset = 0; offset < textNode.value.length; offset++) {
        for (const char of normalize(textNode.value[offset])) {
          text += char;
          places.push({ chapter: index, node, offset });
        }
      }
      node += 1;
    });
  });
  return { text, places };
}

/**
 * Finds where each printed page begins by matching the first words of its body text (the
 * running header and footer never match) against the source, in order. Page 1 starts at the
 * beginning; a page whose start cannot be found (one holding only an image) is left out.
 */
export function locatePages(chapters: readonly Chapter[], pages: readonly string[][], window = 40): PageStart[] {
  const { text, places } = textStream(chapters);
  const starts: PageStart[] = pages.length > 0 ? [{ page: 1, chapter: 0, node: -1, offset: 0 }] : [];
  let cursor = 0;
  pages.slice(1).forEach((runs, index) => {
    for (let first = 0; first < runs.length; first++) {
      let probe = '';
      for (let run = first; run < runs.length && probe.length < window; run++) probe += normalize(runs[run]);
      probe = probe.slice(0, window);
      if (probe.length < Math.min(12, window)) break;
      const found = text.indexOf(probe, cursor);
      if (found === -1) continue;
      starts.push({ page: index + 2, ...places[found] });
      cursor = found + 1;
      return;
    }
  });
  return starts;
}

/** The marker a page break leaves in the e-book: empty, named for screen readers. */
export function pageBreak(page: number): Element {
  return h('span', { id: `page-break-${page}`, role: 'doc-pagebreak', 'epub:type': 'pagebreak', ariaLabel: String(page) });
}

/** Puts page break markers into a copy of a chapter's tree (same text node order as the original). */
export function insertPageBreaks(tree: Root, starts: readonly PageStart[]): void {
  const texts: Array<{ node: Text; parent: Root | Element }> = [];
  visit(tree, 'text', (node, _index, parent) => {
    texts.push({ node, parent: parent as Root | Element });
  });
  // Latest first, so earlier offsets in the same text node stay valid.
  const ordered = [...starts].sort((a, b) => b.node - a.node || b.offset - a.offset);
  for (const start of ordered) {
    if (start.node < 0) {
      tree.children.unshift(pageBreak(start.page));
      continue;
    }
    const { node, parent } = texts[start.node];
    const at = parent.children.indexOf(node);
    const before: Text = { type: 'text', value: node.value.slice(0, start.offset) };
    node.value = node.value.slice(start.offset);
    parent.children.splice(at, 0, ...(before.value ? [before] : []), pageBreak(start.page));
    // An earlier break in the same text node now falls in the part before this one.
    texts[start.node] = { node: before, parent };
  }
}
