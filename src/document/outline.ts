import { headingRank } from 'hast-util-heading-rank';
import type { Element, ElementContent } from 'hast';
import { visitParents } from 'unist-util-visit-parents';
import type { Chapter, OutlineEntry, Part } from './publication.ts';

/**
 * A heading's text as contents, titles, bookmarks and running heads show it: its words, white
 * space collapsed. Images count only in a heading of images alone, by their alt text
 * (`<h1><img alt="pdf-lib"></h1>` is titled "pdf-lib"); beside words, a badge or icon is not
 * part of the title.
 */
export function headingText(node: Element): string {
  const text = (nodes: ElementContent[], withImages: boolean): string =>
    nodes
      .map((child) =>
        child.type === 'text' ? child.value : child.type === 'element' ? (child.tagName === 'img' ? (withImages ? ` ${String(child.properties.alt ?? '')} ` : ' ') : text(child.children, withImages)) : '',
      )
      .join('');
  const collapse = (value: string) => value.replace(/\s+/g, ' ').trim();
  return collapse(text(node.children, false)) || collapse(text(node.children, true));
}

/**
 * Nests every chapter's headings by rank; a heading with no text (`#` alone, an image without
 * alt text) has no entry, since a contents entry must say something. A chapter without an `h1` of its own gets an
 * entry for its title (pointing at the chapter's start, id `''`), so each chapter is reachable.
 */
export function buildOutline(chapters: Chapter[], parts: readonly Part[] = []): OutlineEntry[] {
  const roots: OutlineEntry[] = [];
  /** Top entries by chapter, so parts can gather theirs. */
  const firstRoot: number[] = [];
  chapters.forEach((chapter, index) => {
    firstRoot[index] = roots.length;
    const stack: OutlineEntry[] = [];
    if (!chapter.hasOwnHeading) {
      const entry: OutlineEntry = { depth: 1, title: chapter.title, id: '', chapter: index, children: [] };
      roots.push(entry);
      stack.push(entry);
    }
    visitParents(chapter.tree, 'element', (node, ancestors) => {
      const depth = headingRank(node);
      // The footnotes' own heading is for screen readers in place, not a section of the text.
      if (!depth || ancestors.some((ancestor) => ancestor.type === 'element' && 'dataFootnotes' in ancestor.properties)) return;
      const title = headingText(node);
      if (!title) return;
      const entry: OutlineEntry = { depth, title, id: String(node.properties.id ?? ''), chapter: index, children: [] };
      while (stack.length > 0 && stack[stack.length - 1].depth >= depth) stack.pop();
      (stack.length > 0 ? stack[stack.length - 1].children : roots).push(entry);
      stack.push(entry);
    });
  });
  firstRoot[chapters.length] = roots.length;
  // A part is one level above its chapters: depth 0, so a contents of chapters lists parts too.
  for (const [index, part] of [...parts.entries()].reverse()) {
    const start = firstRoot[part.first];
    const end = firstRoot[part.first + part.count];
    const entry: OutlineEntry = { depth: 0, title: part.title, id: partId(index), chapter: part.first, part: index, children: roots.slice(start, end) };
    roots.splice(start, end - start, entry);
  }
  return roots;
}

/** The id of a part's heading, in every format. */
export const partId = (index: number) => `part-${index + 1}`;
