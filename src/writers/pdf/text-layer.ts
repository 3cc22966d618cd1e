import { fail, warn } from '../../diagnostics.ts';
import type { Publication } from '../../document/publication.ts';
import { gap, missingBlocks, type TextBlock } from '../../document/text-blocks.ts';

/**
 * The PDF's text layer, read back, against the document's text: each block's text, after
 * Unicode NFC, must be there exactly, in document order, modulo only what is layout. What is
 * normalised, and why, is in docs/content.md ("The text layer"):
 *
 * - white space (a line break turns a space into none, or into a new text run) and invisible
 *   characters (Unicode's default-ignorable code points: soft hyphens, zero-width joiners,
 *   variation selectors), on both sides;
 * - on the PDF's side, a hyphen that ends a text run (one hyphenation put at a line's end), and a
 *   link's address printed after it (` <https://…>`, the handout's print sheet), each skipped
 *   only where the document's text does not go on with it;
 * - text between blocks (running heads, folios, list markers, footnote numbers) and, inside a
 *   block, only where the block goes on to the next page;
 * - what the document model leaves out of a block (`gap`: formulas, footnote calls), between
 *   the pieces around it;
 * - letter case, for blocks the layout set in other case; the characters of scripts a PDF
 *   holds in visual or reshaped order (the rest of such a block must read exactly).
 *
 * A block found with characters lost at one place (the layer holds its text before and after
 * them exactly) is an error at the block (`pdf-text-layer`) naming them. What the check cannot
 * tell is a warning (`pdf-text-layer-unknown`): a block not found at all, not even loosely;
 * one in other case the layout did not set; lost characters the PDF shows nowhere (no font
 * drew them: the font check reports those). A block not found exactly but found loosely gives
 * no message: on real documents the exact reading cannot tell such a block (code lines drawn
 * out of order, say) from a loss.
 */

/** Scripts a PDF holds in visual order or reshaped (right-to-left; Indic and South-East Asian clusters). */
const reordered = /[\p{Script=Arabic}\p{Script=Hebrew}\p{Script=Syriac}\p{Script=Thaana}\p{Script=Nko}\p{Script=Devanagari}\p{Script=Bengali}\p{Script=Gurmukhi}\p{Script=Gujarati}\p{Script=Oriya}\p{Script=Tamil}\p{Script=Telugu}\p{Script=Kannada}\p{Script=Malayalam}\p{Script=Sinhala}\p{Script=Thai}\p{Script=Lao}\p{Script=Tibetan}\p{Script=Myanmar}\p{Script=Khmer}]/u;

const reorderedAll = new RegExp(reordered.source, 'gu');

/**
 * What neither side is compared on: white space, invisible characters, U+0000 (a glyph Chromium
 * mapped to nothing), and emoji skin tones (the emoji face draws a toned emoji with its plain
 * glyph, which Chromium maps to either form).
 */
const uncompared = /[\s\p{Default_Ignorable_Code_Point}\u0000\u{1F3FB}-\u{1F3FF}]+/gu;

/** A text as compared: NFC, without white space or invisible characters. */
export function layerText(text: string): string {
  return text.normalize('NFC').replace(uncompared, '');
}

/** A hyphen as a line break prints it (U+002D, U+2010). */
const isHyphen = (character: string) => character === '-' || character === '\u2010';
/** A link's address the print writes out after the link's text. */
const printedAddress = /<[a-z][a-z0-9+.-]*:[^\s<>]*>/gi;

/** The text layer as the matcher reads it: all pages' text in one string, what layout may have added marked skippable. */
export interface TextLayer {
  text: string;
  /** For each position where layout may have added text, where that text ends (else 0). */
  skip: Int32Array;
  /** Where each page's text starts in `text`, and (last) its end. */
  pageStarts: number[];
}

export function readLayer(pages: readonly string[][]): TextLayer {
  let text = '';
  const skips: Array<[number, number]> = [];
  const pageStarts: number[] = [];
  for (const runs of pages) {
    pageStarts.push(text.length);
    const pageStart = text.length;
    // The page's text on its own: slicing the whole layer read so far, page after page, grew with the square of a long book.
    let page = '';
    for (const run of runs) {
      const flat = layerText(run);
      if (!flat) continue;
      page += flat;
      // A run that ends in a hyphen: one hyphenation may have put at the line's end.
      if (isHyphen(flat[flat.length - 1])) skips.push([pageStart + page.length - 1, pageStart + page.length]);
    }
    for (const match of page.matchAll(printedAddress)) skips.push([pageStart + match.index, pageStart + match.index + match[0].length]);
    text += page;
  }
  pageStarts.push(text.length);
  const skip = new Int32Array(text.length + 1);
  for (const [from, to] of skips) skip[from] = Math.max(skip[from], to);
  return { text, skip, pageStarts };
}

/** The index of the page holding `at` (the last page that starts at or before it). */
function pageOf(layer: TextLayer, at: number): number {
  let low = 0;
  let high = layer.pageStarts.length - 2;
  while (low < high) {
    const middle = (low + high + 1) >> 1;
    if (layer.pageStarts[middle] <= at) low = middle;
    else high = middle - 1;
  }
  return low;
}

/** Where the page holding `at` ends. */
const pageEnd = (layer: TextLayer, at: number) => layer.pageStarts[pageOf(layer, at) + 1];

/** How far between blocks, and between the pieces of one, text that is no block's may run (a few pages' furniture, a formula). */
const between = 20_000;
/** Places a block's start is tried at, and places its rest is looked for on the next page. */
const tries = 32;
/** Characters of a piece's start looked for to find where it may go on. */
const headLength = 4;
/** Characters a note's call prints where the document model left a gap (its number). */
const callLength = 6;
/** Places a block's first character is tried at (most blocks start a few characters after the last one ended). */
const startTries = 2000;

/** Characters of the layer searched for where a block goes on: the check's work, which tests bound. */
let searched = 0;
export const searchedCharacters = () => searched;

/**
 * Where `needle` starts in `text` at or after `from` and before `to`, or -1. Searches only that
 * stretch: a search of the whole layer for text not on the next page made the check grow with
 * the square of a long book's length (28 s of a 634-page book's 60 s build).
 */
function indexWithin(text: string, needle: string, from: number, to: number): number {
  if (to <= from) return -1;
  const stretch = text.slice(from, to + needle.length - 1);
  searched += stretch.length;
  const found = stretch.indexOf(needle);
  return found === -1 ? -1 : from + found;
}

/** `text.indexOf(needle, from)`, its scan counted in the check's work. */
function indexFrom(text: string, needle: string, from: number): number {
  const found = text.indexOf(needle, from);
  searched += (found === -1 ? text.length : found) - from;
  return found;
}

/** The outcome of reading one piece at one place: how far it matched, and where in the layer that ended. */
interface Reading {
  matched: number;
  end: number;
}

/**
 * Reads `piece` in the layer from `at`: character for character, past what layout may have
 * added, and on to the next page where the piece goes on there.
 */
function readFrom(layer: TextLayer, piece: string, at: number): Reading {
  const { text } = layer;
  let { matched: i, end: j } = readStraight(layer, piece, 0, at);
  // A block may go on to the next page, past its furniture (and this page's footnotes): a page at a time, where it reads furthest.
  while (i < piece.length) {
    const end = pageEnd(layer, Math.max(at, j - 1));
    if (end >= text.length || end < j) break;
    const head = piece.slice(i, i + headLength * 4);
    const nextEnd = pageEnd(layer, end);
    let best: Reading | undefined;
    let from = end;
    for (let attempt = 0; attempt < tries; attempt++) {
      const found = indexWithin(text, head, from, nextEnd);
      if (found === -1) break;
      const reading = readStraight(layer, piece, i, found);
      if (!best || reading.matched > best.matched) best = reading;
      if (reading.matched === piece.length) break;
      from = found + 1;
    }
    if (!best) break;
    ({ matched: i, end: j } = best);
  }
  return { matched: i, end: j };
}

/** Reads `piece` from its character `from` at the layer's `at`, past what layout may have added, without leaving the text's order. */
function readStraight(layer: TextLayer, piece: string, from: number, at: number): Reading {
  const { text, skip } = layer;
  let i = from;
  spent += 1;
  let j = at;
  while (i < piece.length) {
    if (j < text.length && text[j] === piece[i]) {
      i++;
      j++;
    } else if (j < text.length && skip[j] > j) {
      j = skip[j];
    } else {
      break;
    }
  }
  spent += i - from;
  return { matched: i, end: j };
}

/**
 * Characters compared for the block being read. Text that repeats itself (a table of like
 * rows, a periodic code listing) gives a block many places that read far before they differ;
 * past a budget a block's reading stops, and it counts as not found exactly.
 */
let spent = 0;
const budget = (pieces: readonly string[]) => 8 * pieces.reduce((sum, piece) => sum + piece.length, 0) + 200_000;

/** Where a block's pieces end, read in order from `start`; or how far the best attempt got. */
function readBlock(layer: TextLayer, pieces: readonly string[], start: number, limit: number, head = pieces[0][0]): { end?: number; matched: number; at: number } {
  const first = head;
  let best = { matched: -1, at: start };
  let from = start;
  // Each place the block's first character stands is a place it may begin (what layout added may follow it at once).
  const most = spent + budget(pieces);
  for (let attempt = 0; attempt < startTries && spent < most; attempt++) {
    const found = indexFrom(layer.text, first, from);
    if (found === -1 || found > limit) break;
    let position = found;
    let matched = 0;
    let whole = true;
    for (const [index, piece] of pieces.entries()) {
      let reading = readFrom(layer, piece, position);
      // Past a note's call (a number where the model left a gap): the next piece, which may go on to the next page at once ("…#3174⁶)" | "(e27ee80…").
      for (let ahead = 1; index > 0 && reading.matched < piece.length && ahead <= callLength; ahead++) {
        if (layer.text[position + ahead] !== piece[0]) continue;
        const after = readFrom(layer, piece, position + ahead);
        if (after.matched === piece.length) reading = after;
      }
      if (index > 0 && reading.matched < piece.length) {
        // Past what the model left out (a formula as the print draws it): the next piece, nearby.
        const next = indexWithin(layer.text, piece.slice(0, headLength), position, position + between);
        if (next !== -1) reading = readFrom(layer, piece, next);
      }
      matched += reading.matched;
      position = reading.end;
      if (reading.matched < piece.length) {
        whole = false;
        break;
      }
    }
    if (whole) return { end: position, matched, at: found };
    if (matched > best.matched) best = { matched, at: found };
    from = found + 1;
  }
  return best;
}

/** One block the layer does not hold exactly. */
export interface BlockReading {
  block: TextBlock;
  /**
   * Where it was found with characters lost at one place: the layer holds the block's text
   * before and after them exactly, so it is that block, and those characters are gone.
   */
  lost?: { before: string; written: string; after: string };
}

/** Context a lost stretch needs on each side (or the block's start or end) to be placed for certain. */
const context = 16;
/** The longest stretch of characters a lost glyph (or ligature) is read as gone. */
const longestLoss = 3;

/**
 * Whether `pieces` read from `at` exactly except for up to `longestLoss` characters lost at
 * one place (the layer goes on with the text after them), and what was lost.
 */
function lostAt(layer: TextLayer, pieces: readonly string[], at: number): BlockReading['lost'] {
  let position = at;
  for (const [index, piece] of pieces.entries()) {
    const reading = readFrom(layer, piece, position);
    if (reading.matched === piece.length) {
      position = reading.end;
      continue;
    }
    const before = pieces.slice(0, index).join('') + piece.slice(0, reading.matched);
    if (before.length === 0) return undefined;
    for (let gone = 1; gone <= longestLoss && reading.matched + gone < piece.length; gone++) {
      const rest = piece.slice(reading.matched + gone);
      const after = readFrom(layer, rest, reading.end);
      if (after.matched !== rest.length) continue;
      const later = pieces.slice(index + 1);
      if (later.length > 0 && readBlock(layer, later, after.end, after.end + between).end === undefined) return undefined;
      // Placed for certain: enough of the block read on both sides of the loss.
      if (rest.length + later.join('').length < context || before.length + rest.length < 2 * context) return undefined;
      return { before: before.slice(-context), written: piece.slice(reading.matched, reading.matched + gone), after: rest.slice(0, context) };
    }
    return undefined;
  }
  return undefined;
}

/** The first place between `start` and `limit` where `pieces` read with characters lost at one place. */
function lostFrom(layer: TextLayer, pieces: readonly string[], start: number, limit: number): BlockReading['lost'] {
  let from = start;
  const most = spent + budget(pieces);
  for (let attempt = 0; attempt < startTries && spent < most; attempt++) {
    const found = indexFrom(layer.text, pieces[0][0], from);
    if (found === -1 || found > limit) return undefined;
    const lost = lostAt(layer, pieces, found);
    if (lost) return lost;
    from = found + 1;
  }
  return undefined;
}

/**
 * Reads each block in the layer, in document order, each after the last one read (a block not
 * there is looked for anywhere: footnotes and floats move). Returns the blocks not read exactly.
 */
export function unreadBlocks(layer: TextLayer, blocks: readonly TextBlock[], compare: (text: string) => string = layerText, onRead?: (block: TextBlock, at: number) => void): BlockReading[] {
  const unread: BlockReading[] = [];
  let cursor = 0;
  for (const block of blocks) {
    const pieces = block.text.split(gap).map(compare).filter(Boolean);
    if (pieces.length === 0) continue;
    const near = readBlock(layer, pieces, cursor, cursor + between);
    if (near.end !== undefined) {
      onRead?.(block, near.at);
      cursor = near.end;
      continue;
    }
    // Anywhere: first just behind the reading (a block read ahead of its place leaves the cursor
    // past the blocks after it), then where its first characters stand as written (a common first
    // letter stands everywhere), then where its first letter does.
    const head = pieces[0].slice(0, context);
    let anywhere = readBlock(layer, pieces, Math.max(0, cursor - between), cursor, head);
    if (anywhere.end === undefined) anywhere = readBlock(layer, pieces, 0, layer.text.length, head);
    if (anywhere.end === undefined) anywhere = readBlock(layer, pieces, 0, layer.text.length);
    if (anywhere.end !== undefined) {
      onRead?.(block, anywhere.at);
      // A block of its own text found elsewhere puts the reading there: a short block (a table's
      // number) read ahead of its place had left every later block behind the cursor, each
      // then looked for in the whole layer (6,747 of a 1,000-page book's blocks).
      if (pieces.join('').length >= context) cursor = anywhere.end;
      continue;
    }
    const lost = lostFrom(layer, pieces, cursor, cursor + between) ?? lostFrom(layer, pieces, 0, layer.text.length);
    unread.push({ block, lost });
  }
  return unread;
}

const show = (text: string) => JSON.stringify(text.length > context ? `${text.slice(0, context)}…` : text);

const excerpt = (text: string) => {
  const flat = text.replaceAll(gap, '…').replace(/\s+/g, ' ').trim();
  return flat.length > 60 ? `${flat.slice(0, 60)}…` : flat;
};

/** Blocks named one by one; past this many, counted. */
const named = 5;

/**
 * Checks the PDF's text layer (`pages`: each page's text runs) against the blocks: see the top
 * of this file. `blocks`: those the layout check did not already report; `transformed`: those
 * the layout set in other case (`text-transform`, small capitals).
 */
export async function checkTextLayer(pages: readonly string[][], blocks: readonly TextBlock[], publication: Publication, transformed: ReadonlySet<TextBlock> = new Set(), readAgain?: () => Promise<string[][]>, undrawn: ReadonlySet<string> = new Set()): Promise<Map<number, TextBlock>> {
  const layer = readLayer(pages);
  // The first block read on each page (by page index): where a page's scale is reported.
  const firstOnPage = new Map<number, TextBlock>();
  // A character no font draws is printed as a blank or a box, with no text: the font check has
  // said so where it stands, and the block is read without it (not looked for again in every other way).
  const withoutUndrawn = undrawn.size === 0 ? layerText : (text: string) => [...layerText(text)].filter((character) => !undrawn.has(character)).join('');
  let unread = unreadBlocks(layer, blocks, withoutUndrawn, (block, at) => {
    const page = pageOf(layer, at);
    if (!firstOnPage.has(page)) firstOnPage.set(page, block);
  });
  await report(unread, pages, layer, publication, transformed, readAgain);
  return firstOnPage;
}

async function report(unreadBlocksOf: BlockReading[], pages: readonly string[][], layer: TextLayer, publication: Publication, transformed: ReadonlySet<TextBlock>, readAgain?: () => Promise<string[][]>): Promise<void> {
  let unread = unreadBlocksOf;
  if (unread.length === 0) return;
  const shown = new Set(layer.text);
  // Blocks in scripts held in visual order: the rest of their text, without those scripts' characters, must still be there exactly.
  const stripped = (text: string) => layerText(text).replace(reorderedAll, '');
  const mixed = unread.filter((each) => reordered.test(each.block.text));
  if (mixed.length > 0) {
    const still = new Set(unreadBlocks(readLayer(pages.map((runs) => runs.map((run) => run.replace(reorderedAll, '')))), mixed.map((each) => each.block), stripped).map((each) => each.block));
    unread = unread.filter((each) => !reordered.test(each.block.text) || still.has(each.block));
    if (unread.length === 0) return;
  }
  let errors: BlockReading[] = [];
  const unplaced: BlockReading[] = [];
  const unsure: Array<{ reading: BlockReading; why: string }> = [];
  const marks: BlockReading[] = [];
  for (const reading of unread) {
    const { lost } = reading;
    if (!lost) unplaced.push(reading);
    // A character the text layer shows nowhere is one no font drew: the font check reports it.
    else if ([...lost.written].some((character) => !shown.has(character))) unsure.push({ reading, why: `${show(lost.written)} after ${show(lost.before)} is shown nowhere in the text layer (no font drew it: the font check says where)` });
    // Only combining marks lost: the letters read right and the page draws the mark, but the PDF maps the mark's glyph (a
    // contextual variant, such as the tie bar raised over d͡ʒ) to no text. Said, not refused: the cause is Chromium's text map.
    else if (/^\p{M}+$/u.test(lost.written)) marks.push(reading);
    else errors.push(reading);
  }
  if (unplaced.length > 0) {
    // Not found as written: the layer may hold it in other case (as the layout set it), or in
    // an order or form the exact reading does not follow. The loose match tells only what it cannot find at all.
    const caseless = new Set(unreadBlocks(readLayer(pages.map((runs) => runs.map((run) => run.toLowerCase()))), unplaced.map((each) => each.block), (text) => layerText(text).toLowerCase()).map((each) => each.block));
    const looseText = pages.map((runs) => runs.join('')).join('\n');
    const missing = new Set(missingBlocks(looseText, unplaced.filter((each) => caseless.has(each.block)).map((each) => each.block)));
    for (const reading of unplaced) {
      if (!caseless.has(reading.block)) {
        if (!transformed.has(reading.block)) unsure.push({ reading, why: 'it reads back in other letter case' });
      } else if (missing.has(reading.block)) {
        unsure.push({ reading, why: 'it could not be found in it, not even loosely (ignoring case, compatibility forms and hyphens); the layout check found it on its page' });
      }
    }
  }
  if (errors.length > 0 && readAgain) {
    // Before refusing, the PDF read again by pdf.js: a block it reads exactly is in the PDF, and
    // Octavo's own reader misread it (IPA's tie bar over d͡ʒ was one).
    const confirmed = new Set(unreadBlocks(readLayer(await readAgain()), errors.map((each) => each.block)).map((each) => each.block));
    errors = errors.filter((each) => confirmed.has(each.block));
  }
  for (const { block, lost } of errors.slice(0, named)) {
    fail(block.file, `The PDF's text layer lost characters of this block: after ${show(lost!.before)} the manuscript has ${show(lost!.written)}, the PDF's text goes on with ${show(lost!.after)}: “${excerpt(block.text)}”`, {
      place: block.place,
      ruleId: 'pdf-text-layer',
      hint: 'Copying, searching or reading it aloud would give other text than the manuscript\'s (a glyph mapped to no text, a ligature to too few letters); run with --debug and report it, with the text',
    });
  }
  if (errors.length > named) fail(errors[named].block.file, `The PDF's text layer lost characters of ${errors.length - named} more block${errors.length - named === 1 ? '' : 's'}`, { place: errors[named].block.place, ruleId: 'pdf-text-layer' });
  for (const { block, lost } of marks.slice(0, named)) {
    warn(block.file, `The PDF's text layer maps a mark of this block to no text: after ${show(lost!.before)} the manuscript has ${show(lost!.written)}, the PDF's text goes on with ${show(lost!.after)}; the page draws it, but copying or searching gives the text without it`, {
      place: block.place,
      ruleId: 'pdf-text-layer',
      hint: 'Chromium maps some contextual forms of combining marks (IPA\'s tie bar over a tall letter) to no text; the PDF reads right in a viewer that uses the font\'s glyph names',
    });
  }
  if (marks.length > named) warn(marks[named].block.file, `The PDF's text layer maps marks of ${marks.length - named} more block${marks.length - named === 1 ? '' : 's'} to no text`, { place: marks[named].block.place, ruleId: 'pdf-text-layer' });
  for (const { reading, why } of unsure.slice(0, named)) {
    warn(reading.block.file, `Cannot tell whether the PDF's text layer holds this block as written: “${excerpt(reading.block.text)}”: ${why}`, {
      place: reading.block.place,
      ruleId: 'pdf-text-layer-unknown',
      hint: 'It is laid out on its page; copying or searching it may give other text',
    });
  }
  if (unsure.length > named) warn(publication.files[0], `Cannot tell whether the PDF's text layer holds ${unsure.length - named} more block${unsure.length - named === 1 ? '' : 's'} as written`, { ruleId: 'pdf-text-layer-unknown' });
}
