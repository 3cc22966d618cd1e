import type { Element, ElementContent, Root, Text } from 'hast';
import { h } from 'hastscript';
import { visit } from 'unist-util-visit';
import { visitParents } from 'unist-util-visit-parents';
import type { Chapter } from '../../document/publication.ts';

/** Where a printed page begins in the text: a chapter, its n-th text node, an offset in it. */
export interface PageStart {
  page: number;
  chapter: number;
  /** Index of the text node in document order; -1 for the very start of the chapter. */
  node: number;
  offset: number;
}

/** Text as compared between the PDF and the source: case, white space and hyphens do not count. */
function normalize(text: string): string {
  return text.normalize('NFKC').toLowerCase().replace(/[\s\u00ad\u2010-]+/g, '');
}

/** `normalize` of one character, without the Unicode work for plain ASCII (most of any text). */
function normalizeChar(char: string): string {
  const code = char.charCodeAt(0);
  if (code >= 128) return normalize(char);
  if ((code >= 9 && code <= 13) || code === 32 || code === 45) return '';
  return code >= 65 && code <= 90 ? String.fromCharCode(code + 32) : char;
}

/**
 * `normalizeChar` of each character of a text node, joined: plain ASCII (most nodes) by one
 * replace, not character by character (the spec's 200,000 characters took 23 ms so).
 */
export function normalizeText(value: string): string {
  if (/^[\x00-\x7f]*$/.test(value)) return value.replace(/[\t-\r -]+/g, '').toLowerCase();
  let normalized = '';
  for (const char of value) normalized += normalizeChar(char);
  return normalized;
}

/**
 * All chapters' text in reading order, normalised, and where each source text node's part of
 * it starts (a place is found again from a position by a search over these starts).
 */
function textStream(chapters: readonly Chapter[]) {
  const parts: string[] = [];
  const nodes: Array<{ start: number; chapter: number; node: number; value: string }> = [];
  let length = 0;
  chapters.forEach((chapter, index) => {
    let node = 0;
    visit(chapter.tree, 'text', (textNode) => {
      const normalized = normalizeText(textNode.value);
      if (normalized) {
        nodes.push({ start: length, chapter: index, node, value: textNode.value });
        parts.push(normalized);
        length += normalized.length;
      }
      node += 1;
    });
  });
  /** The source place of the normalised text's character at `position`. */
  const placeOf = (position: number): Omit<PageStart, 'page'> => {
    let [low, high] = [0, nodes.length - 1];
    while (low < high) {
      const middle = (low + high + 1) >> 1;
      if (nodes[middle].start <= position) low = middle;
      else high = middle - 1;
    }
    const { start, chapter, node, value } = nodes[low];
    let seen = start;
    let offset = 0;
    for (const char of value) {
      seen += normalizeChar(char).length;
      if (seen > position) break;
      offset += char.length;
    }
    return { chapter, node, offset };
  };
  return { text: parts.join(''), placeOf };
}

/** How far past the previous page's start a page's start is looked for first (a few pages of text). */
const nearby = 50_000;

/**
 * Finds where each printed page begins by matching the first words of its body text (the
 * running header and footer never match) against the source, in order. Page 1 starts at the
 * beginning; a page whose start cannot be found (one holding only an image) is left out.
 * Each run is first looked for a few pages ahead, and only then in the rest of the text: a
 * running head, which is never found, must not cost a search of a whole book on every page.
 */
export function locatePages(chapters: readonly Chapter[], pages: readonly string[][], window = 40): PageStart[] {
  return pageLocator(chapters)(pages, window);
}

/**
 * `locatePages` in two steps: the chapters' text is made first (while Chromium prints, in a
 * build), the pages looked for in it once the PDF is read back.
 */
export function pageLocator(chapters: readonly Chapter[]): (pages: readonly string[][], window?: number) => PageStart[] {
  const { text, placeOf } = textStream(chapters);
  return (pages, window = 40) => locateIn(text, placeOf, pages, window);
}

function locateIn(text: string, placeOf: (position: number) => Omit<PageStart, 'page'>, pages: readonly string[][], window: number): PageStart[] {
  const starts: PageStart[] = pages.length > 0 ? [{ page: 1, chapter: 0, node: -1, offset: 0 }] : [];
  let cursor = 0;
  pages.slice(1).forEach((runs, index) => {
    const normalized = runs.map(normalize);
    const probes: string[] = [];
    for (let first = 0; first < normalized.length; first++) {
      let probe = '';
      for (let run = first; run < normalized.length && probe.length < window; run++) probe += normalized[run];
      probe = probe.slice(0, window);
      if (probe.length < Math.min(12, window)) break;
      probes.push(probe);
    }
    const near = text.slice(cursor, cursor + nearby + window);
    for (const search of [(probe: string) => near.indexOf(probe), (probe: string) => text.indexOf(probe, cursor) - cursor]) {
      for (const probe of probes) {
        const found = search(probe);
        if (found < 0) continue;
        starts.push({ page: index + 2, ...placeOf(cursor + found) });
        cursor += found + 1;
        return;
      }
    }
  });
  return starts;
}

/** The marker a page break leaves in the e-book: empty, named for screen readers. */
export function pageBreak(page: number): Element {
  return h('span', { id: `page-break-${page}`, role: 'doc-pagebreak', 'epub:type': 'pagebreak', ariaLabel: String(page) });
}

/** Puts page break markers into a copy of a chapter's tree (same text node order as the original). */
export function insertPageBreaks(tree: Root, starts: readonly PageStart[]): void {
  const texts: Array<{ node: Text; parent: Root | Element; drawing?: { svg: Element; parent: Root | Element } }> = [];
  visitParents(tree, 'text', (node, ancestors) => {
    // A page that begins inside a drawing (a diagram's label) begins at the drawing: SVG text holds no `<span>`.
    const at = ancestors.findIndex((ancestor) => ancestor.type === 'element' && ancestor.tagName === 'svg');
    const drawing = at > 0 ? { svg: ancestors[at] as Element, parent: ancestors[at - 1] as Root | Element } : undefined;
    texts.push({ node, parent: ancestors[ancestors.length - 1] as Root | Element, drawing });
  });
  // Latest first, so earlier offsets in the same text node stay valid.
  const ordered = [...starts].sort((a, b) => b.node - a.node || b.offset - a.offset);
  for (const start of ordered) {
    if (start.node < 0) {
      tree.children.unshift(pageBreak(start.page));
      continue;
    }
    const { node, parent, drawing } = texts[start.node];
    if (drawing) {
      drawing.parent.children.splice(drawing.parent.children.indexOf(drawing.svg as ElementContent), 0, pageBreak(start.page));
      continue;
    }
    const at = parent.children.indexOf(node);
    const before: Text = { type: 'text', value: node.value.slice(0, start.offset) };
    node.value = node.value.slice(start.offset);
    parent.children.splice(at, 0, ...(before.value ? [before] : []), pageBreak(start.page));
    // An earlier break in the same text node now falls in the part before this one.
    texts[start.node] = { node: before, parent };
  }
}
