import type { Element, Root } from 'hast';
import { SKIP, visit } from 'unist-util-visit';
import { octavoRequire } from '../../paths.ts';

type Hyphenator = (text: string, options: { hyphenChar: string; minWordLength: number }) => string;

const hyphenators = new Map<string, Hyphenator | undefined>();

/**
 * The hyphenation patterns (the `hyphen` package, from TeX's) for a BCP 47 tag: the whole
 * tag first (`en-gb`), then its language (`pt-BR` → `pt`); undefined when there are none.
 */
export function hyphenatorFor(lang: string): Hyphenator | undefined {
  const tag = lang.toLowerCase();
  if (!hyphenators.has(tag)) {
    let found: Hyphenator | undefined;
    for (const code of [tag, tag.split('-')[0]]) {
      if (!/^[a-z]{2,3}(-[a-z0-9]+)*$/.test(code)) continue;
      try {
        found = (octavoRequire(`hyphen/${code}/index.js`) as { hyphenateSync: Hyphenator }).hyphenateSync;
        break;
      } catch {
        // No patterns for this tag; try the next.
      }
    }
    hyphenators.set(tag, found);
  }
  return hyphenators.get(tag);
}

/** Text never hyphenated: code, headings and titles (a broken word there reads as a typo). */
const keepWhole = new Set(['code', 'pre', 'kbd', 'samp', 'var', 'script', 'style', 'math', 'svg', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'header', 'nav']);

/**
 * Puts soft hyphens (U+00AD) where the language's patterns allow a break, so the printed
 * page can hyphenate: headless Chromium has no hyphenation dictionaries of its own.
 * Elements with another `lang` use that language's patterns, or none. Changes the tree.
 */
export function hyphenate(tree: Root, lang: string): void {
  const walk = (node: Root | Element, hyphenator: Hyphenator | undefined) => {
    visit(node, (child, _index, parent) => {
      if (child === node) return undefined;
      if (child.type === 'element') {
        if (keepWhole.has(child.tagName)) return SKIP;
        const own = child.properties.lang;
        if (typeof own === 'string' && own) {
          walk(child, hyphenatorFor(own));
          return SKIP;
        }
      }
      if (child.type === 'text' && hyphenator && parent) {
        child.value = hyphenator(child.value, { hyphenChar: '\u00ad', minWordLength: 6 });
      }
      return undefined;
    });
  };
  walk(tree, hyphenatorFor(lang));
}
