import type { Element, ElementContent, Root } from 'hast';
import { toString } from 'hast-util-to-string';
import { h } from 'hastscript';
import { SKIP, visit } from 'unist-util-visit';
import { visitParents } from 'unist-util-visit-parents';
import { addressCall, numberEndNotes } from './end-notes.ts';
import { hasClass } from '../shared/classes.ts';

/** A code block of at most this many lines is kept whole on one page. */
export const wholeCodeLines = 6;
/** Lines of a longer code block kept together at each end when it is split over a page. */
export const codeLinesEachSide = 3;

/** A `<span class="NAME">` of `children`: what `h('span.NAME', children)` makes, without parsing a selector for each of a code block's lines. */
const span = (name: string, children: ElementContent[]): Element => ({ type: 'element', tagName: 'span', properties: { className: [name] }, children });

const addClass = (node: Element, name: string) => {
  const classes = Array.isArray(node.properties.className) ? node.properties.className : [];
  node.properties.className = [...classes, name];
};

/** A link to the web or a mail address. */
const external = (node: Element) => node.tagName === 'a' && typeof node.properties.href === 'string' && /^(https?|mailto):/i.test(node.properties.href);

/** Whether a link holds images only (`image` says which elements are), and at least one. */
const onlyImages = (node: Element, image: (child: Element) => boolean) =>
  node.children.some((child) => child.type === 'element') && node.children.every((child) => (child.type === 'text' ? !child.value.trim() : child.type === 'element' && image(child)));

/**
 * A badge: a link to the web holding only remote images, which print as the alt text standing in
 * for them (a README's build status, version, coverage): a screen's live status, and on paper
 * only their alt text or their addresses.
 */
export function isBadge(node: Element): boolean {
  return external(node) && onlyImages(node, (child) => hasClass(child, 'missing-image'));
}

/**
 * A paragraph (or a README's centred `<div>`) of badges only: print leaves it out. A badge in a
 * sentence ("the build is [passing] today") stays, its alt text part of the sentence.
 */
export function isBadgeRow(node: Element): boolean {
  return (node.tagName === 'p' || node.tagName === 'div') && node.children.some((child) => child.type === 'element') && node.children.every((child) => (child.type === 'text' ? !child.value.trim() : child.type === 'element' && (isBadge(child) || child.tagName === 'br')));
}

/** Where an address would be out of place as a note: a heading (running heads, bookmarks), a table cell, a note, a caption. */
const noNoteInside = (ancestor: Element) => /^(h[1-6]|td|th|figcaption|caption|summary|dt)$/.test(ancestor.tagName) || 'dataFootnotes' in ancestor.properties || hasClass(ancestor, 'footnote') || hasClass(ancestor, 'toc');

/**
 * The address print writes out for a link (a link to the web whose text is not its address,
 * not a badge), in a note (`markBreaks`' `addressNotes`), else undefined. `ancestors` are the link's, outermost first.
 */
export function printedAddress(node: Element, ancestors: readonly (Element | Root)[]): string | undefined {
  // A linked image (a badge, a logo) prints no address: a README's row of badges printed five lines of them.
  if (!external(node) || onlyImages(node, (child) => child.tagName === 'img' || hasClass(child, 'missing-image'))) return undefined;
  // A link with no text of its own (an anchor left when its heading was made a chapter's) has nothing to call a note from.
  if (!toString(node).trim()) return undefined;
  const href = String(node.properties.href);
  const address = (text: string) => text.trim().replace(/^(https?:\/\/|mailto:)/i, '').replace(/\/$/, '').toLowerCase();
  if (address(toString(node)) === address(href)) return undefined;
  if (ancestors.some((ancestor) => ancestor.type === 'element' && noNoteInside(ancestor))) return undefined;
  return href.replace(/^mailto:/i, '');
}

/** Elements whose text is not set in lines: the stylesheet (a dash in a CSS comment is no dash of the text), scripts, the head. */
const notLaidOut = new Set(['head', 'title', 'style', 'script']);

/** A word and the em dash after it ("title—"): kept on one line, up to a length that may still wrap. */
const wordBeforeDash = /[^\s\u00a0\u2014]{1,40}\u2014/g;

/**
 * Text with no break before a dash, and no character added to what the PDF's text layer reads:
 * the space before a spaced dash becomes a no-break space (read back as a space), and a word
 * with the em dash after it goes in a `white-space: nowrap` span (a word joiner, U+2060, did the
 * same but was read back as part of the text).
 */
export function keepDashesOnTheirLine(text: string): ElementContent[] {
  const value = text.replace(/ ([\u2013\u2014])/g, '\u00a0$1');
  const parts: ElementContent[] = [];
  let last = 0;
  for (const match of value.matchAll(wordBeforeDash)) {
    if (match.index > last) parts.push({ type: 'text', value: value.slice(last, match.index) });
    parts.push(h('span.no-break', { style: 'white-space: nowrap' }, match[0]));
    last = match.index + match[0].length;
  }
  if (last < value.length || parts.length === 0) parts.push({ type: 'text', value: value.slice(last) });
  return parts;
}

/** The children of a `<code>` split at its newlines, each line keeping the highlight spans it lies in. */
export function codeLines(children: readonly ElementContent[]): ElementContent[][] {
  const lines: ElementContent[][] = [[]];
  for (const child of children) {
    if (child.type === 'text') {
      child.value.split('\n').forEach((part, i) => {
        if (i > 0) {
          lines.at(-1)!.push({ type: 'text', value: '\n' });
          lines.push([]);
        }
        if (part) lines.at(-1)!.push({ type: 'text', value: part });
      });
    } else if (child.type === 'element') {
      codeLines(child.children).forEach((inner, i) => {
        if (i > 0) lines.push([]);
        if (inner.length > 0) lines.at(-1)!.push({ ...child, children: inner });
      });
    } else {
      lines.at(-1)!.push(child);
    }
  }
  if (lines.length > 1 && lines.at(-1)!.length === 0) lines.pop();
  return lines;
}

/**
 * Marks the print tree so the page breaker keeps things together (print.css says how):
 * - each line of a code block becomes a block of its own (`.code-line`), so a long block can
 *   break between lines and a wrapped line can show that it goes on; the first and last
 *   three lines are grouped (`.code-keep`) so a split leaves at least three on each side,
 *   and a short block is kept whole (`.code-whole`);
 * - a paragraph ending in ":" (`.lead-in`) is kept with what it introduces;
 * - a paragraph of badges only (`isBadgeRow`) is left out: the text-layer check leaves the same
 *   out of the document's text (`textBlocks`), by the same test on the chapter's tree;
 * - a link to the web whose text is not its address (`printedAddress`) has the address printed
 *   in a note, of the template's kind of notes (`addressNotes`): with `'page'`, in a page note
 *   after it (`.footnote.address-note`, the book); with `'end'`, in its chapter's end notes,
 *   numbered with the author's (`numberEndNotes`, the handout);
 * - no line starts with a dash: the space before a spaced dash is a no-break space (Chromium
 *   still stretches it in a justified line), and an em dash between words is kept on one line
 *   with the word before it, since a line may otherwise break before it.
 * Changes the tree.
 */
export function markBreaks(tree: Root, options: { addressNotes?: 'page' | 'end' } = {}): void {
  visitParents(tree, 'element', (node, ancestors) => {
    const parent = ancestors.at(-1);
    if (!parent || !isBadgeRow(node)) return undefined;
    const index = parent.children.indexOf(node);
    parent.children.splice(index, 1);
    return [SKIP, index];
  });
  visitParents(tree, 'element', (node, ancestors) => {
    const address = printedAddress(node, ancestors);
    if (address === undefined) return undefined;
    if (!options.addressNotes) return SKIP;
    const parent = ancestors.at(-1)!;
    const index = parent.children.indexOf(node);
    parent.children.splice(index + 1, 0, options.addressNotes === 'page' ? h('span.footnote.address-note', address) : addressCall(address));
    return [SKIP, index + 2];
  });
  if (options.addressNotes === 'end') numberEndNotes(tree);
  visit(tree, (node) => {
    if (node.type === 'element' && (notLaidOut.has(node.tagName) || node.tagName === 'pre' || node.tagName === 'code' || node.tagName === 'math' || hasClass(node, 'no-break'))) return SKIP;
    if (node.type !== 'element' && node.type !== 'root') return undefined;
    if (node.children.some((child) => child.type === 'text' && /[\u2013\u2014]/.test(child.value))) {
      node.children = (node.children as ElementContent[]).flatMap((child) => (child.type === 'text' ? keepDashesOnTheirLine(child.value) : [child])) as typeof node.children;
    }
    return undefined;
  });
  visit(tree, 'element', (node) => {
    if (node.tagName === 'pre') {
      const code = node.children.find((child): child is Element => child.type === 'element' && child.tagName === 'code');
      if (!code || node.children.length !== 1 || hasClass(code, 'language-math')) return SKIP;
      const lines = codeLines(code.children).map((children) => span('code-line', children));
      if (lines.length <= wholeCodeLines) {
        addClass(node, 'code-whole');
        code.children = lines;
      } else {
        const n = codeLinesEachSide;
        code.children = [span('code-keep', lines.slice(0, n)), ...lines.slice(n, -n), span('code-keep', lines.slice(-n))];
      }
      return SKIP;
    }
    if (node.tagName === 'p' && /:\s*$/.test(toString(node))) addClass(node, 'lead-in');
    return undefined;
  });
}
