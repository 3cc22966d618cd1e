import type { Root } from 'hast';
import { visit } from 'unist-util-visit';

/**
 * In the EPUB each chapter is its own file, so a `#id` link to another chapter becomes
 * `chapter-N.xhtml#id` (a chapter's own id, its file alone). Works on the given copy.
 */
export function linkAcrossChapters(tree: Root, current: number, ids: ReadonlyMap<string, number>, fileOf: (chapter: number) => string, chapterIdOf: (chapter: number) => string): void {
  visit(tree, 'element', (node) => {
    const href = node.tagName === 'a' ? node.properties.href : undefined;
    if (typeof href !== 'string' || !href.startsWith('#')) return;
    const id = href.slice(1);
    const chapter = ids.get(id);
    if (chapter === undefined || chapter === current) return;
    node.properties.href = fileOf(chapter) + (id === chapterIdOf(chapter) ? '' : href);
  });
}
