import { headingRank } from 'hast-util-heading-rank';
import { toString } from 'hast-util-to-string';
import { visitParents } from 'unist-util-visit-parents';
import type { Chapter, OutlineEntry } from './publication.ts';

/**
 * Nests every chapter's headings by rank. A chapter without an `h1` of its own gets an
 * entry for its title (pointing at the chapter's start, id `''`), so each chapter is reachable.
 */
export function buildOutline(chapters: Chapter[]): OutlineEntry[] {
  const roots: OutlineEntry[] = [];
  chapters.forEach((chapter, index) => {
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
      const entry: OutlineEntry = { depth, title: toString(node).trim(), id: String(node.properties.id ?? ''), chapter: index, children: [] };
      while (stack.length > 0 && stack[stack.length - 1].depth >= depth) stack.pop();
      (stack.length > 0 ? stack[stack.length - 1].children : roots).push(entry);
      stack.push(entry);
    });
  });
  return roots;
}
