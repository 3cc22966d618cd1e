import type { Element, ElementContent, Root } from 'hast';
import { visit } from 'unist-util-visit';
import type { VFile } from 'vfile';
import { note } from '../../diagnostics.ts';
import { hasClass } from '../shared/classes.ts';

/**
 * Links the printed contents may hold. Chromium's PDF output (tagged, with bookmarks) takes
 * time that grows with the number of internal links times the number of targets: 2,500 headings
 * each linked from the contents printed in 3.0 s, 5,000 in 14.8 s (unlinked: 1.6 s and 4.3 s),
 * and a build of 20,000 headings passed its 199 s deadline. docs/input-limits.md.
 */
export const printContentsLinks = 1_000;

const isElement = (node: ElementContent | Root): node is Element => node.type === 'element';
const links = (node: Element) => {
  let count = 0;
  visit(node, 'element', (inner) => void (count += inner.tagName === 'a' ? 1 : 0));
  return count;
};

/**
 * Bounds the printed contents (`nav.toc`) to `printContentsLinks` links: its deepest levels are
 * left out of the print, one level at a time, until it fits; if its top level alone has more,
 * those entries stay as text without links. The HTML page and the EPUB keep the whole contents,
 * and the PDF's bookmarks still list every heading. Says what it did, once, as a note (nothing of the text is lost: not a warning). Changes the tree.
 */
export function boundPrintContents(tree: Root, file: VFile): void {
  let nav: Element | undefined;
  visit(tree, 'element', (node) => {
    if (node.tagName === 'nav' && hasClass(node, 'toc')) nav = node;
  });
  const list = nav?.children.find((child): child is Element => isElement(child) && child.tagName === 'ol');
  if (!nav || !list) return;
  const before = links(list);
  if (before <= printContentsLinks) return;
  // Level by level from the top: the deepest level whose entries, with all above it, fit.
  let levels = 0;
  for (let depth = 1; ; depth++) {
    const count = linksTo(list, depth);
    if (count > printContentsLinks || count === linksTo(list, depth - 1)) break;
    levels = depth;
  }
  if (levels > 0) cut(list, levels);
  else visit(list, 'element', (node) => {
    if (node.tagName === 'a') {
      node.tagName = 'span';
      node.properties = { className: ['toc-entry'] };
    }
  });
  note(file, `The contents lists ${before.toLocaleString('en')} headings; the printed one ${levels > 0 ? `lists only their first ${levels === 1 ? 'level' : `${levels} levels`} (${links(list).toLocaleString('en')} entries)` : 'lists them without links'}, since Chromium's PDF output slows with the square of the links in it. The HTML page and the e-book list them all, and the PDF's bookmarks too`, {
    ruleId: 'contents-too-long',
    hint: 'Set a smaller `tocDepth` in the template, or make the text several publications',
  });
}

/** Links in the list's first `depth` levels. */
function linksTo(list: Element, depth: number): number {
  if (depth <= 0) return 0;
  let count = 0;
  for (const item of list.children) {
    if (!isElement(item)) continue;
    for (const child of item.children) {
      if (!isElement(child)) continue;
      if (child.tagName === 'a') count += 1;
      else if (child.tagName === 'ol') count += linksTo(child, depth - 1);
    }
  }
  return count;
}

/** Leaves out every nested list below the first `depth` levels. */
function cut(list: Element, depth: number): void {
  for (const item of list.children) {
    if (!isElement(item)) continue;
    item.children = item.children.filter((child) => !(isElement(child) && child.tagName === 'ol' && depth <= 1));
    for (const child of item.children) if (isElement(child) && child.tagName === 'ol') cut(child, depth - 1);
  }
}
