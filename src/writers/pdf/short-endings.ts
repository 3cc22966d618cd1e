import type { Element as HastElement, Root } from 'hast';
import type { Page } from 'puppeteer-core';
import { visit } from 'unist-util-visit';

/**
 * A chapter (or a text without chapters) whose last page holds only a line or two, found on
 * Paged.js's laid-out pages: the print is made again with that chapter tightened (some of its
 * paragraphs set a line shorter, `breakLines`), and kept where that pulls the lines back
 * (`printedPdf`).
 */

/** A last page holding this many lines or fewer is pulled back where it can be. */
export const shortEndingLines = 2;

export interface Endings {
  /** Pages laid out. */
  pages: number;
  /** Chapters (by their order among the print's units, `unitsOf`) whose last page holds 1–`shortEndingLines` lines, with how many. */
  short: Array<{ unit: number; lines: number }>;
}

/** The print document's units, in order: its chapters (`section.chapter`), or the whole text (`div.text`) when it has none. */
function unitsOf(tree: Root): HastElement[] {
  const chapters: HastElement[] = [];
  let text: HastElement | undefined;
  visit(tree, 'element', (node) => {
    const classes = Array.isArray(node.properties.className) ? node.properties.className : [];
    if (node.tagName === 'section' && classes.includes('chapter')) chapters.push(node);
    else if (node.tagName === 'div' && classes.includes('text')) text ??= node;
  });
  return chapters.length > 0 ? chapters : text ? [text] : [];
}

/** Marks the units to tighten in the print tree with the lines each is to save (`tightenAttribute`, read by `breakLines`). */
export function markTightening(tree: Root, tighten: ReadonlyMap<number, number>): void {
  if (tighten.size === 0) return;
  unitsOf(tree).forEach((unit, index) => {
    const lines = tighten.get(index);
    // hast's name for `tightenAttribute`.
    if (lines !== undefined) unit.properties.dataOctavoTighten = String(lines);
  });
}

/**
 * The units whose last page holds 1–`shortEndingLines` lines of text or code (and no image or table,
 * which a line count does not measure), asked of Paged.js's pages: each unit's fragments
 * share Paged.js's `data-ref`; its lines are the distinct line boxes of its text on its last page.
 */
export async function shortEndings(page: Page): Promise<Endings> {
  return page.evaluate((most: number) => {
    const pages = Array.from(document.querySelectorAll('.pagedjs_page'));
    const chapters = document.querySelector('.pagedjs_area section.chapter') !== null;
    const selector = chapters ? 'section.chapter' : 'div.text';
    const order: string[] = [];
    // Each unit's first and last page, and its fragments on the last (a page may hold more than one).
    const fragments = new Map<string, { first: number; last: number; elements: Element[] }>();
    pages.forEach((each, index) => {
      for (const element of Array.from(each.querySelectorAll(`.pagedjs_area ${selector}`))) {
        const ref = element.getAttribute('data-ref') ?? '';
        const known = fragments.get(ref);
        if (!known) {
          order.push(ref);
          fragments.set(ref, { first: index, last: index, elements: [element] });
        } else if (known.last === index) known.elements.push(element);
        else Object.assign(known, { last: index, elements: [element] });
      }
    });
    const range = document.createRange();
    const short: Array<{ unit: number; lines: number }> = [];
    order.forEach((ref, unit) => {
      const { first, last, elements } = fragments.get(ref)!;
      if (first === last || elements.some((element) => element.querySelector('img, svg, table, figure'))) return;
      const bottoms: number[] = [];
      for (const element of elements) {
        const walker = document.createTreeWalker(element, NodeFilter.SHOW_TEXT);
        for (let node = walker.nextNode(); node; node = walker.nextNode()) {
          if (!node.nodeValue?.trim()) continue;
          range.selectNodeContents(node);
          for (const rect of Array.from(range.getClientRects())) if (rect.width > 0 && rect.height > 0) bottoms.push(rect.bottom);
        }
      }
      bottoms.sort((a, b) => a - b);
      // A line is a band of boxes: a superscript or a face of other size sits a few px off the baseline's box.
      const lines = bottoms.filter((bottom, i) => i === 0 || bottom - bottoms[i - 1] > 6).length;
      if (lines > 0 && lines <= most) short.push({ unit, lines });
    });
    return { pages: pages.length, short };
  }, shortEndingLines);
}
