import type { Element, Root } from 'hast';
import { visit } from 'unist-util-visit';
import { fill, type LabelKey, type Labels } from '../text/labels.ts';

declare module 'hast' {
  interface ElementData {
    /** The generated word this element shows (a callout's title), said again in the text's language by `localiseLabels`. */
    label?: LabelKey;
  }
}

/** Marks an element whose text is one of Octavo's labels, written in English until the text's language is known. */
export function labelled(element: Element, key: LabelKey): Element {
  element.data = Object.assign(element.data ?? {}, { label: key }) as Element['data'];
  return element;
}

/**
 * The words the pipeline wrote into a chapter before the text's language was known (it is
 * settled after every chapter is read), in that language: callout titles and `<summary>`s
 * marked by `labelled`, and the footnotes' heading and back links remark-rehype wrote.
 */
export function localiseLabels(tree: Root, labels: Labels): void {
  visit(tree, 'element', (node) => {
    if (node.data?.label) {
      node.children = [{ type: 'text', value: labels[node.data.label] }];
      return;
    }
    // remark-rehype's footnotes: a `<section data-footnotes>` opening with a heading `Footnotes` (its level and id changed since), and back links labelled `Back to reference 1` (`1-2` for a second call).
    if (node.tagName === 'section' && 'dataFootnotes' in node.properties) {
      const heading = node.children.find((child): child is Element => child.type === 'element');
      if (heading && /^h[1-6]$/.test(heading.tagName)) heading.children = [{ type: 'text', value: labels.footnotes }];
    }
    if (node.tagName === 'a' && 'dataFootnoteBackref' in node.properties && typeof node.properties.ariaLabel === 'string') {
      const n = /(\d+(?:-\d+)?)$/.exec(node.properties.ariaLabel)?.[1];
      if (n) node.properties.ariaLabel = fill(labels.backToReference, { n });
    }
  });
}
