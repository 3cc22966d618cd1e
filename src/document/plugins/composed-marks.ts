import type { Element, Root } from 'hast';
import { SKIP, visit } from 'unist-util-visit';

/** A letter and the combining marks typed after it. */
const cluster = /\P{M}\p{M}+/gu;
const mark = /\p{M}/u;

/**
 * Text typed decomposed (NFD: macOS file names, Unikey's composite mode, copied PDFs) is
 * composed where Unicode has a composed letter: `e` + U+0302 + U+0301 becomes `ế`. The
 * template's faces draw the composed letters but not every combining mark (Literata has no
 * U+0302), and a mark drawn from another font than its letter is set apart from it. Only
 * clusters of a letter and its marks are normalised (NFC): a CJK compatibility ideograph, which
 * NFC would replace by its unified twin, is left as typed. Code keeps its bytes.
 */
export default function composedMarks() {
  return (tree: Root) => {
    visit(tree, (node) => {
      if (node.type === 'element' && ((node as Element).tagName === 'code' || (node as Element).tagName === 'pre')) return SKIP;
      if (node.type === 'text' && mark.test(node.value)) node.value = node.value.replace(cluster, (letter) => letter.normalize('NFC'));
      return undefined;
    });
  };
}
