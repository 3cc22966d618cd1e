import type { Element } from 'hast';
import { h } from 'hastscript';
import type { OutlineEntry } from '../../document/publication.ts';

export interface TocOptions {
  /** Where an entry's link points (e.g. `#the-verdict`, or `text/chapter-1.xhtml#the-verdict`). */
  href: (entry: OutlineEntry) => string;
  /** Deepest heading rank listed (default: 3). */
  maxDepth?: number;
}

/** A nested `<ol>` of links from the outline, or undefined when there is nothing to list. */
export function tocList(entries: readonly OutlineEntry[], options: TocOptions): Element | undefined {
  const { href, maxDepth = 3 } = options;
  const items = entries
    .filter((entry) => entry.depth <= maxDepth)
    .map((entry) => {
      const nested = tocList(entry.children, options);
      return h('li', [h('a', { href: href(entry) }, entry.title), nested]);
    });
  return items.length > 0 ? h('ol', items) : undefined;
}
