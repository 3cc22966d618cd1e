import path from 'node:path';
import type { Element, ElementContent } from 'hast';
import { visitParents } from 'unist-util-visit-parents';
import { warn as report } from '../diagnostics.ts';
import type { Chapter } from './publication.ts';

const keptSchemes = /^(https?|mailto|tel):/i;

/**
 * Why an http(s) address is not one the Nu HTML Checker and EPUBCheck accept, or undefined:
 * a host with an empty or ill-formed label (`https://../`, `https://foo.%60bar`), or a `%`
 * not followed by two hex digits. Node's URL parser is more lenient than both.
 */
export function webAddressProblem(href: string): string | undefined {
  if (!/^https?:/i.test(href)) return undefined;
  let url: URL;
  try {
    url = new URL(href);
  } catch {
    return 'it does not parse';
  }
  const host = url.hostname;
  const ip = /^\[[0-9a-f:.]+\]$/i.test(host) || /^\d{1,3}(\.\d{1,3}){3}$/.test(host);
  const labels = host.replace(/\.$/, '').split('.');
  if (!ip && (host === '' || labels.some((label) => !/^[a-z0-9_-]+$/i.test(label)))) return `its host \`${host}\` is not a domain name`;
  if (/%(?![0-9a-f]{2})/i.test(href)) return 'a `%` is not followed by two hex digits';
  return undefined;
}

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
      if (keptSchemes.test(href)) {
        const problem = webAddressProblem(href);
        if (problem) {
          warn(`Link \`${href}\` is not a valid web address (${problem}); it became plain text`, 'link-invalid', 'Check the address: copy it from the browser’s address bar');
          unwrap();
        } else if (/^https?:/i.test(href)) {
          // Spaces and the like, which raw HTML lets through, escaped as a browser would.
          node.properties.href = href.replace(/[\s<>"{}|\\^`]/g, (character) => encodeURIComponent(character));
        }
        continue;
      }
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
