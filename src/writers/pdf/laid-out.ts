import type { Root } from 'hast';
import type { Page } from 'puppeteer-core';
import { visit } from 'unist-util-visit';
import { fail, warn } from '../../diagnostics.ts';
import type { Publication } from '../../document/publication.ts';
import { gap, textBlocks, type TextBlock } from '../../document/text-blocks.ts';
import { isBadgeRow, printedAddress } from './print-breaks.ts';

/**
 * Whether every block of the text was laid out on a page, asked of the layout engine itself
 * (Chromium, or Paged.js in it) after layout and before printing: each block of the print
 * document carries `data-octavo-block`, and a block with no box on a page, a box past the page
 * area's right or bottom edge, or content clipped by its box, is an error at the block's place
 * in the manuscript. So is a document wider than the page area, which Chromium would print
 * shrunk on every page.
 */

/** The attribute that marks a block in the print document: its index in `textBlocks`. */
export const blockAttribute = 'data-octavo-block';

/** What the layout says, in CSS px; indices are those of `markBlocks`. */
export interface LayoutFacts {
  /** Blocks with a box inside a page's area (the others were not laid out on any page). */
  seen: number[];
  /** Blocks whose boxes run past the page area's right edge, with how far (px). */
  pastRight: Array<{ block: number; by: number }>;
  /** Blocks whose boxes run below the page area (a line Paged.js pushed off its page), with how far (px). */
  pastFoot: Array<{ block: number; by: number }>;
  /** Blocks whose content is wider than their box and clipped by it (`overflow` not visible). */
  clipped: Array<{ block: number; by: number }>;
  /** Blocks the layout sets in other letter case (`text-transform`, small capitals): their text layer reads so. */
  transformed: number[];
  /** Figures the page breaker moved after the text that followed them (`data-octavo-deferred`): their blocks, and the block they now follow (-1: none). */
  deferred?: Array<{ blocks: number[]; after: number }>;
  /** Page notes printed on another page than their call's (no room was left there): the block of the call, and both pages (1-based). */
  notesAway?: Array<{ block: number; callPage: number; notePage: number }>;
  /** The scale Chromium will print at: the page area's width over the document's (1 when it fits). */
  scale: number;
  /** What the check could not tell, each said once. */
  unknown: string[];
}

/**
 * The blocks of the publication as the print prints them (`textBlocks`), each one held by an element marked on the
 * chapter tree (`data.octavoBlock`, which tree copies keep), so the print tree can name them.
 */
export function markBlocks(publication: Publication, options: { addressNotes?: boolean } = {}): TextBlock[] {
  // A row of badges is not printed; with address notes, a note's call follows a link (print-breaks.ts).
  const blocks = textBlocks(publication, { leftOut: isBadgeRow, addsAfter: options.addressNotes ? (node, ancestors) => printedAddress(node, ancestors) !== undefined : undefined });
  blocks.forEach((block, index) => {
    if (block.owner) block.owner.data = { ...block.owner.data, octavoBlock: index } as typeof block.owner.data;
  });
  return blocks;
}

/**
 * The blocks in the order the print reads them: each deferred figure's blocks after the block
 * it was laid out after (`LayoutFacts.deferred`), the rest in the text's order.
 */
export function printedOrder<T>(blocks: readonly T[], deferred: LayoutFacts['deferred'] = []): T[] {
  const moved = new Set(deferred.flatMap((figure) => figure.blocks));
  const order: T[] = [];
  const place = (after: number) => {
    for (const figure of deferred) if (figure.after === after) for (const index of figure.blocks) order.push(blocks[index]);
  };
  place(-1);
  blocks.forEach((block, index) => {
    if (!moved.has(index)) order.push(block);
    place(index);
  });
  return order;
}

/** Writes each marked element's block index into the print tree as `data-octavo-block`; returns the indices, in order. */
export function markPrintTree(tree: Root): number[] {
  const marked: number[] = [];
  visit(tree, 'element', (node) => {
    const index = (node.data as { octavoBlock?: number } | undefined)?.octavoBlock;
    if (typeof index !== 'number') return;
    node.properties.dataOctavoBlock = String(index);
    marked.push(index);
  });
  return marked;
}

/**
 * Asks the laid-out page where each marked block is. With Paged.js the pages are boxes in the
 * document (`.pagedjs_area`); Chromium's own print lays the root out at the page area's width
 * (`setPageAreaWidth`) and splits it into pages itself, so only widths can be asked there.
 */
export async function layoutFacts(page: Page, pagedJs: boolean): Promise<LayoutFacts> {
  return page.evaluate((attribute: string, paged: boolean): LayoutFacts => {
    // Half a CSS px: sub-pixel layout, never a glyph.
    const slack = 0.5;
    const facts: LayoutFacts = { seen: [], pastRight: [], pastFoot: [], clipped: [], transformed: [], scale: 1, unknown: [] };
    const elements = Array.from(document.querySelectorAll<HTMLElement>(`[${attribute}]`));
    const present = new Set<number>();
    const root = document.documentElement;
    if (paged && !document.querySelector('.pagedjs_page .pagedjs_area')) facts.unknown.push('Paged.js laid out no page areas to look in');
    // A block with no box of its own (`display: contents`) is laid out where its text is.
    const range = document.createRange();
    const boxOf = (element: HTMLElement) => {
      if (element.getClientRects().length > 0) return element.getBoundingClientRect();
      range.selectNodeContents(element);
      return range.getBoundingClientRect();
    };
    // The root's box, not its clientWidth (which for the root is the viewport's).
    const rootBox = root.getBoundingClientRect();
    for (const element of elements) {
      const block = Number(element.getAttribute(attribute));
      let bounds: DOMRect;
      if (paged) {
        const area = element.closest('.pagedjs_area');
        // Outside the pages (Paged.js keeps nothing else in the body): not laid out on a page.
        if (!area) continue;
        bounds = area.getBoundingClientRect();
      } else {
        // A table turned sideways (fit-tables.ts) is printed on a page of its own, turned: its box is that page's area.
        bounds = element.closest('.sideways')?.getBoundingClientRect() ?? rootBox;
      }
      const box = boxOf(element);
      if (box.width === 0 && box.height === 0) continue;
      present.add(block);
      const cased = getComputedStyle(element);
      if (cased.textTransform !== 'none' || cased.fontVariantCaps !== 'normal') facts.transformed.push(block);
      // A box with visible overflow reaches as far as its content (scrollWidth).
      const style = element.scrollWidth > element.clientWidth + 1 ? getComputedStyle(element) : undefined;
      const overflowing = style ? element.scrollWidth - element.clientWidth : 0;
      if (style && style.overflowX !== 'visible') facts.clipped.push({ block, by: overflowing });
      const right = Math.max(box.right, style && style.overflowX === 'visible' ? box.left + element.clientLeft + element.scrollWidth : box.right);
      if (right > bounds.right + slack) facts.pastRight.push({ block, by: right - bounds.right });
      if (paged && box.bottom > bounds.bottom + slack) facts.pastFoot.push({ block, by: box.bottom - bounds.bottom });
    }
    // One place for each overflow: the innermost block (a paragraph, not also its list item).
    for (const key of ['pastRight', 'pastFoot', 'clipped'] as const) {
      const entries = facts[key];
      if (entries.length < 2 || entries.length > 2000) continue;
      const byBlock = new Set(entries.map((entry) => entry.block));
      const outer = new Set<number>();
      for (const element of elements) {
        const block = Number(element.getAttribute(attribute));
        if (!byBlock.has(block)) continue;
        for (const inner of Array.from(element.querySelectorAll(`[${attribute}]`))) {
          if (byBlock.has(Number(inner.getAttribute(attribute)))) outer.add(block);
        }
      }
      facts[key] = entries.filter((entry) => !outer.has(entry.block));
    }
    // Chromium fits a document wider than the page to the page, shrinking every page alike.
    // (Paged.js's page boxes clip what overflows them, which the edges above find.)
    if (!paged) {
      // The body's, not the root's scrollWidth, which is never less than the viewport's.
      const widest = facts.pastRight.reduce((most, entry) => Math.max(most, rootBox.right + entry.by), 0);
      // Less the boxes of tables turned sideways, which run past the upright page area into their own wider page.
      const turned = Array.from(document.querySelectorAll<HTMLElement>('.sideways'));
      turned.forEach((box) => (box.style.display = 'none'));
      const bodyRight = document.body.getBoundingClientRect().left + document.body.scrollWidth;
      turned.forEach((box) => (box.style.display = ''));
      const extent = Math.max(bodyRight, widest) - rootBox.left;
      if (rootBox.width <= 0) facts.unknown.push('the page area has no width');
      else if (extent > rootBox.width + 1) facts.scale = rootBox.width / extent;
    }
    facts.seen = [...present];
    // A page note Paged.js found no room for on its call's page goes whole to a later page (one whose start is on the call's page is not away).
    if (paged) {
      const away: NonNullable<LayoutFacts['notesAway']> = [];
      // Every call found once: a search of the whole book for each note's call grew with the square of a long book.
      const calls = new Map<string, HTMLElement>();
      for (const call of Array.from(document.querySelectorAll<HTMLElement>('.pagedjs_page_content [data-footnote-call]'))) {
        const key = call.dataset.footnoteCall ?? '';
        if (!calls.has(key)) calls.set(key, call);
      }
      for (const note of Array.from(document.querySelectorAll<HTMLElement>('.pagedjs_footnote_area [data-footnote-marker]:not([data-split-from])'))) {
        const call = calls.get(note.dataset.footnoteMarker ?? '');
        const callPage = call?.closest<HTMLElement>('.pagedjs_page');
        const notePage = note.closest<HTMLElement>('.pagedjs_page');
        if (!call || !callPage || !notePage || callPage === notePage) continue;
        const owner = call.closest(`[${attribute}]`);
        away.push({ block: owner ? Number(owner.getAttribute(attribute)) : -1, callPage: Number(callPage.dataset.pageNumber), notePage: Number(notePage.dataset.pageNumber) });
      }
      if (away.length > 0) facts.notesAway = away;
    }
    // A figure deferred past the text after it (paged-handlers.ts) is read where it was laid out.
    const deferred = Array.from(document.querySelectorAll('[data-octavo-deferred]'));
    if (deferred.length > 0) {
      const marked = Array.from(document.querySelectorAll(`[${attribute}], [data-octavo-deferred]`));
      const position = new Map(marked.map((element, index) => [element, index]));
      facts.deferred = deferred.map((figure) => {
        const inside = [figure, ...Array.from(figure.querySelectorAll(`[${attribute}]`))].filter((element) => element.hasAttribute(attribute));
        // The last marked block before the figure, not inside it (looked for back from it, not by copying all before it).
        let after = -1;
        for (let index = (position.get(figure) ?? 0) - 1; index >= 0; index--) {
          const element = marked[index];
          if (element.hasAttribute(attribute) && !figure.contains(element)) {
            after = Number(element.getAttribute(attribute));
            break;
          }
        }
        return { blocks: inside.map((element) => Number(element.getAttribute(attribute))), after };
      });
    }
    return facts;
  }, blockAttribute, pagedJs);
}

const excerpt = (text: string) => {
  const flat = text.replaceAll(gap, '…').replace(/\s+/g, ' ').trim();
  return flat.length > 60 ? `${flat.slice(0, 60)}…` : flat;
};

/** Blocks named one by one for each kind of loss; past this many, counted. */
const named = 5;

const mm = (px: number) => `${(px * 25.4 / 96).toLocaleString('en', { maximumFractionDigits: 1 })} mm`;

/**
 * Turns the layout's facts into diagnostics: a block lost, clipped, past the page area or a
 * page printed at a scale other than 100 % is an error at the block (the PDF is not written);
 * what the layout could not tell is a warning. `marked` are the blocks the print document held.
 * Returns the blocks it reported.
 */
export function checkLayout(facts: LayoutFacts, blocks: readonly TextBlock[], marked: readonly number[], publication: Publication): Set<TextBlock> {
  const reported = new Set<TextBlock>();
  const seen = new Set(facts.seen);
  const lost = marked.filter((index) => !seen.has(index));
  const report = (indices: readonly number[], message: (block: TextBlock, index: number) => string, ruleId: string, hint: string) => {
    const unique = [...new Set(indices)].sort((a, b) => a - b);
    for (const index of unique) if (blocks[index]) reported.add(blocks[index]);
    for (const index of unique.slice(0, named)) {
      const block = blocks[index];
      if (!block) continue;
      fail(block.file, message(block, index), { place: block.place, ruleId, hint });
    }
    if (unique.length > named) fail(blocks[unique[named]]?.file ?? publication.files[0], `And ${unique.length - named} more block${unique.length - named === 1 ? '' : 's'} like it (${ruleId})`, { place: blocks[unique[named]]?.place, ruleId, hint });
  };
  report(lost, (block) => `The PDF lost this block: the layout put it on no page: “${excerpt(block.text)}”`, 'pdf-block-lost',
    'The page area may be too small for it, or Paged.js dropped it at a page break (a table row, say); run with --debug and report it');
  const indices = (entries: ReadonlyArray<{ block: number }>) => entries.map((entry) => entry.block);
  report(indices(facts.clipped), (block) => `This block is cut off at its edge in the PDF: “${excerpt(block.text)}”`, 'pdf-block-clipped',
    'Its box hides what does not fit (CSS overflow); let it wrap, or make it narrower');
  const right = new Map(facts.pastRight.map((entry) => [entry.block, entry.by]));
  report(indices(facts.pastRight), (block, index) => `This block runs ${mm(right.get(index) ?? 0)} past the right edge of the page area: “${excerpt(block.text)}”`, 'pdf-block-past-edge',
    'The PDF would cut it off, or shrink every page to fit it; make it narrower (a template\'s margins, a fixed width, an image)');
  const foot = new Map(facts.pastFoot.map((entry) => [entry.block, entry.by]));
  report(indices(facts.pastFoot), (block, index) => `This block runs ${mm(foot.get(index) ?? 0)} below the page area, where no page shows it: “${excerpt(block.text)}”`, 'pdf-block-past-edge',
    'Paged.js left part of it below its page; run with --debug and report it');
  if (facts.scale < 0.999) {
    const widest = facts.pastRight.reduce<{ block: number; by: number } | undefined>((most, entry) => (!most || entry.by > most.by ? entry : most), undefined);
    const block = widest && blocks[widest.block];
    fail(block?.file ?? publication.files[0], `The PDF would print every page shrunk, not at 100 %: the text is ${Math.ceil((1 / facts.scale - 1) * 100)} % wider than the page area${block ? `, from this block on: “${excerpt(block.text)}”` : ''}`, {
      place: block?.place,
      ruleId: 'pdf-page-scaled',
      hint: 'Something does not wrap (a fixed width, a wide image or table); make it fit the page',
    });
  }
  const away = facts.notesAway ?? [];
  for (const { block: index, callPage, notePage } of away.slice(0, named)) {
    const block = blocks[index];
    warn(block?.file ?? publication.files[0], `A note called here is printed on page ${notePage} of the PDF, not on page ${callPage} with its call: no room was left for it there${block ? `: “${excerpt(block.text)}”` : ''}`, {
      place: block?.place,
      ruleId: 'pdf-note-away',
      hint: 'Nothing is lost; to keep the note with its call, shorten it or the notes before it on that page, or call it from a shorter table row',
    });
  }
  if (away.length > named) warn(publication.files[0], `And ${away.length - named} more notes printed on another page than their call's (pdf-note-away)`, { ruleId: 'pdf-note-away', hint: 'Nothing is lost; shorten the notes, or call them from shorter table rows' });
  for (const reason of facts.unknown) {
    warn(publication.files[0], `Cannot tell whether every block was laid out on a page: ${reason}`, { ruleId: 'pdf-layout-unknown', hint: 'The PDF is written; look through it, and run with --debug and report it' });
  }
  return reported;
}
