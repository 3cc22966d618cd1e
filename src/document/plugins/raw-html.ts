import type { Comment, Root } from 'hast';
import { visit, EXIT } from 'unist-util-visit';
import type { VFile } from 'vfile';
import { loadHtmlParser } from '../html-parser.ts';
import { withElementLimit } from './nesting-limit.ts';

/**
 * A raw HTML node that is one whole comment and nothing else, read as parse5 reads it: the
 * text between `<!--` and `-->`, holding no `--` (parse5 reads `<!-->`, `<!--->` and comments
 * with `--` inside its own ways; those still go to it).
 */
const wholeComment = /^<!--(?!-?>)((?:(?!--)[^])*)-->$/;

/**
 * rehype-raw, only when there is raw HTML to parse: it runs the whole tree through parse5
 * either way, which for a text without HTML (most manuscripts) gives the same tree back
 * at a cost. A raw node that is only a comment (a README's `<!-- badges -->`) becomes the
 * comment node parse5 would make, so a text whose only HTML is comments is not parsed again.
 */
export default function rawHtml() {
  let parse: ((tree: Root, file: VFile) => Root) | undefined;
  return async (tree: Root, file: VFile): Promise<Root> => {
    visit(tree, 'raw', (node, index, parent) => {
      const comment = wholeComment.exec(node.value);
      if (!comment || !parent || index === undefined) return;
      parent.children[index] = { type: 'comment', value: comment[1], ...(node.position && { position: node.position }) } satisfies Comment;
    });
    let found = false;
    visit(tree, 'raw', () => {
      found = true;
      return EXIT;
    });
    if (!found) return tree;
    parse ??= (await loadHtmlParser()).rehypeRaw() as unknown as (tree: Root, file: VFile) => Root;
    return withElementLimit(() => parse!(tree, file));
  };
}
