import type { Element, ElementContent, Root as HastRoot } from 'hast';
import { phrasing } from 'hast-util-phrasing';
import type { VFile } from 'vfile';
import { warn } from '../../diagnostics.ts';

/** Elements whose content may only be phrasing content (text and text-level elements). */
const phrasingOnly = new Set([
  'p', 'pre', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'abbr', 'b', 'bdi', 'bdo', 'cite', 'code', 'dfn', 'em', 'i', 'kbd', 'label',
  'mark', 'q', 'rp', 'rt', 's', 'samp', 'small', 'span', 'strong', 'sub', 'sup', 'time', 'u', 'var',
]);
/** Elements that take the content model of their parent. */
const transparent = new Set(['a', 'ins', 'del']);

/**
 * Markdown and raw HTML mixed can nest elements where HTML does not allow them: a Markdown
 * paragraph inside a raw `<pre>` (CommonMark example 148), a `<div>` inside a `<span>`, a
 * link inside a link. Browsers cope, but the Nu HTML Checker and EPUBCheck reject the page.
 * Such an element is unwrapped — its content stays in its place — with a warning.
 */
export default function contentModel() {
  return (tree: HastRoot, file: VFile) => {
    const walk = (parent: HastRoot | Element, phrasingContext: boolean, inLink: boolean) => {
      for (let index = 0; index < parent.children.length; index++) {
        const node = parent.children[index];
        if (node.type !== 'element') continue;
        const nestedLink = node.tagName === 'a' && inLink;
        if ((phrasingContext && !phrasing(node)) || nestedLink) {
          const where = parent.type === 'element' ? `\`<${parent.tagName}>\`` : 'the text';
          warn(file, `\`<${node.tagName}>\` cannot stand inside ${nestedLink ? 'another link' : where}; it was unwrapped, its content kept`, {
            place: node.position,
            ruleId: 'html-nesting',
            hint: 'Close the element before this one, or use Markdown for both',
          });
          parent.children.splice(index, 1, ...(node.children as ElementContent[]));
          index -= 1;
          continue;
        }
        walk(node, transparent.has(node.tagName) ? phrasingContext : phrasingOnly.has(node.tagName), inLink || node.tagName === 'a');
      }
    };
    walk(tree, false, false);
  };
}
