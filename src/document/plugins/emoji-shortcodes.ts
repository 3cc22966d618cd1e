import type { Root } from 'mdast';
import { EXIT, visit } from 'unist-util-visit';

/** A shortcode as remark-gemoji finds one (`:smile:`, `:+1:`). */
const shortcode = /:(\+1|[-\w]+):/;

/**
 * remark-gemoji (`:smile:` → 😄), loaded and run only when a text node holds something shaped
 * like a shortcode: most texts have none, and its table of names (gemoji, 58 kB) and its
 * find-and-replace over every text node were paid on each build. The same text nodes, the
 * same pattern: where it runs, it runs as it did.
 */
export default function emojiShortcodes() {
  let transform: ((tree: Root) => void) | undefined;
  return async (tree: Root): Promise<void> => {
    let found = false;
    visit(tree, 'text', (node) => {
      if (!shortcode.test(node.value)) return undefined;
      found = true;
      return EXIT;
    });
    if (!found) return;
    transform ??= (await import('remark-gemoji')).default() as unknown as (tree: Root) => void;
    transform(tree);
  };
}
