import type { Element, Root } from 'hast';
import { toString } from 'hast-util-to-string';
import { visit } from 'unist-util-visit';

/** Languages written right to left (ISO 639-1/-3 primary subtags), and the scripts that are. */
const rtlLanguages = new Set(['ar', 'arc', 'ckb', 'dv', 'fa', 'he', 'iw', 'ks', 'ku-arab', 'pa-arab', 'ps', 'sd', 'syr', 'ug', 'ur', 'yi']);
const rtlScripts = new Set(['arab', 'hebr', 'syrc', 'thaa', 'nkoo', 'adlm', 'mand', 'samr']);
const rtlLetter = /[\p{Script=Arabic}\p{Script=Hebrew}\p{Script=Syriac}\p{Script=Thaana}\p{Script=Nko}\p{Script=Adlam}\p{Script=Mandaic}\p{Script=Samaritan}]/u;

/** Blocks whose direction follows their own first letter when the author gave none. */
const blocks = new Set(['p', 'li', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'blockquote', 'dt', 'dd', 'td', 'th', 'figcaption', 'caption', 'summary']);

/** True for a language tag written right to left: `ar`, `he-IL`, `az-Arab`. */
export function isRtlLanguage(lang: string): boolean {
  const subtags = lang.toLowerCase().split('-');
  if (subtags.slice(1).some((subtag) => subtag.length === 4)) return subtags.slice(1).some((subtag) => rtlScripts.has(subtag));
  return rtlLanguages.has(subtags[0]);
}

/** `rtl` for a document whose language is written right to left (the root's `dir`), else undefined (left to right, HTML's default). */
export function documentDirection(lang: string): 'rtl' | undefined {
  return isRtlLanguage(lang) ? 'rtl' : undefined;
}

/**
 * Right-to-left passages run right to left: an element whose `lang` is written right to left
 * gets `dir="rtl"` (which also isolates it from the text around it), and a block with no
 * `lang` or `dir` whose first letter is Arabic, Hebrew or another right-to-left script gets
 * `dir="rtl"` (what `dir="auto"` would decide, written out for e-readers that lack it).
 */
export default function direction() {
  return (tree: Root) => {
    visit(tree, 'element', (node: Element) => {
      if (node.properties.dir !== undefined) return;
      const lang = node.properties.lang;
      if (typeof lang === 'string' && lang) {
        if (isRtlLanguage(lang)) node.properties.dir = 'rtl';
        return;
      }
      if (!blocks.has(node.tagName)) return;
      const first = toString(node).match(/\p{L}/u)?.[0];
      if (first && rtlLetter.test(first)) node.properties.dir = 'rtl';
    });
  };
}
