import type { Element, Root, RootContent } from 'hast';
import type { Position } from 'unist';
import { visitParents } from 'unist-util-visit-parents';
import type { VFile } from 'vfile';
import type { Publication } from './publication.ts';

/**
 * The text of a publication as blocks (paragraphs, headings, list items, cells, code), and a
 * test of whether an artifact's text holds each of them: the check that nothing the author
 * wrote was lost on the way to a PDF page or an e-book.
 */

/** Stands in a block's text where text no medium prints in reading order was left out (math, say). */
export const gap = '\u0001';

/** One block's own text (nested blocks are blocks of their own), with where it was written; `gap` marks what was left out. */
export interface TextBlock {
  text: string;
  file: VFile;
  place?: Position;
  /** The element that holds it in the chapter's tree, when it is an element (the print marks it to find it after layout). */
  owner?: Element;
}

/** Elements whose text is a unit the reader reads in one piece. */
const blockTags = new Set([
  'p', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'li', 'dt', 'dd', 'td', 'th', 'pre', 'figcaption', 'caption', 'summary',
  'blockquote', 'div', 'section', 'details', 'figure', 'table', 'ul', 'ol', 'dl', 'header', 'footer', 'aside', 'article',
]);

/**
 * Text that no medium prints in reading order, or at all: MathML (laid out in two dimensions),
 * text turned around (`<bdo>`, `dir="rtl"`), screen-reader-only labels, footnote calls and back links,
 * ruby's fallback parentheses.
 */
function unchecked(node: Element): boolean {
  if (node.tagName === 'math' || node.tagName === 'bdo' || node.tagName === 'rp' || node.tagName === 'svg') return true;
  if (node.properties.dir === 'rtl' || 'hidden' in node.properties && node.properties.hidden !== false) return true;
  // Footnote calls are numbered again by the print (Paged.js counts through the book).
  if ('dataFootnoteBackref' in node.properties || 'dataFootnoteRef' in node.properties) return true;
  const classes = node.properties.className;
  return Array.isArray(classes) && classes.includes('sr-only');
}

/**
 * What an artifact leaves out of the text or adds inside it, decided on the chapter's tree by
 * the same tests the artifact's writer uses on its copy of it (the print's: `print-breaks.ts`).
 */
export interface TextChanges {
  /** An element the artifact does not print (a badge): its text is a gap. */
  leftOut?(node: Element): boolean;
  /** An element after which the artifact adds text of its own (a note's call): a gap after its text. */
  addsAfter?(node: Element, ancestors: readonly (Element | Root)[]): boolean;
}

/** Every block of every chapter, in reading order. */
export function textBlocks(publication: Publication, changes: TextChanges = {}): TextBlock[] {
  const blocks: TextBlock[] = [];
  // A text of one chapter with no heading of its own prints under the title block alone, as the writers do.
  const printsChapterTitles = publication.chapters.length > 1 || publication.parts.length > 0;
  for (const chapter of publication.chapters) {
    if (printsChapterTitles && !chapter.hasOwnHeading && chapter.title) blocks.push({ text: chapter.title, file: chapter.file });
    // A loop, not push(...): a chapter of 200,000 paragraphs would overflow the call stack as arguments.
    for (const block of blocksOf(chapter.tree, chapter.file, changes)) blocks.push(block);
  }
  return blocks;
}

/**
 * A tree's blocks: each text node goes to its nearest block ancestor; loose text (no block
 * around it) to the chapter's child that holds it, so loose pieces far apart are separate blocks.
 */
export function blocksOf(tree: Root, file: VFile, changes: TextChanges = {}): TextBlock[] {
  const texts = new Map<RootContent, string[]>();
  const order: RootContent[] = [];
  /** The last text of each element the artifact adds text after. */
  const before = new Set<RootContent>();
  visitParents(tree, (node, ancestors) => {
    if (node.type === 'element' && changes.addsAfter?.(node, ancestors as (Element | Root)[])) {
      let last: RootContent | undefined;
      visitParents(node, 'text', (text) => {
        last = text;
      });
      if (last) before.add(last);
    }
    const skipped = node.type === 'element' && (unchecked(node) || Boolean(changes.leftOut?.(node)));
    if (!skipped && node.type !== 'text') return;
    let owner = (ancestors[1] ?? node) as RootContent;
    for (let i = ancestors.length - 1; i >= 0; i--) {
      const ancestor = ancestors[i];
      if (ancestor.type === 'element' && blockTags.has(ancestor.tagName)) {
        owner = ancestor;
        break;
      }
    }
    let list = texts.get(owner);
    if (!list) {
      texts.set(owner, (list = []));
      order.push(owner);
    }
    // Text left out splits the block: the pieces around it are looked for one after another.
    if (skipped) {
      list.push(gap);
      return 'skip';
    }
    list.push(node.type === 'text' ? node.value : '');
    if (before.has(node)) list.push(gap);
  });
  const blocks: TextBlock[] = [];
  for (const owner of order) {
    const text = texts.get(owner)!.join('');
    if (text.replaceAll(gap, '').trim()) blocks.push({ text, file, place: owner.position, owner: owner.type === 'element' ? owner : undefined });
  }
  return blocks;
}

/**
 * Scripts whose glyphs a PDF holds in visual order or reshaped (right-to-left, Indic and
 * South-East Asian scripts): their characters are left out of the comparison, which a text
 * layer cannot give back in the source's order.
 */
const reordered = /[\p{Script=Arabic}\p{Script=Hebrew}\p{Script=Syriac}\p{Script=Thaana}\p{Script=Nko}\p{Script=Devanagari}\p{Script=Bengali}\p{Script=Gurmukhi}\p{Script=Gujarati}\p{Script=Oriya}\p{Script=Tamil}\p{Script=Telugu}\p{Script=Kannada}\p{Script=Malayalam}\p{Script=Sinhala}\p{Script=Thai}\p{Script=Lao}\p{Script=Tibetan}\p{Script=Myanmar}\p{Script=Khmer}\p{M}]/gu;

/**
 * Text as compared: compatibility forms folded (ligatures), one case (templates set some
 * text in capitals), and without what layout adds or drops: addresses printed after links,
 * white space, hyphens (hyphenation breaks words with one), soft hyphens, zero-width
 * characters, emoji variation selectors.
 */
export function comparable(text: string): string {
  return text
    // A link's address that print writes out after its text (` <https://…>`); the same written as
    // text counts on neither side, with or without the spaces a reader may drop ("< https://a b >").
    .replace(/<[a-z][a-z0-9+.-]*:[^\s<>]*>/gi, '')
    .replace(/< ?[a-z][a-z0-9+.-]*:[^<>\n]{0,200}?>/gi, '')
    .normalize('NFKC')
    .toLowerCase()
    .replace(/ß/g, 'ss')
    .replace(reordered, '')
    // U+0000: what Chromium's ToUnicode maps a ligature glyph of a complex script to (Devanagari प्र).
    // Skin tones, like variation selectors, vary an emoji: a font that draws 👍🏽 with 👍's glyph
    // maps that glyph to whichever Chromium drew first, so the PDF reads one for the other.
    .replace(/[\s\u0000\u00ad\u2010\u2011\u200b-\u200d\u2060\ufeff\ufe0e\ufe0f\u{1F3FB}-\u{1F3FF}-]+/gu, '');
}

/** How far past the last match a block is looked for first, in comparable characters (a few pages). */
const nearby = 8000;
/** A block split across pages is found in pieces no shorter than this (but its last), a gap of at most `nearby` apart. */
const shortestPiece = 12;
/** Longer pieces are taken in steps of this (more than a page holds), so a huge paragraph costs no huge searches. */
const longestPiece = 16384;

/** Where `text` starts inside `haystack[from, end)`, or -1. Searches a slice: cost bounded by the window, not the haystack. */
function indexWithin(haystack: string, text: string, from: number, end: number): number {
  const at = haystack.slice(from, end).indexOf(text);
  return at === -1 ? -1 : from + at;
}

/** How many characters of `text` match `haystack` from `at` on. */
function matchLength(haystack: string, text: string, at: number): number {
  let length = 0;
  while (length < text.length && at + length < haystack.length && haystack[at + length] === text[length]) length++;
  return length;
}

/**
 * The first place at `from` or after (before `before`) where `text` begins, for at least
 * `shortestPiece` characters (or all of a shorter text), and how far the match goes from there.
 */
function earliestPrefix(haystack: string, text: string, from: number, before: number): { at: number; length: number } | undefined {
  const head = text.slice(0, Math.min(text.length, shortestPiece, longestPiece));
  const at = indexWithin(haystack, head, from, before + head.length);
  if (at === -1) return undefined;
  return { at, length: Math.min(matchLength(haystack, text, at), longestPiece) };
}

/**
 * Where `text` ends in `haystack`, looked for from `from` (only nearby, unless `anywhere`):
 * whole, or in pieces a page's furniture apart. Undefined when it is not there.
 */
function locate(haystack: string, text: string, from: number, anywhere: boolean): number | undefined {
  const whole = indexWithin(haystack, text, from, anywhere ? haystack.length : from + nearby + text.length);
  if (whole !== -1) return whole + text.length;
  // The first piece may match an earlier, similar block (a README's examples share their first
  // lines): try the next places it starts at, a bounded number of times. Each piece is taken
  // where it first begins, as far as it matches: reading order, not the longest match anywhere.
  let start = from;
  for (let attempt = 0; attempt < retries; attempt++) {
    const found = locateInPieces(haystack, text, start, anywhere);
    if (found.end !== undefined) return found.end;
    if (found.firstAt === undefined) return undefined;
    start = found.firstAt + 1;
  }
  return undefined;
}

/** How many places of a block's first piece are tried. */
const retries = 32;

/** `text` in pieces a page's furniture apart, the first found at `from` or after: where it ends, and where the first piece was found. */
function locateInPieces(haystack: string, text: string, from: number, anywhere: boolean): { end?: number; firstAt?: number } {
  let position = from;
  let rest = text;
  let firstAt: number | undefined;
  while (rest.length > 0) {
    let piece = earliestPrefix(haystack, rest, position, firstAt === undefined && anywhere ? haystack.length : position + nearby);
    if (!piece || (piece.length < shortestPiece && piece.length < rest.length)) piece = anchoredPrefix(haystack, rest, position, firstAt !== undefined || !anywhere);
    if (!piece) return { firstAt };
    firstAt ??= piece.at;
    position = piece.at + piece.length;
    rest = rest.slice(piece.length);
  }
  return { end: position, firstAt };
}

/** Characters a note's call adds between a link's text and what follows it ("RFC 4193" then "132"). */
const callLength = 6;

/**
 * A piece shorter than `shortestPiece` that a page break cuts off ("), or an IPv4-" before the
 * page's foot): taken only where it starts right where the match before it ended, or a note's
 * call after that, so it can only be the text that follows there, never a chance match elsewhere.
 * The rest of the text must still be found after it.
 */
function anchoredPrefix(haystack: string, text: string, position: number, anchored: boolean): { at: number; length: number } | undefined {
  if (!anchored) return undefined;
  for (let skip = 0; skip <= callLength && position + skip < haystack.length; skip++) {
    if (skip > 0 && !/\d/.test(haystack[position + skip - 1])) break;
    const length = matchLength(haystack, text, position + skip);
    if (length > 0 && length < text.length) return { at: position + skip, length };
    if (length === text.length) return { at: position + skip, length };
  }
  return undefined;
}

/** Where the last of `pieces` ends, each found nearby after the one before it (the first as `locate` finds it). */
function locateInOrder(haystack: string, pieces: readonly string[], from: number, anywhere: boolean): number | undefined {
  let position = locate(haystack, pieces[0], from, anywhere);
  for (const piece of pieces.slice(1)) {
    if (position === undefined) return undefined;
    position = locate(haystack, piece, position, false);
  }
  return position;
}

/**
 * The blocks an artifact's text does not hold, in order. Blocks are looked for in order, each
 * near where the last one ended, whole or split by page furniture (running heads, page
 * numbers, footnotes); one not found there is looked for anywhere (footnotes and floats move).
 */
export function missingBlocks(artifactText: string, blocks: readonly TextBlock[]): TextBlock[] {
  const haystack = comparable(artifactText);
  // A character the artifact never shows is one its fonts cannot draw: the font check reports
  // those, each where it stands. Left out here, so that this check finds text that is gone.
  const shown = new Set<string>();
  for (const character of new Set(artifactText)) shown.add(character).add(character.toLowerCase()).add(character.toUpperCase());
  const drawable = (text: string) => {
    for (const character of text) if (!shown.has(character) && !/\s/.test(character)) return [...text].filter((each) => shown.has(each) || /\s/.test(each)).join('');
    return text;
  };
  const missing: TextBlock[] = [];
  let cursor = 0;
  for (const block of blocks) {
    const pieces = block.text.split(gap).map((piece) => comparable(drawable(piece))).filter(Boolean);
    if (pieces.length === 0) continue;
    const near = locateInOrder(haystack, pieces, cursor, false);
    const after = near ?? locateInOrder(haystack, pieces, 0, true);
    if (after === undefined) missing.push(block);
    else if (near !== undefined || after > cursor) cursor = after;
  }
  return missing;
}
