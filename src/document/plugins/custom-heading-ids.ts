import type { Heading, Root as MdastRoot } from 'mdast';
import { visit } from 'unist-util-visit';

/** `{#id}` at the end of a heading's text: letters first, then letters, digits, `-` or `_`. */
const marker = /[ \t]*\{#([A-Za-z][\w-]*)\}[ \t]*$/;

/**
 * Custom heading ids, as pandoc and kramdown write them: `## The verdict {#verdict}` gives the
 * heading the id `verdict` and drops the `{#verdict}` from its text. Headings without one are
 * slugged from their text later (`heading-ids`), which also keeps every id unique.
 */
export default function customHeadingIds() {
  return (tree: MdastRoot) => {
    visit(tree, 'heading', (node: Heading) => {
      const last = node.children[node.children.length - 1];
      if (last?.type !== 'text') return;
      const match = marker.exec(last.value);
      if (!match) return;
      last.value = last.value.slice(0, match.index);
      if (last.value === '') node.children.pop();
      node.data = { ...node.data, hProperties: { ...node.data?.hProperties, id: match[1] } };
    });
  };
}
