import type { Root } from 'hast';
import rehypeRaw from 'rehype-raw';
import { visit, EXIT } from 'unist-util-visit';
import type { VFile } from 'vfile';
import { withElementLimit } from './nesting-limit.ts';

/**
 * rehype-raw, only when there is raw HTML to parse: it runs the whole tree through parse5
 * either way, which for a text without HTML (most manuscripts) gives the same tree back
 * at a cost.
 */
export default function rawHtml() {
  const parse = rehypeRaw() as unknown as (tree: Root, file: VFile) => Root;
  return (tree: Root, file: VFile): Root => {
    let found = false;
    visit(tree, 'raw', () => {
      found = true;
      return EXIT;
    });
    return found ? withElementLimit(() => parse(tree, file)) : tree;
  };
}
