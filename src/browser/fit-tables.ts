import type { Page } from 'puppeteer-core';

/** The type size a table too wide for its column is set in, as a share of its own. */
const smallerType = 0.85;
/** Halvings of the widest word's width when looking for the limit: to a 256th of it, less than a letter. */
const halvings = 8;

export interface FittedTables {
  /** Tables set in smaller type, which then fit with every word whole. */
  smaller: number;
  /** Tables that, in smaller type too, fit only with their longest words broken. */
  broken: number;
}

/**
 * Fits each table too wide for its column, measured in the page before it is paginated (the
 * root at the page area's width). Print style sheets keep the words of table cells whole
 * (`overflow-wrap: break-word`, which, unlike `anywhere`, lets no column shrink below its
 * longest word), so a table whose longest words do not fit side by side would run past the
 * margin, where Chromium clips it and its text is lost. Such a table is set in smaller type;
 * if that is not enough, each cell whose longest word is wider than a limit may break words
 * anywhere but is kept that limit wide, so only words wider than the limit break, and the
 * limit is the widest with which the table fits (a long address or token is what usually
 * makes a table too wide; a table of many columns breaks its longest words).
 */
export async function fitTables(page: Page): Promise<FittedTables> {
  return page.evaluate(
    (smallerType, halvings) => {
      const fitted = { smaller: 0, broken: 0 };
      const all = Array.from(document.querySelectorAll('table'));
      // Nothing measured, so nothing laid out, in a document without tables.
      if (all.length === 0) return fitted;
      const root = document.documentElement;
      /** True when the table's right edge passes its container's content box or the page area. */
      const tooWide = (table: HTMLTableElement) => {
        const box = table.parentElement ?? root;
        const right = box.getBoundingClientRect().left + box.clientLeft + box.clientWidth - parseFloat(getComputedStyle(box).paddingRight);
        const rootRight = root.getBoundingClientRect().left + root.clientWidth;
        return table.getBoundingClientRect().right > Math.min(right, rootRight) + 0.5;
      };
      // All the tables of a level are changed, then all measured: one layout a step, however
      // many tables. Inner tables first: fitting one narrows the cell of the table around it.
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
        const sizes = wide.map((table) => parseFloat(getComputedStyle(table).fontSize));
        wide.forEach((table, i) => (table.style.fontSize = `${sizes[i] * smallerType}px`));
        const tight = wide.filter(tooWide);
        fitted.smaller += wide.length - tight.length;
        fitted.broken += tight.length;
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
    smallerType,
    halvings,
  );
}
