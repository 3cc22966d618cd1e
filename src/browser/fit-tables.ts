import type { Page } from 'puppeteer-core';
import type { PageArea } from './page-area.ts';

/** The smallest type a table is set in to make it fit (7 pt, in CSS px). */
export const floorTypePx = (7 * 96) / 72;
/** Each step towards the floor sets a table's type this much smaller than its own. */
const typeStep = 0.05;
/** The type a table is set in, as a share of its own, when its longest words break whatever its size (as before the floor was tried). */
const brokenType = 0.85;
/** Halvings of the widest word's width when looking for the limit: to a 256th of it, less than a letter. */
const halvings = 8;
/** The class that puts a table on a page of its own turned sideways: a template that has a rule for it (`page: sideways`) allows it. */
export const sidewaysClass = 'sideways';

export interface FittedTables {
  /** Tables set in smaller type (down to 7 pt), which then fit with every word whole. */
  smaller: number;
  /** Tables turned sideways on a page of their own, which fit there with every word whole. */
  sideways: number;
  /** Tables that, at 7 pt too and turned sideways where the template allows, fit only with their longest words broken. */
  broken: number;
}

/**
 * Fits each table too wide for its column, measured in the page before it is paginated (the
 * root at the page area's width). Print style sheets keep the words of table cells whole
 * (`overflow-wrap: break-word`, which, unlike `anywhere`, lets no column shrink below its
 * longest word), so a table whose longest words do not fit side by side would run past the
 * margin, where Chromium clips it and its text is lost. In order, until it fits:
 * - in a column narrower than the page area (the handout's measure), it takes the page area's width;
 * - its type is set smaller, a step at a time, down to 7 pt;
 * - where the template has a rule for `.sideways` (a named page turned sideways, the book's),
 *   it goes in a `div.sideways` as wide as the page area of the paper turned sideways, and its
 *   type is set smaller there the same way;
 * - upright again if sideways did not help, at 85 % of its type (its longest words break at any
 *   size: a long address), each cell whose longest word is wider than a
 *   limit may break words anywhere but is kept that limit wide, so only words wider than the
 *   limit break, and the limit is the widest with which the table fits (a long address or token
 *   is what usually makes a table too wide).
 */
export async function fitTables(page: Page, area: Pick<PageArea, 'sideways'>): Promise<FittedTables> {
  return page.evaluate(
    (floor, typeStep, brokenType, halvings, sidewaysWidth, sidewaysClass) => {
      const fitted = { smaller: 0, sideways: 0, broken: 0 };
      const all = Array.from(document.querySelectorAll('table'));
      // Nothing measured, so nothing laid out, in a document without tables.
      if (all.length === 0) return fitted;
      const root = document.documentElement;
      /** Whether the template puts `.sideways` on a named page of its own. */
      const sidewaysAllowed = Array.from(document.styleSheets).some((sheet) => {
        try {
          return Array.from(sheet.cssRules).some((rule) => rule instanceof CSSStyleRule && rule.selectorText === `.${sidewaysClass}` && rule.style.getPropertyValue('page') !== '');
        } catch {
          return false;
        }
      });
      // The root's box, not its clientWidth (for the root, the viewport's width).
      const rootBox = () => root.getBoundingClientRect();
      /** The left and right edges of the table's container's content box. */
      const column = (table: HTMLTableElement) => {
        const box = table.parentElement ?? root;
        const rect = box.getBoundingClientRect();
        const style = getComputedStyle(box);
        return { left: rect.left + box.clientLeft + parseFloat(style.paddingLeft), right: rect.left + box.clientLeft + box.clientWidth - parseFloat(style.paddingRight) };
      };
      /** True when the table's right edge passes its container's content box (or the page area, for a widened table) or the page area (a sideways box's own). */
      const tooWide = (table: HTMLTableElement) => {
        const turned = table.closest(`.${sidewaysClass}`);
        const rootRight = turned ? turned.getBoundingClientRect().right : rootBox().right;
        const right = 'widened' in table.dataset ? rootRight : column(table).right;
        return table.getBoundingClientRect().right > Math.min(right, rootRight) + 0.5;
      };
      /**
       * Sets the tables smaller a step at a time (all changed, then all measured: one layout a
       * step) down to the floor; returns those still too wide there.
       */
      const smaller = (tables: HTMLTableElement[]) => {
        const own = new Map(tables.map((table) => [table, parseFloat(getComputedStyle(table).fontSize)]));
        let tight = tables;
        for (let step = 1; tight.length > 0; step++) {
          const sizes = tight.map((table) => Math.max(floor, own.get(table)! * (1 - typeStep * step)));
          tight.forEach((table, i) => (table.style.fontSize = `${sizes[i]}px`));
          const last = sizes.every((size) => size <= floor);
          tight = tight.filter(tooWide);
          if (last) break;
        }
        return tight;
      };
      // Inner tables first: fitting one narrows the cell of the table around it.
      const depth = (table: HTMLTableElement) => {
        let count = 0;
        for (let up = table.parentElement?.closest('table'); up; up = up.parentElement?.closest('table')) count++;
        return count;
      };
      const levels = new Map<number, HTMLTableElement[]>();
      for (const table of all) {
        const level = depth(table);
        if (!levels.has(level)) levels.set(level, []);
        levels.get(level)!.push(table);
      }
      for (const level of [...levels.keys()].sort((a, b) => b - a)) {
        const wide = levels.get(level)!.filter(tooWide);
        const own = new Map(wide.map((table) => [table, parseFloat(getComputedStyle(table).fontSize)]));
        // A column narrower than the page area (the handout's measure): a wide table first takes the page area's width.
        if (level === 0) {
          const page = rootBox();
          const edges = wide.map(column);
          wide.forEach((table, i) => {
            if (edges[i].left - page.left < 1 && page.right - edges[i].right < 1) return;
            table.dataset.widened = '';
            table.style.marginLeft = `${page.left - edges[i].left}px`;
            table.style.marginRight = `${edges[i].right - page.right}px`;
          });
        }
        let tight = smaller(wide);
        fitted.smaller += wide.length - tight.length;
        // A table in another table's cell stays where it is: only an outermost table goes sideways.
        const turnable = sidewaysAllowed && level === 0 ? tight : [];
        if (turnable.length > 0) {
          const boxes = turnable.map((table) => {
            const box = document.createElement('div');
            box.className = sidewaysClass;
            box.style.width = `${sidewaysWidth}px`;
            table.replaceWith(box);
            box.append(table);
            table.style.fontSize = table.style.marginLeft = table.style.marginRight = '';
            delete table.dataset.widened;
            return box;
          });
          const still = new Set(smaller(turnable));
          fitted.sideways += turnable.length - still.size;
          // What follows starts a page again (Paged.js, since whole-paragraph breaking came in, no longer broke after the box by its own `break-after`, and with it broke before the heading after that paragraph too).
          boxes.forEach((box, i) => {
            if (!still.has(turnable[i])) box.nextElementSibling?.classList.add(`after-${sidewaysClass}`);
          });
          // Sideways did not save its words: upright, its words broken as below.
          boxes.forEach((box, i) => {
            if (!still.has(turnable[i])) return;
            box.replaceWith(turnable[i]);
          });
          tight = tight.filter((table) => still.has(table));
        }
        fitted.broken += tight.length;
        // Its longest words break anyway (a long address, say): the rest is set no smaller than it was before the floor was tried.
        tight.forEach((table) => (table.style.fontSize = `${Math.max(floor, own.get(table)! * brokenType)}px`));
        // Each cell's longest word (its content's min-content width), measured in an absolutely
        // positioned copy of its content with the cell's own type.
        const fitting = tight.map((table) => {
          const cells = Array.from(table.querySelectorAll<HTMLTableCellElement>('td, th')).filter((cell) => cell.closest('table') === table);
          const probes = cells.map((cell) => {
            const probe = document.createElement('div');
            probe.style.cssText = 'position:absolute;visibility:hidden;width:min-content;height:auto;left:0;top:0';
            for (const child of Array.from(cell.childNodes)) probe.append(child.cloneNode(true));
            cell.append(probe);
            return probe;
          });
          return { table, cells, probes, words: [] as number[], fits: 0, wide: 0 };
        });
        for (const table of fitting) {
          table.words = table.probes.map((probe) => probe.getBoundingClientRect().width);
          table.wide = table.words.reduce((most, width) => Math.max(most, width), 0);
        }
        for (const table of fitting) table.probes.forEach((probe) => probe.remove());
        // `anywhere` alone would let the cell's column shrink to a letter; its min-width keeps
        // it at the limit, so its words up to that width stay whole.
        const breakAbove = ({ cells, words }: (typeof fitting)[number], limit: number) =>
          cells.forEach((cell, i) => {
            const broken = words[i] > limit;
            cell.style.overflowWrap = broken ? 'anywhere' : '';
            cell.style.minWidth = broken ? `${limit}px` : '';
          });
        for (let step = 0; step < halvings; step++) {
          for (const table of fitting) breakAbove(table, (table.fits + table.wide) / 2);
          for (const table of fitting) {
            const limit = (table.fits + table.wide) / 2;
            if (tooWide(table.table)) table.wide = limit;
            else table.fits = limit;
          }
        }
        for (const table of fitting) breakAbove(table, table.fits);
      }
      return fitted;
    },
    floorTypePx,
    typeStep,
    brokenType,
    halvings,
    area.sideways,
    sidewaysClass,
  );
}
