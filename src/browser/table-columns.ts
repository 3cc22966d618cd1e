import type { Page } from 'puppeteer-core';

/** A table's first row group or row: where its `<colgroup>` goes (after any caption). */
export const firstRowsSelector = ':scope > thead, :scope > tbody, :scope > tfoot, :scope > tr';

/**
 * Fixes each table's column widths as they are laid out now (the root at the page area's width,
 * before Paged.js): a `<colgroup>` of the widths and `table-layout: fixed`. Paged.js lays out
 * each part of a table it splits over pages as a table of its own, so each part took the widths
 * its own rows asked for, and the columns moved from page to page; with the widths fixed, every
 * part has the whole table's (`paged-handlers.ts` gives each continuation the colgroup).
 * Left as it was: a table with a colgroup of its own, with a page note called from a cell, with a
 * column that no cell of one column holds, or that does not lay out as before once fixed (a
 * cell's width off by more than half a pixel). Returns the tables fixed.
 */
export async function fixTableColumns(page: Page): Promise<number> {
  return page.evaluate((firstRows: string) => {
    // A page note called from a cell is in the cell now and at its page's foot in print (a call in
    // its place): its table's widths in print are not known here.
    const tables = Array.from(document.querySelectorAll('table')).filter((table) => !table.querySelector(':scope > colgroup, td .footnote, th .footnote'));
    /** Each single-column cell with its column, found through the spans of the cells before it. */
    const gridOf = (table: HTMLTableElement) => {
      const taken = new Set<string>();
      const cells: Array<{ cell: HTMLTableCellElement; column: number }> = [];
      let columns = 0;
      Array.from(table.rows).forEach((row, r) => {
        let column = 0;
        for (const cell of Array.from(row.cells)) {
          while (taken.has(`${r},${column}`)) column++;
          const rows = Math.max(1, cell.rowSpan);
          for (let dr = 0; dr < rows; dr++) for (let dc = 0; dc < cell.colSpan; dc++) taken.add(`${r + dr},${column + dc}`);
          if (cell.colSpan === 1) cells.push({ cell, column });
          column += cell.colSpan;
        }
        columns = Math.max(columns, column);
      });
      return { cells, columns };
    };
    // All measured, then all changed, then all measured again: one layout each way.
    const plans = tables.map((table) => {
      const { cells, columns } = gridOf(table);
      const widths: Array<number | undefined> = Array.from({ length: columns }, () => undefined);
      const before = cells.map(({ cell, column }) => {
        const width = cell.getBoundingClientRect().width;
        widths[column] ??= width;
        return width;
      });
      return { table, cells, widths, before, width: table.getBoundingClientRect().width };
    });
    const fixed = plans.filter((plan) => plan.widths.length > 0 && plan.widths.every((width) => width !== undefined && width > 0));
    for (const { table, widths, width } of fixed) {
      const colgroup = document.createElement('colgroup');
      for (const width of widths) {
        const col = document.createElement('col');
        col.style.width = `${width}px`;
        colgroup.append(col);
      }
      table.insertBefore(colgroup, table.querySelector(firstRows));
      table.style.tableLayout = 'fixed';
      table.style.width = `${width}px`;
    }
    let count = 0;
    for (const { table, cells, before } of fixed) {
      if (cells.every(({ cell }, index) => Math.abs(cell.getBoundingClientRect().width - before[index]) <= 0.5)) {
        count++;
        continue;
      }
      table.querySelector(':scope > colgroup')?.remove();
      table.style.removeProperty('table-layout');
      table.style.removeProperty('width');
      if (!table.getAttribute('style')) table.removeAttribute('style');
    }
    return count;
  }, firstRowsSelector);
}
