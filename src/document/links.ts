import path from 'node:path';
import type { Element, ElementContent } from 'hast';
import { visitParents } from 'unist-util-visit-parents';
import { warn as report } from '../diagnostics.ts';
import type { Chapter } from './publication.ts';

const keptSchemes = /^(https?|mailto|tel):/i;

/** Every `id` in each chapter, so a link can be checked and sent to the file that holds it. */
export function chapterIds(chapters: readonly Chapter[]): Map<string, number> {
  const ids = new Map<string, number>();
  chapters.forEach((chapter, index) => {
    ids.set(chapter.id, index);
    visitParents(chapter.tree, 'element', (node) => {
      if (typeof node.properties.id === 'string' && !ids.has(node.properties.id)) ids.set(node.properties.id, index);
    });
  });
  return ids;
}

/**
 * Makes every link one of two kinds the writers know: an outside URL (http, https, mailto,
 * tel), or `#id` for a place in the publication — including links written to another chapter
 * file (`02-plot.md#the-verdict`), which each writer then sends to the right file. A link
 * that leads nowhere, or to a local file that is not a chapter, is unwrapped to its text with
 * a warning at its place, so no format holds a broken reference.
 */
export function resolveLinks(chapters: readonly Chapter[]): void {
  const ids = chapterIds(chapters);
  const chapterByPath = new Map(chapters.map((chapter) => [path.resolve(chapter.file.path), chapter]));

  for (const chapter of chapters) {
    const links: Array<{ node: Element; parent: Element }> = [];
    visitParents(chapter.tree, 'element', (node, ancestors) => {
      if (node.tagName === 'a' && typeof node.properties.href === 'string') links.push({ node, parent: ancestors[ancestors.length - 1] as Element });
    });
    for (const { node, parent } of links) {
      const href = String(node.properties.href);
      const warn = (reason: string, ruleId: string, hint: string) => report(chapter.file, reason, { place: node.position, ruleId, hint });
      const unwrap = () => parent.children.splice(parent.children.indexOf(node), 1, ...(node.children as ElementContent[]));
      if (keptSchemes.test(href)) continue;
      if (/^[a-z][a-z0-9+.-]*:/i.test(href) || href.startsWith('//')) {
        warn(`Link \`${href}\` uses a scheme Octavo does not keep (only http, https, mailto, tel); it became plain text`, 'link-scheme', 'Link to a web page (https://…) or to a heading (#its-id) instead');
        unwrap();
        continue;
      }
      const [target, fragment = ''] = href.split('#', 2);
      let id = decodeURIComponent(fragment);
      if (target !== '') {
        const other = chapterByPath.get(path.resolve(path.dirname(chapter.file.path), decodeURIComponent(target)));
        if (!other) {
          warn(`Link \`${href}\` points to a file that is not a chapter of this publication; it became plain text`, 'broken-link', 'Link to a chapter file of this publication, or to a web page by its full https:// address');
          unwrap();
          continue;
        }
        id ||= other.id;
      }
      if (!ids.has(id)) {
        warn(`Link \`${href}\` points to \`#${id}\`, which no heading or element has; it became plain text`, 'broken-link', 'Check the id: a heading’s id is its text in lower case with dashes for spaces (`## The verdict` → `#the-verdict`)');
        unwrap();
        continue;
      }
      node.properties.href = `#${id}`;
    }
  }
}
